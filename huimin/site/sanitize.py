"""Untrusted Markdown (county submissions, policy text) to safe HTML.

The Markdown is rendered, then cleaned with nh3 (ammonia) against an allow-list: no
script, event handler, ``javascript:``/``data:`` URL, iframe, object, form or style
survives. Only http(s), mailto and tel links, and relative links, are kept.
"""

from __future__ import annotations

import hashlib
import html
import re
from functools import lru_cache
from html.parser import HTMLParser

import markdown
import nh3
from markupsafe import escape

from huimin.read.plain_inline import PlainInlineExtension
from huimin.site.html_blocks import OPEN as HTML_BLOCK
from huimin.site.images import place_images

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del",
    "sub", "sup", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
    "tr", "th", "td", "caption", "code", "pre", "a", "img", "abbr", "span", "div",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "abbr": {"title"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "sane_lists", PlainInlineExtension()], output_format="html")


_memo = None  # get(key)/put(key, value), kept between builds by the engine adapter (use_memo)


def use_memo(memo) -> None:
    """Keep sanitized texts in ``memo`` (None: only in this process)."""
    global _memo
    _memo = memo


def _remembered(kind: str, text: str, make) -> str:
    """``make(text)``, kept in the memo when there is one (``make`` itself is cached in this
    process: huimin serve renders the site again after each change, unchanged texts are not)."""
    if _memo is None:
        return make(text)
    key = hashlib.sha256(f"{kind}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
    found = _memo.get(key)
    if found is None:
        found = make(text)
        _memo.put(key, found)
    return found


def markdown_to_safe_html(text: str) -> str:
    """Render untrusted Markdown and keep only harmless HTML."""
    return _remembered("safe", text, _safe_html)


@lru_cache(maxsize=16384)
def _safe_html(text: str) -> str:
    return clean_html(_markdown().reset().convert(text))


def body_html(text: str, images: dict | None = None, links: dict[str, str | None] | None = None) -> str:
    """The sanitized body of a county write-up, wrapped for the page; its images
    (huimin.site.images.page_images) placed beside the page; ``links``: address as written →
    the address to use instead, or None for plain text (huimin.rules.links)."""
    clean = relink(markdown_to_safe_html(text), links or {})
    return f'<div class="hm-body">\n{place_images(clean, images or {})}\n</div>'


_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r'\bhref="([^"]*)"')


def relink(clean: str, links: dict[str, str | None]) -> str:
    """Sanitized HTML with the links of ``links`` (address as written → new address, or None:
    the link's text only) changed."""
    if not links:
        return clean

    def one(m: re.Match) -> str:
        href = _HREF.search(m.group(1))
        if href is None or html.unescape(href.group(1)) not in links:
            return m.group(0)
        new = links[html.unescape(href.group(1))]
        if new is None:
            return m.group(2)
        return f"<a{m.group(1)[:href.start(1)]}{html.escape(new)}{m.group(1)[href.end(1):]}>{m.group(2)}</a>"

    return _LINK.sub(one, clean)


# ---------------------------------------------------------------- policy text
#
# Policy lists are untrusted too (pasted from Word and web pages), but their text goes
# through the site's own Markdown pass after our template (headings need the site's
# anchors, table of contents and search sections). So the cleaned HTML is handed on in
# a form that pass cannot re-interpret: blocks as raw HTML blocks (passed through as they
# are; no ``markdown`` attribute survives the cleaning, so md_in_html stays off), headings
# and table cells as escaped text, attribute values with every Markdown character
# written as an entity (Python-Markdown finds links even inside attribute values).

INLINE_TAGS = {"strong", "em", "b", "i", "u", "s", "del", "sub", "sup", "code", "br", "a"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
MD_SPECIAL = "\\`*_[]{}#|!"
_HTML_SPECIAL = "&<>\"'"
_VOID = {"br", "hr", "img", "wbr"}


def _md_text(text: str) -> str:
    """Text with Markdown's special characters backslash-escaped."""
    return "".join("\\" + ch if ch in MD_SPECIAL else ch for ch in text)


def _attr(value: str, inline: bool) -> str:
    """An attribute value; in inline places Markdown's characters too, as entities."""
    special = _HTML_SPECIAL + MD_SPECIAL if inline else _HTML_SPECIAL
    return "".join(f"&#{ord(ch)};" if ch in special else ch for ch in value)


class _Reserializer(HTMLParser):
    """Writes clean HTML out again for the site's Markdown pass.

    ``escape_text``: backslash-escape Markdown in text (inline places: table cells);
    raw HTML blocks are not parsed by Markdown, so there text stays as it is. With
    ``split_headings``, top-level headings come out as Markdown headings of their text.
    """

    def __init__(self, *, escape_text: bool, split_headings: bool = False) -> None:
        super().__init__(convert_charrefs=False)
        self.escape_text = escape_text
        self.split_headings = split_headings
        self.parts: list[tuple[str, str]] = []  # ("html" | "heading", Markdown)
        self._out: list[str] = []
        self._depth = 0
        self._heading: tuple[int, list[str]] | None = None

    def _flush(self) -> None:
        if "".join(self._out).strip():
            self.parts.append(("html", "".join(self._out).strip()))
        self._out = []

    def handle_starttag(self, tag, attrs):
        if self._heading is not None:
            return
        if self.split_headings and self._depth == 0 and tag in HEADINGS:
            self._flush()
            self._heading = (int(tag[1]), [])
            return
        attributes = "".join(f' {k}="{_attr(v or "", self.escape_text)}"' for k, v in attrs)
        self._out.append(f"<{tag}{attributes}>")
        if tag not in _VOID:
            self._depth += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self._heading is None:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self._heading is not None:
            if tag in HEADINGS:
                level, text = self._heading
                plain = html.unescape("".join(text)).strip()
                self.parts.append(("heading", "#" * level + " " + str(escape(_md_text(plain)))))
                self._heading = None
            return
        if tag in _VOID:
            return
        self._depth -= 1
        self._out.append(f"</{tag}>")

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1].append(data)
        else:
            self._out.append(_md_text(data) if self.escape_text else data)

    def handle_entityref(self, name):
        (self._heading[1] if self._heading is not None else self._out).append(f"&{name};")

    def handle_charref(self, name):
        (self._heading[1] if self._heading is not None else self._out).append(f"&#{name};")

    def close(self):
        super().close()
        self._flush()


def _reserialize(clean: str, **options: bool) -> list[tuple[str, str]]:
    parser = _Reserializer(**options)
    parser.feed(clean)
    parser.close()
    return parser.parts


def policy_text_markdown(text: str) -> str:
    """A long policy field (办理流程, 政策详情) as Markdown for the site's pass: cleaned
    like a submission, headings as Markdown headings (anchors, TOC, search sections),
    everything else in raw HTML blocks that pass leaves alone."""
    return _remembered("policy", text, _policy_text_markdown)


@lru_cache(maxsize=16384)
def _policy_text_markdown(text: str) -> str:
    blocks = []
    for kind, part in _reserialize(_safe_html(text), escape_text=False, split_headings=True):
        blocks.append(part if kind == "heading" else f'{HTML_BLOCK}\n{part}\n</div>')  # (site.html_blocks)
    return "\n\n".join(blocks)


@lru_cache(maxsize=1)
def _inline_markdown() -> markdown.Markdown:
    """Paragraphs and inline syntax only: a line starting with 1. or - or # stays text."""
    md = markdown.Markdown(extensions=["nl2br"], output_format="html")
    for name in ("indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist", "quote", "reference"):
        md.parser.blockprocessors.deregister(name, strict=False)
    return md


@lru_cache(maxsize=16384)
def inline_markdown_html(text: str, for_markdown: bool = True) -> str:
    """A short policy field (补助标准, 享受条件) for a Markdown table cell: inline
    Markdown only (bold, italics, code, links, line breaks); raw HTML is shown as text.
    ``for_markdown=False``: plain HTML for a place the site's Markdown pass never sees
    (``Page.html``), so no backslash escapes."""
    rendered = _inline_markdown().reset().convert(html.escape(text, quote=False))
    paragraphs = re.findall(r"<p>(.*?)</p>", rendered, re.S) or [rendered]
    clean = nh3.clean(
        "<br><br>".join(paragraphs), tags=INLINE_TAGS, attributes={"a": {"href", "title"}},
        url_schemes=URL_SCHEMES, link_rel="noopener noreferrer nofollow", strip_comments=True,
    )
    return "".join(part for _, part in _reserialize(clean, escape_text=for_markdown)).replace("\n", "")


# A phone number: digits with blanks, hyphens and brackets between them (0795-3999999,
# (0795) 3999999, +86 795 3999999), at least PHONE_MIN_DIGITS digits.
_PHONE = re.compile(r"[+(（]?[0-9](?:[0-9 \-－()（）]*[0-9])?")
PHONE_MIN_DIGITS = 5
PHONE_FULL_DIGITS = 7  # after this many digits, a blank starts the next number


def _phone_numbers(candidate: str) -> list[str]:
    """``0795-3999999 13800138000`` → two numbers; ``+86 795 3999999`` → one."""
    numbers: list[str] = []
    for chunk in re.split(r"( +)", candidate):
        if numbers and not chunk.strip():
            numbers[-1] += chunk
        elif numbers and sum(c.isdigit() for c in numbers[-1]) < PHONE_FULL_DIGITS:
            numbers[-1] += chunk
        elif chunk:
            numbers.append(chunk)
    return numbers


def contact_parts(text: str) -> list[tuple[str, str | None]]:
    """咨询电话 split into (text, tel) parts: ``tel`` is the number to dial (only the
    digits, and a leading +) for each phone number, None for the text between them."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for m in _PHONE.finditer(text):
        candidate, start = m.group(0), m.start()
        opener = candidate[0]
        if opener in "(（" and candidate.count(opener) > candidate.count(")" if opener == "(" else "）"):
            candidate, start = candidate[1:], start + 1  # the bracket belongs to the text around
        out.append((text[pos:start], None))
        for number in _phone_numbers(candidate):
            blank = number[len(number.rstrip()):]
            number = number.rstrip()
            digits = re.sub(r"[^0-9]", "", number)
            if len(digits) >= PHONE_MIN_DIGITS:
                out.append((number, ("+" if number.startswith("+") else "") + digits))
                out.append((blank, None))
            else:
                out.append((number + blank, None))
        pos = start + len(candidate)
    out.append((text[pos:], None))
    return [(shown, tel) for shown, tel in out if shown]


def contact_html(text: str) -> str:
    """咨询电话 for a Markdown table cell: each phone number its own ``tel:`` link,
    everything else escaped text."""
    return "".join(
        f'<a href="tel:{tel}">{_plain(shown)}</a>' if tel else _plain(shown)
        for shown, tel in contact_parts(text)
    )


def _plain(text: str) -> str:
    """Plain text for a Markdown table cell: HTML-escaped, Markdown-escaped, one line."""
    return str(escape(_md_text(text))).replace("\n", "<br>")
