"""The read model's entity filter keys let through exactly the values that the live filter's rule
(shared.event_filter.names_entity) does."""

import random

from services.query.filters import name_keys
from shared.event_filter import names_entity


def test_keys_are_the_name_and_its_whole_word_starts_and_ends():
    assert name_keys("Masoud Pezeshkian") == {"masoud pezeshkian", "masoud", "pezeshkian"}
    assert name_keys("President Vladimir Putin") >= {"vladimir putin", "president vladimir", "putin"}
    assert "vladimir" not in name_keys("President Vladimir Putin")  # a middle word names nothing
    assert name_keys("  ") == set()


def test_keys_match_the_live_rule_on_random_names():
    rng = random.Random(5)
    words = ["a", "ab", "b", "ba", "x y", ""]
    for _ in range(3000):
        name = " ".join(rng.choice(words) for _ in range(rng.randrange(1, 4))).strip()
        value = " ".join(rng.choice(words) for _ in range(rng.randrange(1, 3))).strip()
        if value:
            assert (value in name_keys(name)) == names_entity(name, value), (name, value)
