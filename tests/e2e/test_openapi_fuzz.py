"""The gateway fuzzed against its own OpenAPI document by schemathesis, the tool its users would
point at it: a bounded run (fixed seed, 25 examples an operation) over every operation but the
endless stream and the replay, with the sample corpus loaded. No server error, and every answer
has a documented status, content type and shape. `make fuzz` runs the same test long
(EVENTWIRE_FUZZ_EXAMPLES examples an operation, and a seed of its own each time)."""

import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.e2e.conftest import wait_for
from tests.e2e.corpus import post, sample_records, settled_events

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
EXAMPLES = os.environ.get("EVENTWIRE_FUZZ_EXAMPLES", "25")
SEED = os.environ.get("EVENTWIRE_FUZZ_SEED", "20261201")


def test_schemathesis_finds_no_server_error_and_no_schema_violation(system, tmp_path):
    with httpx.Client(base_url=system.url, timeout=30) as http:
        ids = {post(http, r)["id"] for r in sample_records()[:8]}
        wait_for(lambda: settled_events(http, ids), 120, "some events to fuzz against")
    st = Path(sys.executable).with_name("st")
    run = subprocess.run(
        [
            str(st), "run", f"{system.url}/openapi.json", "--checks", CHECKS, "--max-examples", EXAMPLES,
            "--seed", SEED, "--workers", "2", "--exclude-path", "/v1/events/stream",
            "--exclude-path", "/v1/replay", "--request-timeout", "20",
        ],
        check=False, capture_output=True, text=True, cwd=tmp_path, timeout=600 if EXAMPLES == "25" else None,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    report = run.stdout[-6000:]
    print(report[-1500:])  # schemathesis's summary: operations, cases and checks run (`make fuzz` shows it)
    assert run.returncode == 0, report
