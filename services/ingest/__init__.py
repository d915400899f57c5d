"""Ingest: gives each submitted article an id, drops exact duplicates and publishes the rest."""
