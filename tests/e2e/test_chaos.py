"""`eventwire chaos`, short: a random service SIGKILLed every 2.5 s, eight times, under a steady
load of news-length articles; every accepted article ends in exactly one event once, and nothing
is left pending or dead-lettered. `make chaos` runs the same with a hundred kills."""

from services.cli.chaos import run_chaos, survived


def test_random_kills_under_load_lose_and_double_nothing(tmp_path):
    report = run_chaos(cycles=8, interval_s=2.5, rate=3.0, seed=7, data_dir=tmp_path / "data")
    assert survived(report), report
    assert sum(report["kills"].values()) >= 6 and len(report["kills"]) >= 3, report
    assert report["accepted"] >= 50, report
