"""Which event an article belongs to: the pure rules, with no I/O.

model.py holds an event's state and how an article changes it; features.py what scoring reads in
one article; scoring.py the decision among candidate events; merging.py when two events turn out
to be one; near_duplicates.py the copies of one text; the rest are the pieces they weigh (words,
salience, offices, people, places). The Redis work is beside this folder, in store.py.
"""
