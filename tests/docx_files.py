"""Word files made in the tests with python-docx."""

from __future__ import annotations

import io
from pathlib import Path

from tests.images import graphic_bytes, photo_bytes


def sample_docx(path: Path, *, alt: str | None = "订单流程图") -> Path:
    """A county write-up as Word makes it: a heading, text with bold, lists, a table, a photo, a chart."""
    import docx
    from docx.shared import Cm

    d = docx.Document()
    d.add_heading("袁州区“帮扶车间”带动脱贫劳动力就近就业", level=1)
    p = d.add_paragraph("　　今年以来，袁州区")
    p.add_run("以帮扶车间为抓手").bold = True
    p.add_run("，吸纳脱贫劳动力326人。车间实行计件工资，人均月收入约2600元。")
    d.add_heading("一、主要做法", level=2)
    d.add_paragraph("对接订单稳来源", style="List Bullet")
    d.add_paragraph("计件工资*多劳多得*", style="List Bullet")
    d.add_paragraph("先培训", style="List Number")
    d.add_paragraph("再上岗", style="List Number")
    d.add_heading("二、取得成效", level=2)
    table = d.add_table(rows=3, cols=3)
    for i, row in enumerate([["指标", "2025年", "2026年"], ["车间（个）", "31", "38"], ["人数|人", "326", "417"]]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    d.add_picture(io.BytesIO(photo_bytes(3000, 2000)), width=Cm(12))
    d.add_paragraph("1. 这一行以数字开头，# 和 [方括号] 也是文字。")
    d.add_picture(io.BytesIO(graphic_bytes()), width=Cm(8))
    if alt is not None:
        d.paragraphs[-1].runs[0]._r.xpath(".//wp:docPr")[0].set("descr", alt)
    d.save(path)
    return path
