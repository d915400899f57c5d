from datetime import UTC, datetime

from services.ingest.logic import (
    article_id_for,
    build_article,
    canonical_url,
    text_fingerprint,
    title_from_text,
)
from services.ingest.prepare import Prepared

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def test_canonical_url_drops_tracking_fragment_and_case():
    url = "HTTPS://News.Example.COM:443/world/story?utm_source=x&b=2&a=1&fbclid=abc#comments"
    assert canonical_url(url) == "https://news.example.com/world/story?a=1&b=2"


def test_canonical_url_keeps_non_default_port_and_adds_root_path():
    assert canonical_url("http://example.com:8080") == "http://example.com:8080/"


def test_fingerprint_ignores_case_and_spacing_but_not_words():
    assert text_fingerprint("Putin  visits\nTehran.") == text_fingerprint("putin visits tehran.")
    assert text_fingerprint("Putin visits Tehran.") != text_fingerprint("Putin visits Moscow.")


def test_fingerprint_tells_outlets_apart_but_not_by_case():
    text = "Putin visits Tehran."
    assert text_fingerprint(text, "Northern Wire") == text_fingerprint(text, "  northern wire ")
    assert text_fingerprint(text, "Northern Wire") != text_fingerprint(text, "Gulf Monitor")
    assert text_fingerprint(text, None) != text_fingerprint(text, "Gulf Monitor")


def test_title_from_text_takes_first_sentence_and_shortens_long_ones():
    assert title_from_text("\n\nQuake hits Herat. Hundreds dead.") == "Quake hits Herat."
    long = "word " * 60
    title = title_from_text(long)
    assert len(title) <= 141 and title.endswith("…")


def test_article_id_is_stable_for_one_submission():
    assert article_id_for("m1") == article_id_for("m1") != article_id_for("m2")


def prepared(text: str, published_at: datetime | None = None, date_source: str = "metadata") -> Prepared:
    return Prepared(
        title=None, text=text, source=None, author=None, published_at=published_at,
        published_at_source=date_source, language="en",
    )  # fmt: skip


def test_build_article_takes_naive_dates_as_utc_and_records_date_source():
    dated = build_article("a1", prepared("x", datetime(2017, 11, 1, 9)), "https://A.example/x#y", NOW)
    assert dated.published_at == datetime(2017, 11, 1, 9, tzinfo=UTC)
    assert dated.published_at_source == "metadata"
    assert dated.canonical_url == "https://a.example/x"
    undated = build_article("a2", prepared("Body text here.", None, "ingest_time"), None, NOW)
    assert undated.published_at == NOW and undated.published_at_source == "ingest_time"
    assert undated.title == "Body text here."


def test_a_page_date_more_than_a_day_ahead_of_arrival_is_no_date():
    # A feed's or a page's date in 2999 would otherwise date an event that tops the feed for years.
    ahead = build_article("a3", prepared("x", datetime(2999, 1, 1, tzinfo=UTC)), None, NOW)
    assert ahead.published_at == NOW and ahead.published_at_source == "ingest_time"
    hours = build_article("a4", prepared("x", datetime(2024, 5, 2, 6, tzinfo=UTC)), None, NOW)
    assert hours.published_at == datetime(2024, 5, 2, 6, tzinfo=UTC)
