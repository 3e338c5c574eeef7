"""The printable policy handbook (政策读本): data from the project, look from the template.

``handbook_data`` collects plain data (no markup); ``write_handbook`` hands it to
``templates/print/handbook.typ``. Only policies in effect on the project's date (有效) are
printed; 已失效 and 未生效 ones are left out. Chapters follow the usual category order,
policies within a chapter the pinyin order of their titles, as on the website.

``paper`` is A4 (the default, GB/T 9704 layout) or A5 (a pocket edition, the same design
scaled); ``booklet`` pads the page count to a multiple of 4 for saddle stitching, with
blank pages at the end (see the template).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from huimin.model.errors import HuiminError
from huimin.model.policy import USUAL_CATEGORIES, Policy
from huimin.print.blocks import markdown_blocks
from huimin.print.fonts import DEFAULT_FONTS, font_dirs, font_families
from huimin.print.typst_engine import compile_pdf, culprit_finder
from huimin.read.project import Project
from huimin.read.templates import TEMPLATES_DIR
from huimin.rules.catalog import build_catalog

TEMPLATE = TEMPLATES_DIR / "print" / "handbook.typ"
TITLE = "政策读本"
PAPERS = ("A4", "A5")
SUBTITLE = "巩固拓展脱贫攻坚成果同乡村振兴有效衔接惠民政策"


@dataclass(frozen=True)
class HandbookResult:
    pages: int
    bytes: int
    policies: int = 0
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()
    paper: str = "A4"
    booklet: bool = False


def handbook_data(project: Project, paper: str = "A4", booklet: bool = False) -> dict:
    """Everything the handbook prints, as JSON-ready data."""
    if paper.upper() not in PAPERS:
        raise ValueError(paper)
    settings = project.settings
    catalog = build_catalog(project.policies, project.as_of, USUAL_CATEGORIES)
    chapters = []
    for category, policies in catalog.facets["category"].values.items():
        current = [p for p in policies if catalog.validity[p.id] == "有效"]
        if current:
            chapters.append({"category": category, "policies": [policy_data(p) for p in current]})
    return {
        "city": settings.city,
        "title": TITLE,
        "subtitle": SUBTITLE,
        "bureau": settings.bureau,
        "as_of": project.as_of.isoformat(),
        "hotline": settings.hotline,
        "site_url": settings.site_url,
        "count": sum(len(c["policies"]) for c in chapters),
        "paper": paper.lower(),
        "booklet": booklet,
        "fonts": font_families(getattr(settings, "print_fonts", None)),
        "chapters": chapters,
    }


def policy_data(p: Policy) -> dict:
    return {
        "id": p.id,
        "title": p.title,
        "department": p.department,
        "basis": p.basis or None,
        "issued": p.issued.isoformat() if p.issued else None,
        "effective_from": p.effective_from.isoformat() if p.effective_from else None,
        "effective_until": p.effective_until.isoformat() if p.effective_until else None,
        "targets": list(p.targets),
        "standard": p.standard,
        "conditions": p.conditions or None,
        "contact": p.contact or None,
        "summary": p.summary,
        "procedure": markdown_blocks(p.procedure),
        "body": markdown_blocks(p.body),
    }


def write_handbook(project: Project, out: Path, template: Path = TEMPLATE,
                   cache_dir: Path | None = None, paper: str = "A4", booklet: bool = False) -> HandbookResult:
    """Typeset the handbook into ``out`` (PDF/UA-1, CMYK, A4 or A5, padded to a multiple of 4
    pages for a booklet); raise HuiminError on failure."""
    data = handbook_data(project, paper, booklet)
    if not data["chapters"]:
        raise HuiminError(f"截至{project.as_of.isoformat()}没有现行有效的政策，不生成政策读本")
    result = compile_pdf(template, data, Path(out), font_dirs=font_dirs(project.root), cache_dir=cache_dir,
                         day=project.as_of,  # the as-of day, not the clock: same input, same PDF
                         culprit=culprit_finder([(partial(_where, p), _texts(p)) for p in project.policies]))
    return HandbookResult(
        pages=result.pages,
        bytes=result.bytes,
        policies=data["count"],
        seconds=result.seconds,
        warnings=tuple(useful_warnings(result.warnings, data["fonts"])),
        paper=paper.upper(),
        booklet=booklet,
    )


def _where(p: Policy) -> str:
    shown, line, _ = p.source
    return f"{shown}:{line}: 政策 {p.id}" if line else f"{shown}: 政策 {p.id}"


def _texts(p: Policy) -> list[str]:
    values = [p.title, p.category, p.department, p.summary, p.standard, p.conditions, p.contact, p.basis,
              p.procedure, p.body, *p.targets]
    return [v for v in values if v]


def useful_warnings(warnings: tuple[str, ...], fonts: dict[str, list[str]]) -> list[str]:
    """Warnings worth showing: a missing font only when the settings named it."""
    expected = {name.lower() for names in DEFAULT_FONTS.values() for name in names}
    named = {name.lower(): name for names in fonts.values() for name in names}
    shown = []
    for message in warnings:
        prefix = "unknown font family: "
        if message.startswith(prefix):
            family = message[len(prefix):].strip()
            if family in expected:
                continue
            shown.append(f"找不到字体“{named.get(family, family)}”，已改用后备字体")
        else:
            shown.append(message)
    return list(dict.fromkeys(shown))
