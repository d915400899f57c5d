"""`eventwire bench` runs end to end and reports every figure it promises (its speed is not judged
here: benchmarks, not timed tests, measure speed)."""

import json

from services.cli.bench import bench_corpus
from services.cli.main import main


def test_bench_corpus_rounds_are_new_articles_in_months_of_their_own():
    first, second = bench_corpus(62)[0], bench_corpus(62)[31]
    assert first["title"] == second["title"] and first["text"] != second["text"]
    assert first["published_at"][:7] != second["published_at"][:7]


def test_bench_reports_rates_delays_cpu_and_memory(capsys):
    assert main(["bench", "--articles", "24", "--paced", "12"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["articles"] == 24
    assert result["pipeline_articles_per_s"] > 0 and result["extraction_articles_per_s"] > 0
    assert 0 < result["delay_ms"]["p50"] <= result["delay_ms"]["p95"]
    assert 0 < result["webhook_delay_ms"]["p50"] <= result["webhook_delay_ms"]["p95"]
    assert 0 < result["query_ms"]["p50"] <= result["query_ms"]["p99"] and result["query_ms"]["clients"] == 50
    services = {"ingest", "extract", "dedup", "query", "webhooks", "gateway"}
    assert set(result["peak_rss_mb"]) == services | {"redis"}
    assert set(result["cpu_ms_per_article"]) == services | {"redis", "bench_clients"}
    assert all(ms > 0 for ms in result["cpu_ms_per_article"].values())
