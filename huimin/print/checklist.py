"""政策落实排查表 (village checklists): plain data for ``templates/print/checklist.typ``.

One table per village (or per part of a very large village): a block of rows per household,
one row per policy on its card, boxes 已享受 / 未享受 / 不符合 and a remarks column.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..render import TEMPLATES_DIR
from ..roster import Household
from .cards import CardContext, cn_date

TEMPLATE = TEMPLATES_DIR / "print" / "checklist.typ"
TITLE = "政策落实排查表"


def checklist_data(ctx: CardContext, households: Sequence[Household], part: str | None = None) -> dict:
    """The data of one checklist PDF: the households of one village, in the order given."""
    first = households[0]
    shared = ctx.shared
    return {
        "title": TITLE,
        "bureau": shared["bureau"],
        "fonts": shared["fonts"],
        "policies": shared["policies"],
        "unit": first.unit,
        "township": first.township,
        "village": first.village,
        "part": part,
        "as_of_label": cn_date(ctx.as_of),
        "households": [ctx.household(h) for h in households],
    }
