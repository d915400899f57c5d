"""Who and where: entity salience and the event's location."""

from services.dedup.events.salience import locate, named_in, names_a_place
from shared.gazetteer import Gazetteer
from shared.messages import EntityMention

GAZETTEER = Gazetteer()


def test_a_city_in_the_main_country_wins_over_that_country():
    assert locate([("Iran", "country", 10.0), ("Tehran", "place", 2.0)], GAZETTEER).name == "Tehran"


def test_a_city_elsewhere_must_weigh_enough_against_the_main_country():
    landing = [("India", "country", 10.0), ("Johannesburg", "place", 2.0)]
    assert locate(landing, GAZETTEER).name == "India"
    visit = [("Iran", "country", 10.0), ("Moscow", "place", 6.0)]
    assert locate(visit, GAZETTEER).name == "Moscow"


def test_a_shared_city_name_resolves_by_the_countries_the_reports_name():
    lebanon = locate([("Tripoli", "place", 8.0), ("Lebanon", "country", 3.0)], GAZETTEER)
    assert (lebanon.country_code, round(lebanon.lat)) == ("LB", 34)
    assert locate([("Tripoli", "place", 8.0)], GAZETTEER).country_code == "LY"  # no context: the largest
    # A small namesake is not taken on context alone: Paris beside the United States is still France's.
    assert (
        locate([("Paris", "place", 8.0), ("United States", "country", 2.0)], GAZETTEER).country_code == "FR"
    )


def test_no_known_place_means_no_location():
    assert locate([("Moon", "place", 5.0)], GAZETTEER) is None


def test_demonyms_name_people_not_places_and_headlines_match_by_surname():
    iranian = EntityMention(text="Iranian", label="NORP", type="country", start=0, end=7, canonical="Iran")
    iran = EntityMention(text="Iran", label="GPE", type="country", start=0, end=4, canonical="Iran")
    assert not names_a_place(iranian) and names_a_place(iran)
    assert named_in("Putin lands in Tehran", "Vladimir Putin") and not named_in("Quake hits Herat", "Putin")


def test_a_duration_is_not_a_date():
    from datetime import UTC, datetime

    from services.extract.when import resolve

    tuesday = datetime(2017, 3, 28, 17, tzinfo=UTC)
    assert resolve("two days", "He arrived for two days of talks.", tuesday) is None
    assert resolve("Tuesday", "He met Putin on Tuesday.", tuesday).isoformat() == "2017-03-28"
