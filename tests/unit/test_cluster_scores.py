"""BCubed and pairwise scores on clusterings worked out by hand."""

import pytest

from services.cli.cluster_scores import bcubed, pairwise

GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}


def test_a_perfect_clustering_scores_one_whatever_the_labels():
    renamed = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "y"}
    assert bcubed(renamed, GOLD)["f1"] == 1.0 and pairwise(renamed, GOLD)["f1"] == 1.0


def test_a_split_costs_recall_and_a_merge_costs_precision():
    split = {"a": 1, "b": 1, "c": 3, "d": 2, "e": 2}
    scores = bcubed(split, GOLD)
    # a, b: recall 2/3; c: 1/3; d, e: 1  -> (2/3 + 2/3 + 1/3 + 1 + 1) / 5
    assert scores["precision"] == 1.0 and scores["recall"] == pytest.approx(11 / 15, abs=1e-4)
    merged = {item: 0 for item in GOLD}
    scores = bcubed(merged, GOLD)
    assert scores["recall"] == 1.0 and scores["precision"] == pytest.approx(
        (3 * 3 / 5 + 2 * 2 / 5) / 5, abs=1e-4
    )
    # Pairs: 4 true pairs (3 + 1) among 10 placed together.
    assert pairwise(merged, GOLD) == {"precision": 0.4, "recall": 1.0, "f1": pytest.approx(0.5714, abs=1e-4)}


def test_singletons_everywhere_have_perfect_pairwise_precision_and_no_recall():
    alone = {item: item for item in GOLD}
    assert pairwise(alone, GOLD)["precision"] == 1.0 and pairwise(alone, GOLD)["recall"] == 0.0


def test_eval_clustering_names_the_bad_line_of_a_dataset(tmp_path, capsys):
    from services.cli.main import main

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "title": "T", "text": "x", "published": null, "cluster": "c"}\n{"id": "b"}\n')
    assert main(["eval", "clustering", "--dataset", str(bad), "--url", "http://127.0.0.1:9"]) == 2
    assert "bad.jsonl:2" in capsys.readouterr().err
