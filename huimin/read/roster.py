"""Household rosters (户名单) that townships send: a CSV or XLSX file in, checked households out.

A roster is personal data. Only the known columns below are read; any other column (an
ID-card number, say) is dropped while reading and never stored, shown or echoed in a message.
Rows are streamed: a file is never held in memory as a whole.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from huimin.model.errors import HuiminError, Problem, display_path
from huimin.model.household import COLUMNS, REQUIRED_HEADERS, Household, split_tags
from huimin.model.policy import HOUSEHOLD_TYPES, MONITOR_TYPES
from huimin.model.settings import Settings
from huimin.read.roster_files import Unreadable, open_rows

_BY_HEADER = {c.header: c for c in COLUMNS}
_BY_HEADER_ATTR = {c.attr: c.header for c in COLUMNS}
_ATTRS = tuple(c.attr for c in COLUMNS)  # the order Household takes them in
_NOT_EMPTY = ("number", "unit", "township", "village", "head")

EMPTY_MESSAGE = f"文件为空：第 1 行应为表头（{'、'.join(REQUIRED_HEADERS)} 等）"
ID_CARD_MESSAGE = "疑似身份证号码：名单不收身份证号，明白卡也不能印出身份证号，请删去"
TYPES_SHOWN = "脱贫户 或 监测对象"
MONITOR_SHOWN = "脱贫不稳定户、边缘易致贫户 或 突发严重困难户"
SIZE_SHOWN = "不小于 1 的整数"
EXCEL_DIGITS = 10**15  # Excel keeps 15 significant digits: larger numbers have lost their tail

_WHOLE = re.compile(r"\d+(?:\.0*)?")
_DIGITS_17 = re.compile(r"[0-9]{17}")
_ID_CARD = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class SkippedRow:
    row: int
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return f"第 {self.row} 行：{'；'.join(self.reasons)}"


@dataclass
class RosterResult:
    """Everything read from one roster: good households in file order, and what was wrong."""

    path: str
    households: list[Household] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    skipped_rows: list[SkippedRow] = field(default_factory=list)
    fatal: bool = False  # the file itself (not single rows) is unusable: skipping rows cannot help

    @property
    def ok(self) -> bool:
        return not self.problems

    def require_clean(self, skip_bad_rows: bool = False) -> list[Household]:
        """The households to print, or :class:`HuiminError` listing every problem.

        With ``skip_bad_rows`` the bad rows are left out (see :attr:`skipped_rows`), unless
        the file as a whole is unusable.
        """
        if self.problems and (self.fatal or not skip_bad_rows):
            raise HuiminError(self.problems)
        return list(self.households)


def read_roster(path: Path, settings: Settings, shown: str | None = None) -> RosterResult:
    """Read and check a roster; never raises for bad input (see :meth:`RosterResult.require_clean`)."""
    path = Path(path)
    result = RosterResult(shown or display_path(path))
    try:
        _read(open_rows(path), settings, result)
    except Unreadable as exc:
        result.fatal = True
        result.problems.append(Problem(result.path, exc.line, 0, exc.field, exc.message))
    return result


# --------------------------------------------------------------------------- rows


def _read(rows: Iterator[tuple[int, Sequence]], settings: Settings, result: RosterResult) -> None:
    row = 0
    try:
        first = next(rows, None)
        if first is None:
            result.fatal = True
            result.problems.append(Problem(result.path, 0, 0, "", EMPTY_MESSAGE))
            return
        if first[0] != 1:  # row 1 is empty (an XLSX sheet may simply leave it out)
            rows, first = itertools.chain([first], rows), (1, ())
        checker = _RowChecker([_text(v) for v in first[1]], settings, result)
        if result.problems:
            result.fatal = True
            if checker.missing:
                _hint_header_row(rows, result)
            return
        for row, cells in rows:
            checker.check(row, cells)
    except Unreadable as exc:
        exc.line = exc.line or row + 1
        raise


def _hint_header_row(rows: Iterable[tuple[int, Sequence]], result: RosterResult) -> None:
    """When row 1 is a title above the real header, say where the header seems to be."""
    for row, cells in rows:
        if row > 10:
            return
        if set(REQUIRED_HEADERS) <= {_text(v) for v in cells}:
            p = result.problems[0]
            hint = f"（第 1 行应为表头，表头似乎在第 {row} 行：请删除上面的标题行）"
            result.problems[0] = Problem(p.path, p.line, p.column, p.field, p.message + hint)
            return


def _letter(column: int) -> str:
    """1 → A, 27 → AA (the column letters Excel shows, also for a CSV opened in Excel)."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: object) -> str:
    """A cell as trimmed text; Excel numbers as people wrote them (3.0 → 3, 3.6e8 → 360000000)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _looks_like_id_card(text: str) -> bool:
    for m in _ID_CARD.finditer(text):
        digits = m.group()
        total = sum(int(d) * w for d, w in zip(digits, _ID_WEIGHTS))
        if "10X98765432"[total % 11] == digits[-1].upper():
            return True
    return False


class _RowChecker:
    """Checks rows against the header found in row 1; appends to the result."""

    def __init__(self, header: list[str], settings: Settings, result: RosterResult):
        self.result = result
        self.units = [*settings.units, *settings.other_units]
        self.unit_set = set(self.units)
        self.unit_messages: dict[str, str] = {}
        self.seen: dict[str, int] = {}
        self.index: dict[str, int] = {}    # attr -> 0-based column
        self.label: dict[str, str] = {}    # attr -> "家庭人口（F列）"
        self._layout(header)
        self.positions = [self.index.get(attr, -1) for attr in _ATTRS]

    def _layout(self, header: list[str]) -> None:
        path, problems, warnings = self.result.path, self.result.problems, self.result.warnings
        for i, name in enumerate(header):
            if not name:
                continue
            label = f"{name}（{_letter(i + 1)}列）"
            column = _BY_HEADER.get(name)
            if column is None:
                close = difflib.get_close_matches(name, list(_BY_HEADER), n=1, cutoff=0.6)
                hint = f"（是否应为“{close[0]}”？）" if close else ""
                warnings.append(Problem(path, 1, i + 1, label, f"未知列“{name}”将被忽略{hint}"))
            elif column.attr in self.index:
                first = _letter(self.index[column.attr] + 1)
                problems.append(Problem(path, 1, i + 1, label, f"列“{name}”重复：{first}列已有此列，请只保留一列"))
            else:
                self.index[column.attr] = i
                self.label[column.attr] = label
        self.missing = [c.header for c in COLUMNS if c.required and c.attr not in self.index]
        if self.missing:
            problems.insert(0, Problem(path, 1, 0, "表头", f"缺少必填列：{'、'.join(self.missing)}"))

    def check(self, row: int, cells: Sequence) -> None:
        n = len(cells)
        raw = [cells[i] if 0 <= i < n else None for i in self.positions]
        text = [v.strip() if v.__class__ is str else _text(v) for v in raw]
        if not any(text):
            return  # empty rows (also rows with data only in ignored columns) are skipped silently
        number, unit, township, village, head, kind, monitor, size_text, tags, helper, phone = text
        found: list[tuple[str, str]] = []  # (attr, message)

        if not (number and unit and township and village and head):
            for attr, value in zip(_NOT_EMPTY, (number, unit, township, village, head)):
                if not value:
                    found.append((attr, "不能为空"))
        if raw[0].__class__ in (int, float) and abs(raw[0]) >= EXCEL_DIGITS:
            found.append(("number", "数字超过 15 位，Excel 已把末尾几位变成 0：请把该列设为“文本”格式后重新填写"))
            number = ""
        if _DIGITS_17.search("\n".join(text)):
            for attr, value in zip(_ATTRS, text):
                if attr != "size" and (number or attr != "number") and _looks_like_id_card(value):
                    found.append((attr, ID_CARD_MESSAGE))
                    if attr == "number":
                        number = ""
        if number:
            first = self.seen.setdefault(number, row)
            if first != row:
                found.append(("number", f"户编号“{number}”重复：第 {first} 行已使用"))
        if unit and unit not in self.unit_set:
            found.append(("unit", self._unit_message(unit)))

        if not kind:
            found.append(("household_type", f"不能为空，应为 {TYPES_SHOWN}"))
        elif kind not in HOUSEHOLD_TYPES:
            found.append(("household_type", f"应为 {TYPES_SHOWN}，实际为“{kind}”"))
        elif kind == "监测对象" and not monitor:
            no_column = "" if "monitor_type" in self.index else "（名单中没有“监测类型”列）"
            found.append(("monitor_type", f"户类型为监测对象时必填{no_column}，应为 {MONITOR_SHOWN}"))
        elif kind == "脱贫户" and monitor:
            found.append(("monitor_type", f"户类型为脱贫户时应留空，实际为“{monitor}”（如该户已纳入监测，请把户类型改为监测对象）"))
        if monitor and kind != "脱贫户" and monitor not in MONITOR_TYPES:
            found.append(("monitor_type", f"应为 {MONITOR_SHOWN}，实际为“{monitor}”"))

        size = int(size_text) if size_text.isdecimal() else _whole_number(raw[7])
        if size is None or size < 1:
            found.append(("size", f"应为{SIZE_SHOWN}，实际为“{size_text}”" if size_text else f"不能为空，应为{SIZE_SHOWN}"))

        if found:
            self._skip(row, found)
            return
        self.result.households.append(Household(
            number, unit, township, village, head, kind, monitor or None, size,
            split_tags(tags) if tags else (), helper or None, phone or None, row,
        ))

    def _skip(self, row: int, found: list[tuple[str, str]]) -> None:
        found.sort(key=lambda item: self.index.get(item[0], 1 << 30))
        path = self.result.path
        reasons = []
        for attr, message in found:
            column = self.index.get(attr)
            label = self.label.get(attr, _BY_HEADER_ATTR[attr])
            self.result.problems.append(Problem(path, row, 0 if column is None else column + 1, label, message))
            reasons.append(f"{label}：{message}")
        self.result.skipped_rows.append(SkippedRow(row, tuple(reasons)))

    def _unit_message(self, unit: str) -> str:
        if unit not in self.unit_messages:
            close = difflib.get_close_matches(unit, self.units, n=1, cutoff=0.6)
            hint = f"（是否应为“{close[0]}”？）" if close else ""
            examples = "、".join(self.units[:2])
            self.unit_messages[unit] = (
                f"未知县市区“{unit}”{hint}，应为 huimin.yml 中设置的县市区之一，如 {examples}……"
            )
        return self.unit_messages[unit]


def _whole_number(value: object) -> int | None:
    """家庭人口 as a whole number, from an Excel number or from text such as "3" or "3.0"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = int(value) if value.is_integer() else None
    elif not isinstance(value, int):
        text = _text(value)
        value = int(text.split(".")[0]) if _WHOLE.fullmatch(text) else None
    return value


