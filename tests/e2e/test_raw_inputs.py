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
        # The read model catches up with ingest shortly after the 202.
        first, second = (
            wait_for(lambda i=i: (r := http.get(f"/v1/articles/{i}")).status_code == 200 and r.json(), 60, i)
            for i in body["ids"]
        )
        assert first["source"] == "WIRE ONE" and second["source"] == "Global Radio"
        assert first["published_at_source"] == "text" and second["published_at"].startswith("2025-01-18")


def test_a_second_outlet_running_the_same_text_counts_in_the_event(system):
    wire = (
        "A wildfire driven by strong winds forced hundreds of people from their homes in the hills "
        "above Split on Croatia's Adriatic coast on Thursday, firefighters said. Water bombers from "
        "Italy joined the effort as the flames approached the outskirts of the city."
    )
    body = {"title": "Wildfire forces hundreds from homes near Split", "text": wire,
            "published_at": "2024-07-11T15:00:00Z"}  # fmt: skip
    with httpx.Client(base_url=system.url, timeout=30) as http:
        first = http.post(
            "/v1/articles", json={**body, "source": "Adriatic Wire", "url": "https://aw.example/f"}
        )
        second = http.post(
            "/v1/articles", json={**body, "source": "Dalmatia News", "url": "https://dn.example/f"}
        )
        again = http.post("/v1/articles", json={**body, "source": "adriatic wire"})
        assert first.status_code == second.status_code == again.status_code == 202
        first_id, second_id = first.json()["id"], second.json()["id"]
        assert first_id != second_id and second.json()["duplicate"] is False
        assert again.json() == {"id": first_id, "ids": [first_id], "duplicate": True}
        copy = wait_for(
            lambda: (a := http.get(f"/v1/articles/{second_id}").json()).get("event_id") and a, 60, "the copy"
        )
        assert copy["duplicate_of"] == first_id
        event = http.get(f"/v1/events/{copy['event_id']}").json()
        assert event["article_ids"] == [first_id, second_id]
        assert event["source_count"] == 2 and event["article_count"] == 1  # one story, two outlets ran it


def test_input_with_no_article_gets_a_422_that_says_so(system):
    with httpx.Client(base_url=system.url, timeout=30) as http:
        empty_page = http.post("/v1/articles", json={"html": "<html><body><nav>Home</nav></body></html>"})
        assert empty_page.status_code == 422 and "no article text" in empty_page.json()["detail"]
        furniture = http.post("/v1/articles", json={"text": "Share on Facebook\n\nPost a Comment"})
        assert furniture.status_code == 422
        neither = http.post("/v1/articles", json={"title": "headline only"})
        assert neither.status_code == 422 and "`text`" in str(neither.json()["errors"])


CHILE_1 = (
    "A magnitude 8.8 earthquake struck off the coast of central Chile early on Saturday, shaking the "
    "cities of Concepcion and Santiago and setting off a tsunami warning across the Pacific. President "
    "Michelle Bachelet said hundreds of people had died and declared a state of catastrophe in the Maule "
    "and Biobio regions, where bridges and highways collapsed. "
) * 2
CHILE_2 = (
    "Rescue teams in Concepcion searched collapsed apartment blocks on Saturday after the magnitude 8.8 "
    "earthquake, one of the strongest ever recorded, hit central Chile before dawn. Michelle Bachelet "
    "said the death toll was rising as reports came in from coastal towns in the Maule region hit by "
    "tsunami waves. "
) * 2


def test_a_registered_feed_is_polled_into_events(system):
    from tests.feed_server import FeedServer, Route, rss

    server = FeedServer().start()
    items = [
        {"guid": "chile-2", "title": "Rescuers search Concepcion rubble", "link": f"{server.url}/2",
         "content": f"<p>{CHILE_2}</p>", "pubDate": "Sat, 27 Feb 2010 15:00:00 GMT"},
        {"guid": "chile-1", "title": "Huge earthquake strikes Chile", "link": f"{server.url}/1",
         "content": f"<p>{CHILE_1}</p>", "pubDate": "Sat, 27 Feb 2010 09:00:00 GMT"},
    ]  # fmt: skip
    server.routes["/feed.xml"] = Route(body=rss(items), etag='"1"')
    try:
        with httpx.Client(base_url=system.url, timeout=30) as http:
            created = http.post("/v1/feeds", json={"url": f"{server.url}/feed.xml", "interval_s": 1})
            assert created.status_code == 201, created.text
            feed_id = created.json()["id"]
            again = http.post("/v1/feeds", json={"url": f"{server.url}/feed.xml", "interval_s": 1})
            assert again.status_code == 200 and again.json()["id"] == feed_id
            assert [f["id"] for f in http.get("/v1/feeds").json()] == [feed_id]

            wait_for(
                lambda: http.get(f"/v1/feeds/{feed_id}").json()["articles_ingested"] == 2, 60, "the feed"
            )
            wait_for(
                lambda: any(p for p, h in server.requests if h.get("If-None-Match") == '"1"'), 30, "a 304"
            )
            feed = http.get(f"/v1/feeds/{feed_id}").json()
            assert feed["last_status"] in ("ok", "not_modified") and feed["last_error"] is None

            def chile_event():
                events = http.get("/v1/events", params={"from": "2010-02-27", "to": "2010-02-27"}).json()[
                    "data"
                ]
                return events[0] if len(events) == 1 and len(events[0]["article_ids"]) == 2 else None

            event = wait_for(chile_event, 90, "one event from both feed items")
            assert event["title"] == "Huge earthquake strikes Chile"

            assert http.delete(f"/v1/feeds/{feed_id}").status_code == 204
            assert http.get(f"/v1/feeds/{feed_id}").status_code == 404
            assert http.delete(f"/v1/feeds/{feed_id}").status_code == 404
            assert http.post("/v1/feeds", json={"url": "file:///etc/passwd"}).status_code == 422
            assert http.post("/v1/feeds", json={"url": f"{server.url}/x", "interval_s": 0}).status_code == 422
    finally:
        server.stop()
