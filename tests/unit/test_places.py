"""Where a report says its happening was, and when two such places make two happenings."""

from collections import Counter
from datetime import date

import pytest

from services.dedup.events.features import ArticleFeatures
from services.dedup.events.places import distance_km, stated_place, told_apart
from services.dedup.events.scoring import Candidate, best_event
from shared.gazetteer import Gazetteer
from shared.messages import EntityMention, Location


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def mentions_in(text: str, names: list[tuple[str, str]]) -> tuple[EntityMention, ...]:
    """(name, type) found left to right in `text`, as extract would hand them on."""
    found, cursor = [], 0
    for name, kind in names:
        start = text.index(name, cursor)
        label = "GPE" if kind in ("place", "country") else "PERSON"
        found.append(EntityMention(text=name, label=label, type=kind, start=start, end=start + len(name)))
        cursor = start + len(name)
    return tuple(found)


def test_the_place_is_the_one_the_lead_puts_the_happening_at(gazetteer):
    text = (
        "A strong earthquake struck near the city of Ambato in central Ecuador on Tuesday, officials said. "
        "The tremor was felt in Quito. Engineers from Peru offered help."
    )
    mentions = mentions_in(
        text, [("Ambato", "place"), ("Ecuador", "country"), ("Quito", "place"), ("Peru", "country")]
    )
    place = stated_place("Quake damages homes in the Andes", text, mentions, gazetteer)
    assert place is not None and (place.name, place.country_code) == ("Ambato", "EC")


def test_a_dateline_city_is_not_where_a_summit_elsewhere_took_place(gazetteer):
    text = (
        "MOSCOW - The Kremlin said on Monday that the grain deal could return after the talks in Sochi. "
        "Officials in Moscow said gas was discussed."
    )
    mentions = mentions_in(text, [("MOSCOW", "place"), ("Sochi", "place"), ("Moscow", "place")])
    place = stated_place("Moscow sets terms for the grain deal", text, mentions, gazetteer)
    assert place is not None and place.name == "Sochi"


def test_a_headline_place_counts_once_the_text_names_it_as_a_place(gazetteer):
    text = "The two presidents met at a seaside residence in the Russian resort, Sochi."
    sochi = mentions_in(text, [("Sochi", "place")])
    place = stated_place("Putin Hosts Erdogan In Sochi For Talks", text, sochi, gazetteer)
    assert place is not None and place.name == "Sochi"
    assert stated_place("Putin Hosts Erdogan In Sochi For Talks", text, (), gazetteer) is None
    moscow = mentions_in("Moscow spoke.", [("Moscow", "place")])
    assert stated_place("Moscow says no", "Moscow spoke.", moscow, gazetteer) is None  # named, not placed


def test_a_report_that_places_nothing_says_nowhere(gazetteer):
    text = "Maurice Cheeks was fired as coach of the Philadelphia 76ers on Saturday."
    assert (
        stated_place("Sixers fire Cheeks", text, mentions_in(text, [("Philadelphia", "place")]), gazetteer)
        is None
    )


AMBATO = Location(name="Ambato", country_code="EC", lat=-1.25, lon=-78.62)
RIOBAMBA = Location(name="Riobamba", country_code="EC", lat=-1.67, lon=-78.65)
MALATYA = Location(name="Malatya", country_code="TR", lat=38.35, lon=38.31)
MUNICH = Location(name="Munich", country_code="DE", lat=48.14, lon=11.58)
HAMBURG = Location(name="Hamburg", country_code="DE", lat=53.55, lon=10.0)
ECUADOR = Location(name="Ecuador", country_code="EC")


def test_places_in_two_countries_or_far_apart_in_one_are_two_happenings():
    assert told_apart([AMBATO], set(), [MALATYA], set())
    assert told_apart([MUNICH], set(), [HAMBURG], set())  # 600 km apart
    assert not told_apart([AMBATO], set(), [RIOBAMBA], set())  # 50 km: one quake's towns
    assert not told_apart([ECUADOR], set(), [AMBATO], set())  # the country holds the city
    assert not told_apart([AMBATO], set(), [], set())  # no place stated: no verdict
    assert 45 < (distance_km(AMBATO, RIOBAMBA) or 0) < 55


def test_a_report_naming_the_other_place_is_not_told_apart_by_it():
    # "Coordination in Syria" ended a visit to Moscow: the report names Moscow too.
    moscow = Location(name="Moscow", country_code="RU", lat=55.75, lon=37.62)
    syria = Location(name="Syria", country_code="SY")
    assert not told_apart([syria], {"place:moscow", "country:syria"}, [moscow], {"place:moscow"})
    # A place inside another name counts: the Chargers' receiver was arrested in San Diego.
    san_diego = Location(name="San Diego", country_code="US", lat=32.7, lon=-117.2)
    pittsburgh = Location(name="Pittsburgh", country_code="US", lat=40.4, lon=-80.0)
    assert not told_apart([san_diego], set(), [pittsburgh], {"organisation:san diego chargers"})


def test_look_alike_reports_placed_apart_never_join_dated_or_not():
    template = {"quake": 0.6, "magnitude": 0.5, "struck": 0.4, "rescue": 0.48}
    event = Candidate("e", template, frozenset({"place:ambato"}), date(2024, 3, 12), places=(AMBATO,))
    for day in (date(2024, 3, 13), None):
        report = ArticleFeatures("a", Counter(template), frozenset({"place:malatya"}), day, place=MALATYA)
        assert best_event(report, template, [event], 0.18, 7)[0] is None
        elsewhere_unsaid = ArticleFeatures("a", Counter(template), frozenset(), day)
        assert best_event(elsewhere_unsaid, template, [event], 0.18, 7)[0] == "e"


def test_a_headline_that_opens_with_a_place_puts_the_happening_there(gazetteer):
    text = "Rail workers walked out, leaving Lyon commuters with one train in three."
    lyon = mentions_in(text, [("Lyon", "organisation")])  # the model's type does not matter
    place = stated_place("Lyon commuters stranded as rail workers strike", text, lyon, gazetteer)
    assert place is not None and place.name == "Lyon"
    speaking = "Moscow warned the West on Monday."
    moscow = mentions_in(speaking, [("Moscow", "place")])
    assert stated_place("Moscow says grain deal must wait", speaking, moscow, gazetteer) is None


def test_a_place_that_opens_an_organisation_name_places_nothing(gazetteer):
    text = "The Philadelphia 76ers fired their coach on Saturday after a poor start."
    names = mentions_in(text, [("Philadelphia 76ers", "organisation")])
    assert stated_place("Philadelphia 76ers fire Cheeks", text, names, gazetteer) is None


def test_a_city_name_shared_by_big_cities_abroad_needs_its_country_named(gazetteer):
    text = "Rescuers in the Valencia region searched flooded garages on Wednesday."
    valencia = mentions_in(text, [("Valencia", "place")])
    assert stated_place("Valencia region counts its dead", text, valencia, gazetteer) is None
    in_spain = text + " Spain declared three days of mourning."
    named = mentions_in(in_spain, [("Valencia", "place"), ("Spain", "country")])
    place = stated_place("Valencia region counts its dead", in_spain, named, gazetteer)
    assert place is not None and place.country_code == "ES"
    athens = mentions_in("Fire reached the hills north of Athens.", [("Athens", "place")])
    found = stated_place("Fire nears Athens", "Fire reached the hills north of Athens.", athens, gazetteer)
    assert found is not None and found.country_code == "GR"  # Athens, Georgia is no rival
