"""Near-duplicate detection: copies with a trimmed ending or added boilerplate are found, reworded
coverage of the same happening is not."""

from services.dedup.events.near_duplicates import bands, copy_of, signature, similarity

WIRE = (
    "A magnitude 6.4 earthquake struck the mountainous north of the province early on Tuesday, "
    "collapsing dozens of mud-brick houses in three villages and cutting the only road to the valley. "
    "Rescue teams from the provincial capital reached the area by helicopter before noon and began "
    "searching the rubble with sniffer dogs. The health ministry said at least 41 people had died and "
    "more than 200 were injured, many of them children who were asleep when the shaking began. "
    "Aftershocks continued through the day, and officials urged residents to stay outdoors overnight."
)
TRIMMED = WIRE.rsplit(" Aftershocks", 1)[0] + " Share this story on Facebook. Subscribe to our newsletter."
REWORDED = (
    "Dozens of people were killed when a strong quake hit northern villages on Tuesday morning, officials "
    "said. Houses built of mud brick collapsed and the valley road was cut, so helicopters carried rescuers "
    "in from the capital. At least 41 deaths were confirmed by the health ministry, with over 200 injured."
)


def test_a_trimmed_copy_with_boilerplate_is_a_copy_and_a_rewrite_is_not():
    wire, trimmed, reworded = signature(WIRE), signature(TRIMMED), signature(REWORDED)
    assert similarity(wire, trimmed) >= 0.5
    assert similarity(wire, reworded) < 0.2
    assert set(bands(wire)) & set(bands(trimmed))  # LSH puts the copy in a shared bucket
    assert copy_of(trimmed, {"w": wire, "r": reworded}, {}) == "w"
    assert copy_of(reworded, {"w": wire}, {}) is None


def test_a_copy_of_a_copy_points_to_the_first_copy():
    assert copy_of(signature(TRIMMED), {"second": signature(WIRE)}, {"second": "first"}) == "first"


def test_a_text_too_short_to_compare_has_no_signature():
    assert signature("Putin lands in Tehran.") is None
