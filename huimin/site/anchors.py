"""Readable anchors for repeated headings: ``ban-li-liu-cheng-2``, not ``ban-li-liu-cheng_1``.

Python-Markdown's ``toc`` extension makes heading ids unique by appending ``_1``, ``_2``.
This extension runs right after it and renames those to ``-2``, ``-3`` (the second
heading of that name gets ``-2``, as in every other URL of the site), in the headings,
in every link on the page that pointed at them, and in the table of contents the site
engine reads (``md.toc_tokens`` and ``md.toc``). It knows nothing of MkDocs.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

_SUFFIX = re.compile(r"^(.+)_(\d+)$")
_HEADINGS = {f"h{n}" for n in range(1, 7)}
TOC_PRIORITY = 5  # where markdown.extensions.toc registers its treeprocessor


def renamed_ids(ids: list[str]) -> dict[str, str]:
    """Which of ``ids`` (heading ids in page order) to rename: ``x_1`` → ``x-2`` when ``x`` is there too."""
    taken = set(ids)
    renames: dict[str, str] = {}
    for old in ids:
        m = _SUFFIX.match(old)
        if not m or m.group(1) not in taken:
            continue
        base, n = m.group(1), int(m.group(2)) + 1
        new = f"{base}-{n}"
        while new in taken:
            n += 1
            new = f"{base}-{n}"
        taken.add(new)
        renames[old] = new
    return renames


class _Renamer(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        ids = [el.get("id") for el in root.iter() if el.tag in _HEADINGS and el.get("id")]
        renames = renamed_ids(ids)
        if not renames:
            return
        for el in root.iter():
            if el.tag in _HEADINGS and el.get("id") in renames:
                el.set("id", renames[el.get("id")])
            href = el.get("href")
            if href and href.startswith("#") and href[1:] in renames:
                el.set("href", "#" + renames[href[1:]])
        _rename_tokens(getattr(self.md, "toc_tokens", []), renames)
        toc = getattr(self.md, "toc", None)
        if toc:
            self.md.toc = re.sub(r'href="#([^"]+)"',
                                 lambda m: f'href="#{renames.get(m.group(1), m.group(1))}"', toc)


def _rename_tokens(tokens: list[dict], renames: dict[str, str]) -> None:
    for token in tokens:
        if token.get("id") in renames:
            token["id"] = renames[token["id"]]
        _rename_tokens(token.get("children", []), renames)


class HeadingAnchorsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        md.treeprocessors.register(_Renamer(md), "huimin_anchors", TOC_PRIORITY - 0.5)


def makeExtension(**kwargs) -> HeadingAnchorsExtension:  # noqa: N802 - Python-Markdown's API
    return HeadingAnchorsExtension(**kwargs)
