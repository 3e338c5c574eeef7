"""Atom feeds (RFC 4287) of the compilations and of the submissions."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
CHINA = timezone.utc  # dates only: noon UTC keeps the same calendar day in China


def _stamp(day: date) -> str:
    return datetime.combine(day, time(4, 0), CHINA).isoformat().replace("+00:00", "Z")


def atom_feed(*, feed_id: str, title: str, author: str, self_href: str, alternate: str,
              entries: list[dict]) -> bytes:
    """``entries``: dicts with id, title, href, updated (date), summary, author (optional)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    updated = max((e["updated"] for e in entries), default=date(2000, 1, 1))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(updated)
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = author
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": self_href})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": alternate})
    for e in sorted(entries, key=lambda e: (e["updated"], e["id"]), reverse=True):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = e["id"]
        ET.SubElement(entry, f"{{{ATOM}}}title").text = e["title"]
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(e["updated"])
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": e["href"]})
        if e.get("author"):
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = e["author"]
        ET.SubElement(entry, f"{{{ATOM}}}summary", {"type": "text"}).text = e["summary"]
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
