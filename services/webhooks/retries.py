"""When a failed delivery is tried again: exponential backoff with jitter.

The n-th retry waits base x 4^(n-1), capped, times a random factor in [0.5, 1.5): with the
defaults (5 s base, 2 h cap, 8 tries) the tries span about four hours, so a receiver that is down
for an hour gets everything once it is back, and receivers that failed together do not all come
back at the same instant.
"""

import random


def retry_delay_s(failed_tries: int, base_s: float, cap_s: float, rng: random.Random | None = None) -> float:
    """Seconds to wait after the `failed_tries`-th failure (1 after the first)."""
    draw = (rng or random).random()
    return min(base_s * 4 ** (failed_tries - 1), cap_s) * (0.5 + draw)
