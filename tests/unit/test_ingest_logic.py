from datetime import UTC, datetime

from services.ingest.logic import (
    article_id_for,
    build_article,
    canonical_url,
    text_fingerprint,
    title_from_text,
)
from shared.messages import SubmitArticle

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def test_canonical_url_drops_tracking_fragment_and_case():
    url = "HTTPS://News.Example.COM:443/world/story?utm_source=x&b=2&a=1&fbclid=abc#comments"
    assert canonical_url(url) == "https://news.example.com/world/story?a=1&b=2"


def test_canonical_url_keeps_non_default_port_and_adds_root_path():
    assert canonical_url("http://example.com:8080") == "http://example.com:8080/"


def test_fingerprint_ignores_case_and_spacing_but_not_words():
    assert text_fingerprint("Putin  visits\nTehran.") == text_fingerprint("putin visits tehran.")
    assert text_fingerprint("Putin visits Tehran.") != text_fingerprint("Putin visits Moscow.")


def test_title_from_text_takes_first_sentence_and_shortens_long_ones():
    assert title_from_text("\n\nQuake hits Herat. Hundreds dead.") == "Quake hits Herat."
    long = "word " * 60
    title = title_from_text(long)
    assert len(title) <= 141 and title.endswith("…")


def test_article_id_is_stable_for_one_submission():
    assert article_id_for("m1") == article_id_for("m1") != article_id_for("m2")


def test_build_article_takes_naive_dates_as_utc_and_records_date_source():
    dated = build_article("a1", SubmitArticle(text="x", published_at=datetime(2017, 11, 1, 9)), NOW)
    assert dated.published_at == datetime(2017, 11, 1, 9, tzinfo=UTC)
    assert dated.published_at_source == "metadata"
    undated = build_article("a2", SubmitArticle(text="Body text here."), NOW)
    assert undated.published_at == NOW and undated.published_at_source == "ingest_time"
    assert undated.title == "Body text here."
