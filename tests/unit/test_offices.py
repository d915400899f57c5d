from services.dedup.events.offices import different_times, offices_held
from shared.messages import EntityMention


def mentions(text: str, names: list[tuple[str, str, str]]) -> list[EntityMention]:
    """(surface, type, canonical) found left to right."""
    found, cursor = [], 0
    for surface, kind, canonical in names:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        label = "PERSON" if kind == "person" else "GPE"
        found.append(
            EntityMention(text=surface, label=label, type=kind, start=start, end=cursor, canonical=canonical)
        )
    return found


def test_an_office_is_a_country_and_a_title_right_before_a_person():
    text = (
        "Iranian President Hassan Rouhani met Russian President Vladimir Putin and Iran's Supreme Leader "
        "Ali Khamenei; former President Mohammad Khatami and President Putin were not counted."
    )
    names = [("Iranian", "country", "Iran"), ("Hassan Rouhani", "person", "Hassan Rouhani"),
             ("Russian", "country", "Russia"), ("Vladimir Putin", "person", "Vladimir Putin"),
             ("Iran", "country", "Iran"), ("Ali Khamenei", "person", "Ali Khamenei"),
             ("Mohammad Khatami", "person", "Mohammad Khatami"), ("Putin", "person", "Vladimir Putin")]  # fmt: skip
    assert offices_held(text, mentions(text, names)) == {
        ("iran:president", "rouhani"),
        ("russia:president", "putin"),
        ("iran:supreme leader", "khamenei"),
    }


def test_different_holders_of_one_office_mean_different_times():
    rouhani = {("iran:president", "rouhani"), ("russia:president", "putin")}
    pezeshkian = {("iran:president", "pezeshkian"), ("russia:president", "putin")}
    assert different_times(rouhani, pezeshkian)
    assert not different_times(rouhani, {("russia:president", "putin")})  # one office, one holder
    assert not different_times(rouhani, {("iran:supreme leader", "khamenei")})  # offices not shared
    assert not different_times(rouhani | pezeshkian, pezeshkian)  # a holder in common: no verdict
