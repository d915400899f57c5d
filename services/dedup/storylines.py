"""The use case of stories: once an article has changed an event, keep the event's story in step.

A new event looks for a story to continue (stories.linking); so does an event still alone in its
story while it has only a few articles, since its first report may say too little of what it
continues. Otherwise the event's chapter in its story is brought up to date. An event merged into
another leaves its story; a story left with no chapter ends in the story its event went on in,
and its id redirects there. Ids of stories, like those of events, are named after their first
event, so a replay re-creates them.
"""

from dataclasses import dataclass

from services.dedup.events.model import EventState
from services.dedup.events.similarity import normalised, top_terms
from services.dedup.stories.linking import MAX_GAP_DAYS, anchors, story_for
from services.dedup.stories.model import (
    CHAPTER_TERMS,
    Chapter,
    StoryState,
    head_of,
    snapshot,
    start_story,
    with_chapter,
    without_chapter,
)
from services.dedup.story_store import StoryChange, StoryStore
from shared.gazetteer import Gazetteer
from shared.messages import EventEntity, EventSnapshot, StorySnapshot

YOUNG_ARTICLES = 3  # an event alone in its story looks for one to continue while it has this few
STORY_CANDIDATES = 20


@dataclass(frozen=True)
class StoryStep:
    story_id: str  # the story the event is part of now
    change: StoryChange  # what to write, with the event's own commit
    snapshots: tuple[StorySnapshot, ...]  # the stories that changed, as published


def as_placed(entity: EventEntity, gazetteer: Gazetteer) -> EventEntity:
    """The entity with the type its name has in the gazetteer, when it names a country or a city:
    the small model calls a city an organisation in "Lyon commuters", and a city must not anchor
    a story (a strike and a fire in one city are not one story)."""
    if entity.type in ("place", "country"):
        return entity
    if gazetteer.country(entity.name) is not None:
        return entity.model_copy(update={"type": "country"})
    if len(entity.name.split()) == 1 and gazetteer.city(entity.name) is not None:
        return entity.model_copy(update={"type": "place"})
    return entity


def chapter_of(state: EventState, event: EventSnapshot, gazetteer: Gazetteer) -> Chapter:
    centroid = normalised(state.term_sum)
    return Chapter(
        event_id=state.id,
        day=event.date,
        dated=any(m.dated for m in state.members),
        title=event.title,
        summary=event.summary,
        terms={term: centroid[term] for term in top_terms(centroid, CHAPTER_TERMS)},
        entities=[as_placed(e, gazetteer) for e in event.entities],
        article_count=event.article_count,
        sources=sorted({m.source.casefold() for m in state.members if m.source}),
    )


async def _continued(chapter: Chapter, own: StoryState | None, stories: StoryStore) -> StoryState | None:
    """The story the event goes on in, when it leaves its own (or has none yet) for one."""
    if not chapter.dated or (own is not None and len(own.chapters) > 1):
        return None
    found = await stories.candidates(anchors(chapter), chapter.day, MAX_GAP_DAYS, STORY_CANDIDATES + 1)
    others = [head for head in found if own is None or head.id != own.id][:STORY_CANDIDATES]
    continuation = story_for(chapter, others)
    if continuation is None:
        return None
    return next(iter(await stories.load([continuation.story_id])), None)


async def keep_in_step(
    state: EventState,
    event: EventSnapshot,
    absorbed: EventState | None,
    stories: StoryStore,
    gazetteer: Gazetteer,
) -> StoryStep:
    chapter = chapter_of(state, event, gazetteer)
    loaded = {s.id: s for s in await stories.load([state.story_id, absorbed.story_id if absorbed else None])}
    own = loaded.get(state.story_id or "")
    young = len(state.members) <= YOUNG_ARTICLES
    continued = await _continued(chapter, own, stories) if own is None or young else None
    ended: list[StoryState] = []
    if continued is not None:
        story = with_chapter(continued, chapter)
        if own is not None:  # a story of one ends in the story its event goes on in
            ended.append(own)
            story = story.model_copy(update={"merged": [*story.merged, own.id, *own.merged]})
    else:
        story = with_chapter(own, chapter) if own is not None else start_story(chapter)
    saved = [story]
    left = loaded.get(absorbed.story_id or "") if absorbed else None
    if absorbed is not None and left is not None:
        if left.id == story.id:
            saved = [without_chapter(story, absorbed.id).model_copy(update={"revision": story.revision})]
        elif len(left.chapters) > 1:
            saved.append(without_chapter(left, absorbed.id))
        else:
            ended.append(left)
            saved = [story.model_copy(update={"merged": [*story.merged, left.id, *left.merged]})]
    heads = [head_of(s) for s in saved]
    change = StoryChange(saved=list(zip(saved, heads, strict=True)), ended=ended)
    return StoryStep(story.id, change, tuple(snapshot(s, h) for s, h in zip(saved, heads, strict=True)))
