"""The one filter language of the event feed: the same names and meanings on the event list, the
Atom feed, the export, the timeline, the live stream and webhook subscriptions.

The read model answers a filter in SQL (services/query/event_search.py); the live stream and the
webhooks test each new event revision against it here, on the snapshot alone.
"""

import functools
import math
from collections.abc import Mapping
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shared.messages import EntityType, EventSnapshot
from shared.search_text import BadQuery, parse, words

DEFAULT_RADIUS_KM = 50.0
EARTH_RADIUS_KM = 6371.0


class EventFilter(BaseModel):
    """Which events: every condition given must hold."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    q: str | None = Field(None, max_length=500, description="full-text query over the event's text")
    entity: tuple[str, ...] = Field(
        (), max_length=10, description="entity id, name or alias; repeated, every one must match"
    )
    type: EntityType | None = Field(None, description="the type the matched entity must have")
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166 alpha-2 code of the event's place"
    )
    near: str | None = Field(None, max_length=60, description="'lat,lon': events placed near this point")
    radius_km: float | None = Field(
        None, gt=0, le=20000, description=f"with near; {DEFAULT_RADIUS_KM:g} if unset"
    )
    source: tuple[str, ...] = Field((), max_length=20, description="outlet; repeated, any one may match")
    min_articles: int | None = Field(
        None, ge=1, le=1_000_000, description="at least this many original articles"
    )
    since: date | None = Field(None, alias="from", description="earliest event date")
    until: date | None = Field(None, alias="to", description="latest event date")
    story: str | None = Field(None, pattern=r"^s_[0-9a-f]{16}$", description="only events of this story")

    @field_validator("entity", "source", mode="before")
    @classmethod
    def _one_or_many(cls, value):
        return (value,) if isinstance(value, str) else value

    @field_validator("entity", "source")
    @classmethod
    def _named(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if not value.strip() or len(value) > 300:
                raise ValueError("each value must be 1 to 300 characters")
        return values

    @field_validator("q")
    @classmethod
    def _searchable(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse(value)
            except BadQuery as exc:
                raise ValueError(str(exc)) from None
        return value

    @field_validator("country")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return value.upper() if value else value

    @field_validator("near")
    @classmethod
    def _point(cls, value: str | None) -> str | None:
        if value is not None:
            point_of(value)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "EventFilter":
        if self.since and self.until and self.since > self.until:
            raise ValueError("'from' is after 'to'")
        if self.radius_km is not None and self.near is None:
            raise ValueError("radius_km needs near")
        return self

    @property
    def point(self) -> tuple[float, float] | None:
        return point_of(self.near) if self.near else None

    @property
    def radius(self) -> float:
        return self.radius_km or DEFAULT_RADIUS_KM

    def params(self) -> dict:
        """As query parameters, for passing on: only what is set, under its public names."""
        return self.model_dump(by_alias=True, exclude_defaults=True, mode="json")


def point_of(text: str) -> tuple[float, float]:
    try:
        lat, lon = (float(part) for part in text.split(","))
    except ValueError:
        raise ValueError("near must be 'lat,lon' in decimal degrees, like 48.85,2.35") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        raise ValueError("near is off the globe: lat must be -90..90 and lon -180..180")
    return lat, lon


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def names_entity(name: str, wanted: str) -> bool:
    """Whether an entity's name is `wanted`, or starts or ends with it as whole words ("Pezeshkian"
    names "Masoud Pezeshkian"). The read model applies the same rule to names and aliases."""
    name, wanted = name.casefold(), wanted.casefold().strip()
    return name == wanted or name.endswith(" " + wanted) or name.startswith(wanted + " ")


def live_text(event: EventSnapshot) -> str:
    """What `q` searches in a live event: the snapshot's title, summary, entity names and outlets.
    (The read model also searches its articles' text; see docs/decisions/0012.)"""
    return " ".join([event.title, event.summary, *(e.name for e in event.entities), *event.sources])


def matches(
    wanted: EventFilter, event: EventSnapshot, known_as: Mapping[str, frozenset[str]] | None = None
) -> bool:
    """Whether an event revision passes the filter. `known_as` maps an `entity` value to the ids
    of entities the read model knows by that name or alias, so a live "America" matches the United
    States as a search does."""
    known_as = known_as or {}
    for value in wanted.entity:
        ids = known_as.get(value, frozenset()) | {value}
        if not any(
            (e.id in ids or names_entity(e.name, value)) and wanted.type in (None, e.type)
            for e in event.entities
        ):
            return False
    if wanted.type and not wanted.entity and all(e.type != wanted.type for e in event.entities):
        return False
    location = event.location
    if wanted.country and (location is None or (location.country_code or "").upper() != wanted.country):
        return False
    if wanted.point:
        if location is None or location.lat is None or location.lon is None:
            return False
        if distance_km(wanted.point, (location.lat, location.lon)) > wanted.radius:
            return False
    if wanted.source and not {s.casefold() for s in wanted.source} & {s.casefold() for s in event.sources}:
        return False
    if wanted.min_articles and event.article_count < wanted.min_articles:
        return False
    if (wanted.since and event.date < wanted.since) or (wanted.until and event.date > wanted.until):
        return False
    if wanted.story and event.story_id != wanted.story:
        return False
    return not wanted.q or parse(wanted.q).matches(_live_words(live_text(event)))


@functools.lru_cache(maxsize=256)
def _live_words(text: str) -> tuple[str, ...]:
    """An event's words, made once for all the subscriptions and streams that test it."""
    return tuple(words(text))
