"""`eventwire eval ner`: scores the extract service's entity recognition on a gold JSON Lines set.

Each line is {id, text, entities: [{start, end, label}]} with labels PER, ORG, LOC, MISC and
character offsets (end exclusive). The extractor runs in this process with the service's own model
and post-processing, so the score is the score of what the pipeline publishes.
"""

from pathlib import Path

from services.cli.gold_sets import BadDataset, gold_records
from services.extract.evaluation import Span, score
from services.extract.labels import LABEL_TO_CONLL
from services.extract.logic import mentions_from_spans
from services.extract.nlp import SpacyRecognizer
from services.extract.settings import ExtractSettings

GOLD_LABELS = frozenset({"PER", "ORG", "LOC", "MISC"})


def _document(record: dict) -> tuple[str, set[Span]]:
    spans = {(int(e["start"]), int(e["end"]), str(e["label"])) for e in record["entities"]}
    if unknown := {label for _, _, label in spans} - GOLD_LABELS:
        raise BadDataset(f"labels must be PER, ORG, LOC or MISC, not {sorted(unknown)}")
    return str(record["text"]), spans


def read_gold(path: Path) -> list[tuple[str, set[Span]]]:
    return list(gold_records(path, "{id, text, entities}", _document))


def evaluate_ner(path: Path) -> dict:
    documents = read_gold(path)
    recognizer = SpacyRecognizer(ExtractSettings().spacy_model)
    recognizer.load()
    scored = []
    for (text, gold), spans in zip(documents, recognizer.spans_many([t for t, _ in documents]), strict=True):
        mentions = mentions_from_spans(text, spans)
        predicted = {(m.start, m.end, LABEL_TO_CONLL[m.label]) for m in mentions if m.label in LABEL_TO_CONLL}
        scored.append((gold, predicted))
    return score(scored)
