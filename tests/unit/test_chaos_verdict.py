"""The chaos run's verdict catches what it is there to catch: a lost article, one in two events,
one applied twice; and a merge's survivor is not held to revision == articles."""

from services.cli.chaos import judge, survived


def event(event_id, articles, revision=None, merged=()):
    return {
        "id": event_id,
        "article_ids": list(articles),
        "revision": len(articles) if revision is None else revision,
        "merged_ids": list(merged),
    }


def test_a_clean_run_has_nothing_to_report():
    verdict = judge([event("e1", ["a1", "a2"]), event("e2", ["a3"])], {"a1", "a2", "a3"})
    assert verdict == {"lost": 0, "doubled": 0, "unknown": 0, "misapplied": 0}


def test_lost_doubled_unknown_and_misapplied_are_counted():
    events = [event("e1", ["a1", "a2"]), event("e2", ["a2", "a4"]), event("e3", ["a5"], revision=2)]
    verdict = judge(events, {"a1", "a2", "a3", "a5"})
    assert verdict == {"lost": 1, "doubled": 1, "unknown": 1, "misapplied": 1}
    assert judge([event("e1", ["a1", "a1"])], {"a1"})["doubled"] == 1


def test_the_survivor_of_a_merge_may_have_more_revisions_than_articles():
    assert judge([event("e1", ["a1", "a2"], revision=5, merged=["e2"])], {"a1", "a2"})["misapplied"] == 0


def test_survival_needs_every_count_at_zero_and_the_run_settled():
    clean = {
        "settled": True,
        "lost": 0,
        "doubled": 0,
        "misapplied": 0,
        "pending": 0,
        "lag": 0,
        "dead_lettered": 0,
    }
    assert survived(clean)
    assert not survived({**clean, "settled": False})
    assert not any(
        survived({**clean, k: 1}) for k in ("lost", "doubled", "misapplied", "pending", "dead_lettered")
    )
