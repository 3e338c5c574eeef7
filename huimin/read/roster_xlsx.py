"""Rows of an XLSX roster, streamed from the first sheet's XML, so a 100,000-row file never
sits in memory, and a hostile file ends in bounded time and memory:

- the parts of the zip are checked for their uncompressed size and compression ratio (zip
  bombs) before anything is unpacked, and the sheet is counted again while it streams;
- no sheet is scanned for its size, and a sheet's claimed ``<dimension>`` is never used:
  only real cells are read;
- a value beyond :attr:`RosterLimits.columns`, a row number that repeats or goes back, or a
  cell longer than Excel allows stops the reading with a located message.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from xml.parsers import expat

from huimin.model.household import LIMITS, RosterLimits
from huimin.read.roster_files import (
    COLUMNS_MESSAGE,
    EXCEL_ROWS,
    SPLIT_HINT,
    XLSX_MESSAGE,
    Unreadable,
    column_letter,
    mb,
)

UNPACKED_MESSAGE = "Excel 文件解压后过大：超过 {limit} MB（" + SPLIT_HINT + "）"
BOMB_MESSAGE = ("Excel 文件异常：其中的 {part} 解压后 {size} MB，是压缩后的 {ratio} 倍（正常的名单不超过 {limit} 倍），"
                "疑似“压缩炸弹”，未读取：请在 Excel 中打开、“另存为”.xlsx 后重试")
ROW_ORDER_MESSAGE = ("工作表中第 {row} 行出现在第 {previous} 行之后（行号倒序，文件由其他软件生成时出错）："
                     "请在 Excel 中打开、“另存为”.xlsx 后重试")
ROW_TWICE_MESSAGE = ("工作表中第 {row} 行出现了两次（行号重复，文件由其他软件生成时出错）："
                     "请在 Excel 中打开、“另存为”.xlsx 后重试")
EXCEL_CELL = 32_767  # characters Excel allows in a cell: a longer one is not from Excel
EXCEL_CELL_MESSAGE = "单元格内容超过 Excel 的上限 32767 个字：文件异常，请在 Excel 中打开、“另存为”.xlsx 后重试"
_MB = 1 << 20


def check_xlsx_parts(path: Path, limits: RosterLimits = LIMITS) -> None:
    """Refuse a zip bomb before anything is unpacked: the parts' declared sizes, in total and
    as a ratio to their compressed size. (Python's zipfile never unpacks more than a part
    declares; :class:`_Counted` counts the sheet again while it streams.)"""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise Unreadable(XLSX_MESSAGE) from exc
    total = 0
    for part in parts:
        size = part.file_size
        ratio = size / max(part.compress_size, 1)
        if size > _MB and ratio > limits.xlsx_ratio:
            raise Unreadable(BOMB_MESSAGE.format(part=part.filename[:100], size=mb(size), ratio=int(ratio),
                                                 limit=limits.xlsx_ratio))
        total += size
        if total > limits.xlsx_unpacked_mb * _MB:
            raise Unreadable(UNPACKED_MESSAGE.format(limit=limits.xlsx_unpacked_mb))


class _Counted:
    """A sheet's XML stream that stops once more than ``limit`` bytes came out of it."""

    def __init__(self, source, limit: int, unpacked_mb: int):
        self.source, self.left, self.unpacked_mb = source, limit, unpacked_mb

    def read(self, n: int) -> bytes:
        data = self.source.read(n)
        self.left -= len(data)
        if self.left < 0:
            raise Unreadable(UNPACKED_MESSAGE.format(limit=self.unpacked_mb))
        return data


def xlsx_rows(path: Path, limits: RosterLimits = LIMITS, merges: list | None = None) -> Iterator[tuple[int, Sequence]]:
    """Rows of the first sheet; ``merges`` (when given) receives its merged ranges first."""
    check_xlsx_parts(path, limits)
    opened = _first_sheet(path) if FAST_XLSX else None
    if opened is not None:
        if merges is not None and opened[1] is not None:
            from huimin.read.roster_merges import merged_ranges

            merges.extend(merged_ranges(opened[0], opened[1], limits))
        return _stream_rows(*opened, limits)
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise Unreadable(XLSX_MESSAGE) from exc
    return _sheet_rows(book, limits)


FAST_XLSX = True
"""Read sheet cells with :class:`SheetStream` (False: openpyxl's ``iter_rows``, same values)."""


def _first_sheet(path: Path) -> tuple | None:
    """(archive, sheet part or None, shared strings, date styles, epoch) of the first
    worksheet, or None when this openpyxl lacks the 3.1 internals used here.

    Unlike ``load_workbook``, this reads no sheet: openpyxl's read-only worksheets scan a
    whole sheet for its size when its ``<dimension>`` is missing or comes late (a 120 MB
    sheet of 200,000 households: 20 s, every sheet of the book, before a row is read)."""
    try:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet
    except ImportError:  # pragma: no cover - another openpyxl
        return None
    if not all(hasattr(ExcelReader, a) for a in ("read_manifest", "read_strings", "read_workbook")):
        return None  # pragma: no cover
    reader = None
    try:
        reader = ExcelReader(path, read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = (rel.target for _, rel in reader.parser.find_sheets()
                  if rel.target in reader.valid_files and "chartsheet" not in rel.Type)
        return reader.archive, next(sheets, None), reader.shared_strings, reader.wb._date_formats, reader.wb.epoch
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        if reader is not None and hasattr(reader, "archive"):
            reader.archive.close()
        raise Unreadable(XLSX_MESSAGE) from exc


def _stream_rows(archive, part: str | None, shared: Sequence[str], date_styles, epoch,
                 limits: RosterLimits = LIMITS) -> Iterator[tuple[int, Sequence]]:
    try:
        if part is None:
            return
        with archive.open(part) as source:
            counted = _Counted(source, limits.xlsx_unpacked_mb * _MB, limits.xlsx_unpacked_mb)
            yield from SheetStream(shared, date_styles, epoch, limits.columns).rows(counted)
    except Unreadable:
        raise
    except Exception as exc:  # a damaged sheet fails while streaming
        raise Unreadable(XLSX_MESSAGE) from exc
    finally:
        archive.close()


def _sheet_rows(book, limits: RosterLimits = LIMITS) -> Iterator[tuple[int, Sequence]]:
    """openpyxl's own reader (about twice as slow, and it scans the sheet once more for its size)."""
    try:
        if not book.worksheets:
            return
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # a wrong stored size must neither cut rows off nor pad them
        yield from enumerate(sheet.iter_rows(max_col=limits.columns + 1, values_only=True), start=1)
    except Unreadable:
        raise
    except Exception as exc:  # a damaged sheet fails while streaming
        raise Unreadable(XLSX_MESSAGE) from exc
    finally:
        book.close()


class SheetStream:
    """The cell values of one worksheet, row by row, straight from its XML with expat.

    openpyxl opens the workbook, finds the first sheet and reads the shared strings; its own
    read-only row reader costs about 10 µs a cell, this one a fraction of that. Values come
    out as openpyxl gives them with ``data_only=True``: str, int, float, bool, datetime.
    """

    def __init__(self, shared_strings: Sequence[str], date_styles: Iterable[int] = (), epoch=None,
                 max_column: int = LIMITS.columns):
        self.shared = shared_strings
        self.date_styles = {str(s) for s in date_styles}
        self.epoch = epoch
        self.max_column = max_column

    def rows(self, source, chunk: int = 1 << 16) -> Iterator[tuple[int, list]]:
        """(row number, values) per ``<row>``; missing cells are None, empty rows may be absent.

        Only real cells count (a claimed ``<dimension>`` is ignored); a value beyond
        ``max_column``, a row number that is not larger than the one before, or a cell longer
        than Excel allows raises :class:`Unreadable`."""
        done: list[tuple[int, list]] = []
        columns: dict[str, int] = {}
        value_of = self._value
        max_column = self.max_column
        row = col = length = 0
        cells: list = []
        kind = style = text = None
        collect = phonetic = False

        def start(name: str, attrs: dict) -> None:
            nonlocal row, col, cells, kind, style, text, collect, phonetic, length
            if name == "c":
                ref = attrs.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    col = columns.get(letters) or _column_number(letters, columns)
                else:
                    col += 1
                kind, style, text, length = attrs.get("t"), attrs.get("s"), None, 0
            elif name == "v":
                collect = True
            elif name == "row":
                ref = attrs.get("r")
                number = _row_number(ref or str(row + 1), row)
                if number <= row:  # each physical row would be printed again
                    message = ROW_TWICE_MESSAGE if number == row else ROW_ORDER_MESSAGE
                    raise Unreadable(message.format(row=number, previous=row), line=number)
                row, col, cells = number, 0, []
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
                    if col > max_column:
                        where = f"第 {row} 行的 {column_letter(col)} 列"
                        raise Unreadable(COLUMNS_MESSAGE.format(limit=max_column, where=where), line=row)
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
            nonlocal text, length
            if collect:
                length += len(data)
                if length > EXCEL_CELL:
                    raise Unreadable(EXCEL_CELL_MESSAGE, line=row)
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
            try:
                number = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
            except ValueError:  # not a number, or more digits than int() takes: the checker says so
                return text
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


def _column_number(letters: str, known: dict[str, int] | None = None) -> int:
    """A → 1, AA → 27 (remembered in ``known``); nonsense such as 40 letters is a broken file."""
    if not letters.isascii() or not letters.isalpha() or len(letters) > 3:
        raise Unreadable(XLSX_MESSAGE)
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    if known is not None and len(known) < 1000:
        known[letters] = number
    return number


def _row_number(ref: str, after: int) -> int:
    """A ``<row r="…">``'s number; row numbers only go up, so a sheet has at most EXCEL_ROWS rows."""
    if not ref.isdigit() or len(ref) > 7 or int(ref) > EXCEL_ROWS:
        raise Unreadable(XLSX_MESSAGE, line=after + 1)
    return int(ref)
