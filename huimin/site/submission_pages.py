"""Pages of county submissions: one per item, one per month (with its quota), one per unit."""

from __future__ import annotations

import re
from collections import defaultdict

from huimin.model.settings import Settings
from huimin.model.submission import KINDS, Submission
from huimin.rules.links import Links
from huimin.rules.quota import month_quota, months
from huimin.rules.slugs import SlugRegistry
from huimin.site.images import page_images
from huimin.site.render import Page, render
from huimin.site.sanitize import body_html

SECTION = "县市区报送"


def submission_pages(submissions: list[Submission], settings: Settings, links: Links | None = None) -> list[Page]:
    """Pages of the public items; the quota tables count every item (those not public were sent too).
    ``links``: the changes to links between items (huimin.rules.links)."""
    sent, submissions = submissions, [s for s in submissions if s.public]
    units = list(settings.units) + list(settings.other_units)
    slug = SlugRegistry()
    unit_slugs = {u: slug(u) for u in units}
    by_month: dict[str, list[Submission]] = defaultdict(list)
    for s in sorted(submissions, key=lambda s: (s.meta.month, units.index(s.meta.unit), s.meta.date, s.src_uri)):
        by_month[s.meta.month].append(s)
    all_months = months(sent)
    withheld = {m: {k: sum(1 for s in sent if s.meta.month == m and s.meta.kind == k and not s.public) for k in KINDS}
                for m in all_months}  # per kind: counted, not shown

    pages = [Page(
        "submissions/index.md",
        render("pages/submissions.md.j2", months=all_months, by_month=by_month, units=units,
               unit_slugs=unit_slugs, settings=settings,
               quotas={m: month_quota(sent, settings, m) for m in all_months}),
        (SECTION,), "县市区报送",
    )]
    for month in reversed(all_months):
        items = by_month[month]
        pages.append(Page(
            f"submissions/{month}/index.md",
            render("pages/submission_month.md.j2", month=month, items=items, kinds=KINDS,
                   quota=month_quota(sent, settings, month), unit_slugs=unit_slugs,
                   settings=settings, withheld=withheld[month]),
            (SECTION, month), f"{month} 报送",
        ))
        for s in items:
            images = page_images(s.images, s.path)
            pages.append(Page(
                s.src_uri,
                render("pages/submission.md.j2", s=s, m=s.meta, unit_slug=unit_slugs[s.meta.unit],
                       summary_in_text=summary_in_text(s)),
                (SECTION, month), s.meta.title, nav=False,  # listed on its month's page
                html=body_html(s.body, images, links.of(s.src_uri) if links else None), assets=tuple(f for i in images.values() for f in i.files),
            ))
    for unit in units:
        mine = [s for s in submissions if s.meta.unit == unit]
        pages.append(Page(
            f"submissions/units/{unit_slugs[unit]}/index.md",
            render("pages/submission_unit.md.j2", unit=unit, items=sorted(mine, key=lambda s: (s.meta.month, s.meta.date), reverse=True),
                   reporting=unit in settings.units, settings=settings),
            (SECTION,), unit, nav=False,
        ))
    return pages


_MARKUP = re.compile(r"[\s*_`>#\\]")


def summary_in_text(s: Submission) -> bool:
    """The text opens with the summary (a Word import takes it from there): the page shows
    those words once, not also in a 简报摘要 box right above them."""
    first = next((p for p in s.body.split("\n\n") if p.strip()), "")
    summary = _MARKUP.sub("", s.meta.summary).rstrip("…")
    return bool(summary) and _MARKUP.sub("", first).startswith(summary)
