"""Merged cells of an XLSX roster, filled down.

Village clerks merge the cells of a column where rows share a value (县, 乡, 村 for a
whole village; a household's 户编号, 人数, 户类型 over its persons). Only the first cell of
a merged range holds the value: read as it is, the others are empty. :class:`FillDown`
gives every cell of a range the range's value (only in the columns the roster reads, only
below the header) and counts, per column, how many cells it filled (said in report.txt).
A CSV keeps no merges: there, a blank cell stays blank.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from huimin.model.household import LIMITS, RosterLimits
from huimin.read.roster_files import Unreadable
from huimin.read.roster_xlsx import _MB, _column_number, _Counted

_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]{1,3})([0-9]{1,7}):([A-Za-z]{1,3})([0-9]{1,7})\"")
MAX_MERGES = 200_000  # a roster of 200,000 rows needs no more (and each costs memory)
TOO_MANY_MESSAGE = ("工作表中的合并单元格超过 {limit} 处：文件异常，请在 Excel 中打开、“另存为”.xlsx 后重试"
                    "（或取消合并单元格）")
OVERLAP_MESSAGE = ("工作表中的合并单元格互相重叠（文件由其他软件生成时出错，Excel 不会这样保存）："
                   "请在 Excel 中打开、“另存为”.xlsx 后重试")


class _TooMany(Exception):
    pass


def merged_ranges(archive, part: str, limits: RosterLimits = LIMITS) -> list[tuple[int, int, int, int]]:
    """The sheet's merged cells as (first row, first column, last row, last column), 1-based.

    ``<mergeCells>`` comes after the rows, so the sheet is unpacked once more and searched
    as bytes (no XML parsing: about 0.3 s for 100 MB), keeping only the part after the rows."""
    found: list[tuple[int, int, int, int]] = []
    try:
        with archive.open(part) as source:
            counted = _Counted(source, limits.xlsx_unpacked_mb * _MB, limits.xlsx_unpacked_mb)
            tail = b""
            while chunk := counted.read(1 << 20):
                data = tail + chunk
                start = data.find(b"mergeCell")
                if start < 0:
                    tail = data[-64:]
                    continue
                cut = data.rfind(b">")
                if cut < start:
                    tail = data[max(start - 8, 0):]
                    continue
                for m in _MERGE.finditer(data, max(start - 8, 0), cut + 1):
                    rows = int(m.group(2)), int(m.group(4))
                    cols = _column_number(m.group(1).decode()), _column_number(m.group(3).decode())
                    found.append((min(rows), min(cols), max(rows), max(cols)))
                    if len(found) > MAX_MERGES:
                        raise _TooMany
                tail = data[cut + 1:]
    except _TooMany:
        raise Unreadable(TOO_MANY_MESSAGE.format(limit=MAX_MERGES)) from None
    except Exception:  # noqa: BLE001 - a damaged or hostile sheet: reading its rows says where
        return found
    return found


class FillDown:
    """Fills merged ranges in the rows of a sheet, as they stream by (rows only go down)."""

    def __init__(self, ranges: list[tuple[int, int, int, int]], labels: dict[int, str], header_row: int):
        # keep the ranges below the header that span more than one cell and touch a read column
        self.labels = labels  # 0-based column -> "乡(镇)（B列）"
        wanted = [r for r in ranges if r[0] > header_row and (r[2] > r[0] or r[3] > r[1])
                  and any(r[1] - 1 <= c <= r[3] - 1 for c in labels)]
        self.pending = sorted(wanted, reverse=True)  # popped from the end: by first row
        self.active: list[tuple[tuple[int, int, int, int], object]] = []
        self.counts: Counter = Counter()

    def __bool__(self) -> bool:
        return bool(self.pending or self.active)

    def apply(self, row: int, cells: Sequence) -> Sequence:
        while self.pending and self.pending[-1][0] <= row:
            r = self.pending.pop()
            value = cells[r[1] - 1] if r[0] == row and r[1] - 1 < len(cells) else None
            self.active.append((r, value))
        if not self.active:
            return cells
        self.active = [(r, v) for r, v in self.active if r[2] >= row]
        if len(self.active) > len(self.labels):  # ranges that do not overlap: at most one per column
            raise Unreadable(OVERLAP_MESSAGE, line=row)
        out = None
        for (first, left, _, right), value in self.active:
            if value is None or value == "":
                continue
            for c in self.labels:
                if left - 1 <= c <= right - 1 and (row, c) != (first, left - 1):
                    if out is None:
                        out = list(cells)
                    while len(out) <= c:
                        out.append(None)
                    if out[c] is None or out[c] == "":
                        out[c] = value
                        self.counts[c] += 1
        return cells if out is None else out

    def summary(self) -> str:
        """``合并单元格：按合并区域填充了 12 个单元格（县(市、区、旗)（A列）5 个、…）`` or ""."""
        if not self.counts:
            return ""
        total = sum(self.counts.values())
        parts = "、".join(f"{self.labels[c]} {n} 个" for c, n in sorted(self.counts.items()))
        return f"合并单元格：{total} 个单元格按所在的合并区域填入了区域第一格的值（{parts}）"
