"""Jinja2 rendering of generated pages: code passes data, ``templates/`` holds the look."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import jinja2
from markupsafe import Markup, escape

from huimin.read.templates import TEMPLATES_DIR
from huimin.site.sanitize import contact_html, inline_markdown_html, policy_text_markdown


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes in the docs tree and its Markdown source.

    Engine-neutral: the MkDocs adapter wraps it in ``File.generated``; another engine
    could write it to disk.
    """

    src_uri: str
    text: str
    section: tuple[str, ...] = field(default=())  # nav section titles, outermost first
    title: str = ""
    nav: bool = True  # listed in the navigation (under ``section``)
    # ready, sanitized HTML that replaces HTML_SLOT after Markdown conversion; or a function
    # that makes it, called when the page itself is made (a page for editors, made on request)
    html: str | Callable[[], str] = ""
    assets: tuple = ()  # (file name, bytes) to put beside the built page: its images


HTML_SLOT = "HUIMIN-HTML-SLOT"
"""Stands alone in a page's Markdown where ``Page.html`` goes: already-clean HTML is not
parsed again by the Markdown engine (county write-ups are long)."""


_MD_SPECIAL = "\\`*_[]{}#|!~"
_MD_ESCAPES = str.maketrans({ch: "\\" + ch for ch in _MD_SPECIAL})


def md_escape(value: object) -> Markup:
    """User text safe in a Markdown inline context: no emphasis, links or tags."""
    return Markup(str(escape(str(value))).translate(_MD_ESCAPES))


def yaml_str(value: object) -> Markup:
    """A YAML scalar for front matter (JSON strings are valid YAML)."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


@lru_cache(maxsize=4)
def environment(templates_dir: str = str(TEMPLATES_DIR)) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["h"] = lambda v: Markup(escape("" if v is None else str(v)))
    env.filters["yaml"] = yaml_str
    # Untrusted policy text (see sanitize.py): cleaned, and safe in the site's Markdown pass.
    env.filters["inline_md"] = lambda v: Markup(inline_markdown_html(str(v)))
    env.filters["untrusted_md"] = lambda v: Markup(policy_text_markdown(str(v)))
    env.filters["tel"] = lambda v: Markup(contact_html(str(v)))
    env.globals["HTML_SLOT"] = HTML_SLOT
    env.filters["anchor"] = lambda slug: Markup("{#" + str(slug) + "}")  # attr_list id
    return env


def render(template: str, **context: object) -> str:
    """Render ``templates/<template>`` with the given data."""
    return environment().get_template(template).render(**context)
