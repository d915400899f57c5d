"""Dedup: assigns each enriched article to an event, new or existing, and publishes the event."""
