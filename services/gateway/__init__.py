"""Gateway: the public HTTP face of Eventwire (REST, server-sent events, health, metrics)."""
