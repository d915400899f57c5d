"""`eventwire status`: every consumer group of a running pipeline on one screen (or `--json`),
from the gateway's /v1/status."""

import argparse
import json
import os
import sys

from rich.console import Console
from rich.table import Table

from services.cli.dlq import client


def add_status_parser(commands) -> None:
    status = commands.add_parser("status", help="replicas, lag, pending and dead letters of each service")
    status.add_argument("--url", default="http://127.0.0.1:8000", help="gateway URL")
    status.add_argument("--key", default=None, help="an admin API key (default: EVENTWIRE_ADMIN_KEY)")
    status.add_argument("--json", action="store_true", help="as JSON, for scripts")


def run_status(args: argparse.Namespace) -> int:
    answer = client(args.url, args.key or os.environ.get("EVENTWIRE_ADMIN_KEY")).get("/v1/status")
    if not answer.is_success:
        print(f"{answer.status_code}: {answer.text}", file=sys.stderr)
        return 1
    status = answer.json()
    if args.json:
        print(json.dumps(status, indent=2))
        return 0 if status["ready"] else 1
    table = Table("stream", "group", "replicas", "lag", "pending", "dead letters", "last error")
    for g in status["groups"]:
        table.add_row(
            g["stream"], g["group"], str(g["replicas"]), str(g["lag"]), str(g["pending"]),
            str(g["dead_letters"]), g["last_error"] or "",
        )  # fmt: skip
    console = Console()
    console.print(table)
    console.print(
        "ready" if status["ready"] else "[bold red]not ready[/]: Redis or the query service does not answer"
    )
    return 0 if status["ready"] else 1
