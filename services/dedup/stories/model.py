"""A story's state inside dedup: its events as chapters, and the snapshot it publishes.

A story is a run of events that continue one another over weeks or months: a breach and its
disclosures, a run of missile launches, a scandal and its fallout. Each event is a chapter, kept
with what linking weighs (its day, words and entities) and what the snapshot shows (its title,
summary and counts). An event on its own is a story of one, named after it.
"""

import hashlib
from collections import defaultdict
from datetime import date

from pydantic import BaseModel

from services.dedup.events.similarity import Vector, cosine, normalised
from shared.gazetteer import fold
from shared.messages import EventEntity, StorySnapshot

CHAPTER_TERMS = 60  # an event's strongest terms are enough to say what it is about
HEAD_TERMS = 120  # and a story's, over all its chapters
STORY_ENTITIES = 25


class Chapter(BaseModel):
    event_id: str
    day: date
    dated: bool  # whether any of its articles carried a date
    title: str
    summary: str
    terms: Vector  # the event's centroid, its strongest terms
    entities: list[EventEntity]  # as the event's snapshot ranks them, salience 1.0 for the first
    article_count: int
    sources: list[str]  # its outlets, case-folded


class StoryState(BaseModel):
    id: str
    revision: int
    chapters: list[Chapter]  # in date order
    merged: list[str] = []  # ids of stories that ended in this one; they redirect here


class StoryHead(BaseModel):
    """What linking weighs of a story, kept apart from its chapters so that weighing twenty
    candidate stories reads twenty small records, not every chapter of each."""

    id: str
    days: list[date]  # its chapters' days
    dated: bool  # whether any chapter is dated
    centroid: Vector  # what it is about (centroid), its strongest HEAD_TERMS terms
    means: dict[str, float]  # mean salience by entity name (mean_salience)


def head_of(story: StoryState) -> StoryHead:
    about = centroid(story)
    return StoryHead(
        id=story.id,
        days=[c.day for c in story.chapters],
        dated=any(c.dated for c in story.chapters),
        centroid=dict(sorted(about.items(), key=lambda kv: -kv[1])[:HEAD_TERMS]),
        means=mean_salience(story),
    )


def story_id_for(event_id: str) -> str:
    # Named after the event it started with, so a replay of the same articles re-creates the same id.
    return "s_" + hashlib.sha256(event_id.encode()).hexdigest()[:16]


def centroid(story: StoryState) -> Vector:
    """What the story is about: the normalised sum of its chapters' centroids, each counted once
    however many articles it has, so a story is not its biggest event."""
    total: dict[str, float] = defaultdict(float)
    for chapter in story.chapters:
        for term, weight in chapter.terms.items():
            total[term] += weight
    return normalised(total)


def name_key(entity: EventEntity) -> str:
    """How stories match entities: by name, whatever type the model gave it in each event (the
    small model calls the Titanic a place in one report and an organisation in the next)."""
    return fold(entity.name)


def mean_salience(story: StoryState) -> dict[str, float]:
    """Each entity's salience averaged over all chapters (0 where a chapter does not name it), by
    name: an entity one chapter of ten is about weighs a tenth, which keeps a story from drifting."""
    summed: dict[str, float] = defaultdict(float)
    for chapter in story.chapters:
        for name in {name_key(e): e.salience for e in chapter.entities}.items():
            summed[name[0]] += name[1]
    return {key: value / len(story.chapters) for key, value in summed.items()}


def with_chapter(story: StoryState, chapter: Chapter) -> StoryState:
    """The story with this chapter added, or replaced by its newer state."""
    chapters = [c for c in story.chapters if c.event_id != chapter.event_id] + [chapter]
    return story.model_copy(
        update={
            "revision": story.revision + 1,
            "chapters": sorted(chapters, key=lambda c: (c.day, c.event_id)),
        }
    )


def without_chapter(story: StoryState, event_id: str) -> StoryState:
    chapters = [c for c in story.chapters if c.event_id != event_id]
    return story.model_copy(update={"revision": story.revision + 1, "chapters": chapters})


def start_story(chapter: Chapter) -> StoryState:
    return StoryState(id=story_id_for(chapter.event_id), revision=1, chapters=[chapter])


def _entities(story: StoryState, means: dict[str, float]) -> tuple[EventEntity, ...]:
    """Its entities, ranked by mean salience; one name is one entity, shown as the first chapter
    that names it has it (its id, its type)."""
    top = max(means.values(), default=0.0) or 1.0
    seen: dict[str, EventEntity] = {}
    counts: dict[str, int] = defaultdict(int)
    for chapter in story.chapters:
        for entity in chapter.entities:
            seen.setdefault(name_key(entity), entity)
            counts[name_key(entity)] += entity.count
    ranked = sorted(seen, key=lambda key: (-means[key], -counts[key], seen[key].name))[:STORY_ENTITIES]
    return tuple(
        seen[key].model_copy(update={"count": counts[key], "salience": round(means[key] / top, 3)})
        for key in ranked
    )


def snapshot(story: StoryState, head: StoryHead | None = None) -> StorySnapshot:
    """The story as published (`head`, when given, is its head_of, computed once). Its face (title
    and summary) is the chapter closest to what the whole story is about; among about equally close
    ones, the one with most articles."""
    head = head or head_of(story)
    about = head.centroid
    face = max(
        story.chapters, key=lambda c: (round(cosine(c.terms, about), 1), c.article_count, -c.day.toordinal())
    )
    return StorySnapshot(
        id=story.id,
        title=face.title,
        summary=face.summary,
        event_ids=tuple(c.event_id for c in story.chapters),
        first_date=story.chapters[0].day,
        last_date=max(c.day for c in story.chapters),
        entities=_entities(story, head.means),
        article_count=sum(c.article_count for c in story.chapters),
        source_count=len({s for c in story.chapters for s in c.sources}),
        merged_ids=tuple(story.merged),
        revision=story.revision,
    )
