"""Pages and feeds of the monthly compilation: /compilations/YYYY-MM/ and two Atom feeds."""

from __future__ import annotations

from huimin.model.settings import Settings
from huimin.model.submission import Submission
from huimin.rules.compilation import Compilation, compilations
from huimin.site.feed import atom_feed
from huimin.site.render import Page, render

SECTION = "每月汇编"
FEED = "compilations/feed.xml"
SUBMISSIONS_FEED = "submissions/feed.xml"


def compilation_pages(submissions: list[Submission], settings: Settings, brief_links: bool = False,
                      policy_feed: bool = False) -> list[Page]:
    """``policy_feed``: the site has the feed of policy changes (policies/feed.xml), listed with the others."""
    issues = compilations(submissions, settings, public_only=True)  # items not public never reach the site
    pages = [Page(
        "compilations/index.md",
        render("pages/compilations.md.j2", issues=list(reversed(issues)), settings=settings, policy_feed=policy_feed),
        (SECTION,), "每月汇编",
    )]
    for c in reversed(issues):
        pages.append(Page(
            f"compilations/{c.month}/index.md",
            render("pages/compilation.md.j2", c=c, settings=settings, brief=brief_links),
            (SECTION,), f"{c.year}年第{c.issue}期（{c.month}）",
        ))
    pages.append(Page(FEED, compilation_feed(issues, settings).decode("utf-8"), nav=False))
    pages.append(Page(SUBMISSIONS_FEED, submissions_feed(submissions, settings).decode("utf-8"), nav=False))
    return pages


def _base(settings: Settings) -> str:
    return (settings.site_url or "").rstrip("/") + "/" if settings.site_url else ""


def _tag(settings: Settings, path: str) -> str:
    # Stable ids that do not change if the site moves (RFC 4151 tag URIs).
    return f"tag:huimin.{_slug_city(settings)},2023:{path}"


def _slug_city(settings: Settings) -> str:
    from huimin.rules.slugs import slugify

    return slugify(settings.city).replace("-", "")


def compilation_feed(issues: list[Compilation], settings: Settings) -> bytes:
    base = _base(settings)
    return atom_feed(
        feed_id=_tag(settings, "compilations"),
        title=f"宜春声音：{settings.city}乡村振兴每月汇编",
        author=settings.bureau,
        self_href=f"{base}compilations/feed.xml" if base else "feed.xml",
        alternate=f"{base}compilations/" if base else "./",
        entries=[{
            "id": _tag(settings, f"compilations/{c.month}"),
            "title": f"{c.year}年第{c.issue}期（{c.month}）每月汇编",
            "href": f"{base}compilations/{c.month}/" if base else f"{c.month}/",
            "updated": c.date,
            "summary": "；".join(f"{s.meta.unit}：{s.meta.title}" for s in c.items) or "本月无有效信息",
        } for c in issues],
    )


def submissions_feed(submissions: list[Submission], settings: Settings) -> bytes:
    base = _base(settings)
    return atom_feed(
        feed_id=_tag(settings, "submissions"),
        title=f"{settings.city}县市区报送信息",
        author=settings.bureau,
        self_href=f"{base}submissions/feed.xml" if base else "feed.xml",
        alternate=f"{base}submissions/" if base else "./",
        entries=[{
            "id": _tag(settings, s.src_uri.removesuffix(".md")),
            "title": s.meta.title,
            "href": (base + s.src_uri.removesuffix(".md") + "/") if base else s.src_uri.split("/", 1)[1].removesuffix(".md") + "/",
            "updated": s.meta.date,
            "summary": s.meta.summary,
            "author": s.meta.author or s.meta.unit,
        } for s in submissions if s.meta.valid and s.public],
    )
