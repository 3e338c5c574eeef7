"""The policy history on the site: the 政策修订记录 page and the Atom feed of policy changes.

The policy pages' own 最后更新 and 修订记录 are rendered by :mod:`huimin.site.policy_pages`
from the same :class:`PolicyHistory`.
"""

from __future__ import annotations

from huimin.model.settings import Settings
from huimin.read.history import read_history
from huimin.rules.history import PolicyHistory, policy_changes
from huimin.site.compilation_pages import _base, _tag
from huimin.site.feed import atom_feed
from huimin.site.render import Page, render

CHANGES_PAGE = "policies/changes.md"
FEED = "policies/feed.xml"


def policy_history(project) -> tuple[PolicyHistory | None, list[str]]:
    """The history of the project's policy lists (None without git) and the notices to show.
    Cached in the project's ``.huimin-cache/`` (a read-only project reads git every time)."""
    found = read_history(project.root, project.settings.policy_dir, cache_root=project.root)
    if not found.available:
        return None, found.notices
    return policy_changes(found.base, found.revisions, project.as_of), found.notices


def history_pages(history: PolicyHistory, settings: Settings, current: set[str]) -> list[Page]:
    """``current``: the ids that have a policy page (a removed policy's change links nowhere)."""
    return [
        Page(CHANGES_PAGE, render("pages/policy_changes.md.j2", changes=history.recent, current=current,
                                  site={"city": settings.city}), ("政策清单",), "修订记录"),
        Page(FEED, changes_feed(history, settings, current).decode("utf-8"), nav=False),
    ]


def changes_feed(history: PolicyHistory, settings: Settings, current: set[str]) -> bytes:
    base = _base(settings)
    here = f"{base}policies/" if base else ""

    def link(pid: str) -> str:
        return f"{here}{pid}/" if pid in current else f"{here}changes/"

    return atom_feed(
        feed_id=_tag(settings, "policies/changes"),
        title=f"{settings.site_title}：政策修订记录",
        author=settings.bureau,
        self_href=f"{here}feed.xml" if base else "feed.xml",
        alternate=f"{here}changes/" if base else "changes/",
        entries=[{
            "id": _tag(settings, f"policies/{c.policy}/{c.commit[:12]}"),
            "title": f"{c.title}：{c.kind}",
            "href": link(c.policy),
            "updated": c.day,
            "summary": "；".join(c.lines),
        } for c in history.recent],
    )
