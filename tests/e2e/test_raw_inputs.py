"""Raw web input through the running system: an HTML page, an aggregator page, a page with nothing."""

import httpx

from tests.e2e.conftest import wait_for
from tests.unit.test_text_cleaning import AGGREGATOR, HTML


def test_an_html_page_becomes_an_article_with_its_metadata(system):
    with httpx.Client(base_url=system.url, timeout=30) as http:
        response = http.post(
            "/v1/articles", json={"url": "https://news.example/herat?utm_medium=rss", "html": HTML}
        )
        assert response.status_code == 202, response.text
        article_id = response.json()["id"]
        article = wait_for(
            lambda: (a := http.get(f"/v1/articles/{article_id}").json()).get("event_id") and a,
            60,
            "the article",
        )
        assert article["title"] == "Quake hits Herat" and article["author"] == "Jane Roe"
        assert article["source"] == "Example News" and article["language"] == "en"
        assert (
            article["published_at"].startswith("2023-10-07") and article["published_at_source"] == "metadata"
        )
        assert article["canonical_url"] == "https://news.example/herat"
        assert "Kabul" not in article["text"]
        event = http.get(f"/v1/events/{article['event_id']}").json()
        assert event["location"]["country_code"] == "AF"


def test_an_aggregator_page_gives_one_id_per_article(system):
    with httpx.Client(base_url=system.url, timeout=30) as http:
        response = http.post("/v1/articles", json={"text": AGGREGATOR})
        assert response.status_code == 202, response.text
        body = response.json()
        assert len(body["ids"]) == 2 and body["id"] == body["ids"][0]
        first, second = (http.get(f"/v1/articles/{i}").json() for i in body["ids"])
        assert first["source"] == "WIRE ONE" and second["source"] == "Global Radio"
        assert first["published_at_source"] == "text" and second["published_at"].startswith("2025-01-18")


def test_input_with_no_article_gets_a_422_that_says_so(system):
    with httpx.Client(base_url=system.url, timeout=30) as http:
        empty_page = http.post("/v1/articles", json={"html": "<html><body><nav>Home</nav></body></html>"})
        assert empty_page.status_code == 422 and "no article text" in empty_page.json()["detail"]
        furniture = http.post("/v1/articles", json={"text": "Share on Facebook\n\nPost a Comment"})
        assert furniture.status_code == 422
        neither = http.post("/v1/articles", json={"title": "headline only"})
        assert neither.status_code == 422 and "`text`" in str(neither.json()["detail"])
