"""The filter language's pure parts: the `q` parser, its translations, and validation."""

import pytest
from pydantic import ValidationError

from shared.event_filter import EventFilter, distance_km
from shared.search_text import BadQuery, fts5_match, parse, tsquery, words

pytestmark = pytest.mark.unit


def test_words_fold_case_and_accents_split_on_punctuation_and_stem():
    assert words("Pezeshkian's São-Paulo 7.8 U.S.") == ["pezeshkian", "s", "sao", "paulo", "7", "8", "u", "s"]
    assert words("Earthquakes") == words("earthquake") and words("talks") == words("talk")


def test_the_query_language():
    query = parse('putin "gas  talks" quake OR earthquake -football')
    assert query.groups == ((("putin",),), (("gas", "talk"),), (("quak",), ("earthquak",)))
    assert query.excluded == (("footbal",),)
    assert fts5_match(query) == '("putin") AND ("gas talk") AND ("quak" OR "earthquak") NOT "footbal"'
    assert tsquery(query) == "(('putin')) & (('gas' <-> 'talk')) & (('quak') | ('earthquak')) & !('footbal')"
    assert parse("OR tehran").groups == ((("tehran",),),)  # a leading OR has nothing to join
    assert parse('"open phrase').groups == ((("open", "phrase"),),)
    assert parse('say "AND" NOT(x)*').groups == ((("say",),), (("and",),), (("not", "x"),))


@pytest.mark.parametrize("q", ["-football", "!!! ???", '""', "-"])
def test_a_query_with_nothing_to_look_for_is_refused(q):
    with pytest.raises(BadQuery):
        parse(q)


def test_a_phrase_matches_only_words_in_a_row():
    query = parse('"gas talks"')
    assert query.matches(words("Gas talks resume")) and not query.matches(words("talks on gas"))


@pytest.mark.parametrize(
    "conditions, message",
    [
        ({"from": "2024-02-01", "to": "2024-01-01"}, "'from' is after 'to'"),
        ({"radius_km": 10}, "radius_km needs near"),
        ({"near": "91,0"}, "off the globe"),
        ({"near": "paris"}, "lat,lon"),
        ({"country": "FRA"}, "pattern"),
        ({"story": "s_../x"}, "pattern"),
        ({"q": "-x"}, "no word"),
        ({"entity": [" "]}, "1 to 300"),
        ({"colour": "red"}, "Extra inputs"),
    ],
)
def test_bad_filters_say_what_is_wrong(conditions, message):
    with pytest.raises(ValidationError, match=message):
        EventFilter.model_validate(conditions)


def test_a_filter_passes_on_only_what_is_set_under_its_public_names():
    wanted = EventFilter.model_validate({"from": "2024-01-01", "entity": "Putin", "country": "ir"})
    assert wanted.params() == {"from": "2024-01-01", "entity": ["Putin"], "country": "IR"}


def test_distance():
    assert round(distance_km((48.8566, 2.3522), (51.5074, -0.1278))) == 344  # Paris to London
