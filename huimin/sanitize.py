"""Untrusted Markdown (county submissions) to safe HTML.

The Markdown is rendered, then cleaned with nh3 (ammonia) against an allow-list: no
script, event handler, ``javascript:``/``data:`` URL, iframe, object, form or style
survives. Only http(s), mailto and tel links, and relative links, are kept.
"""

from __future__ import annotations

import markdown
import nh3

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


def markdown_to_safe_html(text: str) -> str:
    """Render untrusted Markdown and keep only harmless HTML."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return clean_html(html)


def body_html(text: str) -> str:
    """The sanitized body of a county write-up, wrapped for the page."""
    return f'<div class="hm-body">\n{markdown_to_safe_html(text)}\n</div>'
