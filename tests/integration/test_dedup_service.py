"""Dedup's use case against a real Redis: joins, separations, and exactly-once decisions."""

from datetime import UTC, datetime, timedelta

from services.dedup.events.near_duplicates import bands, signature
from services.dedup.retention import sweep
from services.dedup.service import Policy, assign
from services.dedup.store import EventStore
from shared.gazetteer import Gazetteer
from shared.messages import Article, EntitiesExtracted, EntityMention

POLICY = Policy(join_threshold=0.22, window_days=3, max_candidates=64)
NOW = datetime(2024, 1, 1, tzinfo=UTC)
GAZETTEER = Gazetteer()


def message(article_id: str, title: str, text: str, published: datetime | None, names: list[tuple[str, str]]):
    mentions = []
    for name, kind in names:
        start = text.index(name)
        label = {"person": "PERSON", "place": "GPE", "country": "GPE"}.get(kind, "ORG")
        mentions.append(EntityMention(text=name, label=label, type=kind, start=start, end=start + len(name)))
    article = Article(
        id=article_id,
        title=title,
        text=text,
        published_at=published or NOW,
        published_at_source="metadata" if published else "ingest_time",
        ingested_at=NOW,
    )
    return EntitiesExtracted(article=article, mentions=tuple(mentions))


VISIT = "Vladimir Putin arrived in Tehran for talks with Ali Khamenei about trade and the Syrian war."
NAMES = [("Vladimir Putin", "person"), ("Tehran", "place"), ("Ali Khamenei", "person")]


async def assign_event(*args):
    """The event an article went to (assign also answers with the stories it touched)."""
    return (await assign(*args)).event


async def place(store: EventStore, *args):
    return await assign_event(message(*args), store, POLICY, GAZETTEER, NOW)


NOV_2017 = datetime(2017, 11, 1, tzinfo=UTC)


async def test_coverage_of_one_visit_joins_and_the_same_visit_years_later_does_not(redis):
    store = EventStore(redis)
    first = await place(store, "a1", "Putin in Tehran", VISIT, NOV_2017, NAMES)
    reworded = "In Tehran, Vladimir Putin held talks with Ali Khamenei; trade and Syria topped the agenda."
    second = await place(store, "a2", "Kremlin chief visits Iran", reworded, NOV_2017, NAMES)
    later = await place(store, "a3", "Putin in Tehran", VISIT, datetime(2022, 7, 19, tzinfo=UTC), NAMES)
    assert second.id == first.id and second.revision == 2
    assert second.article_ids == ("a1", "a2")
    assert later.id != first.id and later.revision == 1
    assert second.location is not None and second.location.name == "Tehran"
    assert str(second.date) == "2017-11-01"


async def test_redelivery_changes_nothing(redis):
    store = EventStore(redis)
    original = message("a1", "Putin in Tehran", VISIT, NOV_2017, NAMES)
    first = await assign_event(original, store, POLICY, GAZETTEER, NOW)
    again = await assign_event(original, store, POLICY, GAZETTEER, NOW)
    assert again == first
    assert int(await redis.get("eventwire:{dedup}:g0:docs")) == 1


WIRE = (
    "Vladimir Putin arrived in Tehran on Wednesday for talks with Ali Khamenei and a summit with the "
    "presidents of Iran and Azerbaijan. The leaders discussed a railway corridor linking Russia to the "
    "Gulf, gas swaps through the Caspian region and the war in Syria, officials said after the meeting. "
    "Both sides described the visit as a sign of closer ties despite Western sanctions on Moscow."
)
COPY = WIRE.rsplit(" Both sides", 1)[0] + " Follow us on Twitter for more news."


async def test_a_copy_is_marked_and_counted_apart_from_unique_articles_and_sources(redis):
    store = EventStore(redis)
    first = message("w1", "Putin in Tehran for summit", WIRE, NOV_2017, NAMES)
    first = first.model_copy(update={"article": first.article.model_copy(update={"source": "Wire A"})})
    copy = message("w2", "Russian leader visits Iran", COPY, NOV_2017, NAMES)
    copy = copy.model_copy(update={"article": copy.article.model_copy(update={"source": "Paper B"})})
    await assign_event(first, store, POLICY, GAZETTEER, NOW)
    event = await assign_event(copy, store, POLICY, GAZETTEER, NOW)
    assert event.article_ids == ("w1", "w2")
    assert [(c.article_id, c.duplicate_of) for c in event.duplicates] == [("w2", "w1")]
    assert (event.article_count, event.source_count) == (1, 2)
    assert event.title == "Putin in Tehran for summit"  # copies never become the event's face
    assert event.summary.startswith("Vladimir Putin arrived in Tehran on Wednesday")
    # Redelivered, the copy changes nothing and is still one copy.
    assert await assign_event(copy, store, POLICY, GAZETTEER, NOW) == event


async def test_two_events_found_to_be_one_are_merged_and_the_old_id_leads_to_the_survivor(redis):
    # A strict join threshold keeps the second report out of the first event, as a report with
    # too few shared words would be; the events are then alike enough to merge.
    strict = Policy(join_threshold=0.99, window_days=3, max_candidates=64)
    store = EventStore(redis)
    reworded = (
        "Talks on trade and the Syrian war brought Vladimir Putin to Tehran, where Ali Khamenei received him."
    )
    first = await assign_event(
        message("m1", "Putin in Tehran", VISIT, NOV_2017, NAMES), store, strict, GAZETTEER, NOW
    )
    second_message = message("m2", "Putin visits Tehran", reworded, NOV_2017, NAMES)
    merged = await assign_event(second_message, store, strict, GAZETTEER, NOW)
    assert merged.id == first.id and merged.article_ids == ("m1", "m2") and merged.revision == 2
    (gone,) = merged.merged_ids
    assert gone != first.id
    assert await store.assigned_event("m2") == first.id and await store.load([gone]) == []
    # Redelivered, the article finds the merged event as it is.
    assert await assign_event(second_message, store, strict, GAZETTEER, NOW) == merged


async def test_retention_drops_old_events_and_everything_filed_for_their_articles(redis):
    store = EventStore(redis)
    old = await place(store, "r1", "Putin in Tehran", WIRE, NOV_2017, NAMES)
    await place(store, "r2", "Putin visits Tehran again", COPY, NOV_2017, NAMES)  # a copy: signature kept
    recent = await place(store, "r3", "Putin in Tehran", VISIT, datetime(2018, 1, 15, tzinfo=UTC), NAMES)
    undated = await place(
        store, "r4", "Quake in Herat", "A quake hit Herat in Afghanistan overnight.", None, []
    )

    # Just placed, the old event is still in use (articles may arrive out of date order).
    assert await sweep(store, retention_days=30, idle_s=86400, now=NOW) == 0
    a_day_later = NOW + timedelta(days=1, seconds=1)
    assert await sweep(store, retention_days=30, idle_s=86400, now=a_day_later) == 1
    assert await store.load([old.id]) == [] and await store.assigned_event("r1") is None
    assert await store.assigned_event("r2") is None
    assert old.id not in await store.candidate_ids(["ent:place:tehran"], NOV_2017.date(), 7, 64)
    assert (await store.first_look("new", [], bands(signature(WIRE)))).bucket_mates == []
    # The newer dated event and the undated one (aged by arrival, not by the dated ones) stay; so
    # does the story the old event began, which the newer one continues.
    assert [s.id for s in await store.load([recent.id, undated.id])] == [recent.id, undated.id]
    assert recent.story_id == old.story_id and await store.stories.load([old.story_id]) != []
    assert await sweep(store, retention_days=30, idle_s=86400, now=a_day_later) == 0

    # Once the newer event ages too, the story has no event left in dedup and goes with it.
    await place(store, "r5", "Quake in Herat", "A quake hit Herat in Afghanistan overnight.",
                datetime(2018, 6, 1, tzinfo=UTC), [])  # fmt: skip
    assert await sweep(store, retention_days=30, idle_s=86400, now=a_day_later + timedelta(days=2)) == 1
    assert await store.stories.load([old.story_id]) == []


async def test_an_undated_report_naming_another_holder_of_an_office_is_another_event(redis):
    store = EventStore(redis)

    def visit(article_id: str, president: str, published: datetime | None, text: str = ""):
        text = (
            text
            or f"Iranian President {president} arrived in Moscow for talks with Vladimir Putin on trade and energy."
        )
        names = [
            ("Iranian", "country"),
            (president, "person"),
            ("Moscow", "place"),
            ("Vladimir Putin", "person"),
        ]
        sent = message(article_id, "Iran's president in Moscow", text, published, names)
        iranian = sent.mentions[0].model_copy(update={"canonical": "Iran"})
        return sent.model_copy(update={"mentions": (iranian, *sent.mentions[1:])})

    dated = await assign_event(
        visit("a1", "Masoud Pezeshkian", datetime(2025, 1, 17, tzinfo=UTC)), store, POLICY, GAZETTEER, NOW
    )
    same_holder = await assign_event(visit("a2", "Masoud Pezeshkian", None), store, POLICY, GAZETTEER, NOW)
    copy = await assign_event(visit("a3", "Hassan Rouhani", None), store, POLICY, GAZETTEER, NOW)
    reworded = (
        "Iranian President Hassan Rouhani flew to Moscow, where Vladimir Putin received him for trade talks."
    )
    other = await assign_event(visit("a4", "Hassan Rouhani", None, reworded), store, POLICY, GAZETTEER, NOW)
    assert same_holder.id == dated.id  # no date, same words, same president: the same visit
    assert copy.id != dated.id  # the same words but another president of Iran: another time
    assert other.id != dated.id and other.id == copy.id  # and by scoring, not only as a copy


async def test_a_page_about_a_visit_elsewhere_starts_its_own_event_but_a_nearby_town_joins(redis):
    store = EventStore(redis)
    names = [("Vladimir Putin", "person"), ("Hassan Rouhani", "person"), ("Tehran", "place")]
    tehran = "Vladimir Putin landed in Tehran for talks with Hassan Rouhani on energy, trade and Syria."
    dated = await place(store, "a1", "Putin in Tehran", tehran, NOV_2017, names)
    moscow = (
        "Hassan Rouhani is to fly to Moscow on Monday to meet Vladimir Putin, seeking loans for railways."
    )
    names_moscow = [("Hassan Rouhani", "person"), ("Moscow", "place"), ("Vladimir Putin", "person")]
    elsewhere = await place(store, "a2", "Rouhani to visit Moscow", moscow, None, names_moscow)
    again = "In Tehran, Vladimir Putin and Hassan Rouhani held talks on energy, trade and Syria."
    same_city = await place(store, "a3", "Putin and Rouhani meet", again, None, names)
    names_karaj = [("Vladimir Putin", "person"), ("Karaj", "place")]
    watched = "In Karaj, crowds lined the road as Vladimir Putin's motorcade arrived for talks about trade."
    nearby = await place(store, "a4", "Karaj watches", watched, None, names_karaj)
    assert elsewhere.id != dated.id  # it says Moscow, the event says Tehran: another visit
    assert same_city.id == dated.id
    assert nearby.id == dated.id  # 40 km from Tehran: within one happening's reach


async def test_an_undated_quake_report_does_not_join_a_summit_for_naming_the_same_countries(redis):
    store = EventStore(redis)
    talks = (
        "Recep Tayyip Erdogan met Vladimir Putin and Ebrahim Raisi for a summit on the war in Syria. "
        "Turkey wants a military operation against Kurdish fighters, which Moscow and Tehran oppose. "
        "The three leaders also discussed grain exports, gas prices and sanctions."
    )
    names = [("Recep Tayyip Erdogan", "person"), ("Vladimir Putin", "person"), ("Syria", "country"),
             ("Turkey", "country")]  # fmt: skip
    summit = await place(store, "a1", "Leaders split over Syria", talks, None, names)
    tremor = (
        "A magnitude 7.8 earthquake struck before dawn, toppling apartment blocks across Gaziantep "
        "and Kahramanmaras. Rescuers dug through rubble in freezing rain; hundreds died in Turkey "
        "and many more across the border in Syria, where hospitals ran short of fuel."
    )
    quake_names = [("Gaziantep", "place"), ("Turkey", "country"), ("Syria", "country")]
    quake = await place(store, "a2", "Earthquake kills hundreds", tremor, None, quake_names)
    follow_up = (
        "Aftershocks shook Gaziantep overnight as the death toll from the earthquake rose; rescuers "
        "still searched collapsed apartment blocks, and Turkey asked for tents and heaters."
    )
    later = await place(store, "a3", "Quake toll rises", follow_up, None, quake_names[:2])
    assert quake.id != summit.id  # two countries in common, hardly a word
    assert later.id == quake.id  # a city and the story's words in common
