"""Hostile and broken rosters (issue 14): each ends with a located Chinese message, in bounded
time and memory, never a traceback; look-alike 户编号 are the same household."""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from huimin.model.household import RosterLimits
from huimin.model.settings import Settings
from huimin.read import roster
from huimin.read.roster import read_roster
from huimin.read.roster_files import XLSX_MESSAGE

HEADER = "户编号,县市区,乡镇,村,户主姓名,户类型,监测类型,家庭人口,成员情况,帮扶责任人,帮扶责任人电话"
ROW = "1001,袁州区,西村镇,新村,张三,脱贫户,,3,,,"
SETTINGS = Settings()
SHEET = "xl/worksheets/sheet1.xml"


def write_csv(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read(path: Path, limits: RosterLimits | None = None):
    return read_roster(path, SETTINGS, shown=path.name, **({"limits": limits} if limits else {}))


def messages(path: Path, limits: RosterLimits | None = None) -> list[str]:
    return [str(p) for p in read(path, limits).problems]


def base_xlsx(tmp_path: Path, households: int = 3) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    for i in range(households):
        sheet.append([1001 + i, "袁州区", "西村镇", "新村", f"户主{i}", "脱贫户", None, 3])
    path = tmp_path / "base.xlsx"
    book.save(path)
    return path


def rewrite_sheet(tmp_path: Path, edit, name: str = "roster.xlsx", households: int = 3) -> Path:
    """A copy of a small roster whose sheet XML went through ``edit`` (text → text)."""
    source = zipfile.ZipFile(base_xlsx(tmp_path, households))
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == SHEET:
                text = data.decode("utf-8")
                edited = edit(text)
                assert edited != text, "the edit changed nothing: the writer's XML is not what the test expects"
                data = edited.encode("utf-8")
            out.writestr(info.filename, data)
    return path


# --------------------------------------------------------------------------- file size, zip bombs


def test_csv_over_the_file_size_limit(tmp_path):
    path = write_csv(tmp_path, HEADER, *[ROW.replace("1001", str(1001 + i)) for i in range(40_000)])
    assert messages(path, RosterLimits(file_mb=1)) == [
        "roster.csv: 文件过大：户名单不能超过 1 MB，此文件 2.1 MB（请按县市区或乡镇分成几个文件，分别印制）"
    ]


def test_roster_limits_come_from_huimin_yml(tmp_path):
    path = write_csv(tmp_path, HEADER, *[ROW.replace("1001", str(1001 + i)) for i in range(40_000)])
    settings = Settings.model_validate({"limits": {"roster_mb": 1, "roster_rows": 5}})
    assert [str(p) for p in read_roster(path, settings, shown=path.name).problems] == [
        "roster.csv: 文件过大：户名单不能超过 1 MB，此文件 2.1 MB（请按县市区或乡镇分成几个文件，分别印制）"
    ]
    small = write_csv(tmp_path, HEADER, *[ROW.replace("1001", str(1001 + i)) for i in range(6)])
    assert [str(p) for p in read_roster(small, settings, shown=small.name).problems] == [
        "roster.csv:7: 名单过长：超过 5 户（行），请按县市区或乡镇分成几个文件，分别印制"
    ]


def zip_bomb(tmp_path: Path, megabytes: int = 20) -> Path:
    """A roster whose sheet unpacks to ``megabytes`` MB, one cell of "A"s (~1000:1), ~20 KB on disk."""
    source = zipfile.ZipFile(base_xlsx(tmp_path))
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename != SHEET:
                out.writestr(info.filename, source.read(info.filename))
        with out.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                        b'<row r="1"><c r="A1" t="inlineStr"><is><t>')
            for _ in range(megabytes):
                sheet.write(b"A" * (1 << 20))
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    return path


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    path = zip_bomb(tmp_path)
    assert path.stat().st_size < 100_000
    info = zipfile.ZipFile(path).getinfo(SHEET)
    ratio = int(info.file_size / info.compress_size)
    assert ratio > 500
    result = read(path)
    assert [str(p) for p in result.problems] == [
        (f"bomb.xlsx: Excel 文件异常：其中的 xl/worksheets/sheet1.xml 解压后 {info.file_size / 2**20:.1f} MB，"
        f"是压缩后的 {ratio} 倍（正常的名单不超过 100 倍），疑似“压缩炸弹”，未读取：请在 Excel 中打开、“另存为”.xlsx 后重试")
    ]
    assert result.fatal and result.households == []


def test_unpacked_size_limit(tmp_path):
    path = zip_bomb(tmp_path, megabytes=3)
    assert messages(path, RosterLimits(xlsx_unpacked_mb=2, xlsx_ratio=10_000)) == [
        "bomb.xlsx: Excel 文件解压后过大：超过 2 MB（请按县市区或乡镇分成几个文件，分别印制）"
    ]


def test_a_part_that_lies_about_its_size_unpacks_no_more_than_it_declares(tmp_path):
    """The declared sizes pass the checks; Python's zipfile stops at the declared size and
    the CRC no longer matches: a broken file, refused at once."""
    path = zip_bomb(tmp_path)
    data = bytearray(path.read_bytes())
    name = SHEET.encode()
    # the local header keeps its sizes in a zip64 extra field (tag, size, uncompressed, compressed)
    local = _header(data, b"PK\x03\x04", name, 26, 30)
    extra = local + 30 + len(name)
    assert struct.unpack_from("<H", data, extra)[0] == 0x0001
    struct.pack_into("<Q", data, extra + 4, 1000)  # "1000 bytes", it says
    central = _header(data, b"PK\x01\x02", name, 28, 46)
    struct.pack_into("<I", data, central + 24, 1000)  # the central directory too
    path.write_bytes(bytes(data))
    assert zipfile.ZipFile(path).getinfo(SHEET).file_size == 1000
    assert messages(path) == [f"bomb.xlsx:1: {XLSX_MESSAGE}"]  # found while the sheet streams


def _header(data: bytearray, signature: bytes, name: bytes, name_at: int, fixed: int) -> int:
    """Where the (local or central) header of the part called ``name`` starts."""
    at = 0
    while True:
        at = data.index(signature, at)
        length = struct.unpack_from("<H", data, at + name_at)[0]
        if data[at + fixed:at + fixed + length] == name:
            return at
        at += 4


# --------------------------------------------------------------------------- rows and columns


def test_claimed_dimension_is_not_trusted(tmp_path):
    path = rewrite_sheet(tmp_path, lambda xml: xml.replace('<dimension ref="A1:K4"', '<dimension ref="A1:XFD1048576"'))
    assert 'ref="A1:XFD1048576"' in zipfile.ZipFile(path).read(SHEET).decode()
    result = read(path)
    assert result.ok and [h.row for h in result.households] == [2, 3, 4]


def test_empty_styled_cell_at_the_last_cell_of_a_sheet(tmp_path):
    last = '<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>'
    result = read(rewrite_sheet(tmp_path, lambda xml: xml.replace("</sheetData>", last)))
    assert result.ok and [h.row for h in result.households] == [2, 3, 4]


def test_value_beyond_the_last_allowed_column(tmp_path):
    far = '<c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row><row r="4">'
    path = rewrite_sheet(tmp_path, lambda xml: xml.replace('</row><row r="4">', far))
    assert messages(path) == ["roster.xlsx:3: 列数过多：户名单不能超过 200 列，第 3 行的 XFD 列有值（请删去多余的列）"]
    assert read(path).fatal


def test_csv_header_with_too_many_columns(tmp_path):
    header = HEADER + "," + ",".join(f"备注{i}" for i in range(200))
    assert messages(write_csv(tmp_path, header, ROW)) == [
        "roster.csv:1: 列数过多：户名单不能超过 200 列，第 1 行的 GS 列有值（请删去多余的列）"
    ]


def test_csv_row_with_too_many_columns(tmp_path):
    assert messages(write_csv(tmp_path, HEADER, ROW + "," * 300 + "x")) == [
        "roster.csv:2: 列数过多：户名单不能超过 200 列，第 2 行的 KY 列有值（请删去多余的列）"
    ]


def test_trailing_empty_cells_do_not_count_as_columns(tmp_path):
    assert read(write_csv(tmp_path, HEADER + "," * 300, ROW + "," * 300)).ok


def test_too_many_households(tmp_path):
    rows = [ROW.replace("1001", str(1001 + i)) for i in range(5)]
    path = write_csv(tmp_path, HEADER, rows[0], "", rows[1], rows[2], rows[3], rows[4])
    result = read(path, RosterLimits(rows=3))
    assert [str(p) for p in result.problems] == [
        "roster.csv:6: 名单过长：超过 3 户（行），请按县市区或乡镇分成几个文件，分别印制"
    ]
    assert result.fatal


def test_a_file_of_blank_lines_ends_at_excels_row_limit(tmp_path, monkeypatch):
    """1,048,576 rows in the program (1M blank lines: 3-7 s); 1,000 here."""
    monkeypatch.setattr(roster, "EXCEL_ROWS", 1000)
    path = write_csv(tmp_path, HEADER, ROW, *[",,,"] * 999, ROW.replace("1001", "1002"))
    assert messages(path) == [
        "roster.csv:1001: 名单过长：超过 1000 行（Excel 工作表的行数上限），请按县市区或乡镇分成几个文件，分别印制"
    ]


def test_xlsx_row_number_beyond_excels_last_row(tmp_path):
    path = rewrite_sheet(tmp_path, lambda xml: xml.replace('<row r="4"', '<row r="1048577"'))
    assert messages(path) == [f"roster.xlsx:4: {XLSX_MESSAGE}"]


ROW_ORDER = [
    ('<row r="2"', ("roster.xlsx:2: 工作表中第 2 行出现了两次（行号重复，文件由其他软件生成时出错）："
                   "请在 Excel 中打开、“另存为”.xlsx 后重试")),
    ('<row r="1"', ("roster.xlsx:1: 工作表中第 1 行出现在第 2 行之后（行号倒序，文件由其他软件生成时出错）："
                   "请在 Excel 中打开、“另存为”.xlsx 后重试")),
]


@pytest.mark.parametrize("row, expected", ROW_ORDER, ids=["repeated", "backwards"])
def test_xlsx_rows_that_repeat_their_row_number(tmp_path, row, expected):
    path = rewrite_sheet(tmp_path, lambda xml: xml.replace('<row r="3"', row))
    result = read(path)
    assert [str(p) for p in result.problems] == [expected]
    assert result.fatal


def test_xlsx_cell_longer_than_excel_allows(tmp_path):
    long = '<c r="E3" t="inlineStr"><is><t>' + "长" * 40_000 + "</t></is></c>"
    # openpyxl writes 户主1 as is, or as character references when lxml is installed
    path = rewrite_sheet(tmp_path, lambda xml: re.sub(r'<c r="E3" t="inlineStr"><is><t>[^<]*</t></is></c>', long, xml))
    assert messages(path) == [
        "roster.xlsx:3: 单元格内容超过 Excel 的上限 32767 个字：文件异常，请在 Excel 中打开、“另存为”.xlsx 后重试"
    ]


def test_xlsx_number_with_thousands_of_digits(tmp_path):
    huge = '<c r="H3"><v>' + "9" * 5000 + "</v></c>"
    path = rewrite_sheet(tmp_path, lambda xml: xml.replace('<c r="H3" t="n"><v>3</v></c>', huge))
    assert messages(path) == ["roster.xlsx:3:8: 家庭人口（H列）: 内容过长：不能超过 500 个字，现有 5000 个字"]


# --------------------------------------------------------------------------- cells


CELL_ERRORS = [
    ("size-20-digits", "1002,袁州区,西村镇,新村,李四,脱贫户,,99999999999999999999,,,",
     "roster.csv:3:8: 家庭人口（H列）: 应为 1 到 50 的整数，实际为“99999999999999999999”"),
    ("size-0", "1002,袁州区,西村镇,新村,李四,脱贫户,,0,,,",
     "roster.csv:3:8: 家庭人口（H列）: 应为 1 到 50 的整数，实际为“0”"),
    ("size-51", "1002,袁州区,西村镇,新村,李四,脱贫户,,51,,,",
     "roster.csv:3:8: 家庭人口（H列）: 应为 1 到 50 的整数，实际为“51”"),
    ("size-51-as-decimal", "1002,袁州区,西村镇,新村,李四,脱贫户,,51.0,,,",
     "roster.csv:3:8: 家庭人口（H列）: 应为 1 到 50 的整数，实际为“51.0”"),
    ("village-300-chars", "1002,袁州区,西村镇," + "村" * 300 + ",李四,脱贫户,,3,,,",
     "roster.csv:3:4: 村（D列）: 内容过长：不能超过 50 个字，现有 300 个字"),
    ("township-90-chars", "1002,袁州区," + "镇" * 90 + ",新村,李四,脱贫户,,3,,,",
     "roster.csv:3:3: 乡镇（C列）: 内容过长：不能超过 50 个字，现有 90 个字"),
    ("name-501-chars", "1002,袁州区,西村镇,新村," + "名" * 501 + ",脱贫户,,3,,,",
     "roster.csv:3:5: 户主姓名（E列）: 内容过长：不能超过 500 个字，现有 501 个字"),
    ("escape-in-name", "1002,袁州区,西村镇,新村,李\x1b[31m四\x07,脱贫户,,3,,,",
     "roster.csv:3:5: 户主姓名（E列）: 含有不可打印的控制字符 U+001B、U+0007，请删去"),
    ("zero-width-number", "1001\u200b,袁州区,西村镇,新村,李四,脱贫户,,3,,,",
     "roster.csv:3:1: 户编号（A列）: 户编号“1001”重复：第 2 行已使用"),
    ("full-width-number", "１００１,袁州区,西村镇,新村,李四,脱贫户,,3,,,",
     ("roster.csv:3:1: 户编号（A列）: 户编号“１００１”重复：第 2 行已使用"
     "（第 2 行为“1001”：全角半角写法不同、夹有看不见的字符的户编号视为同一个）")),
    ("full-width-and-invisible", "\ufeff１００１\u2060,袁州区,西村镇,新村,李四,脱贫户,,3,,,",
     ("roster.csv:3:1: 户编号（A列）: 户编号“１００１”重复：第 2 行已使用"
     "（第 2 行为“1001”：全角半角写法不同、夹有看不见的字符的户编号视为同一个）")),
    ("unknown-type-cut", "1002,袁州区,西村镇,新村,李四," + "类" * 60 + ",,3,,,",
     "roster.csv:3:6: 户类型（F列）: 应为 脱贫户 或 监测对象，实际为“" + "类" * 50 + "…”"),
]


@pytest.mark.parametrize("row, expected", [c[1:] for c in CELL_ERRORS], ids=[c[0] for c in CELL_ERRORS])
def test_cell_errors(tmp_path, row, expected):
    result = read(write_csv(tmp_path, HEADER, ROW, row))
    assert [str(p) for p in result.problems] == [expected]
    assert [h.row for h in result.households] == [2]
    assert not result.fatal


def test_size_limits_are_inclusive(tmp_path):
    rows = [ROW.replace(",3,", ",1,"), ROW.replace("1001", "1002").replace(",3,", ",50,")]
    assert [h.size for h in read(write_csv(tmp_path, HEADER, *rows)).households] == [1, 50]


def test_xlsx_size_of_twenty_digits(tmp_path):
    huge = '<c r="H2"><v>99999999999999999999</v></c>'
    path = rewrite_sheet(tmp_path, lambda xml: xml.replace('<c r="H2" t="n"><v>3</v></c>', huge))
    assert messages(path) == ["roster.xlsx:2:8: 家庭人口（H列）: 应为 1 到 50 的整数，实际为“99999999999999999999”"]


def test_invisible_characters_are_removed_from_every_cell(tmp_path):
    row = "\u200b1002,袁州区\u200d,西村镇\ufeff,新\u2060村,李四\u200e,脱贫户,,3\u200b,,,"
    result = read(write_csv(tmp_path, HEADER, ROW, row))
    assert result.ok
    h = result.households[1]
    assert (h.number, h.unit, h.township, h.village, h.head, h.size) == ("1002", "袁州区", "西村镇", "新村", "李四", 3)


def test_echoed_values_never_carry_control_characters(tmp_path):
    result = read(write_csv(tmp_path, HEADER + ",备注\x1b[2J", ROW + ",x"))
    assert [str(w) for w in result.warnings] == [
        "roster.csv:1:12: 备注<U+001B>[2J（L列）: 未知列“备注<U+001B>[2J”将被忽略"
    ]
