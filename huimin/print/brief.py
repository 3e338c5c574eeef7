"""The printable brief of a monthly compilation (每月汇编简报, "宜春声音"), A4, with Typst."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from huimin.model.settings import Settings
from huimin.print.blocks import markdown_blocks
from huimin.print.fonts import font_dirs, font_families
from huimin.print.handbook import useful_warnings
from huimin.print.typst_engine import PdfResult, compile_pdf, culprit_finder
from huimin.rules.compilation import Compilation

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "print" / "brief.typ"
TITLE = "宜春声音"


def brief_data(c: Compilation, settings: Settings) -> dict:
    """Everything the brief prints, as JSON-ready data (valid items only, grouped by kind)."""
    groups = []
    for kind, by_unit in c.groups.items():
        items = [s for items in by_unit.values() for s in items]
        if items:
            groups.append({"kind": kind, "items": [{
                "title": s.meta.title,
                "unit": s.meta.unit,
                "date": s.meta.date.isoformat(),
                "author": s.meta.author,
                "summary": s.meta.summary,
                "blocks": markdown_blocks(s.body),
            } for s in items]})
    return {
        "title": TITLE,
        "issue_label": f"{c.year}年第{c.issue}期（{c.month}）",
        "date_label": f"{c.date.year}年{c.date.month}月{c.date.day}日",
        "bureau": settings.bureau,
        "fonts": font_families(getattr(settings, "print_fonts", None)),
        "groups": groups,
    }


def write_brief(c: Compilation, settings: Settings, out: Path, root: Path | None = None,
                cache_dir: Path | None = None) -> PdfResult:
    """Typeset the brief of ``c`` into ``out`` (PDF/UA-1, CMYK); raise HuiminError on failure."""
    data = brief_data(c, settings)
    items = [s for by_unit in c.groups.values() for group in by_unit.values() for s in group]
    result = compile_pdf(TEMPLATE, data, out, font_dirs=font_dirs(root), cache_dir=cache_dir,
                         day=c.date,  # the brief's date, not the clock: same input, same PDF
                         culprit=culprit_finder([(s.path, [s.meta.title, s.meta.summary, s.meta.author or "", s.body])
                                                 for s in items]))
    return replace(result, warnings=tuple(useful_warnings(result.warnings, data["fonts"])))
