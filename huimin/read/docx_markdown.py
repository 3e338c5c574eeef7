"""Mammoth's HTML of a Word file → the Markdown a submission body is written in.

Kept: headings (the body's top level is ``##``: the page title is ``#``), paragraphs,
bold (``**``), italics (``*``), bulleted and numbered lists (nested by 4 spaces), tables
(pipe tables, the first row as header; several paragraphs in a cell joined by ``<br>``),
http(s) and mailto links, and images (``![alt](name)``; an image inside a table goes
after the table, where phones and the brief can show it). Everything else keeps its
text. Text is escaped so Word's ``*``, ``#``, ``[`` or ``1.`` stay text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr", "td", "th", "thead", "tbody"}
_VOID = {"br", "img", "hr"}
_SPACE = re.compile(r"[ \t\r\n\u00a0\u3000\u2002\u2003\u2009]+")
_EDGE = " \t\r\n\u00a0\u3000\u2002\u2003\u2009"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000-\uf8ff\U000f0000-\U0010ffff\ufffe\uffff]")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list = field(default_factory=list)  # Node | str


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree.root


def clean_text(text: str) -> str:
    """Word's control and private-use characters (symbol-font bullets) dropped."""
    return _CONTROL.sub("", text)


def escape(text: str) -> str:
    """Text as Markdown that shows it literally (the start of a block: escape_start)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", text)


def plain(node) -> str:
    """The text of a node, spaces collapsed."""
    if isinstance(node, str):
        return clean_text(node)
    return "".join(plain(c) for c in node.children)


@dataclass
class Block:
    kind: str  # "h", "p", "list", "table", "img"
    markdown: str
    text: str = ""  # plain text (title, summary)
    level: int = 0


class Converter:
    """One document's blocks; ``images(src, alt) -> (name, alt) | None`` names each image."""

    def __init__(self, images) -> None:
        self.images = images
        self.blocks: list[Block] = []
        self.merged_cells = 0

    # ---------------------------------------------------------------- inline
    def inline(self, nodes, out_images: list[str]) -> str:
        parts = []
        for n in nodes:
            if isinstance(n, str):
                parts.append(escape(_SPACE.sub(" ", clean_text(n))))
            elif n.tag in ("strong", "b", "em", "i"):
                inner = self.inline(n.children, out_images)
                mark = "**" if n.tag in ("strong", "b") else "*"
                core = inner.strip(" ")
                if core:
                    lead, trail = inner[: len(inner) - len(inner.lstrip(" "))], inner[len(inner.rstrip(" ")):]
                    parts.append(f"{lead}{mark}{core}{mark}{trail}")
                else:
                    parts.append(inner)
            elif n.tag == "a":
                inner = self.inline(n.children, out_images)
                href = n.attrs.get("href", "")
                if re.match(r"^(https?:|mailto:)", href, re.I) and inner.strip() and not re.search(r"[\s()<>]", href):
                    parts.append(f"[{inner.strip()}]({href})")
                else:
                    parts.append(inner)
            elif n.tag == "img":
                named = self.images(n.attrs.get("src", ""), n.attrs.get("alt", ""))
                if named:
                    out_images.append(f"![{escape(named[1])}]({named[0]})")
            elif n.tag == "br":
                parts.append("\n")
            else:
                parts.append(self.inline(n.children, out_images))
        return "".join(parts)

    def paragraphs(self, node) -> None:
        """A paragraph; a line break (Shift+Enter) in Word starts a new one; images after it."""
        images: list[str] = []
        text = self.inline(node.children, images)
        for line in text.split("\n"):
            line = _tidy(line)
            if line:
                self.blocks.append(Block("p", escape_start(line), _unescape(line)))
        for image in images:
            self.blocks.append(Block("img", image))

    # ---------------------------------------------------------------- blocks
    def block(self, node) -> None:
        if isinstance(node, str):
            if node.strip(_EDGE):
                self.paragraphs(Node("p", children=[node]))
            return
        tag = node.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            images: list[str] = []
            text = _tidy(self.inline(node.children, images).replace("\n", " "))
            if text:
                level = int(tag[1])
                self.blocks.append(Block("h", text, _unescape(text), level))
            self.blocks += [Block("img", i) for i in images]
        elif tag == "p":
            self.paragraphs(node)
        elif tag in ("ul", "ol"):
            images: list[str] = []
            lines = self.list_lines(node, 0, images)
            if lines:
                self.blocks.append(Block("list", "\n".join(lines), " ".join(_unescape(x) for x in lines)))
            self.blocks += [Block("img", i) for i in images]
        elif tag == "table":
            self.table(node)
        elif tag == "img":
            self.paragraphs(Node("p", children=[node]))
        else:
            for child in node.children:
                self.block(child)

    def list_lines(self, node, depth: int, images: list[str]) -> list[str]:
        lines = []
        number = 1
        for li in (c for c in node.children if isinstance(c, Node) and c.tag == "li"):
            own = [c for c in li.children if not (isinstance(c, Node) and c.tag in ("ul", "ol"))]
            text = _tidy(" ".join(self.inline(own, images).split("\n")))
            marker = f"{number}." if node.tag == "ol" else "-"
            if text:
                lines.append("    " * depth + f"{marker} {escape_start(text)}")
                number += 1
            for sub in (c for c in li.children if isinstance(c, Node) and c.tag in ("ul", "ol")):
                lines += self.list_lines(sub, depth + 1 if text else depth, images)
        return lines

    def table(self, node) -> None:
        rows: list[list[str]] = []
        images: list[str] = []
        for tr in _find(node, "tr"):
            row = []
            for cell in (c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")):
                pieces = [_tidy(p) for p in self.inline(_cell_parts(cell), images).split("\n")]
                row.append("<br>".join(p for p in pieces if p))
                span = int(cell.attrs.get("colspan", "1") or 1) if cell.attrs.get("colspan", "1").isdigit() else 1
                if span > 1 or cell.attrs.get("rowspan", "1") not in ("", "1"):
                    self.merged_cells += 1
                row += [""] * (min(span, 50) - 1)
            if any(row):
                rows.append(row)
        if rows:
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
            lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
            text = " ".join(_unescape(c) for r in rows for c in r)
            self.blocks.append(Block("table", "\n".join(lines), text))
        self.blocks += [Block("img", i) for i in images]


def _cell_parts(cell: Node) -> list:
    """A cell's paragraphs (and nested tables' text) as inline nodes, one line each."""
    out: list = []
    for c in cell.children:
        if isinstance(c, Node) and c.tag in _BLOCKS:
            if out:
                out.append(Node("br"))
            out += _cell_parts(c) if c.tag not in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6") else c.children
        else:
            out.append(c)
    return out


def _find(node: Node, tag: str):
    for c in node.children:
        if isinstance(c, Node):
            if c.tag == tag:
                yield c
            elif c.tag != "table":
                yield from _find(c, tag)


def _tidy(text: str) -> str:
    return _SPACE.sub(" ", text).strip(_EDGE)


def escape_start(line: str) -> str:
    """A block's first characters that Markdown would read as a heading, quote, list or number."""
    line = re.sub(r"^([#>+-])", r"\\\1", line)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", line)


def _unescape(markdown: str) -> str:
    """The plain text of escaped inline Markdown (for the title and summary)."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    text = re.sub(r"\[((?:\\.|[^\]\\])*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\*+|<br>", lambda m: "" if m.group().startswith("*") else " ", re.sub(r"\\\*", "\x00", text))
    text = re.sub(r"\\(.)", r"\1", text.replace("\x00", "*"))
    return text.replace("&lt;", "<").replace("&amp;", "&")


def to_blocks(html: str, images) -> tuple[list[Block], int]:
    """The blocks of mammoth's ``html``; the number of merged table cells split up."""
    converter = Converter(images)
    for node in parse(html).children:
        converter.block(node)
    return converter.blocks, converter.merged_cells
