"""The event's date is the day of the happening, read from each article's lead."""

from datetime import UTC, date, datetime

import pytest

from services.dedup.events.model import event_day, join_event, start_event
from services.extract.when import happened_on, resolve
from shared.messages import Article

THURSDAY = datetime(2017, 11, 2, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "sentence", "expected"),
    [
        ("Wednesday", "Putin arrived in Tehran on Wednesday.", date(2017, 11, 1)),
        ("Thursday", "The leaders met on Thursday.", date(2017, 11, 2)),
        ("Monday", "Rouhani will travel Monday to Moscow.", date(2017, 11, 6)),
        ("Monday", "Rouhani is slated to travel Monday to Moscow.", date(2017, 11, 6)),
        ("Monday", "Rouhani travelled to Moscow on Monday.", date(2017, 10, 30)),
        ("Nov. 1", "Putin was in Tehran on Nov. 1.", date(2017, 11, 1)),
        ("last week", "The visit last week was his first.", date(2017, 10, 26)),
        ("2015", "under the 2015 nuclear deal", None),
        ("January 17, 2016", "the deal took effect on January 17, 2016", None),  # background, far away
    ],
)
def test_date_mentions_resolve_against_the_publish_time(expression, sentence, expected):
    assert resolve(expression, sentence, THURSDAY) == expected


def test_the_first_date_in_the_lead_wins_and_later_ones_are_background():
    text = (
        "Putin arrived in Tehran on Wednesday for talks. " + "More text. " * 60 + "He was last there in June."
    )
    wednesday = (text.index("Wednesday"), text.index("Wednesday") + len("Wednesday"))
    june = (text.index("June"), text.index("June") + 4)
    assert happened_on(text, [june, wednesday], THURSDAY) == date(2017, 11, 1)
    assert happened_on(text, [june], THURSDAY) is None  # outside the lead


def test_a_date_that_names_one_day_beats_a_vague_one_before_it():
    # A commentary a week on: "last week" is seven days back to dateparser, while the next
    # sentence says which day the visit was.
    published = datetime(2017, 11, 9, 9, tzinfo=UTC)
    text = (
        "A senator said the talks in Tehran last week showed how close the two governments have grown. "
        "Putin was in the Iranian capital on Nov. 1, his first trip there in two years."
    )
    spans = [(text.index(s), text.index(s) + len(s)) for s in ("last week", "Nov. 1", "two years")]
    assert happened_on(text, spans, published) == date(2017, 11, 1)
    assert happened_on(text, spans[:1], published) == date(2017, 11, 2)  # a week back, if nothing better


def article(article_id: str, published: datetime) -> Article:
    return Article(
        id=article_id,
        title="T",
        text="x",
        published_at=published,
        published_at_source="metadata",
        ingested_at=published,
    )


def test_the_event_date_is_the_day_most_reports_give_not_the_publication_day():
    late = datetime(2017, 11, 2, 7, tzinfo=UTC)  # published the morning after
    state = start_event(article("a1", late), (), {"x": 1.0}, late, happened=date(2017, 11, 1))
    state = join_event(state, article("a2", late), (), {"x": 1.0}, late, happened=date(2017, 11, 1))
    state = join_event(state, article("a3", late), (), {"x": 1.0}, late, happened=None)
    assert event_day(state) == date(2017, 11, 1)


def test_the_candidate_index_files_an_event_under_its_publication_day():
    from services.dedup.events.model import window_day

    late = datetime(2017, 11, 2, 7, tzinfo=UTC)
    state = start_event(article("a1", late), (), {"x": 1.0}, late, happened=date(2017, 10, 30))
    assert event_day(state) == date(2017, 10, 30)  # what readers see
    assert window_day(state) == date(2017, 11, 2)  # what the window compares articles against
