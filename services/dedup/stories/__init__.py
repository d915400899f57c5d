"""Which story an event continues: the pure rules, with no I/O.

model.py holds a story's state (its events as chapters) and the snapshot it publishes; linking.py
the decision which story, if any, a new event continues. The Redis work is in ../store.py.
"""
