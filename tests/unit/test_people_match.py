from services.dedup.events.people_match import name_parts, share_a_person


def test_a_surname_alone_or_a_given_name_spelled_another_way_is_the_same_person():
    assert share_a_person(frozenset({"person:comeaux"}), frozenset({"person:arcade joseph comeaux jr."}))
    assert share_a_person(frozenset({"person:jon owen"}), frozenset({"person:john owen"}))
    assert share_a_person(frozenset({"person:arcade joseph comeaux jr."}), frozenset({"person:comeaux"}))
    assert share_a_person(frozenset({"person:w. mark felt"}), frozenset({"person:mark felt"}))


def test_full_names_with_other_given_names_are_other_people():
    assert not share_a_person(frozenset({"person:george w. bush"}), frozenset({"person:reggie bush"}))
    assert share_a_person(
        frozenset({"person:george w. bush"}), frozenset({"person:reggie bush", "person:george bush"})
    )


def test_only_people_count():
    assert not share_a_person(frozenset({"place:jordan"}), frozenset({"person:michael jordan"}))
    assert name_parts("organisation:ford") is None
    assert name_parts("person:martin luther king jr.") == ("king", frozenset({"m", "l"}))
