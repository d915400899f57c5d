"""The online decision: which story, if any, a new event continues.

An event continues a story when it is about what the whole story is about and follows it closely
enough in time:

- the days: within MAX_GAP_DAYS of the story's nearest chapter (a story silent for longer has
  ended; Putin in Tehran in 2017 and again in 2022 are two stories);
- an anchor: someone (named in full) or something that the event and the story as a whole are
  both about (salience at least ANCHOR_SALIENCE in the event, and on average over the story's
  chapters): the company breached, the prime minister at the parties. Cities are no anchors (a
  strike and a fire in one city are two stories), and a country only as the principal, at
  COUNTRY_ANCHOR_SALIENCE (North Korea firing missiles): countries are named by every story of a
  region. Two quakes in two countries share none;
- the likeness: CONTENT_WEIGHT * cosine(event centroid, story centroid) + ENTITY_WEIGHT * the
  share of the event's salience that the story's mean salience covers, at least THRESHOLD, less
  GAP_PENALTY for each day beyond GRACE_DAYS from the nearest chapter.

Both sides of the comparison are the story as a whole (the centroid of its chapters, the mean
salience over them), never its latest chapter alone: single links would let a story drift one
look-alike at a time into a topic ("Russia", "earthquakes"). Events with no date of their own have
no place in a sequence and stay stories of one.
"""

from dataclasses import dataclass

from services.dedup.events.similarity import cosine
from services.dedup.stories.model import Chapter, StoryHead, name_key
from shared.messages import EventEntity

MAX_GAP_DAYS = 120
GRACE_DAYS = 30
GAP_PENALTY = 0.001
CONTENT_WEIGHT = 0.5
ENTITY_WEIGHT = 0.5
THRESHOLD = 0.25
ANCHOR_SALIENCE = 0.25
ANCHOR_TYPES = frozenset({"person", "organisation", "other"})
# A country anchors a story only as its principal: North Korea firing missiles, not the Japan,
# Iran or Turkey that the news of a region names every day.
COUNTRY_ANCHOR_SALIENCE = 0.5


@dataclass(frozen=True)
class Continuation:
    story_id: str
    score: float


def gap_days(chapter: Chapter, story: StoryHead) -> int:
    return min(abs((chapter.day - day).days) for day in story.days)


def _bar(entity: EventEntity) -> float | None:
    if entity.type == "person" and len(entity.name.split()) < 2:
        return None  # one word the model took for a person ("Flash floods", "Pylos") is no anchor
    if entity.type in ANCHOR_TYPES:
        return ANCHOR_SALIENCE
    return COUNTRY_ANCHOR_SALIENCE if entity.type == "country" else None


def anchors(chapter: Chapter) -> dict[str, float]:
    """The entities the event is much about, by name (model.name_key), with the salience a story
    must give them on average to be anchored on them: what the candidate index files stories under."""
    return {name_key(e): bar for e in chapter.entities if (bar := _bar(e)) is not None and e.salience >= bar}


def anchored(chapter: Chapter, means: dict[str, float]) -> bool:
    return any(means.get(name, 0.0) >= bar for name, bar in anchors(chapter).items())


def entity_cover(chapter: Chapter, means: dict[str, float]) -> float:
    mine = {name_key(e): e.salience for e in chapter.entities}
    total = sum(mine.values())
    return sum(min(s, means.get(name, 0.0)) for name, s in mine.items()) / total if total else 0.0


def likeness(chapter: Chapter, story: StoryHead) -> float | None:
    """The score of the event continuing the story, or None where it cannot."""
    if not chapter.dated or not story.dated:
        return None
    gap = gap_days(chapter, story)
    if gap > MAX_GAP_DAYS or not anchored(chapter, story.means):
        return None
    value = CONTENT_WEIGHT * cosine(chapter.terms, story.centroid) + ENTITY_WEIGHT * entity_cover(
        chapter, story.means
    )
    return value - GAP_PENALTY * max(0, gap - GRACE_DAYS)


def story_for(chapter: Chapter, stories: list[StoryHead]) -> Continuation | None:
    """The story the event continues (None: it starts its own); `stories` are the candidates,
    the event's own story of one excluded."""
    best: Continuation | None = None
    for story in stories:
        value = likeness(chapter, story)
        if value is not None and value >= THRESHOLD and (best is None or value > best.score):
            best = Continuation(story.id, value)
    return best
