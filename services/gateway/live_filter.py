"""The event filter applied to the live stream, one connection's worth.

Entity names are resolved to the ids the read model knows them by (names and aliases) when the
connection opens, so that a live "America" passes the United States as the list does; a name
first seen later still passes by the snapshot's own entity names.

A story passes when the event message before it passed: query announces each event revision
followed by the stories that revision changed, so a story is shown with the change that moved
it. That depends only on the stream, not on the connection: a client resuming from Last-Event-ID
gets what it would have got had it stayed (the entry at Last-Event-ID is read again to know
whether its event passed).
"""

from dataclasses import dataclass, field

from services.gateway.clients import ServiceClient
from services.gateway.relay import forward
from shared.event_filter import EventFilter, matches
from shared.messages import EventStored, StoryStored


async def known_names(query: ServiceClient, wanted: EventFilter) -> dict[str, frozenset[str]]:
    known = {}
    for value in wanted.entity:
        response = await forward(query, "GET", "/entities/known-as", params={"name": value})
        known[value] = frozenset(response.json())
    return known


@dataclass
class LiveFilter:
    wanted: EventFilter
    known_as: dict[str, frozenset[str]] = field(default_factory=dict)
    last_passed: bool = False  # whether the latest event message passed

    def __post_init__(self) -> None:
        # Known once per connection, not rebuilt for every message it is given.
        self.everything = self.wanted == EventFilter()

    def passes(self, stored: EventStored | StoryStored) -> bool:
        if self.everything:
            return True
        if isinstance(stored, StoryStored):
            return self.last_passed
        self.last_passed = matches(self.wanted, stored.event, self.known_as)
        return self.last_passed
