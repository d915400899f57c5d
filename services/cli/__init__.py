"""The `eventwire` command: run the whole system on one machine, and feed it files."""
