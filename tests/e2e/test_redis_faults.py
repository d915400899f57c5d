"""Redis failing under load, on the whole running system: killed (and started again by `eventwire
up` on its append-only file), and unreachable for 30 s (SIGSTOP: connections hang, as behind a
broken network). Services wait it out and resume without restarting; the gateway answers 503
with Retry-After for what needs Redis; every article it accepted is in exactly one event once."""

import os
import signal
import time

import httpx

from services.cli.bench_corpus import news_length_corpus
from services.cli.chaos import CHAOS_ENV, Poster, drained_verdict, survived
from services.cli.local_system import local_system
from tests.e2e.conftest import wait_for

OUTAGE_S = 30.0


def restarts(system) -> dict[str, int]:
    return {name: s["restarts"] for name, s in system.state()["services"].items()}


def test_redis_killed_under_load_is_restarted_and_loses_nothing_acknowledged(tmp_path):
    with local_system(tmp_path / "data", CHAOS_ENV) as system:
        poster = Poster(system.url, news_length_corpus(120), rate=3.0)
        poster.start()
        time.sleep(8)
        os.kill(system.state()["redis"]["pid"], signal.SIGKILL)
        wait_for(lambda: system.state()["redis"]["restarts"] == 1, 30, "Redis started again")
        time.sleep(8)
        poster.stop.set()
        poster.join()
        verdict = drained_verdict(system.url, set(poster.accepted), deadline_s=240)
        assert survived(verdict), verdict
        assert len(poster.accepted) >= 30 and not poster.refused, (len(poster.accepted), poster.refused)
        assert restarts(system) == dict.fromkeys(restarts(system), 0), "a service restarted"


def test_redis_unreachable_for_30_s_gets_503_with_retry_after_and_everything_resumes(tmp_path):
    with local_system(tmp_path / "data", CHAOS_ENV) as system:
        poster = Poster(system.url, news_length_corpus(150), rate=3.0)
        poster.start()
        time.sleep(8)
        redis_pid = system.state()["redis"]["pid"]
        os.kill(redis_pid, signal.SIGSTOP)
        answers = []
        try:
            started = time.monotonic()
            with httpx.Client(base_url=system.url, timeout=15) as http:
                while time.monotonic() - started < OUTAGE_S:
                    post = http.post(
                        "/v1/articles", json={"text": f"An outage probe {time.time()} in Chile."}
                    )
                    answers.append(("POST /v1/articles", post.status_code, post.headers.get("retry-after")))
                    read = http.get("/v1/events", params={"limit": 5})
                    answers.append(("GET /v1/events", read.status_code, read.headers.get("retry-after")))
                    time.sleep(1)
        finally:
            os.kill(redis_pid, signal.SIGCONT)
        poster.stop.set()
        poster.join()
        writes = [a for a in answers if a[0].startswith("POST")]
        assert writes and all(status == 503 and after for _, status, after in writes), writes
        assert all(status == 200 or (status == 503 and after) for _, status, after in answers), answers
        verdict = drained_verdict(system.url, set(poster.accepted), deadline_s=240)
        assert survived(verdict), verdict
        assert restarts(system) == dict.fromkeys(restarts(system), 0), "a service restarted"
