"""Query: keeps the read model (events, articles, entities) and answers the gateway's reads."""
