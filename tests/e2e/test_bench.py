"""`eventwire bench` runs end to end and reports every figure it promises (its speed is not judged
here: benchmarks, not timed tests, measure speed)."""

import json

from services.cli.bench_corpus import mean_words, news_length_corpus, sample_texts
from services.cli.main import main


def test_bench_articles_are_news_length_and_rounds_are_new_articles_in_months_of_their_own():
    size = len(sample_texts())
    corpus = news_length_corpus(2 * size)
    first, second = corpus[0], corpus[size]
    assert first["title"] == second["title"] and first["text"] != second["text"]
    assert first["published_at"][:7] != second["published_at"][:7]
    assert 550 <= mean_words(corpus) <= 700
    assert min(len(b["text"].split()) for b in corpus) >= 400
    assert len({b["text"] for b in corpus}) == len(corpus)


def test_bench_reports_rates_delays_cpu_and_memory(capsys):
    assert main(["bench", "--articles", "24", "--paced", "12"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["articles"] == 24
    assert result["pipeline_articles_per_s"] > 0 and result["extraction_articles_per_s"] > 0
    assert 0 < result["delay_ms"]["p50"] <= result["delay_ms"]["p95"]
    assert 0 < result["webhook_delay_ms"]["p50"] <= result["webhook_delay_ms"]["p95"]
    assert 0 < result["query_ms"]["p50"] <= result["query_ms"]["p99"] and result["query_ms"]["clients"] == 50
    assert result["mean_words"] >= 500 and result["pipeline_words_per_s"] > 0
    assert result["redis_messages_per_article"] >= 5 and result["redis_commands_per_article"] > 100
    assert 0 < result["two_core_ceiling_share"] < result["pipeline_share_of_extraction"]
    replicas = {"extract", "extract-2"} if result["extract_replicas"] == 2 else {"extract"}
    services = {"ingest", "dedup", "query", "webhooks", "gateway"} | replicas
    assert set(result["peak_rss_mb"]) == services | {"redis"}
    assert set(result["cpu_ms_per_article"]) == services | {"redis", "bench_clients"}
    assert all(ms > 0 for ms in result["cpu_ms_per_article"].values())
