"""Rows out of a roster file: CSV (UTF-8 or GB18030, as Excel in China saves it) or XLSX
(streamed from the sheet's XML, so a 100,000-row file never sits in memory)."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from xml.parsers import expat

ENCODING_MESSAGE = "无法识别文件编码，请另存为 UTF-8 或 GB18030 编码的 CSV"
CSV_MESSAGE = "无法按 CSV 格式读取：单元格内容过长，可能有不成对的英文引号（\"）"
XLSX_MESSAGE = "无法打开 Excel 文件：文件已损坏、设有打开密码，或不是真正的 .xlsx 文件（请在 Excel 中“另存为”.xlsx 后重试）"


class Unreadable(Exception):
    def __init__(self, message: str, field: str = "", line: int = 0):
        super().__init__(message)
        self.message, self.field, self.line = message, field, line


def open_rows(path: Path) -> Iterator[tuple[int, Sequence]]:
    """(row number, cells) for every row; the header is row 1."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise Unreadable("找不到名单文件")
    if suffix == ".csv":
        return enumerate(_csv_rows(path, _csv_encoding(path)), start=1)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    if suffix in (".xls", ".et", ".wps"):
        raise Unreadable(f"不支持 {suffix} 格式：请在 Excel 中“另存为”.xlsx 或 CSV 后重试")
    raise Unreadable(f"不支持的文件类型“{suffix or '无扩展名'}”：户名单应为 .csv 或 .xlsx 文件")


def _csv_encoding(path: Path) -> str:
    """utf-8-sig if the whole file decodes strictly as UTF-8, else gb18030 if that decodes."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
            if head.startswith(b"PK\x03\x04"):
                raise Unreadable("文件实际是 Excel 文件：请把扩展名改为 .xlsx")
            if b"\x00" in head:  # UTF-16 ("Unicode 文本") decodes as UTF-8 when it is all ASCII
                raise Unreadable(ENCODING_MESSAGE, "文件编码")
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
        raise Unreadable(_os_message(exc)) from exc
    raise Unreadable(ENCODING_MESSAGE, "文件编码")


def _csv_rows(path: Path, encoding: str) -> Iterator[Sequence]:
    try:
        with path.open(encoding=encoding, newline="") as f:
            yield from csv.reader(f)
    except csv.Error as exc:  # in practice: a field over the size limit, after an unpaired quote
        raise Unreadable(CSV_MESSAGE) from exc
    except OSError as exc:
        raise Unreadable(_os_message(exc)) from exc


def _xlsx_rows(path: Path) -> Iterator[tuple[int, Sequence]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise Unreadable(XLSX_MESSAGE) from exc
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
