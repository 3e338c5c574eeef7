"""The pages of the 二十条措施: the document, the list of responsible units, one page per unit."""

from __future__ import annotations

from dataclasses import dataclass

from huimin.model.measures import Measure, MeasureDocument, int_to_cn
from huimin.rules.slugs import SlugRegistry
from huimin.site.render import Page, render

SECTION = "二十条措施"


@dataclass(frozen=True)
class UnitRef:
    """A responsible unit as a page shows it: its name and its page's folder."""

    name: str
    slug: str


@dataclass(frozen=True)
class MeasureView:
    """A measure with what its templates need beyond the model."""

    number: int
    label: str  # （十五）
    anchor: str
    title: str
    units: list[UnitRef]
    facts: list[str]
    summary: str


@dataclass(frozen=True)
class PartView:
    label: str  # 一、
    title: str
    anchor: str
    measures: list[MeasureView]


@dataclass(frozen=True)
class UnitView:
    name: str
    slug: str
    measures: list[MeasureView]


def measure_pages(doc: MeasureDocument, cases: dict[int, list[tuple[str, str]]] | None = None) -> list[Page]:
    """``measures/index.md``, ``measures/units/index.md`` and ``measures/units/<slug>/index.md``.

    ``cases`` maps a measure number to the "宜春经验" write-ups serving it, as
    (title, docs-relative path) pairs, linked under the measure.
    """
    owners = doc.by_unit()
    slug = SlugRegistry()
    refs = {name: UnitRef(name, slug(name)) for name in owners}
    views = {m.number: _view(m, refs) for m in doc.all_measures()}
    parts = [
        PartView(f"{int_to_cn(p.number)}、", p.title, p.anchor, [views[m.number] for m in p.measures])
        for p in doc.parts
    ]
    # Most measures first; ties keep the order of first mention in the document.
    units = sorted(
        (UnitView(name, refs[name].slug, [views[m.number] for m in measures]) for name, measures in owners.items()),
        key=lambda u: -len(u.measures),
    )
    pages = [
        Page("measures/index.md", render("pages/measures.md.j2", doc=doc, parts=parts, cases=cases or {}), (SECTION,), "措施全文"),
        Page("measures/units/index.md", render("pages/measure_units.md.j2", doc=doc, units=units),
             (SECTION,), "责任单位"),
    ]
    for unit in units:
        pages.append(Page(
            f"measures/units/{unit.slug}/index.md",
            render("pages/measure_unit.md.j2", doc=doc, unit=unit),
            (SECTION,), unit.name, nav=False,
        ))
    return pages


def _view(measure: Measure, refs: dict[str, UnitRef]) -> MeasureView:
    return MeasureView(
        number=measure.number, label=f"（{int_to_cn(measure.number)}）", anchor=measure.anchor,
        title=measure.title, units=[refs[u] for u in measure.units], facts=list(measure.facts),
        summary=measure.summary,
    )
