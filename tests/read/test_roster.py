"""Household rosters: every rule and its exact Chinese message, CSV encodings and XLSX."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from huimin.model.errors import HuiminError
from huimin.model.household import Household, split_tags
from huimin.model.settings import Settings
from huimin.read import roster_xlsx
from huimin.read.roster import SkippedRow, read_roster

HEADER = "户编号,县市区,乡镇,村,户主姓名,户类型,监测类型,家庭人口,成员情况,帮扶责任人,帮扶责任人电话"
ROW_A = "3609020010001,袁州区,西村镇,新村,张三,脱贫户,,3,义务教育学生、慢性病患者,李干部,13800000001"
ROW_B = "3609020010002,樟树市,临江镇,东村,李四,监测对象,突发严重困难户,2,,,"
ID_NUMBER = "360902199001011233"  # a well-formed ID-card number (valid check digit)

SETTINGS = Settings()


def write_csv(tmp_path: Path, *lines: str, encoding: str = "utf-8", name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def write_xlsx(tmp_path: Path, rows: list[list], name: str = "roster.xlsx") -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def read(path: Path):
    return read_roster(path, SETTINGS, shown=path.name)


def messages(path: Path) -> list[str]:
    return [str(p) for p in read(path).problems]


def with_row(tmp_path: Path, row: str, header: str = HEADER) -> list[str]:
    return messages(write_csv(tmp_path, header, ROW_A, row))


# --------------------------------------------------------------------------- good input


def test_valid_csv(tmp_path):
    result = read(write_csv(tmp_path, HEADER, ROW_A, ROW_B))
    assert result.ok and result.warnings == [] and result.skipped_rows == []
    a, b = result.households
    assert a == Household(
        number="3609020010001", unit="袁州区", township="西村镇", village="新村", head="张三",
        household_type="脱贫户", monitor_type=None, size=3, member_tags=("义务教育学生", "慢性病患者"),
        helper="李干部", helper_phone="13800000001", row=2,
    )
    assert (b.monitor_type, b.member_tags, b.helper, b.helper_phone, b.row) == ("突发严重困难户", (), None, None, 3)


def test_columns_in_any_order_and_optional_columns_may_be_absent(tmp_path):
    path = write_csv(tmp_path, "家庭人口,户主姓名,户类型,村,乡镇,县市区,户编号", "4,王五,脱贫户,新村,西村镇,宜阳新区,A-01")
    (h,) = read(path).households
    assert (h.number, h.unit, h.size, h.member_tags, h.helper, h.monitor_type) == ("A-01", "宜阳新区", 4, (), None, None)


def test_cells_are_trimmed(tmp_path):
    path = write_csv(tmp_path, HEADER, " 001 ,\u3000袁州区 , 西村镇,新村, 张三 ,脱贫户 ,, 3 , 残疾人 ,,")
    (h,) = read(path).households
    assert (h.number, h.unit, h.head, h.household_type, h.size, h.member_tags) == (
        "001", "袁州区", "张三", "脱贫户", 3, ("残疾人",))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_encodings(tmp_path, encoding):
    result = read(write_csv(tmp_path, HEADER, ROW_A, ROW_B, encoding=encoding))
    assert result.ok
    assert [h.head for h in result.households] == ["张三", "李四"]
    assert result.households[0].member_tags == ("义务教育学生", "慢性病患者")


def test_crlf_and_quoted_cells(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(f'{HEADER}\r\n001,袁州区,西村镇,新村,张三,脱贫户,,3,"学前儿童,残疾人",,\r\n'.encode("gb18030"))
    (h,) = read(path).households
    assert h.member_tags == ("学前儿童", "残疾人")


@pytest.mark.parametrize(
    "cell, tags",
    [
        ("义务教育学生、慢性病患者", ("义务教育学生", "慢性病患者")),
        ("学前儿童，残疾人,老年人;大病患者；高中学生", ("学前儿童", "残疾人", "老年人", "大病患者", "高中学生")),
        (" 残疾人 、、 老年人 ；", ("残疾人", "老年人")),
        ("残疾人、残疾人", ("残疾人",)),
        ("、，", ()),
    ],
    ids=["dunhao", "mixed", "blanks-and-empty-parts", "repeats", "only-separators"],
)
def test_member_tags_split(cell, tags):
    assert split_tags(cell) == tags


def test_member_tags_from_file(tmp_path):
    path = write_csv(tmp_path, HEADER, '001,袁州区,西村镇,新村,张三,脱贫户,,3,"学前儿童，残疾人, 老年人；慢性病患者;",,')
    (h,) = read(path).households
    assert h.member_tags == ("学前儿童", "残疾人", "老年人", "慢性病患者")


def test_empty_rows_are_skipped_silently_and_row_numbers_follow_the_file(tmp_path):
    path = write_csv(tmp_path, HEADER, ",,,,,,,,,,", ROW_A, "", "  ,  ,,,,,,,,,", ROW_B)
    result = read(path)
    assert result.ok and result.warnings == []
    assert [h.row for h in result.households] == [3, 6]


def test_extra_columns_warn_and_their_values_are_never_kept(tmp_path):
    path = write_csv(
        tmp_path, HEADER + ",身份证号,户主电话,人口",
        ROW_A + f",{ID_NUMBER},13912345678,3",
    )
    result = read(path)
    assert result.ok
    assert [str(w) for w in result.warnings] == [
        "roster.csv:1:14: 人口（N列）: 未知列“人口”将被忽略（是否应为“人口数”、“家庭人口”？）",
    ]
    assert result.notes == ["未读入的列（2 列）：身份证号（个人信息，不读入）、户主电话（个人信息，不读入）"]
    (h,) = result.households
    for secret in (ID_NUMBER, "13912345678"):
        assert secret not in repr(h) and secret not in repr(dataclasses.astuple(h))
        assert secret not in repr(result)
    assert not hasattr(h, "__dict__")  # slots: nothing can be tacked on


def test_household_number_in_scientific_notation(tmp_path):
    """Excel saves a long number as 4.30123E+17 in a CSV: its last digits are gone."""
    assert with_row(tmp_path, "4.30123E+17,袁州区,西村镇,新村,王五,脱贫户,,3,,,") == [
        "roster.csv:3:1: 户编号（A列）: 数字超过 15 位，Excel 已把末尾几位变成 0：请把该列设为“文本”格式后重新填写"]


def test_header_aliases(tmp_path):
    header = "户编号,县(市、区、旗),乡（镇）,行政村,户主,户类型,易返贫致贫户(监测对象)类型,人口数,帮扶人"
    path = write_csv(tmp_path, header, "001,袁州区,西村镇,新村,张三,监测对象,边缘易致贫户,2,李干部")
    result = read(path)
    assert result.ok and result.warnings == []
    (h,) = result.households
    assert (h.unit, h.township, h.village, h.head, h.monitor_type, h.size, h.helper) == (
        "袁州区", "西村镇", "新村", "张三", "边缘易致贫户", 2, "李干部")


def test_two_names_of_one_column(tmp_path):
    path = write_csv(tmp_path, HEADER + ",人口数", ROW_A + ",3")
    assert messages(path) == ["roster.csv:1:12: 人口数（L列）: 列“人口数”重复：H列已有此列，请只保留一列"]


def test_other_encodings_are_refused(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes("\ufeff".encode("utf-16-le") + f"{HEADER}\n{ROW_A}\n".encode("utf-16-le"))
    assert messages(path) == ["roster.csv: 文件编码: 无法识别文件编码，请另存为 UTF-8 或 GB18030 编码的 CSV"]
    assert read(path).fatal


# --------------------------------------------------------------------------- header


def test_missing_required_columns_named_in_one_message(tmp_path):
    path = write_csv(tmp_path, "户编号,县市区,乡镇,村,户主姓名,成员情况", "001,袁州区,西村镇,新村,张三,残疾人")
    assert messages(path) == ["roster.csv:1: 表头: 缺少必填列：户类型、家庭人口"]
    assert read(path).households == []


def test_title_rows_above_the_header(tmp_path):
    path = write_csv(tmp_path, "宜春市袁州区脱贫户名单,,,,,,,,,,", "制表日期：2024年5月,,,,,,,,,,", HEADER, ROW_A)
    result = read(path)
    assert result.ok and [h.row for h in result.households] == [4]
    assert result.notes == ["表头在第 3 行（上面 2 行是标题，未读入）"]


def test_duplicate_header_column(tmp_path):
    path = write_csv(tmp_path, HEADER + ",户编号", ROW_A + ",002")
    assert messages(path) == ["roster.csv:1:12: 户编号（L列）: 列“户编号”重复：A列已有此列，请只保留一列"]


def test_monitor_column_absent(tmp_path):
    header = "户编号,县市区,乡镇,村,户主姓名,户类型,家庭人口"
    path = write_csv(tmp_path, header, "001,袁州区,西村镇,新村,张三,脱贫户,3", "002,袁州区,西村镇,新村,李四,监测对象,2")
    assert messages(path) == [
        "roster.csv:3: 监测类型: 户类型为监测对象时必填（名单中没有“监测类型”列），"
        "应为 脱贫不稳定户、边缘易致贫户 或 突发严重困难户"
    ]


# --------------------------------------------------------------------------- rows

ROW_ERRORS = [
    ("empty-number", ",袁州区,西村镇,新村,王五,脱贫户,,3,,,",
     ["roster.csv:4:1: 户编号（A列）: 不能为空"]),
    ("empty-unit-township-village-head", "003,,,,,脱贫户,,3,,,",
     ["roster.csv:4:2: 县市区（B列）: 不能为空（如果这份 CSV 是由合并了单元格的 Excel 表另存的，合并处只有第一格有值："
      "请直接用 .xlsx 文件，合并的单元格会自动按区域填好）", "roster.csv:4:3: 乡镇（C列）: 不能为空",
      "roster.csv:4:4: 村（D列）: 不能为空", "roster.csv:4:5: 户主姓名（E列）: 不能为空"]),
    ("unknown-unit", "003,宜春市,西村镇,新村,王五,脱贫户,,3,,,",
     ["roster.csv:4:2: 县市区（B列）: 未知县市区“宜春市”，应为 huimin.yml 中设置的县市区之一，如 袁州区、樟树市……"]),
    ("unknown-unit-close", "003,袁州,西村镇,新村,王五,脱贫户,,3,,,",
     ["roster.csv:4:2: 县市区（B列）: 未知县市区“袁州”（是否应为“袁州区”？），"
      "应为 huimin.yml 中设置的县市区之一，如 袁州区、樟树市……"]),
    ("empty-type", "003,袁州区,西村镇,新村,王五,,,3,,,",
     ["roster.csv:4:6: 户类型（F列）: 不能为空，应为 脱贫户 或 监测对象"]),
    ("unknown-type", "003,袁州区,西村镇,新村,王五,一般户,,3,,,",
     ["roster.csv:4:6: 户类型（F列）: 应为 脱贫户 或 监测对象，实际为“一般户”"]),
    ("monitor-without-type", "003,袁州区,西村镇,新村,王五,监测对象,,3,,,",
     ["roster.csv:4:7: 监测类型（G列）: 户类型为监测对象时必填，应为 脱贫不稳定户、边缘易致贫户 或 突发严重困难户"]),
    ("unknown-monitor-type", "003,袁州区,西村镇,新村,王五,监测对象,边缘户,3,,,",
     ["roster.csv:4:7: 监测类型（G列）: 应为 脱贫不稳定户、边缘易致贫户 或 突发严重困难户，实际为“边缘户”"]),
    ("monitor-type-on-tuopinhu", "003,袁州区,西村镇,新村,王五,脱贫户,边缘易致贫户,3,,,",
     ["roster.csv:4:7: 监测类型（G列）: 户类型为脱贫户时应留空，实际为“边缘易致贫户”（如该户已纳入监测，请把户类型改为监测对象）"]),
    ("size-chinese", "003,袁州区,西村镇,新村,王五,脱贫户,,三,,,",
     ["roster.csv:4:8: 家庭人口（H列）: 应为 1 到 50 的整数，实际为“三”"]),
    ("size-fraction", "003,袁州区,西村镇,新村,王五,脱贫户,,2.5,,,",
     ["roster.csv:4:8: 家庭人口（H列）: 应为 1 到 50 的整数，实际为“2.5”"]),
    ("size-zero", "003,袁州区,西村镇,新村,王五,脱贫户,,0,,,",
     ["roster.csv:4:8: 家庭人口（H列）: 应为 1 到 50 的整数，实际为“0”"]),
    ("size-negative", "003,袁州区,西村镇,新村,王五,脱贫户,,-2,,,",
     ["roster.csv:4:8: 家庭人口（H列）: 应为 1 到 50 的整数，实际为“-2”"]),
    ("size-empty", "003,袁州区,西村镇,新村,王五,脱贫户,,,,,",
     ["roster.csv:4:8: 家庭人口（H列）: 不能为空，应为 1 到 50 的整数"]),
    ("duplicate-number", "3609020010001,袁州区,西村镇,新村,王五,脱贫户,,3,,,",
     ["roster.csv:4:1: 户编号（A列）: 户编号“3609020010001”重复：第 2 行已使用"]),
    ("id-card-as-number", f"{ID_NUMBER},袁州区,西村镇,新村,王五,脱贫户,,3,,,",
     ["roster.csv:4:1: 户编号（A列）: 疑似身份证号码：名单不收身份证号，明白卡也不能印出身份证号，请删去"]),
    ("id-card-in-name", f"003,袁州区,西村镇,新村,王五 {ID_NUMBER},脱贫户,,3,,,",
     ["roster.csv:4:5: 户主姓名（E列）: 疑似身份证号码：名单不收身份证号，明白卡也不能印出身份证号，请删去"]),
    ("several-in-one-row", "003,袁州区,西村镇,新村,王五,一般户,边缘,0,,,",
     ["roster.csv:4:6: 户类型（F列）: 应为 脱贫户 或 监测对象，实际为“一般户”",
      "roster.csv:4:7: 监测类型（G列）: 应为 脱贫不稳定户、边缘易致贫户 或 突发严重困难户，实际为“边缘”",
      "roster.csv:4:8: 家庭人口（H列）: 应为 1 到 50 的整数，实际为“0”"]),
]


@pytest.mark.parametrize("row, expected", [c[1:] for c in ROW_ERRORS], ids=[c[0] for c in ROW_ERRORS])
def test_row_errors(tmp_path, row, expected):
    result = read(write_csv(tmp_path, HEADER, ROW_A, ROW_B, row))
    assert [str(p) for p in result.problems] == expected
    assert [h.row for h in result.households] == [2, 3]
    assert [s.row for s in result.skipped_rows] == [4]
    assert not result.fatal


def test_id_card_value_is_never_echoed(tmp_path):
    result = read(write_csv(tmp_path, HEADER, f"{ID_NUMBER},袁州区,西村镇,新村,王五,脱贫户,,3,,,"))
    assert ID_NUMBER not in "\n".join(str(p) for p in result.problems)
    assert ID_NUMBER not in str(result.skipped_rows)


def test_number_that_is_not_an_id_card_passes(tmp_path):
    wrong_check_digit = ID_NUMBER[:-1] + "5"
    path = write_csv(tmp_path, HEADER, f"{wrong_check_digit},袁州区,西村镇,新村,王五,脱贫户,,3,,,")
    assert read(path).ok


def test_duplicate_names_both_rows_and_keeps_the_first(tmp_path):
    path = write_csv(tmp_path, HEADER, ROW_A, ROW_B, ROW_A.replace("张三", "张三丰"))
    result = read(path)
    (problem,) = result.problems
    assert (problem.line, problem.message) == (4, "户编号“3609020010001”重复：第 2 行已使用")
    assert [h.head for h in result.households] == ["张三", "李四"]


def test_other_units_and_custom_settings(tmp_path):
    path = write_csv(tmp_path, HEADER, "001,明月山温泉风景名胜区,温汤镇,新村,张三,脱贫户,,3,,,")
    assert read(path).ok
    custom = Settings(units=["甲县", "乙县", "丙县"], other_units=[])
    result = read_roster(path, custom, shown="r.csv")
    assert [str(p) for p in result.problems] == [
        "r.csv:2:2: 县市区（B列）: 未知县市区“明月山温泉风景名胜区”，应为 huimin.yml 中设置的县市区之一，如 甲县、乙县……"
    ]


def test_many_columns_get_double_letters(tmp_path):
    fillers = ",".join(f"备注{i}" for i in range(20))
    path = write_csv(tmp_path, f"{fillers},{HEADER}", "," * 20 + "001,袁州区,西村镇,新村,张三,脱贫户,,三,,,")
    (problem,) = read(path).problems
    assert (problem.column, problem.field) == (28, "家庭人口（AB列）")


# --------------------------------------------------------------------------- skip_bad_rows


def test_require_clean_raises_with_every_problem(tmp_path):
    result = read(write_csv(tmp_path, HEADER, ROW_A, "002,袁州,西村镇,新村,李四,脱贫户,,三,,,", ROW_B))
    assert not result.ok
    with pytest.raises(HuiminError) as caught:
        result.require_clean(skip_bad_rows=False)
    assert str(caught.value) == (
        "roster.csv:3:2: 县市区（B列）: 未知县市区“袁州”（是否应为“袁州区”？），"
        "应为 huimin.yml 中设置的县市区之一，如 袁州区、樟树市……\n"
        "roster.csv:3:8: 家庭人口（H列）: 应为 1 到 50 的整数，实际为“三”"
    )


def test_skip_bad_rows_returns_the_good_ones_and_lists_the_skipped(tmp_path):
    result = read(write_csv(tmp_path, HEADER, ROW_A, "002,袁州,西村镇,新村,李四,脱贫户,,三,,,", ROW_B))
    households = result.require_clean(skip_bad_rows=True)
    assert [h.row for h in households] == [2, 4]
    assert result.skipped_rows == [SkippedRow(3, (
        "县市区（B列）：未知县市区“袁州”（是否应为“袁州区”？），应为 huimin.yml 中设置的县市区之一，如 袁州区、樟树市……",
        "家庭人口（H列）：应为 1 到 50 的整数，实际为“三”",
    ))]
    assert str(result.skipped_rows[0]).startswith("第 3 行：县市区（B列）：未知县市区“袁州”")


def test_clean_roster_needs_no_skipping(tmp_path):
    result = read(write_csv(tmp_path, HEADER, ROW_A))
    assert result.require_clean() == result.households
    assert result.require_clean(skip_bad_rows=True) == result.households


def test_skipping_cannot_rescue_a_bad_file(tmp_path):
    result = read(write_csv(tmp_path, "户编号,县市区", "001,袁州区"))
    assert result.fatal
    with pytest.raises(HuiminError, match="缺少必填列"):
        result.require_clean(skip_bad_rows=True)


# --------------------------------------------------------------------------- unreadable files


def test_missing_file(tmp_path):
    assert messages(tmp_path / "roster.csv") == ["roster.csv: 找不到名单文件"]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("roster.txt", "roster.txt: 不支持的文件类型“.txt”：户名单应为 .csv 或 .xlsx 文件"),
        ("roster", "roster: 不支持的文件类型“无扩展名”：户名单应为 .csv 或 .xlsx 文件"),
        ("roster.xls", "roster.xls: 不支持 .xls 格式：请在 Excel 中“另存为”.xlsx 或 CSV 后重试"),
    ],
    ids=["txt", "no-suffix", "old-excel"],
)
def test_unsupported_file_types(tmp_path, name, expected):
    path = tmp_path / name
    path.write_bytes(b"whatever")
    assert messages(path) == [expected]


@pytest.mark.parametrize("content", [b"not a zip file", b"PK\x03\x04 broken zip"], ids=["not-zip", "broken-zip"])
def test_corrupt_xlsx(tmp_path, content):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(content)
    assert messages(path) == [
        "roster.xlsx: 无法打开 Excel 文件：文件已损坏、设有打开密码，或不是真正的 .xlsx 文件（请在 Excel 中“另存为”.xlsx 后重试）"
    ]
    assert read(path).fatal


def test_xlsx_saved_as_csv(tmp_path):
    xlsx = write_xlsx(tmp_path, [HEADER.split(",")])
    path = tmp_path / "roster.csv"
    path.write_bytes(xlsx.read_bytes())
    assert messages(path) == ["roster.csv: 文件实际是 Excel 文件：请把扩展名改为 .xlsx"]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf"], ids=["empty", "bom-only"])
def test_empty_csv(tmp_path, content):
    path = tmp_path / "roster.csv"
    path.write_bytes(content)
    assert messages(path) == ["roster.csv: 文件为空：第 1 行应为表头（户编号、县市区、乡镇、村、户主姓名、户类型、家庭人口 等）"]


def test_utf16_without_bom_is_refused(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes("a,b\n1,2\n".encode("utf-16-le"))
    assert messages(path) == ["roster.csv: 文件编码: 无法识别文件编码，请另存为 UTF-8 或 GB18030 编码的 CSV"]


def test_unpaired_quote_runs_past_the_field_limit(tmp_path):
    path = write_csv(tmp_path, HEADER, ROW_A, '002,"袁州区,' + "很长" * 70_000, ROW_B)
    assert messages(path) == ['roster.csv:3: 无法按 CSV 格式读取：单元格内容过长，可能有不成对的英文引号（"）']
    assert read(path).fatal


# --------------------------------------------------------------------------- XLSX

XLSX_ROWS = [
    HEADER.split(","),
    [360902001, "袁州区", "西村镇", "新村", "张三", "脱贫户", None, 3.0, "残疾人，老年人", "李干部", 13800000001],
    [3.6e8, "樟树市", "临江镇", "东村", "李四", "监测对象", "边缘易致贫户", 2, None, None, None],
    [None] * 11,
    ["A-3", "丰城市", "河洲街道", "南村", "王五", "监测对象", "脱贫不稳定户", " 4 ", "", "", "0795-1234567"],
]


@pytest.fixture(params=[True, False], ids=["sheet-stream", "openpyxl-iter-rows"])
def xlsx_reader(request, monkeypatch):
    """Run XLSX tests through both cell readers: they must agree."""
    monkeypatch.setattr(roster_xlsx, "FAST_XLSX", request.param)


def test_xlsx_numbers(tmp_path, xlsx_reader):
    result = read(write_xlsx(tmp_path, XLSX_ROWS))
    assert result.ok and result.warnings == []
    a, b, c = result.households
    assert (a.number, a.size, a.member_tags, a.helper_phone, a.row) == (
        "360902001", 3, ("残疾人", "老年人"), "13800000001", 2)
    assert (b.number, b.size, b.monitor_type, b.member_tags, b.helper, b.row) == (
        "360000000", 2, "边缘易致贫户", (), None, 3)
    assert (c.number, c.size, c.helper_phone, c.row) == ("A-3", 4, "0795-1234567", 5)


def test_xlsx_errors_name_column_letters(tmp_path, xlsx_reader):
    rows = [
        [*HEADER.split(","), "身份证号"],
        [1001, "袁州区", "西村镇", "新村", "张三", "脱贫户", None, 2.5, None, None, None, ID_NUMBER],
        [1002, "袁州区", "西村镇", "新村", "李四", "脱贫户", None, True, None, None, None, None],
        [3609020010010000, "袁州区", "西村镇", "新村", "王五", "脱贫户", None, 3, None, None, None, None],
        [1001.0, "袁州区", "西村镇", "新村", "赵六", "脱贫户", None, 1, None, None, None, None],
        [4.3e17, "袁州区", "西村镇", "新村", "钱七", "脱贫户", None, 1, None, None, None, None],
    ]
    result = read(write_xlsx(tmp_path, rows))
    assert [str(p) for p in result.problems] == [
        "roster.xlsx:2:8: 家庭人口（H列）: 应为 1 到 50 的整数，实际为“2.5”",
        "roster.xlsx:3:8: 家庭人口（H列）: 应为 1 到 50 的整数，实际为“True”",
        "roster.xlsx:4:1: 户编号（A列）: 数字超过 15 位，Excel 已把末尾几位变成 0：请把该列设为“文本”格式后重新填写",
        "roster.xlsx:5:1: 户编号（A列）: 户编号“1001”重复：第 2 行已使用",
        "roster.xlsx:6:1: 户编号（A列）: 数字超过 15 位，Excel 已把末尾几位变成 0：请把该列设为“文本”格式后重新填写",
    ]
    assert result.warnings == [] and result.notes == ["未读入的列（1 列）：身份证号（个人信息，不读入）"]


def test_xlsx_first_sheet_only(tmp_path, xlsx_reader):
    book = Workbook()
    book.active.title = "名单"
    for row in XLSX_ROWS[:2]:
        book.active.append(row)
    other = book.create_sheet("说明")
    other.append(["这一页不是名单"])
    book.active = 1  # the active sheet is not the first one
    path = tmp_path / "roster.xlsx"
    book.save(path)
    assert [h.head for h in read(path).households] == ["张三"]


def test_xlsx_formulas_give_their_cached_value_or_nothing(tmp_path, xlsx_reader):
    # openpyxl saves no cached values: a formula cell reads as empty (Excel itself saves them)
    rows = [HEADER.split(","), [1, "袁州区", "西村镇", "新村", "张三", "脱贫户", None, "=1+2", None, None, None]]
    assert messages(write_xlsx(tmp_path, rows)) == ["roster.xlsx:2:8: 家庭人口（H列）: 不能为空，应为 1 到 50 的整数"]


def test_xlsx_header_not_in_row_one(tmp_path, xlsx_reader):
    book = Workbook()
    sheet = book.active
    for i, row in enumerate(XLSX_ROWS[:2], start=3):
        for j, value in enumerate(row, start=1):
            sheet.cell(i, j, value)
    path = tmp_path / "roster.xlsx"
    book.save(path)
    result = read(path)
    assert result.ok and [h.row for h in result.households] == [4]
    assert result.notes == ["表头在第 3 行（上面 2 行是标题，未读入）"]


def test_xlsx_empty_sheet(tmp_path, xlsx_reader):
    assert messages(write_xlsx(tmp_path, [])) == [
        "roster.xlsx: 文件为空：第 1 行应为表头（户编号、县市区、乡镇、村、户主姓名、户类型、家庭人口 等）"
    ]


def test_xlsx_dates_and_booleans_read_as_text(tmp_path, xlsx_reader):
    rows = [HEADER.split(","), [datetime(2024, 5, 1), "袁州区", "西村镇", "新村", "张三", "脱贫户", None, 1, None, True, None]]
    (h,) = read(write_xlsx(tmp_path, rows)).households
    assert (h.number, h.helper) == ("2024-05-01", "True")


# --------------------------------------------------------------------------- SheetStream


def test_sheet_stream_reads_what_excel_writes():
    """Shared strings, inline rich text, phonetic runs, prefixes, gaps and missing references."""
    xml = (
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is>'
        "<x:r><x:t>张</x:t></x:r><x:r><x:t>三</x:t></x:r><x:rPh><x:t>zhang</x:t></x:rPh></x:is></x:c></x:row>"
        '<x:row r="4"><x:c><x:v>2.5</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c>'
        '<x:c r="AA4" t="str"><x:f>A1&amp;"x"</x:f><x:v>a&amp;b</x:v></x:c><x:c r="AB4" s="1"><x:v>45413</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    ).encode()
    import io

    from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900

    stream = roster_xlsx.SheetStream(["户编号"], date_styles=[1], epoch=CALENDAR_WINDOWS_1900)
    rows = list(stream.rows(io.BytesIO(xml), chunk=7))
    assert rows[0] == (1, ["户编号", None, "张三"])
    number, flag, *gap, text, day = rows[1][1]
    assert rows[1][0] == 4 and (number, flag, text, day) == (2.5, True, "a&b", datetime(2024, 5, 1))
    assert gap == [None] * 24
