from services.extract.labels import entity_type
from services.extract.logic import clean_span, mentions_from_spans
from shared.messages import EntityMention


def test_labels_map_to_entity_types_and_numbers_are_dropped():
    assert entity_type("PERSON", "Vladimir Putin") == "person"
    assert entity_type("GPE", "Iran") == "country"
    assert entity_type("GPE", "Tehran") == "place"
    assert entity_type("GPE", "U.S.") == "country"
    assert entity_type("NORP", "Iranian") == "group"
    assert entity_type("DATE", "Wednesday") is None
    assert entity_type("CARDINAL", "three") is None


def test_clean_span_trims_article_and_possessive_and_moves_offsets():
    text = "Talks with the Kremlin's envoy"
    start = text.index("the")
    surface, s, e = clean_span(text, start, start + len("the Kremlin's"))
    assert surface == "Kremlin" and text[s:e] == "Kremlin"


def test_mentions_keep_offsets_into_the_text():
    text = "Vladimir Putin met Ali Khamenei in Tehran on Wednesday."
    spans = [(0, 14, "PERSON"), (19, 31, "PERSON"), (35, 41, "GPE"), (45, 54, "DATE")]
    mentions = mentions_from_spans(text, spans)
    assert [m.text for m in mentions] == ["Vladimir Putin", "Ali Khamenei", "Tehran"]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_titles_are_kept_apart_from_names():
    from services.extract.refine import strip_titles

    text = (
        "King Mohammed VI and President Ebrahim Raisi met Supreme Leader Ali Khamenei and Putin. "
        "Ayatollah Seyyed Ali Khamenei spoke. Prosecutor Terry White and attorney Shawn Holley argued."
    )
    for name, full in (("Mohammed VI", "King Mohammed VI"), ("Ebrahim Raisi", "President Ebrahim Raisi"),
                       ("Ali Khamenei", "Supreme Leader Ali Khamenei"), ("Putin", "Putin"),
                       ("Ali Khamenei", "Ayatollah Seyyed Ali Khamenei"), ("Terry White", "Prosecutor Terry White"),
                       ("Shawn Holley", "attorney Shawn Holley")):  # fmt: skip
        start = text.index(full)
        assert text[strip_titles(text, start, start + len(full)) : start + len(full)] == name


def test_a_headline_verb_is_not_part_of_a_name():
    text = "Russian President Vladimir Putin Said to Be Embracing Iran"
    (putin,) = mentions_from_spans(text, [(18, 37, "PERSON")])
    assert putin.text == "Vladimir Putin" and text[putin.start : putin.end] == "Vladimir Putin"


def test_person_spans_take_in_a_given_name_but_not_a_place_or_title():
    text = "Recep Tayyip Erdogan spoke. In Moscow Putin said no. President Putin left."
    spans = [(6, 20, "PERSON"), (31, 37, "GPE"), (38, 43, "PERSON"), (63, 68, "PERSON")]
    mentions = mentions_from_spans(text, spans)
    assert [m.text for m in mentions if m.type == "person"] == ["Recep Tayyip Erdogan", "Putin", "Putin"]


def test_cities_read_as_nationalities_become_places():
    text = "The quake struck Herat, and Iranian aid arrived."
    mentions = mentions_from_spans(text, [(17, 22, "NORP"), (28, 35, "NORP")])
    assert [(m.text, m.type, m.label) for m in mentions] == [
        ("Herat", "place", "GPE"),
        ("Iranian", "group", "NORP"),
    ]


def test_the_moon_is_a_place_unless_a_person_bears_the_name():
    space = "The lander reached the Moon on Friday."
    assert [(m.text, m.type) for m in mentions_from_spans(space, [(23, 27, "PERSON")])] == [("Moon", "place")]
    korea = "Moon Jae-in spoke. Moon said more."
    spans = [(0, 11, "PERSON"), (19, 23, "PERSON")]
    assert [m.type for m in mentions_from_spans(korea, spans)] == ["person", "person"]


def test_names_are_resolved_inside_the_article():
    from services.extract.canonical import canonicalise

    text = (
        "Vladimir Putin met Ali Khamenei. Putin said the Islamic Revolutionary Guard Corps (IRGC) would stay. "
        "Khamenei thanked the IRGC. Iranian and Azeri officials met U.S. envoys; America objected."
    )

    def span(surface: str, label: str, kind: str, nth: int = 0) -> EntityMention:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        return EntityMention(text=surface, label=label, type=kind, start=start, end=start + len(surface))

    mentions = (
        span("Vladimir Putin", "PERSON", "person"), span("Ali Khamenei", "PERSON", "person"),
        span("Putin", "PERSON", "person", 1), span("Islamic Revolutionary Guard Corps", "ORG", "organisation"),
        span("Khamenei", "PERSON", "person", 1), span("IRGC", "ORG", "organisation", 1),
        span("Iranian", "NORP", "group"), span("Azeri", "NORP", "group"), span("U.S.", "GPE", "country"),
        span("America", "GPE", "country"),
    )  # fmt: skip
    resolved = [(m.text, m.canonical, m.type) for m in canonicalise(text, mentions)]
    assert resolved == [
        ("Vladimir Putin", "Vladimir Putin", "person"), ("Ali Khamenei", "Ali Khamenei", "person"),
        ("Putin", "Vladimir Putin", "person"),
        ("Islamic Revolutionary Guard Corps", "Islamic Revolutionary Guard Corps", "organisation"),
        ("Khamenei", "Ali Khamenei", "person"), ("IRGC", "Islamic Revolutionary Guard Corps", "organisation"),
        ("Iranian", "Iran", "country"), ("Azeri", "Azerbaijan", "country"),
        ("U.S.", "United States", "country"), ("America", "United States", "country"),
    ]  # fmt: skip


def test_two_people_who_share_a_surname_stay_apart_when_both_are_named_in_full():
    from services.extract.canonical import canonicalise

    text = "Hillary Clinton and Bill Clinton spoke. Clinton left."
    mentions = (
        EntityMention(text="Hillary Clinton", label="PERSON", type="person", start=0, end=15),
        EntityMention(text="Bill Clinton", label="PERSON", type="person", start=20, end=32),
        EntityMention(text="Clinton", label="PERSON", type="person", start=40, end=47),
    )
    assert [m.canonical for m in canonicalise(text, mentions)] == [
        "Hillary Clinton",
        "Bill Clinton",
        "Clinton",
    ]


def test_a_place_written_with_its_kind_of_region_is_the_place():
    from services.extract.canonical import canonicalise

    text = "Buildings fell in Kahramanmaras province. In Kahramanmaras, rescuers dug."
    mentions = mentions_from_spans(text, [(18, 40, "GPE"), (45, 58, "GPE")])
    assert [m.canonical for m in canonicalise(text, mentions)] == ["Kahramanmaras", "Kahramanmaras"]
