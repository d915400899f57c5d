"""What `eventwire bench` posts: articles of news length made from the project's own sample texts,
or the records of a JSON Lines file (`--dataset`).

Real news runs about 600 words and the NLP cost grows with length, so the sample's 68-word reports
would flatter every rate. A bench article is one sample report (its title, source and date) followed
by background paragraphs, the texts of other sample reports taken in a fixed rotation, until it
reaches its length: 420 to 780 words, 600 on average, varying from article to article. That is how
wire copy is built (the news, then what led to it), and it gives the model names, places and dates
at the density of news. Each round is shifted to its own month, so rounds form new events rather
than piling onto old ones, and each text is marked with its round so no article is an exact copy of
another.
"""

import json
from datetime import datetime, timedelta
from pathlib import Path

from services.cli.files import BUILT_IN_SETS, built_in_set

MEAN_WORDS = 600
SPREAD_WORDS = 180  # lengths run from MEAN - SPREAD to MEAN + SPREAD
ROTATION = 7  # background paragraphs step through the texts this far apart


def sample_texts() -> list[dict]:
    """Every report of the sample files, the corpus and its gold sets alike, in a fixed order."""
    records = []
    for name in BUILT_IN_SETS:
        lines = built_in_set(name).read_text().splitlines()
        records += [json.loads(line) for line in lines if line.strip()]
    return records


def sample_reports() -> list[dict]:
    """Every sample report alone, as a body to post."""
    return [_shifted(record, record["text"], 0) for record in sample_texts()]


def target_words(n: int) -> int:
    # A fixed spread over the range, not random: runs compare like with like.
    step = (n * 37) % (2 * SPREAD_WORDS + 1)
    return MEAN_WORDS - SPREAD_WORDS + step


def news_length_corpus(count: int, first_round: int = 0) -> list[dict]:
    sample = sample_texts()
    articles = []
    for n in range(count):
        round_, record = first_round + n // len(sample), sample[n % len(sample)]
        paragraphs, words, k = [record["text"]], len(record["text"].split()), 1
        while words < target_words(n):
            background = sample[(n + k * ROTATION) % len(sample)]["text"]
            paragraphs.append(background)
            words += len(background.split())
            k += 1
        articles.append(_shifted(record, "\n\n".join(paragraphs), round_))
    return articles


def dataset_corpus(path: Path, count: int, first_round: int = 0) -> list[dict]:
    """`count` articles from a JSON Lines file of {title?, text, published? or published_at?,
    source?, url?}, cycling through it (and shifting each pass by a round) when it is shorter."""
    records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    if not records:
        raise ValueError(f"{path} holds no records")
    articles = []
    for n in range(count):
        round_, record = first_round + n // len(records), records[n % len(records)]
        published = record.get("published_at", record.get("published"))
        articles.append(_shifted({**record, "published_at": published}, str(record["text"]), round_))
    return articles


def _shifted(record: dict, text: str, round_: int) -> dict:
    body = {"title": record.get("title") or None, "text": f"{text}\n\n(Bench round {round_}.)"}
    if record.get("source"):
        body["source"] = record["source"]
    if published := record.get("published_at"):
        # Each round is another set of happenings, 45 days earlier than the last (earlier, as a
        # date more than a day ahead is refused).
        shifted = datetime.fromisoformat(published) - timedelta(days=45 * (round_ + 1))
        body["published_at"] = shifted.isoformat()
    return {k: v for k, v in body.items() if v is not None}


def mean_words(bodies: list[dict]) -> float:
    return sum(len(b["text"].split()) for b in bodies) / len(bodies)
