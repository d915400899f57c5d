"""Which person a name stands for across articles (the rule; the registry has its own tests)."""

from services.extract.people import could_be_one, resolve_person, worth_registering


def test_given_names_must_fit_within_each_other():
    assert could_be_one("Tayyip Erdogan", "Recep Tayyip Erdogan")
    assert could_be_one("Khamenei", "Ali Khamenei")
    assert could_be_one("ALI KHAMENEI", "Ali Khamenei")
    assert not could_be_one("Mojtaba Khamenei", "Ali Khamenei")
    assert not could_be_one("George H.W. Bush", "George W. Bush")
    assert not could_be_one("Ali Larijani", "Ali Khamenei")


def test_a_bare_surname_goes_to_the_most_reported_person_of_that_name():
    known = {"Ali Khamenei": 12, "Mojtaba Khamenei": 3}
    assert resolve_person("Khamenei", known) == "Ali Khamenei"
    assert resolve_person("Mojtaba Khamenei", known) == "Mojtaba Khamenei"


def test_a_name_nothing_fits_stands_for_itself():
    assert resolve_person("Hassan Rouhani", {"Ali Khamenei": 4}) == "Hassan Rouhani"
    assert resolve_person("Putin", {}) == "Putin"


def test_a_longer_spelling_keeps_the_id_of_the_name_registered_first():
    assert resolve_person("Recep Tayyip Erdogan", {"Tayyip Erdogan": 2}) == "Tayyip Erdogan"


def test_only_names_with_a_given_name_are_registered():
    assert worth_registering("Vladimir Putin") and not worth_registering("Putin")
