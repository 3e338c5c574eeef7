"""Household rosters (户名单) that townships send: a CSV or XLSX file in, checked households out.

A roster is personal data. Only the known columns below are read; any other column (an
ID-card number, say) is dropped while reading and never stored, shown or echoed in a message.
Rows are streamed: a file is never held in memory as a whole, and every limit of
:class:`~huimin.model.household.RosterLimits` is checked while reading. Invisible characters
(zero-width spaces, BOMs, direction marks) are removed from every cell; 户编号 are compared
after NFKC (full-width １００１ is 1001); a value echoed in a message has its control
characters escaped (``<U+001B>``) and is cut at 50 characters.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from huimin.model.errors import HuiminError, Problem, display_path
from huimin.model.household import COLUMNS, LIMITS, REQUIRED_HEADERS, Household, RosterLimits, split_tags
from huimin.model.policy import HOUSEHOLD_TYPES, MONITOR_TYPES
from huimin.model.settings import Settings
from huimin.read.roster_cells import (
    CONTROL,
    DIGITS_17,
    INVISIBLE,
    ODD,
    cell_text,
    echo,
    looks_like_id_card,
    number_identity,
    whole_number,
)
from huimin.read.roster_files import COLUMNS_MESSAGE, EXCEL_ROWS, SPLIT_HINT, Unreadable, column_letter, open_rows

_BY_HEADER = {c.header: c for c in COLUMNS}
_BY_HEADER_ATTR = {c.attr: c.header for c in COLUMNS}
_ATTRS = tuple(c.attr for c in COLUMNS)  # the order Household takes them in
_NOT_EMPTY = ("number", "unit", "township", "village", "head")

EMPTY_MESSAGE = f"文件为空：第 1 行应为表头（{'、'.join(REQUIRED_HEADERS)} 等）"
ID_CARD_MESSAGE = "疑似身份证号码：名单不收身份证号，明白卡也不能印出身份证号，请删去"
TYPES_SHOWN = "脱贫户 或 监测对象"
MONITOR_SHOWN = "脱贫不稳定户、边缘易致贫户 或 突发严重困难户"
EXCEL_DIGITS = 10**15  # Excel keeps 15 significant digits: larger numbers have lost their tail
ROWS_MESSAGE = "名单过长：超过 {limit} 户（行），" + SPLIT_HINT
LINES_MESSAGE = "名单过长：超过 {limit} 行（Excel 工作表的行数上限），" + SPLIT_HINT
LONG_MESSAGE = "内容过长：不能超过 {limit} 个字，现有 {length} 个字"
CONTROL_MESSAGE = "含有不可打印的控制字符 {chars}，请删去"
NUMBER_LOOKS_ALIKE = "（第 {first} 行为“{other}”：全角半角写法不同、夹有看不见的字符的户编号视为同一个）"


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


def read_roster(path: Path, settings: Settings, shown: str | None = None,
                limits: RosterLimits | None = None) -> RosterResult:
    """Read and check a roster; never raises for bad input (see :meth:`RosterResult.require_clean`).

    ``limits``: by default :data:`LIMITS` with the file size and row count of ``settings.limits``."""
    if limits is None:
        limits = replace(LIMITS, file_mb=settings.limits.roster_mb, rows=settings.limits.roster_rows)
    path = Path(path)
    result = RosterResult(CONTROL.sub("?", shown or display_path(path)))
    try:
        _read(open_rows(path, limits), settings, result, limits)
    except Unreadable as exc:
        result.fatal = True
        result.problems.append(Problem(result.path, exc.line, 0, exc.field, exc.message))
    return result


# --------------------------------------------------------------------------- rows


def _read(rows: Iterator[tuple[int, Sequence]], settings: Settings, result: RosterResult,
          limits: RosterLimits = LIMITS) -> None:
    row = 0
    try:
        first = next(rows, None)
        if first is None:
            result.fatal = True
            result.problems.append(Problem(result.path, 0, 0, "", EMPTY_MESSAGE))
            return
        if first[0] != 1:  # row 1 is empty (an XLSX sheet may simply leave it out)
            rows, first = itertools.chain([first], rows), (1, ())
        _check_width(1, first[1], limits.columns)
        checker = _RowChecker([cell_text(v) for v in first[1]], settings, result, limits)
        if result.problems:
            result.fatal = True
            if checker.missing:
                _hint_header_row(rows, result)
            return
        count = 0
        for row, cells in rows:
            if checker.check(row, cells):
                count += 1
                if count > limits.rows:
                    result.fatal = True
                    result.problems.append(Problem(result.path, row, 0, "", ROWS_MESSAGE.format(limit=limits.rows)))
                    return
            elif row > EXCEL_ROWS:  # empty rows cost time too: a file of blank lines
                result.fatal = True
                result.problems.append(Problem(result.path, row, 0, "", LINES_MESSAGE.format(limit=EXCEL_ROWS)))
                return
    except Unreadable as exc:
        exc.line = exc.line or row + 1
        raise


def _hint_header_row(rows: Iterable[tuple[int, Sequence]], result: RosterResult) -> None:
    """When row 1 is a title above the real header, say where the header seems to be."""
    for row, cells in rows:
        if row > 10:
            return
        if set(REQUIRED_HEADERS) <= {cell_text(v) for v in cells}:
            p = result.problems[0]
            hint = f"（第 1 行应为表头，表头似乎在第 {row} 行：请删除上面的标题行）"
            result.problems[0] = Problem(p.path, p.line, p.column, p.field, p.message + hint)
            return


def _check_width(row: int, cells: Sequence, limit: int) -> None:
    """Unreadable when a row has a value beyond the last allowed column (the XLSX reader checks as it streams)."""
    if len(cells) > limit:
        for i in range(limit, len(cells)):
            if cell_text(cells[i]):
                where = f"第 {row} 行的 {column_letter(i + 1)} 列"
                raise Unreadable(COLUMNS_MESSAGE.format(limit=limit, where=where), line=row)


_letter = column_letter


class _RowChecker:
    """Checks rows against the header found in row 1; appends to the result."""

    def __init__(self, header: list[str], settings: Settings, result: RosterResult, limits: RosterLimits = LIMITS):
        self.result = result
        self.limits = limits
        self.units = [*settings.units, *settings.other_units]
        self.unit_set = set(self.units)
        self.unit_messages: dict[str, str] = {}
        self.seen: dict[str, tuple[int, str]] = {}  # number_identity -> (row, 户编号 as written)
        self.index: dict[str, int] = {}    # attr -> 0-based column
        self.label: dict[str, str] = {}    # attr -> "家庭人口（F列）"
        self._layout([INVISIBLE.sub("", name) for name in header])
        self.positions = [self.index.get(attr, -1) for attr in _ATTRS]

    def _layout(self, header: list[str]) -> None:
        path, problems, warnings = self.result.path, self.result.problems, self.result.warnings
        for i, name in enumerate(header):
            if not name:
                continue
            label = f"{echo(name)}（{_letter(i + 1)}列）"
            column = _BY_HEADER.get(name)
            if column is None:
                close = difflib.get_close_matches(name[:50], list(_BY_HEADER), n=1, cutoff=0.6)
                hint = f"（是否应为“{close[0]}”？）" if close else ""
                warnings.append(Problem(path, 1, i + 1, label, f"未知列“{echo(name)}”将被忽略{hint}"))
            elif column.attr in self.index:
                first = _letter(self.index[column.attr] + 1)
                problems.append(Problem(path, 1, i + 1, label, f"列“{name}”重复：{first}列已有此列，请只保留一列"))
            else:
                self.index[column.attr] = i
                self.label[column.attr] = label
        self.missing = [c.header for c in COLUMNS if c.required and c.attr not in self.index]
        if self.missing:
            problems.insert(0, Problem(path, 1, 0, "表头", f"缺少必填列：{'、'.join(self.missing)}"))

    def check(self, row: int, cells: Sequence) -> bool:
        """Check one row; False for an empty one (skipped silently)."""
        n = len(cells)
        if n > self.limits.columns:
            _check_width(row, cells, self.limits.columns)
        raw = [cells[i] if 0 <= i < n else None for i in self.positions]
        text = [v.strip() if v.__class__ is str else cell_text(v) for v in raw]
        joined = "\n".join(text)
        odd = ODD.search(joined)
        if odd:
            text = [INVISIBLE.sub("", v).strip() for v in text]
        if not any(text):
            return False  # empty rows (also rows with data only in ignored columns) are skipped silently
        place = self.limits.place
        if odd or len(joined) > self.limits.cell or len(text[2]) > place or len(text[3]) > place:
            unusable = self._unusable(text)
            if unusable:
                self._skip(row, unusable)
                return True
        number, unit, township, village, head, kind, monitor, size_text, tags, helper, phone = text
        found: list[tuple[str, str]] = []  # (attr, message)

        if not (number and unit and township and village and head):
            for attr, value in zip(_NOT_EMPTY, (number, unit, township, village, head)):
                if not value:
                    found.append((attr, "不能为空"))
        if raw[0].__class__ in (int, float) and abs(raw[0]) >= EXCEL_DIGITS:
            found.append(("number", "数字超过 15 位，Excel 已把末尾几位变成 0：请把该列设为“文本”格式后重新填写"))
            number = ""
        if DIGITS_17.search(joined):
            for attr, value in zip(_ATTRS, text):
                if attr != "size" and (number or attr != "number") and looks_like_id_card(value):
                    found.append((attr, ID_CARD_MESSAGE))
                    if attr == "number":
                        number = ""
        if number:
            first, written = self.seen.setdefault(number_identity(number), (row, number))
            if first != row:
                alike = "" if written == number else NUMBER_LOOKS_ALIKE.format(first=first, other=echo(written))
                found.append(("number", f"户编号“{echo(number)}”重复：第 {first} 行已使用{alike}"))
        if unit and unit not in self.unit_set:
            found.append(("unit", self._unit_message(unit)))

        if not kind:
            found.append(("household_type", f"不能为空，应为 {TYPES_SHOWN}"))
        elif kind not in HOUSEHOLD_TYPES:
            found.append(("household_type", f"应为 {TYPES_SHOWN}，实际为“{echo(kind)}”"))
        elif kind == "监测对象" and not monitor:
            no_column = "" if "monitor_type" in self.index else "（名单中没有“监测类型”列）"
            found.append(("monitor_type", f"户类型为监测对象时必填{no_column}，应为 {MONITOR_SHOWN}"))
        elif kind == "脱贫户" and monitor:
            found.append(("monitor_type", f"户类型为脱贫户时应留空，实际为“{echo(monitor)}”（如该户已纳入监测，请把户类型改为监测对象）"))
        if monitor and kind != "脱贫户" and monitor not in MONITOR_TYPES:
            found.append(("monitor_type", f"应为 {MONITOR_SHOWN}，实际为“{echo(monitor)}”"))

        low, high = self.limits.size
        size = whole_number(raw[7], size_text)
        if size is None or not low <= size <= high:
            shown_size = f"{low} 到 {high} 的整数"
            found.append(("size", f"应为 {shown_size}，实际为“{echo(size_text)}”" if size_text else f"不能为空，应为 {shown_size}"))

        if found:
            self._skip(row, found)
            return True
        self.result.households.append(Household(
            number, unit, township, village, head, kind, monitor or None, size,
            split_tags(tags) if tags else (), helper or None, phone or None, row,
        ))
        return True

    def _unusable(self, text: list[str]) -> list[tuple[str, str]]:
        """Cells no other check should look at: control characters, too long, a 乡镇 or 村 name too long."""
        found = []
        for attr, value in zip(_ATTRS, text):
            controls = dict.fromkeys(CONTROL.findall(value))
            if controls:
                found.append((attr, CONTROL_MESSAGE.format(chars="、".join(f"U+{ord(c):04X}" for c in controls))))
            elif len(value) > self.limits.cell:
                found.append((attr, LONG_MESSAGE.format(limit=self.limits.cell, length=len(value))))
            elif attr in ("township", "village") and len(value) > self.limits.place:
                found.append((attr, LONG_MESSAGE.format(limit=self.limits.place, length=len(value))))
        return found

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
            close = difflib.get_close_matches(unit, self.units, n=1, cutoff=0.6) if len(unit) <= 50 else []
            hint = f"（是否应为“{close[0]}”？）" if close else ""
            examples = "、".join(self.units[:2])
            self.unit_messages[unit] = (
                f"未知县市区“{echo(unit)}”{hint}，应为 huimin.yml 中设置的县市区之一，如 {examples}……"
            )
        return self.unit_messages[unit]
