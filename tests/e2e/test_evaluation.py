"""`eventwire eval clustering` against a running system: it posts through the API and scores what
the API serves."""

import json
import random

from services.cli.files import sample_corpus_path
from services.cli.main import main


def test_eval_clustering_scores_the_sample_corpus_through_the_api(system, tmp_path, capsys):
    records = [json.loads(line) for line in sample_corpus_path().read_text().splitlines() if line.strip()]
    random.Random(7).shuffle(records)  # the command posts in order of publication, not file order
    dataset = tmp_path / "sample.jsonl"
    with dataset.open("w") as out:
        for r in records:
            gold = {k: r.get(k) for k in ("id", "title", "text", "source", "cluster")}
            out.write(json.dumps({**gold, "published": r.get("published_at")}) + "\n")

    assert main(["eval", "clustering", "--dataset", str(dataset), "--url", system.url]) == 0
    result = json.loads(capsys.readouterr().out)
    print("\nclustering on the sample corpus:", result)
    assert result["articles"] == len(records) and result["gold_clusters"] == 10
    # The sample is built to be unambiguous (look-alike events apart, copies together): anything
    # below a perfect score is a regression.
    assert result["events"] == 10
    assert result["bcubed"]["f1"] == 1.0 and result["pairwise"]["f1"] == 1.0
