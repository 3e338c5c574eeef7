"""Household rosters (户名单) that townships send: a CSV or XLSX file in, checked households out.

A roster is personal data. Only the known columns below are read; any other column (an
ID-card number, say) is dropped while reading and never stored, shown or echoed in a message.
Rows are streamed: a file is never held in memory as a whole.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from xml.parsers import expat

from .errors import HuiminError, Problem, display_path
from .models import HOUSEHOLD_TYPES, MONITOR_TYPES
from .settings import Settings


@dataclass(frozen=True, slots=True)
class Household:
    """One row of a roster, checked."""

    number: str                      # 户编号
    unit: str                        # 县市区
    township: str                    # 乡镇
    village: str                     # 村
    head: str                        # 户主姓名
    household_type: str              # 脱贫户 | 监测对象
    monitor_type: str | None         # 监测类型 (监测对象 only)
    size: int                        # 家庭人口
    member_tags: tuple[str, ...] = ()  # 成员情况
    helper: str | None = None        # 帮扶责任人
    helper_phone: str | None = None  # 帮扶责任人电话
    row: int = 0                     # row in the file; the header is row 1


@dataclass(frozen=True)
class Column:
    header: str
    attr: str
    required: bool
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("户编号", "number", True, "户编号，名单内唯一"),
    Column("县市区", "unit", True, "huimin.yml 中设置的县市区之一"),
    Column("乡镇", "township", True, "乡镇"),
    Column("村", "village", True, "村"),
    Column("户主姓名", "head", True, "户主姓名"),
    Column("户类型", "household_type", True, "脱贫户 或 监测对象"),
    Column("监测类型", "monitor_type", False, "户类型为监测对象时必填：脱贫不稳定户、边缘易致贫户 或 突发严重困难户"),
    Column("家庭人口", "size", True, "不小于 1 的整数"),
    Column("成员情况", "member_tags", False, "用 、 ， , ; ； 分隔，如 义务教育学生、慢性病患者"),
    Column("帮扶责任人", "helper", False, "帮扶责任人"),
    Column("帮扶责任人电话", "helper_phone", False, "帮扶责任人电话"),
)
REQUIRED_HEADERS = tuple(c.header for c in COLUMNS if c.required)
_BY_HEADER = {c.header: c for c in COLUMNS}
_BY_HEADER_ATTR = {c.attr: c.header for c in COLUMNS}
_ATTRS = tuple(c.attr for c in COLUMNS)  # the order Household takes them in
_NOT_EMPTY = ("number", "unit", "township", "village", "head")

ENCODING_MESSAGE = "无法识别文件编码，请另存为 UTF-8 或 GB18030 编码的 CSV"
CSV_MESSAGE = "无法按 CSV 格式读取：单元格内容过长，可能有不成对的英文引号（\"）"
EMPTY_MESSAGE = f"文件为空：第 1 行应为表头（{'、'.join(REQUIRED_HEADERS)} 等）"
XLSX_MESSAGE = "无法打开 Excel 文件：文件已损坏、设有打开密码，或不是真正的 .xlsx 文件（请在 Excel 中“另存为”.xlsx 后重试）"
ID_CARD_MESSAGE = "疑似身份证号码：名单不收身份证号，明白卡也不能印出身份证号，请删去"
TYPES_SHOWN = "脱贫户 或 监测对象"
MONITOR_SHOWN = "脱贫不稳定户、边缘易致贫户 或 突发严重困难户"
SIZE_SHOWN = "不小于 1 的整数"
EXCEL_DIGITS = 10**15  # Excel keeps 15 significant digits: larger numbers have lost their tail

_TAG_SEPARATORS = re.compile(r"[、，,;；]")
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


class _Unreadable(Exception):
    def __init__(self, message: str, field: str = "", line: int = 0):
        super().__init__(message)
        self.message, self.field, self.line = message, field, line


def read_roster(path: Path, settings: Settings, shown: str | None = None) -> RosterResult:
    """Read and check a roster; never raises for bad input (see :meth:`RosterResult.require_clean`)."""
    path = Path(path)
    result = RosterResult(shown or display_path(path))
    try:
        _read(_open_rows(path), settings, result)
    except _Unreadable as exc:
        result.fatal = True
        result.problems.append(Problem(result.path, exc.line, 0, exc.field, exc.message))
    return result


# --------------------------------------------------------------------------- files


def _open_rows(path: Path) -> Iterator[tuple[int, Sequence]]:
    """(row number, cells) for every row; the header is row 1."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise _Unreadable("找不到名单文件")
    if suffix == ".csv":
        return enumerate(_csv_rows(path, _csv_encoding(path)), start=1)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    if suffix in (".xls", ".et", ".wps"):
        raise _Unreadable(f"不支持 {suffix} 格式：请在 Excel 中“另存为”.xlsx 或 CSV 后重试")
    raise _Unreadable(f"不支持的文件类型“{suffix or '无扩展名'}”：户名单应为 .csv 或 .xlsx 文件")


def _csv_encoding(path: Path) -> str:
    """utf-8-sig if the whole file decodes strictly as UTF-8, else gb18030 if that decodes."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
            if head.startswith(b"PK\x03\x04"):
                raise _Unreadable("文件实际是 Excel 文件：请把扩展名改为 .xlsx")
            if b"\x00" in head:  # UTF-16 ("Unicode 文本") decodes as UTF-8 when it is all ASCII
                raise _Unreadable(ENCODING_MESSAGE, "文件编码")
            for encoding in ("utf-8-sig", "gb18030"):
                f.seek(0)
                decoder = codecs.getincrementaldecoder(encoding)("strict")
                try:
                    while chunk := f.read(1 << 20):
                        decoder.decode(chunk)
                    decoder.decode(b"", final=True)
                    return encoding
                except UnicodeDecodeError:
                    continue
    except OSError as exc:
        raise _Unreadable(_os_message(exc)) from exc
    raise _Unreadable(ENCODING_MESSAGE, "文件编码")


def _csv_rows(path: Path, encoding: str) -> Iterator[Sequence]:
    try:
        with path.open(encoding=encoding, newline="") as f:
            yield from csv.reader(f)
    except csv.Error as exc:  # in practice: a field over the size limit, after an unpaired quote
        raise _Unreadable(CSV_MESSAGE) from exc
    except OSError as exc:
        raise _Unreadable(_os_message(exc)) from exc


def _xlsx_rows(path: Path) -> Iterator[tuple[int, Sequence]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise _Unreadable(XLSX_MESSAGE) from exc
    return _sheet_rows(book)


FAST_XLSX = True
"""Read sheet cells with :class:`SheetStream` (False: openpyxl's ``iter_rows``, same values)."""


def _openpyxl_parts(book, sheet) -> tuple:
    # openpyxl 3.1 internals SheetStream needs; without them we fall back to iter_rows
    return ((book, "_archive"), (book, "_date_formats"), (sheet, "_worksheet_path"), (sheet, "_shared_strings"))


def _sheet_rows(book) -> Iterator[tuple[int, Sequence]]:
    try:
        if not book.worksheets:
            return
        sheet = book.worksheets[0]
        try:
            if FAST_XLSX and all(hasattr(x, a) for x, a in _openpyxl_parts(book, sheet)):
                with book._archive.open(sheet._worksheet_path) as source:
                    yield from SheetStream(sheet._shared_strings, book._date_formats, book.epoch).rows(source)
            else:  # openpyxl's own reader: about twice as slow
                sheet.reset_dimensions()  # a wrong stored size must not cut rows off
                yield from enumerate(sheet.iter_rows(values_only=True), start=1)
        except _Unreadable:
            raise
        except Exception as exc:  # a damaged sheet fails while streaming
            raise _Unreadable(XLSX_MESSAGE) from exc
    finally:
        book.close()


class SheetStream:
    """The cell values of one worksheet, row by row, straight from its XML with expat.

    openpyxl opens the workbook, finds the first sheet and reads the shared strings; its own
    read-only row reader costs about 10 µs a cell, this one a fraction of that. Values come
    out as openpyxl gives them with ``data_only=True``: str, int, float, bool, datetime.
    """

    def __init__(self, shared_strings: Sequence[str], date_styles: Iterable[int] = (), epoch=None):
        self.shared = shared_strings
        self.date_styles = {str(s) for s in date_styles}
        self.epoch = epoch

    def rows(self, source, chunk: int = 1 << 16) -> Iterator[tuple[int, list]]:
        """(row number, values) per ``<row>``; missing cells are None, empty rows may be absent."""
        done: list[tuple[int, list]] = []
        columns: dict[str, int] = {}
        value_of = self._value
        row = col = 0
        cells: list = []
        kind = style = text = None
        collect = phonetic = False

        def start(name: str, attrs: dict) -> None:
            nonlocal row, col, cells, kind, style, text, collect, phonetic
            if name == "c":
                ref = attrs.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    col = columns.get(letters) or columns.setdefault(letters, _column_number(letters))
                else:
                    col += 1
                kind, style, text = attrs.get("t"), attrs.get("s"), None
            elif name == "v":
                collect = True
            elif name == "row":
                ref = attrs.get("r")
                row = int(ref) if ref else row + 1
                col, cells = 0, []
            elif name == "t":
                collect = not phonetic
            elif name == "rPh":
                phonetic = True
            elif ":" in name:
                start(name.rpartition(":")[2], attrs)  # x:c → c

        def end(name: str) -> None:
            nonlocal collect, phonetic
            if name == "c":
                if text:
                    while len(cells) < col:
                        cells.append(None)
                    cells[col - 1] = value_of(text, kind, style)
            elif name == "v" or name == "t":
                collect = False
            elif name == "row":
                done.append((row, cells))
            elif name == "rPh":
                phonetic = False
            elif ":" in name:
                end(name.rpartition(":")[2])

        def chars(data: str) -> None:
            nonlocal text
            if collect:
                text = data if text is None else text + data

        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, chars
        while data := source.read(chunk):
            parser.Parse(data, False)
            yield from done
            done.clear()
        parser.Parse(b"", True)
        yield from done

    def _value(self, text: str, kind: str | None, style: str | None):
        if kind == "s":
            return self.shared[int(text)]
        if kind is None or kind == "n":
            number = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
            if style is not None and style in self.date_styles:
                from openpyxl.utils.datetime import from_excel

                try:
                    return from_excel(number, self.epoch)
                except (OverflowError, ValueError):
                    return number
            return number
        if kind == "b":
            return text.strip() == "1"
        return text  # inlineStr, str (a formula's text), e (#N/A …), d (ISO date)


def _column_number(letters: str) -> int:
    """A → 1, AA → 27."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def _os_message(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "无法读取文件：没有读取权限，或文件正被其他程序（如 Excel）占用"
    return "无法读取文件"


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
    except _Unreadable as exc:
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


def split_tags(text: str) -> tuple[str, ...]:
    """``义务教育学生、慢性病患者, 残疾人；`` → the tags, trimmed, empty ones and repeats dropped."""
    parts = (p.strip() for p in _TAG_SEPARATORS.split(text))
    return tuple(dict.fromkeys(p for p in parts if p))
