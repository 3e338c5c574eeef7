"""The month's public items (宜春声音) as an article for a WeChat 公众号 and for 报刊.

A 公众号 editor keeps only inline styles and drops outside links, so the article is built
once here as a small tree and written twice (:mod:`huimin.site.wechat_html`,
:mod:`huimin.site.wechat_text`): every link becomes a numbered footnote under 引用链接
(numbered in order of first appearance, one number per address, as doocs/md does), every
image a numbered placeholder and a file listed for upload.

The bodies are untrusted: they are rendered and cleaned exactly as the site does
(:func:`huimin.site.sanitize.markdown_to_safe_html`) before they are walked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from huimin.model.settings import Settings
from huimin.model.submission import Submission
from huimin.rules.compilation import Compilation
from huimin.rules.links import Links, page_url
from huimin.site.sanitize import markdown_to_safe_html, relink

TITLE = "宜春声音"
_VOID = {"br", "hr", "img"}


def is_public(s: Submission) -> bool:
    """Whether an item may go out to the public (公众号, 报刊): its front matter's ``public``,
    else huimin.yml's ``public_by_kind`` (问题调研类 not public by default), as
    huimin.read.submissions resolved it."""
    return s.public


@dataclass
class Node:
    """An element of a cleaned body. Tags are HTML's, plus ``ref`` (the text of a link,
    attrs ``n``: its footnote) and ``image`` (attrs ``n``, ``alt``)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


@dataclass(frozen=True)
class Footnote:
    n: int
    text: str
    url: str


@dataclass(frozen=True)
class Image:
    n: int
    alt: str
    src: str  # as written in the submission: a file name beside it
    path: Path  # the file
    name: str  # its file name among the images to upload: 01-xxx.jpg
    s: Submission  # the first item that shows it


@dataclass(frozen=True)
class Item:
    s: Submission
    body: Node

    @property
    def summary_repeated(self) -> bool:
        """The body opens with the summary (a Word import takes it from there): the article
        says it once, in the text, not also in a 摘要 box above the same words."""
        first = next((c for c in self.body.children if isinstance(c, Node) or c.strip()), None)
        if not isinstance(first, Node) or first.tag != "p":
            return False
        summary = "".join(self.s.meta.summary.split()).rstrip("…")
        return bool(summary) and "".join(text_of(first).split()).startswith(summary)


@dataclass
class Article:
    c: Compilation
    settings: Settings
    sections: list[tuple[str, list[Item]]]  # (kind, items)
    footnotes: list[Footnote]
    images: list[Image]
    web_ref: int | None  # the footnote of this issue's page on the site (with site_url)
    notes: list[str]  # things the editor should know: internal links left as text

    @property
    def label(self) -> str:
        return f"{self.c.year}年第{self.c.issue}期"

    @property
    def title(self) -> str:
        return f"{TITLE}｜{self.settings.city}乡村振兴{self.label}"

    @property
    def count(self) -> int:
        return sum(len(items) for _, items in self.sections)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("body")
        self._stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self._stack[-1].children.append(node)
        if tag not in _VOID:
            self._stack.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self._stack) - 1, 0, -1):
            if self._stack[i].tag == tag:
                del self._stack[i:]
                return

    def handle_data(self, data):
        self._stack[-1].children.append(data)


def parse(clean_html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(clean_html)
    builder.close()
    return builder.root


def text_of(node: Node | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(text_of(child) for child in node.children)


def site_base(settings: Settings) -> str | None:
    """The site's address ending in ``/``, or None when huimin.yml sets no site_url."""
    url = (settings.site_url or "").strip()
    if not re.match(r"^https?://[^/\s]+", url):
        return None
    return url.rstrip("/") + "/"


class _Collector:
    """Numbers footnotes and images across the whole article, in order of first appearance."""

    def __init__(self, root: Path, settings: Settings) -> None:
        self.root = root
        self.base = site_base(settings)
        self.footnotes: dict[str, Footnote] = {}
        self.images: dict[str, Image] = {}
        self.notes: list[str] = []

    def footnote(self, url: str, text: str) -> int:
        if url not in self.footnotes:
            self.footnotes[url] = Footnote(len(self.footnotes) + 1, text.strip() or url, url)
        return self.footnotes[url].n

    def link(self, s: Submission, href: str, text: str) -> int | None:
        """The footnote of a link in ``s``'s body, or None: the text stays, unlinked."""
        href = href.strip()
        if not href or href.startswith("#"):
            return None
        scheme = href.split(":", 1)[0].lower() if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href) else ""
        if scheme in ("http", "https", "mailto"):
            return self.footnote(href, text)
        if scheme == "tel":
            digits = re.sub(r"[^0-9]", "", href)
            return None if digits and digits in re.sub(r"[^0-9]", "", text) else self.footnote(href, text)
        if scheme:
            return None  # nothing else survives the cleaning
        if self.base is None:
            self.notes.append(f"{s.path}: 站内链接“{text.strip() or href}”（{href}）保留为文字："
                              "huimin.yml 未设置 site_url，无法写出网址")
            return None
        target = href.lstrip("/") if href.startswith("/") else urljoin("/" + page_url(s.src_uri), href).lstrip("/")
        path, _, anchor = target.partition("#")
        if path.endswith(".md"):
            path = page_url(path)
        return self.footnote(self.base + path + (f"#{anchor}" if anchor else ""), text)

    def image(self, s: Submission, src: str) -> Image | None:
        """The numbered picture of ``src`` in ``s`` (checked by huimin.read.images: a file
        beside the submission); None for one that was not checked (reference style)."""
        body_image = next((i for i in s.images if i.src == src), None)
        if body_image is None:
            return None
        key = str(body_image.path)
        if key not in self.images:
            n = len(self.images) + 1
            self.images[key] = Image(n, body_image.alt, body_image.src, body_image.path,
                                     f"{n:02d}-{body_image.path.name}", s)
        return self.images[key]


def _walk(node: Node, s: Submission, collect: _Collector) -> Node:
    out = Node(node.tag, dict(node.attrs))
    for child in node.children:
        if isinstance(child, str):
            out.children.append(child)
            continue
        if child.tag == "a":
            inner = _walk(child, s, collect)
            n = collect.link(s, child.attrs.get("href", ""), text_of(child))
            if n is None:
                out.children.extend(inner.children)
            else:
                out.children.append(Node("ref", {"n": str(n)}, inner.children))
        elif child.tag == "img":
            image = collect.image(s, child.attrs.get("src", ""))
            if image is not None:
                out.children.append(Node("image", {"n": str(image.n), "alt": image.alt}))
        else:
            out.children.append(_walk(child, s, collect))
    return out


def wechat_article(c: Compilation, settings: Settings, root: Path, links: Links | None = None) -> Article:
    """The article of ``c``'s public items, grouped by kind, in the compilation's order.
    ``links``: the changes to links between items (huimin.rules.links): a link to an item
    that is not public stays text, as on the site."""
    collect = _Collector(root, settings)
    links = links or Links()
    sections: list[tuple[str, list[Item]]] = []
    for kind, by_unit in c.groups.items():
        items = [Item(s, _walk(parse(relink(markdown_to_safe_html(s.body), links.of(s.src_uri))), s, collect))
                 for unit_items in by_unit.values() for s in unit_items if is_public(s)]
        if items:
            sections.append((kind, items))
    shown = {item.s.path for _, items in sections for item in items}
    collect.notes += [str(p) for p in links.public_notices if p.path in shown]  # notes go on the preview page
    web_ref = None
    if collect.base is not None:
        web_ref = collect.footnote(f"{collect.base}compilations/{c.month}/", f"{c.year}年第{c.issue}期每月汇编（网页版）")
    return Article(c, settings, sections, list(collect.footnotes.values()), list(collect.images.values()),
                   web_ref, collect.notes)
