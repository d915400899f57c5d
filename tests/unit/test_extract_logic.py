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
