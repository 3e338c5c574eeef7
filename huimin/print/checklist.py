"""政策落实排查表 (village checklists): ``templates/print/checklist.typ``.

One table per village (or per part of a very large village): a block of rows per household,
one row per policy on its card, boxes 已享受 / 未享受 / 不符合 and a remarks column. Its
data is made with the cards' (:meth:`huimin.print.parts.RunParts.checklist_document`):
both are paginated from the same measurements and share their parts.
"""

from __future__ import annotations

from huimin.read.templates import TEMPLATES_DIR

TEMPLATE = TEMPLATES_DIR / "print" / "checklist.typ"
TITLE = "政策落实排查表"
