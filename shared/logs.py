"""One log format for every service: time, level, service, message."""

import logging


def configure_logging(service: str, level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format=f"%(asctime)s %(levelname)s {service} %(name)s: %(message)s",
        force=True,
    )
    # FastStream logs every message received and processed at INFO; at our volumes that drowns
    # everything else.
    # So do httpx and httpcore, a line per request between services (the gateway's reads, the
    # webhook deliveries): measured, a tenth of the gateway's CPU per read went to it.
    for chatty in ("faststream", "httpx", "httpcore"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLogger().level))
