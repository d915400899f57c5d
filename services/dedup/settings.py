from pydantic import model_validator

from shared.settings import CommonSettings


class DedupSettings(CommonSettings):
    port: int = 8103
    # An article joins the best-scoring candidate event at or above this score (see events/scoring.py).
    join_threshold: float = 0.18
    # Dated articles only join events whose date is within this many days of theirs.
    window_days: int = 7
    # How many candidate events are scored for one article, at most.
    max_candidates: int = 64
    # Events this many days older than the newest are dropped from dedup's Redis state (they stay
    # in the read model); must exceed window_days. Checked every retention_sweep_s.
    retention_days: int = 30
    retention_sweep_s: float = 600.0
    # ...unless an article joined them this recently (wall clock): articles arriving out of date
    # order (a backfill, messages handed on after a crash) still reach their events.
    retention_idle_s: float = 86400.0
    # Longest a decision may hold the dedup lock; a killed holder blocks the others this long.
    decision_lock_s: float = 10.0

    @model_validator(mode="after")
    def _retention_outlasts_the_window(self) -> "DedupSettings":
        if self.retention_days <= self.window_days:
            raise ValueError(
                "retention_days must exceed window_days, or events would go while articles may still join them"
            )
        return self
