"""Redis clients for one server or for a Redis Cluster, chosen by what the URL points at.

`EVENTWIRE_REDIS_URL` names a standalone Redis (a managed primary, say) or any node of a Redis
Cluster. Each service asks the server once, before it is built (`INFO cluster`), and makes
cluster-aware clients and a cluster broker when the answer is `cluster_enabled:1`: moving to a
cluster is a change of URL, nothing else. What one decision touches shares a hash tag, so its
scripts and transactions stay within one slot (decision 0017).
"""

import logging
import time

import redis
from faststream.redis import RedisBroker, RedisClusterBroker
from redis.asyncio import Redis, RedisCluster
from redis.asyncio.client import Pipeline
from redis.asyncio.cluster import ClusterPipeline
from redis.commands.core import AsyncScript

log = logging.getLogger(__name__)

_UNREACHABLE = (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError)
_known: dict[str, bool] = {}


def _ask(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    try:
        return bool(int(client.info("cluster").get("cluster_enabled", 0)))
    finally:
        client.close()


def _answer(url: str) -> bool:
    """Whether the Redis at `url` is a cluster node, asked once and remembered once it answers."""
    if url not in _known:
        _known[url] = _ask(url)
    return _known[url]


def is_cluster(url: str) -> bool:
    """`_answer`, taking a Redis that does not answer for a single server (call
    `wait_until_redis_answers` first where that matters)."""
    try:
        return _answer(url)
    except _UNREACHABLE:
        return False


def wait_until_redis_answers(url: str, retry_s: float = 1.0, max_retry_s: float = 10.0) -> None:
    """Until the Redis at `url` answers, trying again less and less often: a service started
    before its Redis waits for it instead of exiting and being restarted over and over."""
    while True:
        try:
            _answer(url)
            return
        except _UNREACHABLE as exc:
            log.warning("Redis at %s does not answer (%s); trying again in %.0f s", redact(url), exc, retry_s)
            time.sleep(retry_s)
            retry_s = min(max_retry_s, retry_s * 2)


def redact(url: str) -> str:
    """`url` without its password, for logs."""
    scheme, sep, rest = url.partition("://")
    _, at, address = rest.rpartition("@")
    return f"{scheme}{sep}{'***@' if at else ''}{address}" if sep else url


def _cluster_url(url: str) -> str:
    # A cluster has only database 0, and RedisCluster refuses a URL that names one.
    scheme, sep, rest = url.partition("://")
    address, _, _ = rest.partition("/")
    return f"{scheme}{sep}{address}"


def redis_client(url: str) -> Redis:
    """An asyncio client for the server or the cluster at `url`. A `RedisCluster` offers the
    commands a `Redis` does (each routed to its key's node), so callers take either."""
    if is_cluster(url):
        return RedisCluster.from_url(_cluster_url(url))  # type: ignore[return-value]
    return Redis.from_url(url)


def node_client(url: str) -> Redis:
    """A plain client on the node `url` names, for pub/sub: a cluster relays every PUBLISH to all
    its nodes, so one node's SUBSCRIBE hears everything, and redis-py's cluster pub/sub is not
    needed."""
    return Redis.from_url(_cluster_url(url) if is_cluster(url) else url)


def create_redis_broker(url: str, **options) -> RedisBroker:
    if is_cluster(url):
        return RedisClusterBroker(_cluster_url(url), **options)
    return RedisBroker(url, **options)


async def queue_script(pipe: Pipeline | ClusterPipeline, script: AsyncScript, keys: list, args: list) -> None:
    """Queues a registered Lua script on `pipe`. redis-py's cluster pipelines refuse EVALSHA by
    name (and could not load a missing script mid-transaction), so there it goes as a plain EVAL
    of the script's text; the keys of one call share a slot, as any script's must."""
    if isinstance(pipe, ClusterPipeline):
        pipe.execute_command("EVAL", script.script, len(keys), *keys, *args)
    else:
        await script(keys=keys, args=args, client=pipe)
