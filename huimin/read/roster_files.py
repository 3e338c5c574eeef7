"""Rows out of a roster file: CSV (UTF-8 or GB18030, as Excel in China saves it) or XLSX
(:mod:`huimin.read.roster_xlsx`). Hostile files end in bounded time and memory: the file
size is checked before anything is read.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from huimin.model.household import LIMITS, RosterLimits

ENCODING_MESSAGE = "无法识别文件编码，请另存为 UTF-8 或 GB18030 编码的 CSV"
CSV_MESSAGE = "无法按 CSV 格式读取：单元格内容过长，可能有不成对的英文引号（\"）"
XLSX_MESSAGE = "无法打开 Excel 文件：文件已损坏、设有打开密码，或不是真正的 .xlsx 文件（请在 Excel 中“另存为”.xlsx 后重试）"
SPLIT_HINT = "请按县市区或乡镇分成几个文件，分别印制"
FILE_SIZE_MESSAGE = "文件过大：户名单不能超过 {limit} MB，此文件 {size} MB（" + SPLIT_HINT + "）"
COLUMNS_MESSAGE = "列数过多：户名单不能超过 {limit} 列，{where}有值（请删去多余的列）"
_MB = 1 << 20
EXCEL_ROWS = 1_048_576  # rows of an Excel sheet: no roster has more lines, even blank ones


class Unreadable(Exception):
    def __init__(self, message: str, field: str = "", line: int = 0):
        super().__init__(message)
        self.message, self.field, self.line = message, field, line


def open_rows(path: Path, limits: RosterLimits = LIMITS, merges: list | None = None) -> Iterator[tuple[int, Sequence]]:
    """(row number, cells) for every row, numbered from 1; an XLSX sheet's merged ranges
    go into ``merges`` (when given) before the first row comes."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise Unreadable("找不到名单文件")
    if suffix in (".csv", ".xlsx", ".xlsm"):
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise Unreadable(_os_message(exc)) from exc
        if size > limits.file_mb * _MB:
            raise Unreadable(FILE_SIZE_MESSAGE.format(limit=limits.file_mb, size=mb(size)))
    if suffix == ".csv":
        return enumerate(_csv_rows(path, _csv_encoding(path)), start=1)
    if suffix in (".xlsx", ".xlsm"):
        from huimin.read.roster_xlsx import xlsx_rows

        return xlsx_rows(path, limits, merges)
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


def mb(size: int) -> str:
    return f"{size / _MB:.1f}"


def column_letter(column: int) -> str:
    """1 → A, 27 → AA (the column letters Excel shows, also for a CSV opened in Excel)."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _os_message(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "无法读取文件：没有读取权限，或文件正被其他程序（如 Excel）占用"
    return "无法读取文件"
