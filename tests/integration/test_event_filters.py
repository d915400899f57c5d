"""The filter language on a small corpus with known answers, on SQLite and PostgreSQL: each filter
alone and combined, every sort with its cursor, the total, the timeline; and the live matcher
gives the same answer as the database for every one of these filters."""

from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest

from services.query.event_search import EventSearch
from services.query.pages import BadCursor
from shared.entity_ids import entity_id_of
from shared.event_filter import EventFilter, matches
from shared.messages import Article, EntityMention, EventEntity, EventSnapshot, Location

NOW = datetime(2025, 1, 1, tzinfo=UTC)
PUTIN = EventEntity(id="ent_000000000001", name="Vladimir Putin", type="person", count=3, salience=1.0)
RAISI = EventEntity(id="ent_000000000002", name="Ebrahim Raisi", type="person", count=2)
IRAN = EventEntity(id="ent_000000000003", name="Iran", type="country", count=2)
TEHRAN = EventEntity(id="ent_000000000004", name="Tehran", type="place", count=2)
USA = EventEntity(id="ent_000000000005", name="United States", type="country", count=1)
TEHRAN_AT = Location(name="Tehran", country_code="IR", lat=35.69, lon=51.39)
MOSCOW_AT = Location(name="Moscow", country_code="RU", lat=55.75, lon=37.62)
IZMIR_AT = Location(name="Izmir", country_code="TR", lat=38.42, lon=27.14)
QOM_AT = Location(name="Qom", country_code="IR", lat=34.64, lon=50.88)  # 125 km from Tehran


def snapshot(event_id, day, title, entities, place, sources, size, story=None, hours=0) -> EventSnapshot:
    articles = tuple(f"a_{event_id}_{n}" for n in range(size))
    return EventSnapshot(
        id=event_id, title=title, summary=f"{title}.", date=day, location=place, entities=entities,
        article_ids=articles, article_count=size, source_count=len(sources), sources=sources,
        revision=1, first_seen=NOW, last_seen=NOW + timedelta(hours=hours), story_id=story,
    )  # fmt: skip


CORPUS = [
    snapshot(
        "e_2017",
        date(2017, 11, 1),
        "Putin visits Tehran for gas talks",
        (PUTIN, IRAN, TEHRAN),
        TEHRAN_AT,
        ("Reuters", "Tasnim"),
        6,
        story="s_0000000000000001",
        hours=5,
    ),
    snapshot(
        "e_2022",
        date(2022, 7, 19),
        "Putin in Tehran for Syria summit",
        (PUTIN, RAISI, TEHRAN),
        TEHRAN_AT,
        ("AP",),
        3,
        story="s_0000000000000002",
        hours=1,
    ),
    snapshot(
        "e_moscow",
        date(2017, 3, 28),
        "Rouhani flies to Moscow",
        (PUTIN, IRAN),
        MOSCOW_AT,
        ("Reuters",),
        2,
        story="s_0000000000000001",
        hours=9,
    ),
    snapshot(
        "e_quake", date(2020, 10, 30), "Earthquake shakes Izmir", (USA,), IZMIR_AT, ("AFP",), 4, hours=3
    ),
    snapshot("e_qom", date(2020, 2, 19), "Virus cases found in Qom", (IRAN,), QOM_AT, ("IRNA",), 1, hours=2),
    snapshot("e_nowhere", date(2020, 2, 20), "Talks on gas prices stall", (), None, (), 1, hours=4),
]

FILTERS = {
    "nothing": ({}, ["e_2022", "e_quake", "e_nowhere", "e_qom", "e_2017", "e_moscow"]),
    "q word": ({"q": "tehran"}, ["e_2022", "e_2017"]),
    "q words all": ({"q": "putin gas"}, ["e_2017"]),
    "q phrase": ({"q": '"gas talks"'}, ["e_2017"]),
    "q or": ({"q": "earthquake OR virus"}, ["e_quake", "e_qom"]),
    "q not": ({"q": "putin -syria"}, ["e_2017", "e_moscow"]),
    "q accents": ({"q": "TÉHRAN"}, ["e_2022", "e_2017"]),
    "entity by name": ({"entity": ["Putin"]}, ["e_2022", "e_2017", "e_moscow"]),
    "entity by id": ({"entity": [RAISI.id]}, ["e_2022"]),
    "entities all": ({"entity": ["putin", "iran"]}, ["e_2017", "e_moscow"]),
    "entity and type": ({"entity": ["tehran"], "type": "country"}, []),
    "type alone": ({"type": "place"}, ["e_2022", "e_2017"]),
    "country": ({"country": "ir"}, ["e_2022", "e_qom", "e_2017"]),
    "near": ({"near": "35.7,51.4", "radius_km": 20}, ["e_2022", "e_2017"]),
    "near wider": ({"near": "35.7,51.4", "radius_km": 150}, ["e_2022", "e_qom", "e_2017"]),
    "source": ({"source": ["reuters"]}, ["e_2017", "e_moscow"]),
    "sources any": ({"source": ["AP", "AFP"]}, ["e_2022", "e_quake"]),
    "min_articles": ({"min_articles": 3}, ["e_2022", "e_quake", "e_2017"]),
    "dates": ({"from": "2020-01-01", "to": "2020-12-31"}, ["e_quake", "e_nowhere", "e_qom"]),
    "story": ({"story": "s_0000000000000001"}, ["e_2017", "e_moscow"]),
    "combined": ({"entity": ["putin"], "country": "IR", "to": "2020-01-01", "q": "gas"}, ["e_2017"]),
}


@pytest.fixture
async def corpus(model):
    for event in CORPUS:
        await model.put_event(event)
    return EventSearch(model.database, model.full_text)


async def everything(search: EventSearch, wanted: EventFilter, sort="date", limit=2) -> list[str]:
    """Every page's ids, following the cursor."""
    ids, cursor = [], None
    while True:
        page = await search.page(wanted, sort, cursor, limit)
        assert page.count == len(page.data) <= limit
        ids += [e.id for e in page.data]
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor


@pytest.mark.parametrize("name", FILTERS)
async def test_each_filter_finds_its_known_answer_and_the_live_matcher_agrees(corpus, name):
    conditions, expected = FILTERS[name]
    wanted = EventFilter.model_validate(conditions)
    assert await everything(corpus, wanted) == expected
    assert (await corpus.page(wanted, "date", None, 2)).total == len(expected)
    assert [e.id for e in CORPUS if matches(wanted, e)] == sorted(expected, key=[e.id for e in CORPUS].index)


async def test_the_total_is_counted_up_to_its_bound_and_says_when_it_stopped(model, corpus):
    country_ir, putin = EventFilter(country="IR"), EventFilter(entity=("Putin",))
    bounded = EventSearch(model.database, model.full_text, total_limit=3)
    at_bound = await bounded.page(country_ir, "date", None, 1)
    assert (at_bound.total, at_bound.total_exact) == (3, True)
    beyond = await bounded.page(EventFilter(), "date", None, 2)
    assert (beyond.total, beyond.total_exact, beyond.count) == (3, False, 2)
    assert await everything(bounded, EventFilter()) == await everything(corpus, EventFilter())
    exact = await corpus.page(putin, "date", None, 1)
    assert (exact.total, exact.total_exact) == (3, True)
    relevance = await bounded.page(EventFilter(q="putin OR tehran OR earthquake"), "relevance", None, 1)
    assert (relevance.total, relevance.total_exact) == (3, False)


@pytest.mark.parametrize("sort", ["date", "updated", "size"])
async def test_past_the_bound_every_filter_and_sort_pages_the_same_events(model, corpus, sort):
    # Past the count's bound SQLite reads the events in the sort's index order instead (walk=True):
    # with a bound of one, every filter matching two or more takes that way.
    bounded = EventSearch(model.database, model.full_text, total_limit=1)
    for name, (conditions, _) in FILTERS.items():
        wanted = EventFilter.model_validate(conditions)
        assert await everything(bounded, wanted, sort) == await everything(corpus, wanted, sort), name


async def test_every_sort_pages_with_its_own_cursor(corpus):
    wanted = EventFilter()
    assert await everything(corpus, wanted, "size") == [
        "e_2017",
        "e_quake",
        "e_2022",
        "e_moscow",
        "e_qom",
        "e_nowhere",
    ]
    assert await everything(corpus, wanted, "updated") == [
        "e_moscow",
        "e_2017",
        "e_nowhere",
        "e_quake",
        "e_qom",
        "e_2022",
    ]
    ranked = await everything(corpus, EventFilter(q="tehran OR gas"), "relevance", limit=1)
    assert sorted(ranked) == ["e_2017", "e_2022", "e_nowhere"] and ranked[0] == "e_2017"  # both words
    by_size = await corpus.page(wanted, "size", None, 2)
    with pytest.raises(BadCursor, match="sort=size"):
        await corpus.page(wanted, "date", by_size.next_cursor, 2)
    with pytest.raises(BadCursor, match="needs q"):
        await corpus.page(wanted, "relevance", None, 2)


async def test_aliases_and_article_text_are_searched(model):
    article = Article(
        id="a_x", title="Moscow talks", text="The leaders discussed the North-South corridor in detail.",
        source="Tass", published_at=NOW, published_at_source="metadata", ingested_at=NOW,
    )  # fmt: skip
    mentions = (
        EntityMention(text="America", canonical="United States", label="GPE", type="country", start=0, end=7),
    )
    usa = EventEntity(id=entity_id_of(mentions[0]), name="United States", type="country", count=1)
    event = snapshot("e_text", date(2024, 5, 1), "Moscow talks", (usa,), MOSCOW_AT, ("Tass",), 1)
    event = event.model_copy(update={"article_ids": ("a_x",)})
    await model.record(event, article, mentions)
    search = EventSearch(model.database, model.full_text)
    assert [e.id for e in (await search.page(EventFilter(q="corridor"), "date", None, 10)).data] == ["e_text"]
    assert [e.id for e in (await search.page(EventFilter(entity=("America",)), "date", None, 10)).data] == [
        "e_text"
    ]


async def test_the_timeline_counts_events_per_bucket(corpus):
    days = await corpus.timeline(EventFilter(since=date(2020, 1, 1), until=date(2020, 12, 31)), "day")
    assert [(b.start.isoformat(), b.count) for b in days] == [
        ("2020-02-19", 1),
        ("2020-02-20", 1),
        ("2020-10-30", 1),
    ]
    weeks = await corpus.timeline(EventFilter(since=date(2020, 1, 1), until=date(2020, 12, 31)), "week")
    assert [(b.start.isoformat(), b.count) for b in weeks] == [("2020-02-17", 2), ("2020-10-26", 1)]
    months = await corpus.timeline(EventFilter(entity=("putin",)), "month")
    assert [(b.start.isoformat(), b.count) for b in months] == [
        ("2017-03-01", 1),
        ("2017-11-01", 1),
        ("2022-07-01", 1),
    ]


@contextmanager
def _at_revision(url: str, revision: str):
    """A transaction on a new SQLite read model brought to `revision` by the migrations alone."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from services.query.migrate import MIGRATIONS

    with create_engine(url).begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        yield conn


async def test_a_read_model_from_before_migrations_is_stamped_and_upgraded_at_start(tmp_path):
    """Tables as the release before migrations made them, with an event in them: the database is
    taken as the baseline, upgraded, and the old event is found by the new filters."""
    from sqlalchemy import text

    from services.query.store import ReadModel

    url = f"sqlite:///{tmp_path / 'old.db'}"
    event = CORPUS[0]
    with _at_revision(url, "0001") as conn:
        conn.execute(text("DROP TABLE alembic_version"))  # as create_all left it
        body = event.model_dump_json(exclude={"sources"})
        conn.execute(
            text("INSERT INTO events VALUES (:i, :d, 1, :b)"), {"i": event.id, "d": event.date, "b": body}
        )

    model = ReadModel.from_url(url)
    await model.create_schema()
    search = EventSearch(model.database, model.full_text)
    for wanted in (EventFilter(country="IR"), EventFilter(q="gas talks"), EventFilter(min_articles=6)):
        assert [e.id for e in (await search.page(wanted, "updated", None, 10)).data] == [event.id], wanted
    await model.create_schema()  # and again: nothing left to do
    await model.close()


async def test_full_text_rows_of_an_older_read_model_are_renumbered_from_their_event_ids(tmp_path):
    """A store at revision 0004, whose full-text rows were numbered in order of writing: after
    the upgrade each row's number is its event's search_key, searches find it, and a revision
    replaces its row rather than adding one."""
    from sqlalchemy import text

    from services.query.search_keys import search_key
    from services.query.store import ReadModel
    from shared.search_text import indexed

    url = f"sqlite:///{tmp_path / 'older.db'}"
    event = CORPUS[0]
    with _at_revision(url, "0004") as conn:
        conn.execute(
            text("INSERT INTO events (id, day, revision, body, country) VALUES (:i, :d, 1, :b, 'IR')"),
            {"i": event.id, "d": event.date, "b": event.model_dump_json()},
        )
        conn.execute(
            text("INSERT INTO events_search (event_id, body) VALUES (:i, :b)"),
            {"i": event.id, "b": indexed("Putin in Tehran for gas talks")},
        )

    model = ReadModel.from_url(url)
    await model.create_schema()

    def rows(conn):
        return conn.execute(text("SELECT rowid, event_id FROM events_search")).all()

    assert await model.database.read(rows) == [(search_key(event.id), event.id)]
    search = EventSearch(model.database, model.full_text)
    assert [e.id for e in (await search.page(EventFilter(q="gas talks"), "date", None, 10)).data] == [
        event.id
    ]
    await model.put_event(event.model_copy(update={"revision": 2}))
    assert await model.database.read(rows) == [(search_key(event.id), event.id)]
    await model.close()


async def test_the_migrations_make_exactly_the_tables_the_code_declares(model):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from services.query.tables import metadata

    def differences(conn):
        context = MigrationContext.configure(
            conn,
            opts={
                "include_object": lambda obj, name, *_: (
                    not name.startswith(("events_search", "alembic_version"))
                )
            },
        )
        return compare_metadata(context, metadata)

    assert await model.database.read(differences) == []
