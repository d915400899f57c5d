"""RSS and Atom feeds: a registry, a poller, and the rules for turning feed items into submissions."""
