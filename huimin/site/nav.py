"""Everything the site shows, as engine-neutral pages plus a sectioned navigation."""

from __future__ import annotations

from typing import Any

from huimin.read.project import Project
from huimin.site.policy_pages import policy_pages
from huimin.site.render import Page

HANDBOOK_URI = "downloads/zheng-ce-du-ben.pdf"  # the printable 政策读本, when built

# Titles of hand-written content folders in the navigation.
FOLDER_TITLES = {
    "submissions": "县市区报送",
    "experience": "宜春经验",
    "compilations": "每月汇编",
}


def site_pages(project: Project, briefs: bool = False, handbook: bool = False, history=None) -> list[Page]:
    """Every generated page of the site, from the validated project. ``briefs`` and ``handbook``:
    the build makes those PDFs, so the pages link to them. ``history``: the policy lists' git
    history (:func:`huimin.site.history_pages.policy_history`), None without git."""
    pages = policy_pages(project.policies, project.as_of, project.settings, handbook=handbook, history=history)
    if history is not None:
        from huimin.site.history_pages import history_pages

        pages += history_pages(history, project.settings, {p.id for p in project.policies})
    from huimin.site.self_check import self_check_pages

    pages = self_check_pages(project.policies, project.as_of) + pages  # near the top of the nav
    from huimin.rules.links import item_links

    links = item_links(project.submissions, project.experiences)  # between write-ups
    from huimin.site.experience_pages import cases_by_measure, experience_pages

    if project.measures is not None:
        from huimin.site.measure_pages import measure_pages

        pages += measure_pages(project.measures, cases_by_measure(project.experiences))
    if project.submissions:
        from huimin.site.submission_pages import submission_pages

        pages += submission_pages(project.submissions, project.settings, links)
        from huimin.site.compilation_pages import compilation_pages

        pages += compilation_pages(project.submissions, project.settings, brief_links=briefs,
                                   policy_feed=history is not None)
        from huimin.site.wechat_pages import wechat_pages  # 公众号版, for editors: not in the nav

        pages += wechat_pages(project.submissions, project.settings, project.root, links)
    if project.experiences:
        pages += experience_pages(project.experiences, project.submissions, project.settings, project.measures,
                                 project.as_of, links)
    return pages


def withheld_sources(project: Project) -> set[str]:
    """Docs-relative paths of the files that must not be published as they are: the
    submissions that are not public (no page, no listing, nothing under site_build/)."""
    return {s.src_uri for s in project.submissions if not s.public}


def build_nav(generated: list[Page], content: list[str]) -> list[Any]:
    """The navigation as nested sections, in MkDocs ``nav`` form.

    Generated pages go under their ``section``; hand-written pages in ``content``
    (docs-relative paths) are grouped by folder. Nothing is ever one flat list of
    every page: each section holds only its own pages, so with ``navigation.prune``
    a page renders just the path to itself.
    """
    root: dict[str, Any] = {}
    head: list[Any] = []
    tail: list[Any] = []

    def node_for(path: tuple[str, ...]) -> dict[str, Any]:
        node = root
        for name in path:
            node = node.setdefault(name, {})
        return node

    for page in generated:
        if not page.nav:
            continue
        leaf = {page.title: page.src_uri} if page.title else page.src_uri
        node = node_for(page.section)
        node.setdefault(_ITEMS, []).append((page.src_uri.endswith("index.md"), leaf))

    for uri in sorted(content):
        parts = uri.split("/")
        if uri == "index.md":
            head.append({"首页": uri})
        elif len(parts) == 1:
            tail.append(uri)
        else:
            path = tuple(FOLDER_TITLES.get(p, p) for p in parts[:-1])
            node_for(path).setdefault(_ITEMS, []).append((parts[-1] == "index.md", uri))

    return head + _to_nav(root) + tail


_ITEMS = "\0items"


def _to_nav(node: dict[str, Any]) -> list[Any]:
    items = node.get(_ITEMS, [])
    first = [leaf for is_index, leaf in items if is_index][:1]
    rest = [leaf for leaf in (x for _, x in items) if leaf not in first]
    sections = [{name: _to_nav(child)} for name, child in node.items() if name != _ITEMS]
    return first + rest + sections
