"""The print package's cover sheet (封面-作业单.pdf): the job ticket for the print shop.

What to print and how: paper and size, simplex or duplex (and which edge to flip on), the
scale, how to cut an imposed file, copies; every file with its pages and sheets, the
totals, and the SHA-256 of manifest.csv so the shop can check it has the package as made.
Its totals are the manifest's (tests read both back). It is not listed in the manifest
(it names the manifest's checksum), and holds no personal data: file names are places.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from huimin.print.cards import CardContext
from huimin.print.report import KINDS
from huimin.read.templates import TEMPLATES_DIR

if TYPE_CHECKING:
    from huimin.print.package import Made

TEMPLATE = TEMPLATES_DIR / "print" / "cover.typ"
COVER = "封面-作业单.pdf"
COPIES = 1


def cover_data(files: list[Made], ctx: CardContext, manifest_sha256: str, roster: str,
               duplex: bool, impose: str | None) -> dict:
    """The cover's data; ``roster`` is the roster's file name (not its folder: it may name a
    person), so the same roster gives the same cover wherever the package is written."""
    cards = [m for m in files if m.kind == "cards"]
    checklists = [m for m in files if m.kind == "checklist"]
    paper = ctx.shared["paper"].upper()
    if impose:
        card_paper = "A4（297 × 210 mm）横向，每张纸两版 A5 明白卡；裁切后成品 A5（148 × 210 mm）"
    elif paper == "A5":
        card_paper = "A5（148 × 210 mm）竖向"
    else:
        card_paper = "A4（210 × 297 mm）竖向"
    if not duplex:
        sides = "单面"
    elif impose:
        sides = "双面，短边翻转（横向纸沿短边翻页）"
    else:
        sides = "明白卡双面，长边翻转（竖向纸沿长边翻页）；排查表双面，短边翻转（横向纸沿短边翻页）"
    return {
        "title": "印刷作业单",
        "city": ctx.settings.city,
        "bureau": ctx.settings.bureau,
        "fonts": ctx.shared["fonts"],
        "roster": roster,
        "print_date": ctx.shared["print_date"],
        "card_paper": card_paper,
        "checklist_paper": "A4（297 × 210 mm）横向",
        "sides": sides,
        "duplex": duplex,
        "impose": impose,
        "copies": COPIES,
        "manifest_sha256": manifest_sha256,
        "files": [[m.file, KINDS[m.kind], m.paper, m.sides, m.households, m.pages, m.sheets] for m in files],
        "totals": {
            "files": len(files),
            "card_files": len(cards), "card_pages": sum(m.pages for m in cards), "card_sheets": sum(m.sheets for m in cards),
            "checklist_files": len(checklists), "checklist_pages": sum(m.pages for m in checklists),
            "checklist_sheets": sum(m.sheets for m in checklists),
            "households": sum(m.households for m in cards),
            "pages": sum(m.pages for m in files), "sheets": sum(m.sheets for m in files),
        },
    }

