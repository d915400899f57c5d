"""Entry point of the `eventwire` console script."""

import argparse
import json
import logging
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path

from services.cli.dlq import add_dlq_parser, run_dlq
from services.cli.files import dataset_path
from services.cli.post_articles import post_paths, replay_archive
from services.cli.status import add_status_parser, run_status
from services.cli.up import UpOptions, redis_url_from_env, run_up


def _at_least_one(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eventwire", description="News articles in, live events out.")
    commands = parser.add_subparsers(dest="command", required=True)

    up = commands.add_parser("up", help="run Redis and every service on this machine")
    up.add_argument("--port", type=int, default=8000, help="gateway port (default 8000)")
    up.add_argument(
        "--data-dir", type=Path, default=Path("data"), help="where state and logs go (default ./data)"
    )
    up.add_argument("--no-sample", action="store_true", help="do not load the sample corpus")
    up.add_argument("--redis-url", default=None, help="use this Redis instead of starting one (or REDIS_URL)")
    up.add_argument(
        "--extract-replicas",
        type=_at_least_one,
        default=1,
        help="entity-extraction processes sharing its consumer group (default 1, which already runs "
        "a model worker per core, up to 2: EVENTWIRE_EXTRACT_WORKERS)",
    )

    ingest = commands.add_parser("ingest", help="post article files to a running gateway")
    ingest.add_argument("paths", nargs="+", type=Path, help="JSON or JSON Lines files, or folders of them")
    ingest.add_argument("--url", default="http://127.0.0.1:8000", help="gateway URL")
    evaluate = commands.add_parser("eval", help="measure a part of the pipeline on a gold data set")
    measures = evaluate.add_subparsers(dest="measure", required=True)
    ner = measures.add_parser("ner", help="entity recognition: P, R, F1 per PER/ORG/LOC/MISC, as JSON")
    ner.add_argument("--dataset", type=Path, required=True, help="JSON Lines: {id, text, entities}")
    clustering = measures.add_parser(
        "clustering", help="events: BCubed and pairwise P, R, F1 of the running pipeline, as JSON"
    )
    clustering.add_argument(
        "--dataset",
        type=Path,
        required=True,
        help="JSON Lines: {id, title, text, published, source, cluster, story?}; or a built-in set: "
        "sample, lookalikes, stories",
    )
    clustering.add_argument(
        "--level",
        choices=("event", "story"),
        default="event",
        help="which level the top-level scores are for: event_id against cluster (default), or "
        "story_id against story; both are always under 'levels'",
    )
    clustering.add_argument(
        "--url", default=None, help="a running gateway; without it a fresh system is started and stopped"
    )
    order = measures.add_parser(
        "order",
        help="how much the events depend on arrival order: a gold set placed in publication order "
        "and in jittered orders, as JSON",
    )
    order.add_argument(
        "--dataset", type=Path, required=True, help="as for clustering: a JSON Lines file or a built-in set"
    )
    order.add_argument("--orders", type=int, default=20, help="jittered orders to try (default 20)")
    order.add_argument(
        "--jitter",
        type=float,
        default=4.0,
        help="how many places an article may arrive early or late (default 4)",
    )
    order.add_argument("--seed", type=int, default=7, help="seed of the orders (default 7)")
    made_up = measures.add_parser(
        "date-clusters",
        help="write a copy of undated gold sets with made-up dates: each cluster a random day, "
        "its articles within hours of it (a stand-in for dated news)",
    )
    made_up.add_argument(
        "--dataset",
        type=Path,
        action="append",
        required=True,
        help="JSON Lines with cluster; repeat to join sets",
    )
    made_up.add_argument("--out", type=Path, required=True, help="where the dated copy goes")
    made_up.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    made_up.add_argument(
        "--days", type=int, default=60, help="clusters fall on days of this span (default 60)"
    )
    made_up.add_argument(
        "--start",
        type=date.fromisoformat,
        default=date(2024, 3, 1),
        help="first day of the span (default 2024-03-01)",
    )
    made_up.add_argument(
        "--spread-hours", type=int, default=48, help="a cluster's reports within (default 48)"
    )

    bench = commands.add_parser("bench", help="measure the whole pipeline's speed on this machine, as JSON")
    bench.add_argument("--articles", type=int, default=300, help="articles posted flat out (default 300)")
    bench.add_argument("--paced", type=int, default=120, help="articles posted at half rate, for delays")
    bench.add_argument(
        "--dataset",
        type=Path,
        default=None,
        help="post this JSON Lines file's articles ({title?, text, published_at?, source?}) instead "
        "of the news-length sample",
    )
    bench.add_argument(
        "--scale",
        action="store_true",
        help="instead: placement and GET /v1/events by store size, 10k to 1M articles (half an hour or so)",
    )
    bench.add_argument(
        "--read-model",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="with --scale: where the read model lives (postgresql: a server of the bench's own)",
    )

    chaos = commands.add_parser(
        "chaos", help="SIGKILL random services under load, then count what was lost or doubled (JSON)"
    )
    chaos.add_argument("--cycles", type=int, default=100, help="kills, one every --interval (default 100)")
    chaos.add_argument("--interval", type=float, default=3.0, help="seconds between kills (default 3)")
    chaos.add_argument("--rate", type=float, default=3.0, help="articles posted a second (default 3)")
    chaos.add_argument("--seed", type=int, default=1, help="which services are killed, in what order")

    replay = commands.add_parser("replay", help="run every archived input through the pipeline again")
    replay.add_argument("--url", default="http://127.0.0.1:8000", help="gateway URL")
    add_dlq_parser(commands)
    add_status_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per health poll is noise
    if args.command == "up":
        options = UpOptions(
            port=args.port,
            data_dir=args.data_dir,
            sample=not args.no_sample,
            redis_url=args.redis_url or redis_url_from_env(),
            extract_replicas=args.extract_replicas,
        )
        return run_up(options)
    if args.command == "eval":
        return run_evaluation(args)
    if args.command == "bench":
        if args.scale:
            from services.cli.bench_scale import scale_report

            print(json.dumps(scale_report(args.read_model), indent=2))
        else:
            from services.cli.bench import run_bench

            print(json.dumps(run_bench(args.articles, args.paced, args.dataset), indent=2))
        return 0
    if args.command == "chaos":
        from services.cli.chaos import print_chaos

        return print_chaos(args.cycles, args.interval, args.rate, args.seed)
    if args.command == "replay":
        return replay_archive(args.url.rstrip("/"))
    if args.command == "dlq":
        return run_dlq(args)
    if args.command == "status":
        return run_status(args)
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    summary = post_paths(args.paths, args.url.rstrip("/"))
    print(summary.describe())
    return 0 if not summary.rejected else 1


def run_evaluation(args: argparse.Namespace) -> int:
    datasets = [dataset_path(p) for p in (args.dataset if isinstance(args.dataset, list) else [args.dataset])]
    if missing := [str(path) for path in datasets if not path.is_file()]:
        print(f"no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        if args.measure == "date-clusters":
            from services.cli.made_up_dates import date_clusters

            start = datetime.combine(args.start, time(), UTC)
            count = date_clusters(datasets, args.out, args.seed, args.days, start, args.spread_hours)
            print(json.dumps({"articles": count, "out": str(args.out)}))
            return 0
        if args.measure == "order":
            from services.cli.order_eval import evaluate_order  # loads spaCy: only when asked

            print(json.dumps(evaluate_order(datasets[0], args.orders, args.jitter, args.seed), indent=2))
            return 0
        if args.measure == "ner":
            from services.cli.evaluate import evaluate_ner  # loads spaCy: only when asked

            result = evaluate_ner(datasets[0])
        else:
            from services.cli.cluster_eval import evaluate_clustering_on

            result = evaluate_clustering_on(args.url, datasets[0], args.level)
    except ValueError as exc:  # a malformed dataset names its line
        print(str(exc), file=sys.stderr)
        return 2
    except (RuntimeError, TimeoutError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:  # --out in a missing folder, say; TimeoutError is an OSError too, hence the order
        print(str(exc), file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
