from shared.settings import CommonSettings


class DedupSettings(CommonSettings):
    port: int = 8103
    # An article joins the best-scoring candidate event at or above this score (see clustering.py).
    join_threshold: float = 0.18
    # Dated articles only join events whose date is within this many days of theirs.
    window_days: int = 7
    # How many candidate events are scored for one article, at most.
    max_candidates: int = 64
    # Longest a decision may hold the dedup lock; a killed holder blocks the others this long.
    decision_lock_s: float = 10.0
