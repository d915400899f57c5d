from services.extract.labels import entity_type
from services.extract.logic import clean_span, mentions_from_spans


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

    text = "King Mohammed VI and President Ebrahim Raisi met Supreme Leader Ali Khamenei and Putin."
    for name, full in (("Mohammed VI", "King Mohammed VI"), ("Ebrahim Raisi", "President Ebrahim Raisi"),
                       ("Ali Khamenei", "Supreme Leader Ali Khamenei"), ("Putin", "Putin")):  # fmt: skip
        start = text.index(full)
        assert text[strip_titles(text, start, start + len(full)) : start + len(full)] == name


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
