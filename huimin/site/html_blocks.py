"""The sanitized HTML blocks of a generated page, set aside before Python-Markdown parses the page.

A policy page carries its long texts (办理流程, 政策详情) as raw HTML blocks that the Markdown
pass leaves alone (:func:`huimin.site.sanitize.policy_text_markdown`). Leaving them alone
still costs two HTML parses of the whole page in pure Python: Python-Markdown's, to find where
each raw block ends, and MkDocs', to collect the ids a link may point at. This preprocessor,
run before both, stores each such block as Python-Markdown's raw HTML stash would (its exact
text, in a paragraph of its own) and hands the rest of the page on. The HTML is the same;
only the parsers see less.

Only blocks exactly as huimin writes them are taken: ``<div class="hm-text">`` on a line of
its own after a blank line, no other ``div`` inside, ``</div>`` on the last line before a blank
line. Sanitized text has no ``id`` attributes, so no anchor is missed.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

OPEN = '<div class="hm-text">'
PRIORITY = 25  # before MkDocs' raw HTML scan (21) and Python-Markdown's html_block (20)
# (the line end after </div> is part of the block, as Python-Markdown stores it)
_BLOCK = re.compile(r'(?:^|(?<=\n\n))<div class="hm-text">\n(?:(?!</?div\b).)*?\n</div>(\n(?=\n|\Z)|\Z)', re.S)


class _SetAside(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if OPEN not in text:
            return lines
        return _BLOCK.sub(lambda m: self.md.htmlStash.store(m.group(0)) + m.group(1), text).split("\n")


class HtmlBlocksExtension(Extension):
    """Registers the preprocessor (see the module's docstring)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(_SetAside(md), "huimin_html_blocks", PRIORITY)
