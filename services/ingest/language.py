"""Language identification with py3langid, whose model ships inside the package."""

import py3langid

SAMPLE_CHARS = 2000  # the first paragraphs identify a language as well as the whole text


def detect_language(text: str) -> str | None:
    if not text.strip():
        return None
    code, _ = py3langid.classify(text[:SAMPLE_CHARS])
    return code
