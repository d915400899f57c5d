"""Merging two events found to be one happening: when, which id survives, what the merged event holds."""

from datetime import UTC, datetime, timedelta

from services.dedup.events.merging import merge, merge_partner
from services.dedup.events.model import EventState, Member, Tally, as_candidate

T0 = datetime(2023, 10, 7, 8, tzinfo=UTC)


def event(event_id: str, terms: dict, people: list[str], members: int, seen: datetime) -> EventState:
    return EventState(
        id=event_id,
        revision=members,
        term_sum=terms,
        members=[
            Member(id=f"{event_id}-{n}", title="t", source=f"s{n}", published_at=seen, dated=True)
            for n in range(members)
        ],
        entities={f"person:{p}": Tally(name=p.title(), type="person", count=1, salience=1.0) for p in people},
        first_seen=seen,
        last_seen=seen,
    )


QUAKE = {"quak": 0.8, "herat": 0.5, "kill": 0.3}


def test_an_event_alike_enough_is_its_partner_and_an_unrelated_one_is_not():
    mine = event("a", QUAKE, ["ali"], 1, T0)
    same = event("b", {"quak": 0.7, "herat": 0.6, "kill": 0.2}, ["ali"], 2, T0)
    other = event("c", {"summit": 0.9, "treati": 0.4}, ["putin"], 3, T0)
    assert merge_partner(mine, [as_candidate(mine), as_candidate(other)], window_days=7) is None
    assert merge_partner(mine, [as_candidate(other), as_candidate(same)], window_days=7) == same.id


def test_events_far_apart_in_time_never_merge():
    mine = event("a", QUAKE, ["ali"], 1, T0)
    years_later = event("b", QUAKE, ["ali"], 1, T0 + timedelta(days=700))
    assert merge_partner(mine, [as_candidate(years_later)], window_days=7) is None


def test_the_larger_event_survives_and_holds_everything():
    small = event("small", QUAKE, ["ali"], 1, T0)
    large = event("large", QUAKE, ["ali", "omar"], 3, T0 + timedelta(hours=1))
    merged, absorbed = merge(small, large)
    assert (merged.id, absorbed.id) == ("large", "small")
    assert [m.id for m in merged.members] == ["large-0", "large-1", "large-2", "small-0"]
    assert merged.entities["person:ali"].count == 2 and merged.merged == ["small"]
    assert merged.first_seen == T0 and merged.revision == 4


def test_on_equal_size_the_older_event_survives_and_earlier_merges_follow_it():
    older = event("older", QUAKE, [], 1, T0).model_copy(update={"merged": ["x"]})
    newer = event("newer", QUAKE, [], 1, T0 + timedelta(minutes=5)).model_copy(update={"merged": ["y"]})
    merged, _ = merge(newer, older)
    assert merged.id == "older" and merged.merged == ["x", "newer", "y"]
