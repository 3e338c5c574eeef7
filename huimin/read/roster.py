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

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from huimin.model.errors import HuiminError, Problem, display_path
from huimin.model.household import LIMITS, REQUIRED_HEADERS, Household, RosterLimits
from huimin.model.settings import Settings
from huimin.read.roster_cells import CONTROL
from huimin.read.roster_check import CSV_BLANK_HINT, ID_CARD_MESSAGE, RowChecker, SkippedRow, check_width
from huimin.read.roster_columns import HEADER_ROWS, find_header, header_key, layout, score, two_row_header
from huimin.read.roster_files import EXCEL_ROWS, SPLIT_HINT, Unreadable, open_rows

__all__ = ["ID_CARD_MESSAGE", "RosterResult", "SkippedRow", "read_roster"]

EMPTY_MESSAGE = f"文件为空：第 1 行应为表头（{'、'.join(REQUIRED_HEADERS)} 等）"
ROWS_MESSAGE = "名单过长：超过 {limit} 户（行），" + SPLIT_HINT
LINES_MESSAGE = "名单过长：超过 {limit} 行（Excel 工作表的行数上限），" + SPLIT_HINT


@dataclass
class RosterResult:
    """Everything read from one roster: good households in file order, and what was wrong."""

    path: str
    households: list[Household] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    skipped_rows: list[SkippedRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the file was read, for report.txt
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
    merges: list = []
    try:
        _read(open_rows(path, limits, merges), settings, result, limits, merges, path.suffix.lower() == ".csv")
    except Unreadable as exc:
        result.fatal = True
        result.problems.append(Problem(result.path, exc.line, 0, exc.field, exc.message))
    return result


# --------------------------------------------------------------------------- rows


def _read(rows: Iterator[tuple[int, Sequence]], settings: Settings, result: RosterResult,
          limits: RosterLimits = LIMITS, merges: list | None = None, is_csv: bool = False) -> None:
    last = [0]  # the last row read: a file that breaks is unreadable after it

    def tracked(items: Iterator[tuple[int, Sequence]]) -> Iterator[tuple[int, Sequence]]:
        for item in items:
            last[0] = item[0]
            yield item

    rows = tracked(rows)
    try:
        top: list[tuple[int, Sequence]] = []
        for item in rows:  # the header may sit below title rows
            check_width(item[0], item[1], limits.columns)
            top.append(item)
            if item[0] >= HEADER_ROWS:
                break
        if not top:
            result.fatal = True
            result.problems.append(Problem(result.path, 0, 0, "", EMPTY_MESSAGE))
            return
        tag_keys = {header_key(k) for k in settings.roster_tags}
        at = find_header(top, tag_keys)
        if score(top[at][1], tag_keys) < 3 and top[0][0] != 1:
            first, header_row, names, rest = 1, 1, [], top  # row 1 is empty (an XLSX sheet may simply leave it out)
        else:
            names, first, header_row = two_row_header(top, at, tag_keys)
            rest = top[at + 1 + header_row - top[at][0]:]
        checker = RowChecker(layout(header_row, names, settings.roster_tags, result.path), settings, result, limits)
        if is_csv:
            checker.blank_hint = CSV_BLANK_HINT
        if result.problems:
            result.fatal = True
            return
        if first < header_row:
            titles = f"；上面 {first - 1} 行是标题，未读入" if first > 1 else ""
            result.notes.append(f"表头在第 {first}、{header_row} 行（两行表头：列名在第 {first} 行的列和在第 {header_row} 行的列"
                                f"都已读入{titles}）")
        elif header_row > 1:
            result.notes.append(f"表头在第 {header_row} 行（上面 {header_row - 1} 行是标题，未读入）")
        fill = None
        if merges:
            from huimin.read.roster_merges import FillDown

            fill = FillDown(merges, checker.read_columns(), header_row) or None
        lines = itertools.chain(rest, rows)
        if fill is not None:
            lines = ((r, fill.apply(r, cells)) for r, cells in lines)
        if checker.layout.persons:
            from huimin.read.roster_persons import read_persons

            read_persons(lines, checker)
        else:
            count = 0
            for row, cells in lines:
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
        if fill is not None and fill.summary():
            result.notes.append(fill.summary())
        if checker.layout.not_read:
            result.notes.append(f"未读入的列（{len(checker.layout.not_read)} 列）：{'、'.join(checker.layout.not_read)}")
    except Unreadable as exc:
        exc.line = exc.line or last[0] + 1
        raise
