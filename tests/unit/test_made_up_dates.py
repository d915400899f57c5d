"""The dated stand-in: a gold set's clusters given made-up days, the same for the same seed."""

import json
from datetime import UTC, datetime, timedelta

from services.cli.made_up_dates import with_made_up_dates
from services.cli.main import main

START = datetime(2024, 3, 1, tzinfo=UTC)


def gold_set() -> list[dict]:
    return [
        {"id": f"{c}-{i}", "text": "words", "cluster": c}
        for c in ("quake", "arrest", "visit")
        for i in range(5)
    ]


def test_each_cluster_falls_on_one_day_and_its_reports_within_the_spread():
    dated = with_made_up_dates(gold_set(), seed=3, days=60, start=START, spread_hours=48)
    assert [r["id"] for r in dated] == [r["id"] for r in gold_set()]  # order kept
    for cluster in ("quake", "arrest", "visit"):
        times = [datetime.fromisoformat(r["published"]) for r in dated if r["cluster"] == cluster]
        assert max(times) - min(times) < timedelta(hours=48)
        assert START <= min(times) < START + timedelta(days=62)


def test_the_same_seed_gives_the_same_copy_and_another_seed_another():
    def draw(seed: int) -> list[str]:
        return [r["published"] for r in with_made_up_dates(gold_set(), seed, 60, START, 48)]

    assert draw(7) == draw(7)
    assert draw(7) != draw(8)


def test_the_command_writes_the_copy_and_names_a_bad_line(tmp_path, capsys):
    source, out = tmp_path / "gold.jsonl", tmp_path / "dated.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in gold_set()) + "\n")
    assert main(["eval", "date-clusters", "--dataset", str(source), "--out", str(out), "--seed", "1"]) == 0
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(written) == 15 and all(r["published"] for r in written)
    source.write_text('{"id": "x", "text": "no cluster"}\n')
    assert main(["eval", "date-clusters", "--dataset", str(source), "--out", str(out)]) == 2
    assert f"{source}:1" in capsys.readouterr().err
