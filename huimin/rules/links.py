"""Links between county write-ups: where each goes on the site, and which go nowhere.

A public submission may link to another item: ``[见](../2026-07/b.md)`` or ``[见](../b/)``.
Its body is sanitized HTML on the site (MkDocs does not rewrite links in it) and numbered
footnotes in the WeChat article. So a link to another item's Markdown file is pointed at
that item's page here, and a link to an item that is **not public** (it has no page; even
its address, made from its file name, must not appear on the site) is made plain text, on
the site and in the WeChat article alike; the build and ``huimin check`` say where it is.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin

from huimin.model.errors import Problem
from huimin.model.submission import Experience, Submission

FIELD = "链接"
WITHHELD_MESSAGE = ("链接“{text}”指向不公开的报送 {target}（{title}），网站上没有它的页面：网站和公众号文章中"
                    "这个链接改为文字（不是链接）；如需链接，请先审定它可以公开（public: true）")
# the same, on a page of the site (the WeChat preview): without the item's file and title
PUBLIC_MESSAGE = "链接“{text}”指向不公开的报送，网站上没有它的页面，已改为文字（不是链接）"


def page_url(src_uri: str) -> str:
    """The site path of a docs page (``use_directory_urls``): a/b.md → a/b/, a/index.md → a/."""
    path = src_uri.removesuffix(".md")
    path = path.removesuffix("index") if path.endswith("/index") or path == "index" else path + "/"
    return path


def link_target(src_uri: str, href: str) -> tuple[str, str]:
    """(site path, anchor) that ``href``, written in the file ``src_uri``, points at: a
    Markdown file relative to that file (as MkDocs reads links), any other address relative
    to its page (as the browser does)."""
    address, _, anchor = href.partition("#")
    address = address.partition("?")[0]
    if address.startswith("/"):
        path = posixpath.normpath(unquote(address)).lstrip("/")
    else:
        base = src_uri if address.endswith(".md") else page_url(src_uri)
        path = urljoin("/" + base, unquote(address)).lstrip("/")
        path = posixpath.normpath("/" + path).lstrip("/") if path else ""
    if address.endswith("/") and path and not path.endswith("/"):
        path += "/"
    if path.endswith("/index.html") or path == "index.html":
        path = path.removesuffix("index.html")
    return path, anchor


@dataclass
class Links:
    """Per item (src_uri): address as written → the address to use instead, or None for
    plain text. Only the links that need a change are listed."""

    changes: dict[str, dict[str, str | None]] = field(default_factory=dict)
    notices: list[Problem] = field(default_factory=list)  # for the editor's terminal
    public_notices: list[Problem] = field(default_factory=list)  # the same, fit for a page of the site

    def of(self, src_uri: str) -> dict[str, str | None]:
        return self.changes.get(src_uri, {})


def item_links(submissions: list[Submission], experiences: list[Experience]) -> Links:
    """The changes to the links of the public items' bodies, and where a link was made text."""
    pages: dict[str, Submission | Experience] = {}
    for item in [*submissions, *experiences]:
        pages[item.src_uri] = item
        pages[page_url(item.src_uri)] = item
    result = Links()
    for item in [*(s for s in submissions if s.public), *experiences]:
        for link in item.links:
            path, anchor = link_target(item.src_uri, link.href)
            target = pages.get(path) or pages.get(path + "/")
            if target is None or target is item and not path.endswith(".md"):
                continue
            if not getattr(target, "public", True):
                result.changes.setdefault(item.src_uri, {})[link.href] = None
                result.notices.append(Problem(item.path, link.line, link.column, FIELD, WITHHELD_MESSAGE.format(
                    text=link.text, target=target.path, title=target.meta.title)))
                result.public_notices.append(Problem(item.path, link.line, link.column, FIELD,
                                                     PUBLIC_MESSAGE.format(text=link.text)))
            elif path.endswith(".md"):
                relative = posixpath.relpath("/" + page_url(target.src_uri), "/" + page_url(item.src_uri))
                relative = "./" if relative == "." else relative + "/"
                result.changes.setdefault(item.src_uri, {})[link.href] = relative + (f"#{anchor}" if anchor else "")
    return result
