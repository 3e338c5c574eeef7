"""The 公众号 preview pages /wechat/YYYY-MM/: the article huimin wechat writes, with 复制 buttons.

For editors, not readers: not in the navigation, the search index or sitemap.xml, and
marked noindex (front matter ``hm_robots``; see templates/theme/main.html and sitemap.xml).
"""

from __future__ import annotations

import posixpath
from functools import partial
from pathlib import Path

from markupsafe import escape

from huimin.model.settings import Settings
from huimin.model.submission import Submission
from huimin.read.templates import TEMPLATES_DIR
from huimin.rules.compilation import compilations
from huimin.rules.links import Links, page_url
from huimin.site.images import page_images
from huimin.site.render import Page, render
from huimin.site.wechat import TITLE, Article, Image, wechat_article
from huimin.site.wechat_html import article_html
from huimin.site.wechat_text import article_markdown

FOLDER = "wechat"
SECTION = "每月汇编"


def images_folder(month: str) -> str:
    """The pictures' folder beside huimin wechat's default output, as the .md names it."""
    return f"{TITLE}-{month}-图片"


def _inline(name: str) -> str:
    text = (TEMPLATES_DIR / "pages" / name).read_text(encoding="utf-8")
    if "</" in text:
        raise ValueError(f"templates/pages/{name} must not contain '</' (it is inlined in the page)")
    return text


def _site_copy(image: Image, month: str) -> tuple[str, str]:
    """The site's copy of the picture (beside its submission's page, huimin.site.images):
    its address relative to /wechat/YYYY-MM/, and the numbered name to save it under."""
    copy = page_images(image.s.images, image.s.path)[image.src]
    href = posixpath.relpath(page_url(image.s.src_uri) + copy.name, f"{FOLDER}/{month}")
    return href, f"{image.n:02d}-{copy.name}"


def preview_html(a: Article, root: Path) -> str:
    month = a.c.month
    return render(
        "pages/wechat_preview.html.j2",
        title=escape(a.title),
        notes=[escape(n) for n in a.notes],
        images=[{
            "n": image.n, "name": escape(name), "alt": escape(image.alt), "href": escape(href),
        } for image, (href, name) in ((image, _site_copy(image, month)) for image in a.images)],
        article=article_html(a),
        text=escape(article_markdown(a, images_folder(month) if a.images else "")),
        style=_inline("wechat.css"),
        script=_inline("wechat.js"),
    )


def wechat_pages(submissions: list[Submission], settings: Settings, root: Path, links: Links | None = None) -> list[Page]:
    """One preview page per month that has public items (``links``: huimin.rules.links)."""
    pages = []
    for c in compilations(submissions, settings, public_only=True):
        if not c.items:
            continue
        pages.append(Page(
            f"{FOLDER}/{c.month}/index.md", render("pages/wechat.md.j2", a=Article(c, settings, [], [], [], None, [])),
            (SECTION,), f"公众号版 {c.month}", nav=False,
            # the article is made when its page is (a preview renders it only when asked for)
            html=partial(_preview, c, settings, root, links),
        ))
    return pages


def _preview(c, settings: Settings, root: Path, links: Links | None) -> str:
    return preview_html(wechat_article(c, settings, root, links), root)
