"""The shapes of the ids the public API hands out, checked before an id is used.

Every id is a prefix and hex digits (derived from a hash). An id of any other shape names nothing
this API made: it is answered 404 here, and never pasted into the path of a request to an internal
service, where "..", "%00" or a slash would reach another route.
"""

import re

from fastapi import HTTPException

_SHAPES = {
    "article": re.compile(r"^a_[0-9a-f]{16}$"),
    "event": re.compile(r"^e_[0-9a-f]{16}$"),
    "story": re.compile(r"^s_[0-9a-f]{16}$"),
    "entity": re.compile(r"^ent_[0-9a-f]{12}$"),
    "feed": re.compile(r"^f_[0-9a-f]{12}$"),
    "subscription": re.compile(r"^sub_[0-9a-f]{16}$"),
    "key": re.compile(r"^key_[0-9a-f]{12}$"),
}


def checked(kind: str, value: str) -> str:
    """`value` if it has the shape of a `kind` id; otherwise 404, as for any id that names nothing."""
    if not _SHAPES[kind].match(value):
        raise HTTPException(404, f"no {kind} with id {value!r}")
    return value
