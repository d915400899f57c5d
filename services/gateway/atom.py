"""An Atom 1.0 feed (RFC 4287) of events: one entry per event, its id stable across revisions and
its `updated` the event's last change, so a feed reader shows an event once and marks it changed.

Written with the standard library's ElementTree: the format is a dozen elements, and a feed
library would bring its own XML stack for them.
"""

from collections.abc import Iterable
from datetime import datetime
from xml.etree import ElementTree as ET

from shared.api_models import EventPublic

NS = "http://www.w3.org/2005/Atom"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _content(event: EventPublic) -> str:
    lines = [event.summary or event.title, f"Date: {event.date.isoformat()}"]
    if event.location:
        lines.append(f"Place: {event.location.name}")
    if event.entities:
        lines.append("Who and what: " + ", ".join(e.name for e in event.entities))
    lines.append(f"Articles: {event.article_count} from {event.source_count} outlets")
    return "\n".join(lines)


def atom_feed(
    events: Iterable[EventPublic], *, self_url: str, event_url: str, next_url: str | None, now: datetime
) -> bytes:
    """`event_url` is a format string with `{id}`: where an event's JSON is served."""
    events = list(events)
    feed = ET.Element("feed", {"xmlns": NS})
    _add(feed, "id", self_url)
    _add(feed, "title", "Eventwire events")
    _add(feed, "updated", max((e.last_seen for e in events), default=now).isoformat())
    _add(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    if next_url:
        _add(feed, "link", rel="next", href=next_url, type="application/atom+xml")  # RFC 5005 paging
    _add(_add(feed, "author"), "name", "Eventwire")
    _add(feed, "generator", "Eventwire")
    for event in events:
        entry = _add(feed, "entry")
        _add(entry, "id", f"urn:eventwire:event:{event.id}")
        _add(entry, "title", event.title or event.id)
        _add(entry, "published", event.first_seen.isoformat())
        _add(entry, "updated", event.last_seen.isoformat())
        _add(entry, "link", rel="alternate", href=event_url.format(id=event.id), type="application/json")
        _add(entry, "summary", _content(event))
        for entity in event.entities:
            _add(entry, "category", term=entity.id, label=entity.name, scheme=f"urn:eventwire:{entity.type}")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
