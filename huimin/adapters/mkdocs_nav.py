"""Material's navigation, rendered once for all the pages that are not in it and sit side by side.

Material writes the whole navigation into every page, each link through a Jinja macro: at
2,000 pages some two fifths of the theme's time. A page that is not in the navigation (a
county's submission; the policies and section indexes are in it) has no link marked active, so its navigation differs from another's
only by the links' addresses, which are relative to the page: pages in the same folder
(``submissions/2025-05/a/`` and ``…/b/``) get the same navigation, unless a link points
inside one of them. ``templates/theme/partials/nav.html`` asks :meth:`NavMemo.key` and
renders Material's own ``partials/nav.html`` (as ``material/partials/nav.html``) once per
key. The pages are byte for byte what Material writes (tests/adapters/test_mkdocs_nav.py).

So the navigation templates (Material's, or a ``custom_dir``'s ``partials/nav-item.html``)
must depend on the page only through the addresses and the active marks, as Material's do.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import material
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from markupsafe import Markup

MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"


class NavMemo:
    def __init__(self, nav, config) -> None:
        self._in_nav = {id(p) for p in nav.pages}
        urls = [getattr(nav.homepage, "url", None), config.extra.get("homepage"), config.theme.get("logo")]
        self._urls = [u for u in [*urls, *_item_urls(nav.items)] if isinstance(u, str)]
        self._rendered: dict[tuple, Markup] = {}

    def key(self, page) -> tuple | None:
        """The key of ``page``'s navigation, or None when it must be rendered for the page alone."""
        if page is None or id(page) in self._in_nav or not isinstance(getattr(page, "url", None), str):
            return None
        url = page.url
        if any(u.startswith(url) for u in self._urls):
            return None
        return (posixpath.dirname(url.rstrip("/")), url.endswith("/"))

    def get(self, key: tuple) -> Markup | None:
        return self._rendered.get(key)

    def put(self, key: tuple, html: str) -> Markup:
        self._rendered[key] = Markup(html)
        return self._rendered[key]


def _item_urls(items) -> list:
    out = []
    for item in items:
        out.append(getattr(item, "url", None))
        out += _item_urls(getattr(item, "children", None) or [])
    return out


def use_nav_memo(env, nav, config):
    """``env`` with Material's templates also under ``material/`` and the memo as ``hm_nav``."""
    env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": FileSystemLoader(str(MATERIAL_TEMPLATES))})])
    env.globals["hm_nav"] = NavMemo(nav, config)
    return env
