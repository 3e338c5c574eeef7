""""宜春经验" pages: one per case, the yearly leaderboard of measure (十七), the index by measure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from huimin.model.settings import Settings
from huimin.model.submission import LEVEL_POINTS, Experience, Submission
from huimin.rules.links import Links
from huimin.site.images import page_images
from huimin.site.render import Page, render
from huimin.site.sanitize import body_html

SECTION = "宜春经验"


@dataclass(frozen=True)
class LeaderRow:
    unit: str
    by_level: dict[str, Decimal]  # points per level
    total: Decimal
    cases: int
    submissions: int  # that year's valid submissions


def leaderboard(year: int, experiences: list[Experience], submissions: list[Submission],
                settings: Settings) -> list[LeaderRow]:
    """Points by recognitions dated in ``year``; highest total first."""
    rows = []
    for unit in list(settings.units) + list(settings.other_units):
        by_level = {level: Decimal("0") for level in LEVEL_POINTS}
        cases = 0
        for e in experiences:
            if e.meta.unit != unit:
                continue
            mine = [r for r in e.meta.recognitions if r.date.year == year]
            cases += bool(mine)
            for r in mine:
                by_level[r.level] += r.points
        subs = sum(1 for s in submissions if s.meta.unit == unit and s.meta.valid and s.meta.month[:4] == str(year))
        rows.append(LeaderRow(unit, by_level, sum(by_level.values(), Decimal("0")), cases, subs))
    return sorted(rows, key=lambda r: (-r.total, -r.submissions))


def years(experiences: list[Experience], submissions: list[Submission]) -> list[int]:
    found = {r.date.year for e in experiences for r in e.meta.recognitions}
    found |= {int(s.meta.month[:4]) for s in submissions}
    return sorted(found, reverse=True)


def cases_by_measure(experiences: list[Experience]) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for e in sorted(experiences, key=lambda e: e.meta.date):
        for n in e.meta.measures or []:
            out.setdefault(n, []).append((e.meta.title, e.src_uri))
    return out


def experience_pages(experiences: list[Experience], submissions: list[Submission], settings: Settings,
                     measures=None, as_of: date | None = None, links: Links | None = None) -> list[Page]:
    """``as_of``: no leaderboard of a year after it (check refuses later dates; this is the guard)."""
    titles = {m.number: (m.title, m.anchor) for m in measures.all_measures()} if measures else {}
    shown = [y for y in years(experiences, submissions) if as_of is None or y <= as_of.year]
    pages = [Page(
        "experience/index.md",
        render("pages/experience_index.md.j2", years=shown,
               boards={y: leaderboard(y, experiences, submissions, settings) for y in shown},
               levels=LEVEL_POINTS, cases=sorted(experiences, key=lambda e: e.meta.date, reverse=True)),
        (SECTION,), "宜春经验",
    ), Page(
        "experience/measures.md",
        render("pages/experience_measures.md.j2", by_measure=cases_by_measure(experiences), titles=titles),
        (SECTION,), "按措施查看",
    )]
    for e in experiences:
        images = page_images(e.images, e.path)
        pages.append(Page(
            e.src_uri,
            render("pages/experience.md.j2", e=e, m=e.meta, titles=titles, up="../" * e.src_uri.count("/")),
            (SECTION,), e.meta.title, html=body_html(e.body, images, links.of(e.src_uri) if links else None),
            assets=tuple(f for i in images.values() for f in i.files),
        ))
    return pages
