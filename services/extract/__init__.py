"""Extract: finds the named entities of each ingested article with spaCy and publishes them."""
