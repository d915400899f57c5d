"""Which story an event continues, and what a story shows: the pure rules."""

from datetime import date, timedelta

from services.dedup.events.similarity import normalised
from services.dedup.stories.linking import MAX_GAP_DAYS, story_for
from services.dedup.stories.model import (
    Chapter,
    head_of,
    snapshot,
    start_story,
    with_chapter,
    without_chapter,
)
from shared.messages import EventEntity

BREACH = normalised({"breach": 0.6, "customers": 0.5, "data": 0.5, "hacker": 0.4})
LAUNCH = normalised({"missile": 0.7, "launch": 0.5, "sea": 0.4, "ballistic": 0.3})


def entity(name: str, kind: str, salience: float, count: int = 1) -> EventEntity:
    return EventEntity(id=f"ent_{name}", name=name, type=kind, count=count, salience=salience)


def chapter(event_id: str, day: date, terms=BREACH, entities=(), dated=True, articles=2, title="") -> Chapter:
    return Chapter(
        event_id=event_id, day=day, dated=dated, title=title or event_id, summary="", terms=terms,
        entities=list(entities), article_count=articles, sources=["a", "b"],
    )  # fmt: skip


OPTUS = [entity("Optus", "organisation", 1.0), entity("Australia", "country", 0.4)]
MEDIBANK = [entity("Medibank", "organisation", 1.0), entity("Australia", "country", 0.4)]
SEPT_22 = date(2022, 9, 22)


def test_a_development_of_one_story_continues_it_within_the_gap():
    story = start_story(chapter("e1", SEPT_22, entities=OPTUS))
    later = chapter("e2", SEPT_22 + timedelta(days=11), entities=OPTUS)
    found = story_for(later, [head_of(story)])
    assert found is not None and found.story_id == story.id
    too_late = chapter("e3", SEPT_22 + timedelta(days=MAX_GAP_DAYS + 1), entities=OPTUS)
    assert story_for(too_late, [head_of(story)]) is None  # silent that long, the story has ended


def test_the_same_kind_of_happening_to_someone_else_is_another_story():
    # A second breach in the same country weeks later: words alike, the anchor differs.
    story = start_story(chapter("e1", SEPT_22, entities=OPTUS))
    assert story_for(chapter("e2", SEPT_22 + timedelta(days=21), entities=MEDIBANK), [head_of(story)]) is None


def test_a_country_anchors_a_story_only_as_its_principal():
    launches = start_story(chapter("e1", date(2022, 10, 4), LAUNCH, [entity("North Korea", "country", 0.7)]))
    next_launch = chapter("e2", date(2022, 11, 2), LAUNCH, [entity("North Korea", "country", 0.6)])
    assert story_for(next_launch, [head_of(launches)]) is not None
    in_passing = chapter("e3", date(2022, 11, 3), LAUNCH, [entity("North Korea", "country", 0.3)])
    assert story_for(in_passing, [head_of(launches)]) is None


def test_a_story_is_judged_as_a_whole_so_it_cannot_drift_one_look_alike_at_a_time():
    # Five chapters about Optus; one of them also named a regulator. A new event about only the
    # regulator finds it a tenth of the story, not its anchor.
    regulator = entity("Information Commissioner", "organisation", 0.6)
    story = start_story(chapter("e0", SEPT_22, entities=[*OPTUS, regulator]))
    for n in range(1, 5):
        story = with_chapter(story, chapter(f"e{n}", SEPT_22 + timedelta(days=n), entities=OPTUS))
    about_the_regulator = chapter("e9", SEPT_22 + timedelta(days=6), entities=[regulator])
    assert story_for(about_the_regulator, [head_of(story)]) is None
    assert story_for(chapter("e9", SEPT_22 + timedelta(days=6), entities=OPTUS), [head_of(story)]) is not None


def test_an_undated_event_has_no_place_in_a_sequence():
    story = start_story(chapter("e1", SEPT_22, entities=OPTUS))
    assert story_for(chapter("e2", SEPT_22, entities=OPTUS, dated=False), [head_of(story)]) is None


def test_the_snapshot_counts_over_chapters_and_shows_the_most_central_one():
    first = chapter("e1", SEPT_22, entities=OPTUS, articles=2, title="Optus discloses a breach")
    off_topic = normalised({"breach": 0.2, "parliament": 0.9, "law": 0.4})
    second = chapter("e2", date(2022, 10, 3), off_topic, OPTUS, articles=5, title="Parliament debates a law")
    third = chapter("e3", date(2022, 9, 26), entities=OPTUS, articles=3, title="Hacker demands a ransom")
    story = with_chapter(with_chapter(start_story(first), second), third)
    shown = snapshot(story)
    assert shown.event_ids == ("e1", "e3", "e2")  # in date order
    assert (shown.first_date, shown.last_date) == (SEPT_22, date(2022, 10, 3))
    assert shown.article_count == 10 and shown.source_count == 2 and shown.revision == 3
    assert shown.title == "Hacker demands a ransom"  # central as the first, with more articles
    assert [e.name for e in shown.entities] == ["Optus", "Australia"] and shown.entities[0].count == 3


def test_entities_meet_by_name_whatever_type_the_model_gave_them():
    as_place = chapter("e1", date(2023, 6, 19), entities=[entity("Titanic", "place", 1.0)])
    as_organisation = chapter("e2", date(2023, 6, 20), entities=[entity("Titanic", "organisation", 1.0)])
    story = start_story(as_place)
    assert story_for(as_organisation, [head_of(story)]) is not None
    assert len(snapshot(with_chapter(story, as_organisation)).entities) == 1


def test_a_chapter_leaves_its_story_and_a_newer_one_replaces_the_old():
    story = with_chapter(
        start_story(chapter("e1", SEPT_22, entities=OPTUS)), chapter("e2", SEPT_22, entities=OPTUS)
    )
    updated = with_chapter(story, chapter("e2", SEPT_22, entities=OPTUS, articles=7))
    assert [c.article_count for c in updated.chapters] == [2, 7]
    assert [c.event_id for c in without_chapter(updated, "e1").chapters] == ["e2"]


def test_a_city_or_a_one_word_person_is_no_anchor():
    # A strike and a fire in one city are two stories; "Flash floods" is no person in common.
    strike = start_story(chapter("e1", date(2024, 5, 22), entities=[entity("Marseille", "place", 1.0)]))
    fire = chapter("e2", date(2024, 8, 5), entities=[entity("Marseille", "place", 1.0)])
    assert story_for(fire, [head_of(strike)]) is None
    floods = start_story(chapter("e3", date(2024, 10, 30), entities=[entity("Flash", "person", 1.0)]))
    assert (
        story_for(
            chapter("e4", date(2024, 10, 31), entities=[entity("Flash", "person", 1.0)]), [head_of(floods)]
        )
        is None
    )


def test_a_city_the_model_took_for_an_organisation_is_typed_as_the_place_it_is():
    from services.dedup.storylines import as_placed
    from shared.gazetteer import Gazetteer

    gazetteer = Gazetteer()
    assert as_placed(entity("Marseille", "organisation", 1.0), gazetteer).type == "place"
    assert as_placed(entity("Japan", "organisation", 1.0), gazetteer).type == "country"
    assert as_placed(entity("Medibank", "organisation", 1.0), gazetteer).type == "organisation"
