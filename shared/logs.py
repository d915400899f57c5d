"""One log format for every service: time, level, service, message; or, with
EVENTWIRE_LOG_FORMAT=json, one JSON object a line with the same fields and the message and
correlation ids of the messages being handled, so one article can be followed through every
service's log (`jq 'select(.correlation_ids | index("..."))'`)."""

import contextvars
import json
import logging
from datetime import UTC, datetime

# The (message id, correlation id) pairs of the stream messages the current task is handling,
# set by shared.bus around every handler call.
handling: contextvars.ContextVar[tuple[tuple[str, str], ...]] = contextvars.ContextVar("handling", default=())


class JsonLines(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self._service,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if pairs := handling.get():
            line["message_ids"] = [m for m, _ in pairs]
            line["correlation_ids"] = sorted({c for _, c in pairs})
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(service: str, level: str, fmt: str = "text") -> None:
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonLines(service))
    else:
        handler.setFormatter(logging.Formatter(f"%(asctime)s %(levelname)s {service} %(name)s: %(message)s"))
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    # FastStream logs every message received and processed at INFO; at our volumes that drowns
    # everything else. So do httpx and httpcore, a line per request between services (the
    # gateway's reads, the webhook deliveries): measured, a tenth of the gateway's CPU per read.
    for chatty in ("faststream", "httpx", "httpcore"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLogger().level))
