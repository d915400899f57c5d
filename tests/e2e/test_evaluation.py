"""`eventwire eval clustering` against a running system: it posts through the API and scores what
the API serves."""

import json
import random

from services.cli.files import sample_corpus_path
from services.cli.main import main


def test_eval_clustering_scores_the_sample_corpus_through_the_api(system, tmp_path, capsys):
    records = [json.loads(line) for line in sample_corpus_path().read_text().splitlines() if line.strip()]
    random.Random(7).shuffle(records)  # the command posts in order of publication, not file order
    dataset = tmp_path / "sample.jsonl"
    with dataset.open("w") as out:
        for r in records:
            gold = {k: r.get(k) for k in ("id", "title", "text", "source", "cluster")}
            out.write(json.dumps({**gold, "published": r.get("published_at")}) + "\n")

    assert main(["eval", "clustering", "--dataset", str(dataset), "--url", system.url]) == 0
    result = json.loads(capsys.readouterr().out)
    print("\nclustering on the sample corpus:", result)
    assert result["articles"] == len(records) and result["gold_clusters"] == 10
    # The sample is built to be unambiguous (look-alike events apart, copies together): anything
    # below a perfect score is a regression.
    assert result["events"] == 10
    assert result["bcubed"]["f1"] == 1.0 and result["pairwise"]["f1"] == 1.0
    # Each happening of the sample is a story of its own: none continues another within months.
    assert result["stories"] == 10 and result["levels"]["story"]["bcubed"]["f1"] == 1.0


def evaluate(system, capsys, dataset: str, level: str) -> dict:
    assert main(["eval", "clustering", "--dataset", dataset, "--level", level, "--url", system.url]) == 0
    result = json.loads(capsys.readouterr().out)
    print(f"\nclustering on {dataset}:", json.dumps(result["levels"]), result["story_sizes"])
    return result


def test_look_alike_happenings_in_other_places_stay_apart_dated_or_not(system, capsys):
    # Quakes, fires, strikes, floods, elections, protests and bombings in other places on nearby
    # days, each reported two or three times in other words; and a summit reported from elsewhere.
    result = evaluate(system, capsys, "lookalikes", "event")
    assert result["articles"] == 48 and result["gold_clusters"] == 22
    assert result["bcubed"]["precision"] == 1.0, "two look-alike happenings were merged"
    assert result["bcubed"]["f1"] >= 0.95
    # Nor are they one story: a quake in one country does not continue a quake in another.
    assert result["levels"]["story"]["bcubed"]["precision"] == 1.0


def test_events_that_continue_one_story_are_linked_and_look_alike_stories_kept_apart(system, capsys):
    # A breach and its disclosures, a run of launches, a scandal and its fallout, a submersible lost
    # and found; beside them another breach in the same country, a shipwreck in the same week.
    result = evaluate(system, capsys, "stories", "story")
    assert result["articles"] == 40 and result["gold_clusters"] == 8
    assert result["bcubed"]["precision"] == 1.0, "two stories were linked into one"
    assert result["bcubed"]["f1"] >= 0.95
    assert max(int(size) for size in result["story_sizes"]) <= 4  # no story grew into a topic


def test_eval_order_places_the_sample_in_jittered_orders_and_counts_what_changes(capsys):
    assert main(["eval", "order", "--dataset", "sample", "--orders", "2", "--jitter", "3"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["articles"] == 31 and result["gold_clusters"] == 10 and result["orders"] == 2
    # In publication order the sample's ten events come out whole and apart.
    assert result["publication_order"] == {
        "events": 10,
        "extra_events": 0,
        "clusters_merged": 0,
        "bcubed_f1": 1.0,
    }
    assert 0 < result["bcubed_f1"]["min"] <= result["bcubed_f1"]["median"] <= 1
