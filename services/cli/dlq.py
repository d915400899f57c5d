"""`eventwire dlq list|show ID|replay ID|--all|drop ID`: the dead letters of a running system,
through the gateway's admin routes (the key from --key or EVENTWIRE_ADMIN_KEY)."""

import argparse
import json
import os
import sys

import httpx
from rich.console import Console
from rich.table import Table


def client(url: str, key: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=60)


def add_dlq_parser(commands) -> None:
    dlq = commands.add_parser("dlq", help="read, re-drive or drop the messages that failed every try")
    dlq.add_argument("--url", default="http://127.0.0.1:8000", help="gateway URL")
    dlq.add_argument("--key", default=None, help="an admin API key (default: EVENTWIRE_ADMIN_KEY)")
    actions = dlq.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="the dead letters, newest first")
    listing.add_argument("--stream", default=None, help="only those from this stream")
    listing.add_argument("--json", action="store_true", help="as JSON, for scripts")
    actions.add_parser("show", help="one dead letter with its message").add_argument("id")
    replay = actions.add_parser("replay", help="send a dead letter (or all) to its stream again")
    which = replay.add_mutually_exclusive_group(required=True)
    which.add_argument("id", nargs="?")
    which.add_argument("--all", action="store_true")
    actions.add_parser("drop", help="remove a dead letter for good").add_argument("id")


def run_dlq(args: argparse.Namespace) -> int:
    http = client(args.url, args.key or os.environ.get("EVENTWIRE_ADMIN_KEY"))
    if args.action == "list":
        params = {"stream": args.stream} if args.stream else {}
        answer = http.get("/v1/dead-letters", params=params)
        if not answer.is_success:
            return _failed(answer)
        letters = answer.json()
        if args.json:
            print(json.dumps(letters, indent=2))
            return 0
        table = Table("id", "stream", "group", "tries", "error", title=f"{len(letters)} dead letters")
        for letter in letters:
            table.add_row(
                letter["id"], letter["stream"], letter["group"], str(letter["deliveries"]), letter["error"]
            )
        Console().print(table)
        return 0
    if args.action == "show":
        answer = http.get(f"/v1/dead-letters/{args.id}")
    elif args.action == "drop":
        answer = http.delete(f"/v1/dead-letters/{args.id}")
    elif args.all:
        answer = http.post("/v1/dead-letters/replay")
        if answer.is_success:
            print(f"{answer.json()['replayed']} replayed")
            return 0
    else:
        answer = http.post(f"/v1/dead-letters/{args.id}/replay")
    if not answer.is_success:
        return _failed(answer)
    if answer.status_code != 204:
        print(json.dumps(answer.json(), indent=2))
    return 0


def _failed(answer: httpx.Response) -> int:
    try:
        detail = answer.json().get("detail")
    except ValueError:
        detail = answer.text
    print(f"{answer.status_code}: {detail}", file=sys.stderr)
    return 1
