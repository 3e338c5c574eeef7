"""Markdown (办理流程, 政策详情) to plain blocks for print templates.

The Markdown is rendered by Python-Markdown with the same block extensions as the rest of
the project (``tables``, ``sane_lists``), then the HTML is walked and reduced to a list of
plain-data blocks. Nothing is ever evaluated as Typst markup: every piece of text travels
as a JSON string and the template inserts it as text.

Supported subset (everything else keeps its text and loses its markup):

- paragraphs → ``{"kind": "p", "spans": [...], "depth": 0}``
- headings (``#`` … ``######``) → ``{"kind": "h", "spans": [...]}``
- bulleted items (``-``, ``*``, ``+``) → ``{"kind": "li", "spans": [...], "depth": d}``
- numbered items (``1.``) → ``{"kind": "oli", "number": n, "spans": [...], "depth": d}``
  (``depth`` counts list nesting, 0 for a top-level list)
- pipe tables → ``{"kind": "table", "header": [cell, ...], "rows": [[cell, ...], ...]}``
  where a cell is a list of spans
- inline: ``**strong**`` → span with ``"strong": true``; ``*em*`` → ``"em": true``;
  code, links and raw HTML keep only their text (``<script>`` and ``<style>``
  lose theirs); a hard line break becomes ``"\\n"``.

A span is ``{"text": str, "strong": bool, "em": bool}``; every block also carries
``"text"``, its plain text. A line break inside a paragraph is dropped next to Chinese
characters and becomes one space between Latin words.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from html.parser import HTMLParser

import markdown

from huimin.read.plain_inline import PlainInlineExtension

EXTENSIONS = ["tables", "sane_lists"]

_SOFT = "\x00"  # marks a line break inside a paragraph until we know its neighbours
_SPACES = re.compile(r"[ \t\r\f\v]*\n[ \t\r\f\v\n]*|[ \t\r\f\v]+")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HIDDEN = {"script", "style"}


def markdown_blocks(text: str | None, images: dict[str, dict] | None = None) -> list[dict]:
    """The blocks of a Markdown text (an empty list for none). ``images``: src as written →
    the image block to print there (``{"kind": "img", ...}``); other images are left out."""
    if not text or not text.strip():
        return []
    walker = _Walker(images or {})
    walker.feed(_converter().reset().convert(text))
    walker.close()
    walker.flush()
    return walker.blocks


_local = threading.local()


def _converter() -> markdown.Markdown:
    """One converter per thread, reset before each text (setting one up costs about as much
    as converting a short text)."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(extensions=[*EXTENSIONS, PlainInlineExtension()], output_format="html")
    return md


def _wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in ("W", "F")


def _finish(pieces: list[tuple[str, bool, bool]]) -> list[dict]:
    """Resolve soft breaks against their neighbours and merge runs of the same style."""
    full = "".join(t for t, _, _ in pieces)
    chars = list(full) if _SOFT in full else None  # (looked at only where a soft break is)
    i = full.find(_SOFT)
    while i >= 0:
        before = full[i - 1] if i else ""
        after = full[i + 1] if i + 1 < len(full) else ""
        joined = not before or not after or "\n" in (before, after)
        chars[i] = "" if (joined or _wide(before) or _wide(after)) else " "
        i = full.find(_SOFT, i + 1)
    spans: list[dict] = []
    at = 0
    for text, strong, em in pieces:
        part = full[at:at + len(text)] if chars is None else "".join(chars[at:at + len(text)])
        at += len(text)
        if not part:
            continue
        if spans and spans[-1]["strong"] == strong and spans[-1]["em"] == em:
            spans[-1]["text"] += part
        else:
            spans.append({"text": part, "strong": strong, "em": em})
    if spans:  # no blank at either end of a block
        spans[0]["text"] = spans[0]["text"].lstrip(" ")
        spans[-1]["text"] = spans[-1]["text"].rstrip(" ")
    return [s for s in spans if s["text"]]


def _plain(spans: list[dict]) -> str:
    return "".join(s["text"] for s in spans)


class _Walker(HTMLParser):
    """Collects blocks from the HTML that Python-Markdown writes."""

    def __init__(self, images: dict[str, dict] | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.images = images or {}
        self.blocks: list[dict] = []
        self.pieces: list[tuple[str, bool, bool]] = []
        self.pending: dict | None = None  # the block the current pieces belong to
        self.lists: list[list] = []  # stack of [kind, next number]
        self.strong = 0
        self.em = 0
        self.table: dict | None = None
        self.row: list | None = None
        self.in_head = False
        self.in_pre = 0
        self.hidden = 0  # inside <script> or <style>: their content is not text

    # -- block boundaries -------------------------------------------------------------
    def start_block(self, block: dict) -> None:
        self.flush()
        self.pending = block

    def flush(self) -> None:
        if self.pending is None:
            self.pieces = []
            return
        spans = _finish(self.pieces)
        block, self.pending, self.pieces = self.pending, None, []
        if self.table is not None and "cell" in block:
            if self.row is not None:
                self.row.append(spans)
            return
        if spans:
            block.update(spans=spans, text=_plain(spans))
            self.blocks.append(block)

    def has_text(self) -> bool:
        return any(t.strip(_SOFT + " ") for t, _, _ in self.pieces)

    def depth(self) -> int:
        return max(len(self.lists) - 1, 0)

    # -- HTML events ------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _HEADINGS:
            self.start_block({"kind": "h"})
        elif tag == "p":
            if not (self.pending and self.pending["kind"] in ("li", "oli") and not self.has_text()):
                if self.lists:  # a second paragraph inside a list item
                    self.start_block({"kind": "p", "depth": len(self.lists)})
                else:
                    self.start_block({"kind": "p", "depth": 0})
        elif tag in ("ul", "ol"):
            self.flush()
            start = dict(attrs).get("start") or "1"
            self.lists.append([tag, int(start) if start.isdigit() else 1])
        elif tag == "li":
            kind, number = self.lists[-1] if self.lists else ("ul", 1)
            if kind == "ol":
                self.start_block({"kind": "oli", "number": number, "depth": self.depth()})
                self.lists[-1][1] = number + 1
            else:
                self.start_block({"kind": "li", "depth": self.depth()})
        elif tag == "table":
            self.flush()
            self.table = {"kind": "table", "header": [], "rows": []}
        elif tag == "tr":
            self.row = []
        elif tag == "thead":
            self.in_head = True
        elif tag in ("th", "td"):
            self.start_block({"kind": "cell", "cell": True})
        elif tag in ("strong", "b"):
            self.strong += 1
        elif tag in ("em", "i"):
            self.em += 1
        elif tag == "br":
            self.text("\n")
        elif tag == "img" and self.table is None and dict(attrs).get("src") in self.images:
            # a block of its own where it stands (not in a table); text after it: a paragraph
            pending = self.pending
            self.flush()
            self.blocks.append(dict(self.images[dict(attrs)["src"]]))
            if pending is not None:
                self.pending = {"kind": "p", "depth": pending.get("depth", 0)}
        elif tag == "pre":
            self.in_pre += 1
            self.start_block({"kind": "p", "depth": len(self.lists)})
        elif tag in ("blockquote", "hr", "div"):
            self.flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in _HEADINGS or tag in ("p", "li", "th", "td", "pre"):
            self.flush()
            if tag == "pre":
                self.in_pre -= 1
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif tag == "tr":
            if self.table is not None and self.row is not None:
                (self.table["rows"] if not self.in_head else self.table["header"]).append(self.row)
            self.row = None
        elif tag == "thead":
            self.in_head = False
        elif tag == "table" and self.table is not None:
            table, self.table = self.table, None
            header = table["header"][0] if table["header"] else []
            rows = table["header"][1:] + table["rows"]
            plain = [_plain(c) for c in header] + [_plain(c) for r in rows for c in r]
            self.blocks.append({"kind": "table", "header": header, "rows": rows,
                                "text": " ".join(plain)})
        elif tag in ("strong", "b"):
            self.strong = max(self.strong - 1, 0)
        elif tag in ("em", "i"):
            self.em = max(self.em - 1, 0)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.in_pre:
            self.text(data.strip("\n"))
            return
        if self.pending is None:
            if not data.strip():
                return
            # loose text (e.g. after a nested list inside an item): a paragraph of its own
            self.start_block({"kind": "p", "depth": len(self.lists)})
        self.text(_SPACES.sub(lambda m: _SOFT if "\n" in m.group() else " ", data))

    def text(self, text: str) -> None:
        if self.pending is not None and text:
            self.pieces.append((text, self.strong > 0, self.em > 0))
