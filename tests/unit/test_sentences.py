"""Sentence boundaries shared by summaries, date reading and provenance."""

from shared.sentences import sentence_around, sentences

TEXT = 'Gen. Ali Smith met George W. Bush on Nov. 1 in Tehran. "It went well," he said.\nLater, Smith left.'


def test_abbreviations_and_initials_do_not_end_a_sentence_but_line_breaks_do():
    assert sentences(TEXT) == [
        "Gen. Ali Smith met George W. Bush on Nov. 1 in Tehran.",
        '"It went well," he said.',
        "Later, Smith left.",
    ]


def test_the_sentence_around_a_span():
    start = TEXT.index("Bush")
    assert sentence_around(TEXT, start, start + 4) == "Gen. Ali Smith met George W. Bush on Nov. 1 in Tehran."
    later = TEXT.index("Smith left")
    assert sentence_around(TEXT, later, later + 5) == "Later, Smith left."
