"""Boilerplate removal, datelines and aggregator pages, measured on pages with known main text."""

import re
from collections import Counter
from datetime import UTC, datetime

import pytest

from services.ingest.aggregator import outlet, split_pieces
from services.ingest.boilerplate import clean_text
from services.ingest.datelines import dateline, find_date
from services.ingest.html_page import read_page
from services.ingest.prepare import NoArticleText, prepare
from shared.messages import SubmitArticle
from tests.pages import INLINE_FURNITURE, PAGES

WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in WORD.findall(text))


def main_text(page) -> str:
    text = "\n".join(page.paragraphs)
    for prompt in INLINE_FURNITURE:
        text = text.replace(prompt, "")
    return text


def test_boilerplate_leak_and_text_loss_are_measured_and_small():
    kept = lost = leaked = furniture = 0
    for page in PAGES:
        cleaned = clean_text(page.raw)
        expected, got = words(main_text(page)), words(cleaned.text)
        extra = words("\n".join([*page.header, *page.furniture, *page.teasers, *INLINE_FURNITURE]))
        kept += sum(expected.values())
        lost += sum((expected - got).values())
        furniture += sum(extra.values())
        leaked += sum((got - expected).values())
    print(f"\nboilerplate: {leaked}/{furniture} words leaked; article: {lost}/{kept} words lost")
    assert leaked == 0, "page furniture leaked into the article text"
    assert lost == 0, "article text was removed"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_title_and_dateline_come_from_the_header_not_the_teasers(page):
    cleaned = clean_text(page.raw)
    assert cleaned.title == page.title
    found = dateline(cleaned.header)
    assert (found.date().isoformat() if found else None) == page.dateline


def test_dates_need_a_year_and_keep_their_time():
    assert find_date("November 1, 2017 2:49 pm") == datetime(2017, 11, 1, 14, 49, tzinfo=UTC)
    assert find_date("DW | Published January 17, 2025") == datetime(2025, 1, 17, tzinfo=UTC)
    assert find_date("7 Oct. 2023") == datetime(2023, 10, 7, tzinfo=UTC)
    assert find_date("Friday, February 3rd | 12 Shevat 5783") is None
    assert find_date("under the 2015 nuclear deal") is None


def test_all_number_dates_are_read_only_when_their_order_is_beyond_doubt():
    assert find_date("On Tue, 16 / 08 / 2011 - 13: 42") == datetime(2011, 8, 16, tzinfo=UTC)
    assert find_date("04/28/09 07:35 PM ET") == datetime(2009, 4, 28, tzinfo=UTC)
    assert find_date("05.05.2013") == datetime(2013, 5, 5, tzinfo=UTC)
    # The 2nd of May in the United States, the 5th of February in Britain: no date beats a wrong one.
    assert find_date("UPDATED 05 / 02 / 2013 at 11: 00 AM EDT") is None
    assert find_date("31/02/2013") is None


@pytest.mark.parametrize(
    "scraped_title",
    [
        "10: 24 AM, MON 22 JUL 2013",
        "updated 8: 41 p. m. EST, Tue March 3, 2009",
        "APR 28",  # no year: recognised as a dateline, though no date is read from it
        "05 / 02 / 2013",
        "PUBLISHED FRIDAY, MARCH 8, 2013 AT 12: 46 PM / UPDATED AT 12: 48 PM",
    ],
)
def test_a_scraped_title_that_is_only_a_dateline_gives_way_to_the_headline_in_the_text(scraped_title):
    cleaned = clean_text(
        "Fire at a Wellington supermarket may have been arson\n"
        "Police are investigating a fire that closed the store on Monday morning, officers said.",
        scraped_title,
    )
    assert cleaned.title == "Fire at a Wellington supermarket may have been arson"
    assert scraped_title.strip() in cleaned.header
    assert "Police are investigating" in cleaned.text and scraped_title not in cleaned.text


def test_request_date_beats_the_dateline_and_the_dateline_beats_arrival():
    page = PAGES[0]
    (from_text,) = prepare(SubmitArticle(text=page.raw))
    assert (
        from_text.published_at_source == "text" and from_text.published_at.date().isoformat() == "2017-11-01"
    )
    given = datetime(2017, 11, 2, tzinfo=UTC)
    (from_metadata,) = prepare(SubmitArticle(text=page.raw, published_at=given))
    assert from_metadata.published_at == given and from_metadata.published_at_source == "metadata"
    (undated,) = prepare(SubmitArticle(text=PAGES[1].raw))
    assert undated.published_at is None and undated.published_at_source == "ingest_time"
    assert undated.language == "en"


AGGREGATOR = """Leaders sign a twenty-year treaty in Moscow
WIRE ONE | Published January 17, 2025
Iranian President Masoud Pezeshkian and Vladimir Putin signed a strategic partnership treaty in the Kremlin on Friday, covering trade, energy and defence technology.
The document does not commit either country to defend the other, officials from both sides said after the ceremony.
READ FULL ARTICLE
SOURCE: www.wireone.example
What the Russia-Iran treaty does and does not say
Global Radio | Published January 18, 2025
Analysts said on Saturday that the treaty signed by Putin and Pezeshkian formalises cooperation that has grown since 2022, without creating a military alliance between the two states.
They noted that the text leaves out any clause on mutual defence, unlike the pact Russia signed with North Korea.
READ FULL ARTICLE
SOURCE: www.globalradio.example
Be the first to comment
"""


def test_an_aggregator_page_becomes_one_article_per_outlet():
    assert [p.site for p in split_pieces(AGGREGATOR)] == ["www.wireone.example", "www.globalradio.example"]
    first, second = prepare(SubmitArticle(text=AGGREGATOR))
    assert first.title == "Leaders sign a twenty-year treaty in Moscow" and first.source == "WIRE ONE"
    assert (
        second.title == "What the Russia-Iran treaty does and does not say"
        and second.source == "Global Radio"
    )
    assert first.published_at.date().isoformat() == "2025-01-17" and first.published_at_source == "text"
    assert second.published_at.date().isoformat() == "2025-01-18"
    assert "READ FULL ARTICLE" not in first.text and "SOURCE" not in second.text
    assert "comment" not in second.text
    assert outlet(("Not an outlet line",)) is None


def test_an_aggregator_page_sent_as_html_is_split_the_same_way():
    paragraphs = "".join(f"<p>{line}</p>" for line in AGGREGATOR.splitlines() if line.strip())
    page = f"<html><body><article>{paragraphs}</article></body></html>"
    first, second = prepare(SubmitArticle(html=page, title="Roundup of the day"))
    assert first.title == "Leaders sign a twenty-year treaty in Moscow" and first.source == "WIRE ONE"
    assert second.title == "What the Russia-Iran treaty does and does not say"
    assert [a.published_at.date().isoformat() for a in (first, second)] == ["2025-01-17", "2025-01-18"]
    assert "SOURCE" not in first.text + second.text


def test_one_source_line_does_not_make_an_aggregator():
    assert len(split_pieces("Some story text.\nSOURCE: www.example.com\n")) == 1


HTML = """<html><head><title>Quake hits Herat | Example News</title>
<meta property="og:site_name" content="Example News"><meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2023-10-07T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Quake hits Herat</h1>
<p>A magnitude 6.3 earthquake struck Herat province in western Afghanistan on Saturday, killing hundreds of people, officials said.</p>
<p>Rescue teams from the city of Herat reached Zindajan district by the evening, where whole villages had collapsed.</p></article>
<aside><h3>Related coverage</h3><p><a href="/k">Flooding in Kabul, 12 May 2022</a></p></aside>
<footer><p>Share on Facebook. Subscribe to our newsletter.</p></footer></body></html>"""


def test_html_pages_give_text_title_author_site_and_date():
    page = read_page(HTML, "https://news.example/herat")
    assert page.title == "Quake hits Herat" and page.author == "Jane Roe" and page.site_name == "Example News"
    assert page.published_at == datetime(2023, 10, 7, tzinfo=UTC)
    (article,) = prepare(SubmitArticle(html=HTML, url="https://news.example/herat"))
    assert article.text.startswith("A magnitude 6.3 earthquake struck Herat")
    assert "Kabul" not in article.text and "newsletter" not in article.text and "Home" not in article.text
    assert article.source == "Example News" and article.published_at_source == "metadata"


def test_pages_with_no_article_are_refused():
    with pytest.raises(NoArticleText):
        prepare(SubmitArticle(html="<html><body><nav><a href='/'>Home</a></nav></body></html>"))
    with pytest.raises(NoArticleText):
        prepare(SubmitArticle(text="Share on Facebook\n\nPost a Comment\n\nADS"))


def test_html_fragments_are_read_like_pages():
    fragment = (
        "<p>"
        + " ".join(["Rescue teams searched the rubble in Concepcion after the earthquake."] * 3)
        + "</p>"
    )
    (article,) = prepare(SubmitArticle(html=fragment, title="Quake in Chile"))
    assert article.text.startswith("Rescue teams searched") and article.title == "Quake in Chile"


def test_a_year_in_a_pages_text_is_not_its_date():
    story = " ".join(["Rescue teams searched the rubble in Herat after the earthquake."] * 3)
    page = (
        f"<html><body><article><p>{story}</p></article><footer>(c) 2015 Example News</footer></body></html>"
    )
    (article,) = prepare(SubmitArticle(html=page))
    assert article.published_at is None and article.published_at_source == "ingest_time"
    mentioned = f"<p>{story} Relations have grown closer since 2015.</p>"
    assert read_page(mentioned, None).published_at is None
    dated = f"<h1>Quake in Herat</h1><p>Published October 8, 2023</p><p>{story}</p>"  # a dateline is read
    (article,) = prepare(SubmitArticle(html=dated))
    assert article.published_at == datetime(2023, 10, 8, tzinfo=UTC) and article.published_at_source == "text"


def test_article_sentences_that_mention_furniture_words_stay():
    text = (
        "The ministry's weekly newsletter reported 2,000 deaths in the province on Sunday.\n\n"
        "Police found cookies and a map in the car.\n\n"
        "Sign up for our newsletter.\n\n"
        "We use cookies to improve your experience."
    )
    cleaned = clean_text(text).text
    assert "weekly newsletter reported" in cleaned and "Police found cookies" in cleaned
    assert "Sign up" not in cleaned and "We use cookies" not in cleaned


def test_real_article_shapes_lose_nothing():
    brief = "Vincent Gigante died in prison custody on December 19, 2005."
    assert clean_text(brief, title=brief).text == brief  # the title is the whole article
    lead = (
        "Well, it is better late than never.\n"
        "The actress was admitted to a treatment centre in Los Angeles, her publicist said.\n"
        "She checked herself in on Tuesday, December 9, 2008."
    )
    assert clean_text(lead).text.count("\n\n") == 2  # a date inside a sentence is not a dateline
    unpunctuated = "Monday, March 11, 2013 23:51\n" + " ".join(["Police broke up a vigil in Brooklyn"] * 5)
    cleaned = clean_text(unpunctuated)
    assert cleaned.text.startswith("Police broke up") and dateline(cleaned.header).day == 11


def test_a_title_that_is_only_a_date_is_the_dateline_and_the_headline_is_found_in_the_text():
    text = "Navy foils pirate attack off Gulf of Aden\nThe navy on Thursday thwarted an attack by pirates on ships."
    cleaned = clean_text(text, "Updated: November 11, 2011 20: 09 IST")
    assert cleaned.title == "Navy foils pirate attack off Gulf of Aden"
    assert dateline(cleaned.header) == datetime(2011, 11, 11, 20, 9, tzinfo=UTC)
    assert clean_text(text, "Friday, November 11, 2011").title == "Navy foils pirate attack off Gulf of Aden"
    # A headline that merely contains a date stays the headline.
    assert (
        clean_text(text, "Talks resume on March 3, 2024 in Geneva").title
        == "Talks resume on March 3, 2024 in Geneva"
    )
