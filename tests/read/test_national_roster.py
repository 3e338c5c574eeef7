"""The national 防返贫监测信息系统 export read as it comes: title rows, merged cells, one row
per person grouped into households, member tags by huimin.yml's mapping; and every new
message's exact text."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from huimin.model.settings import Settings
from huimin.read.roster import read_roster
from tests.read import national_export as nx

SETTINGS = Settings()


def read(path: Path):
    return read_roster(path, SETTINGS, shown=path.name)


def messages(path: Path) -> list[str]:
    return [str(p) for p in read(path).problems]


def expected(homes: list[nx.Home]) -> list[tuple]:
    return [(str(h.number), *h.place[:3], h.persons[0].name, h.expected_type, h.monitor or None, h.size,
             h.expected_tags(), h.helper, h.helper_phone, h.cleared == "是") for h in homes]


def got(result) -> list[tuple]:
    return [(h.number, h.unit, h.township, h.village, h.head, h.household_type, h.monitor_type, h.size,
             h.member_tags, h.helper, h.helper_phone, h.risk_cleared) for h in result.households]


def filtered_warning(name: str, homes: list[nx.Home], header_row: int) -> str:
    """The last household's 人数 is 2 above its persons listed (an export filtered by person)."""
    last = homes[-1]
    first = header_row + 1 + sum(len(h.persons) for h in homes[:-1])
    rows = "、".join(str(first + i) for i in range(len(last.persons)))
    return (f"{name}:{first}:10: 人数（J列）: 户编号“{last.number}”的人数为 {last.size}，名单中只列出 {len(last.persons)} 人"
            f"（第 {rows} 行）：成员情况只按这 {len(last.persons)} 人判断，请核实导出时是否漏了家庭成员")


@pytest.fixture(scope="module")
def homes():
    return nx.households()


def test_fixture_covers_every_value(homes):
    persons = [p for h in homes for p in h.persons]
    assert len(homes) >= 30 and {len(h.persons) for h in homes} == set(range(1, 8))
    assert {p.school for p in persons} == set(nx.SCHOOL) and {p.health for p in persons} == set(nx.HEALTH)
    assert {p.labour for p in persons} == set(nx.LABOUR) and {p.work for p in persons} == set(nx.WORK)
    assert {(h.kind, h.monitor, h.cleared) for h in homes} >= {("一般农户", "脱贫不稳定户", "否"), ("脱贫户", "", "")}
    assert {h.monitor for h in homes} == {"", *nx.MONITOR} and {h.cleared for h in homes} == {"", "是", "否"}


def test_xlsx_export_as_it_comes(tmp_path, homes):
    path = tmp_path / "全国系统导出.xlsx"
    hidden = nx.write_xlsx(path, homes)
    result = read(path)
    assert result.problems == [] and [str(w) for w in result.warnings] == [filtered_warning(path.name, homes, 3)]
    assert got(result) == expected(homes)
    assert [h.row for h in result.households][:3] == [4, 5, 7]  # the 户主's row
    letter = {c: get_column_letter(i + 1) for i, c in enumerate(nx.COLUMNS)}
    shown = [c for c in nx.COLUMNS if c in hidden and c not in ("自然村", "户联系电话")]  # columns not read
    parts = "、".join(f"{c}（{letter[c]}列） {hidden[c]} 个" for c in shown)
    persons = sum(len(h.persons) for h in homes)
    assert result.notes == [
        "表头在第 3 行（上面 2 行是标题，未读入）",
        f"没有户编号、姓名和与户主关系的行（如合计行），未读入：第 {nx.HEADER_ROW + persons + 2} 行",
        f"按人员名单读入（全国防返贫监测信息系统导出格式）：{persons} 人，按户编号归为 36 户",
        f"合并单元格：{sum(hidden[c] for c in shown)} 个单元格按所在的合并区域填入了区域第一格的值（{parts}）",
        "未读入的列（8 列）：序号、自然村、人编号、证件号码（个人信息，不读入）、民族、文化程度、"
        "户联系电话（个人信息，不读入）、人联系电话（个人信息，不读入）",
    ]
    text = repr(result)
    assert not [s for s in nx.secrets(homes) if s in text]


def test_gbk_csv_export_gives_the_same_households(tmp_path, homes):
    path = tmp_path / "导出.csv"
    path.write_bytes(nx.csv_bytes(homes))
    result = read(path)
    assert result.problems == [] and [str(w) for w in result.warnings] == [filtered_warning(path.name, homes, 2)]
    assert got(result) == expected(homes)
    assert result.notes[:2] == ["表头在第 2 行（上面 1 行是标题，未读入）",
                                f"按人员名单读入（全国防返贫监测信息系统导出格式）：{sum(len(h.persons) for h in homes)} 人，"
                                "按户编号归为 36 户"]
    assert not [s for s in nx.secrets(homes) if s in repr(result)]


# --------------------------------------------------------------------------- messages

HEADER = "户编号,县(市、区、旗),乡(镇),行政村,姓名,证件号码,人数,与户主关系,在校生状况,健康状况,户类型,易返贫致贫户(监测对象)类型,风险是否消除"


def write_csv(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "persons.csv"
    path.write_text("\n".join((HEADER, *lines)) + "\n", encoding="utf-8")
    return path


PERSON_ERRORS = [
    ("unknown-school-value",
     ["A1,袁州区,西村镇,新村,张三,,2,户主,,健康,脱贫户,,", "A1,袁州区,西村镇,新村,张小,,2,之子,义务教育学声,健康,脱贫户,,"],
     ["persons.csv:3:9: 在校生状况（I列）: “义务教育学声”不在在校生状况的成员情况对应表中；"
      "可填的值见 huimin.yml 的 roster_tags（没有设置时见 README 中的成员情况对应表）"]),
    ("several-values-one-unknown",
     ["A1,袁州区,西村镇,新村,张三,,1,户主,,长期慢性病；患有大病症,脱贫户,,"],
     ["persons.csv:2:10: 健康状况（J列）: “长期慢性病；患有大病症”中的“患有大病症”不在健康状况的成员情况对应表中，"
      "最接近的是：患有大病；可填的值见 huimin.yml 的 roster_tags（没有设置时见 README 中的成员情况对应表）"]),
    ("no-head",
     ["A1,袁州区,西村镇,新村,张三,,2,配偶,,健康,脱贫户,,", "A1,袁州区,西村镇,新村,张小,,2,之子,,健康,脱贫户,,"],
     ["persons.csv:2:8: 与户主关系（H列）: 户编号“A1”的 2 人中没有户主（与户主关系为“户主”或“本人”的人），"
      "与户主关系为 “配偶”、“之子”"]),
    ("two-heads",
     ["A1,袁州区,西村镇,新村,张三,,2,户主,,健康,脱贫户,,", "A1,袁州区,西村镇,新村,张小,,2,本人,,健康,脱贫户,,"],
     ["persons.csv:3:8: 与户主关系（H列）: 户编号“A1”有不止一个户主：第 2 行已是户主"]),
    ("more-persons-than-size",
     ["A1,袁州区,西村镇,新村,张三,,1,户主,,健康,脱贫户,,", "A1,袁州区,西村镇,新村,张小,,1,之子,,健康,脱贫户,,"],
     ["persons.csv:2:7: 人数（G列）: 人数为 1，但名单中本户有 2 人（第 2、3 行）：请核对人数，或是否两户用了同一个户编号、"
      "有的人重复列出"]),
    ("household-cells-disagree",
     ["A1,袁州区,西村镇,新村,张三,,2,户主,,健康,脱贫户,,", "A1,袁州区,西村镇,东村,张小,,2,之子,,健康,脱贫户,,"],
     ["persons.csv:3:4: 行政村（D列）: 与同户第 2 行不同（“东村”和“新村”）：同一户的户级信息应一致，"
      "请核对是否填错或两户用了同一个户编号"]),
    ("ordinary-household-without-monitor-type",
     ["A1,袁州区,西村镇,新村,张三,,1,户主,,健康,一般农户,,"],
     ["persons.csv:2:11: 户类型（K列）: 户类型为“一般农户”而没有监测对象类型：不是脱贫户也不是监测对象，不印明白卡"
      "（如该户已纳入监测，请填写监测对象类型；否则请从名单中删去）"]),
    ("risk-value",
     ["A1,袁州区,西村镇,新村,张三,,1,户主,,健康,脱贫户,边缘易致贫户,已消除"],
     ["persons.csv:2:13: 风险是否消除（M列）: 应为 是 或 否（空白为否），实际为“已消除”"]),
    ("risk-without-monitoring",
     ["A1,袁州区,西村镇,新村,张三,,1,户主,,健康,脱贫户,,是"],
     ["persons.csv:2:13: 风险是否消除（M列）: 只有监测对象才有“风险已消除”：户类型不是监测对象时应为 否 或留空"]),
    ("blank-number",  # in a CSV: saved from an export with 户编号 merged per household?
     ["A1,袁州区,西村镇,新村,张三,,2,户主,,健康,脱贫户,,", ",袁州区,西村镇,新村,张小,,2,之子,,健康,脱贫户,,",
      ",袁州区,西村镇,新村,张幺,,2,之女,,健康,脱贫户,,"],
     ["persons.csv:3:1: 户编号（A列）: 不能为空（如果这份 CSV 是由合并了单元格的 Excel 表另存的，合并处只有第一格有值："
      "请直接用 .xlsx 文件，合并的单元格会自动按区域填好）", "persons.csv:4:1: 户编号（A列）: 不能为空"]),
    ("no-relation-at-all",
     ["A1,袁州区,西村镇,新村,张三,,1,,,健康,脱贫户,,"],
     ["persons.csv:2:8: 与户主关系（H列）: 户编号“A1”的 1 人中没有户主（与户主关系为“户主”或“本人”的人）",
      "persons.csv:2:8: 与户主关系（H列）: 不能为空：应为 户主（或 本人），或 配偶、之子 等"]),
    ("no-relation",
     ["A1,袁州区,西村镇,新村,张三,,2,户主,,健康,脱贫户,,", "A1,袁州区,西村镇,新村,张小,,2,,,健康,脱贫户,,"],
     ["persons.csv:3:8: 与户主关系（H列）: 不能为空：应为 户主（或 本人），或 配偶、之子 等"]),
]


@pytest.mark.parametrize("rows,expected", [c[1:] for c in PERSON_ERRORS], ids=[c[0] for c in PERSON_ERRORS])
def test_person_roster_messages(tmp_path, rows, expected):
    assert messages(write_csv(tmp_path, *rows)) == expected


def test_unknown_school_value_names_the_closest(tmp_path):
    (found,) = messages(write_csv(tmp_path, "A1,袁州区,西村镇,新村,张三,,1,户主,八年纪,健康,脱贫户,,"))
    assert found == ("persons.csv:2:9: 在校生状况（I列）: “八年纪”不在在校生状况的成员情况对应表中，最接近的是：八年级；"
                     "可填的值见 huimin.yml 的 roster_tags（没有设置时见 README 中的成员情况对应表）")


def test_fewer_persons_than_size_is_a_warning(tmp_path):
    result = read(write_csv(tmp_path, "A1,袁州区,西村镇,新村,张三,,3,户主,小学,健康,脱贫户,,"))
    assert result.problems == []
    assert [str(w) for w in result.warnings] == [
        "persons.csv:2:7: 人数（G列）: 户编号“A1”的人数为 3，名单中只列出 1 人（第 2 行）：成员情况只按这 1 人判断，"
        "请核实导出时是否漏了家庭成员"]
    (h,) = result.households
    assert (h.size, h.member_tags) == (3, ("义务教育学生",))


def test_written_member_tags_outside_the_vocabulary(tmp_path):
    path = tmp_path / "households.csv"
    path.write_text("户编号,县市区,乡镇,村,户主姓名,户类型,监测类型,家庭人口,成员情况\n"
                    "1,袁州区,西村镇,新村,张三,脱贫户,,3,义务教育学声、慢性病患者；慢性病人\n", encoding="utf-8")
    assert messages(path) == [
        "households.csv:2:9: 成员情况（I列）: 未知的成员情况“义务教育学声”，最接近的是：义务教育学生；"
        "可用的成员情况见 huimin.yml 的 member_tags（没有设置时见 README 中的默认成员情况）",
        "households.csv:2:9: 成员情况（I列）: 未知的成员情况“慢性病人”，最接近的是：慢性病患者；"
        "可用的成员情况见 huimin.yml 的 member_tags（没有设置时见 README 中的默认成员情况）",
    ]


def test_unknown_column_close_to_a_known_one_warns_in_a_person_roster(tmp_path):
    path = tmp_path / "persons.csv"
    path.write_text(HEADER.replace("健康状况", "健康情况") + ",是否参加大病保险\n"
                    "A1,袁州区,西村镇,新村,张三,,1,户主,,健康,脱贫户,,,是\n", encoding="utf-8")
    result = read(path)
    assert [str(w) for w in result.warnings] == [
        "persons.csv:1:10: 健康情况（J列）: 未知列“健康情况”将被忽略（是否应为“健康状况”？）"]
    assert result.notes[-1] == "未读入的列（2 列）：证件号码（个人信息，不读入）、是否参加大病保险"


def test_blank_area_cells_in_a_csv_hint_at_merged_cells_once(tmp_path):
    path = write_csv(tmp_path, "A1,袁州区,西村镇,新村,张三,,1,户主,,健康,脱贫户,,", "A2,,,,李四,,1,户主,,健康,脱贫户,,",
                     "A3,,,,王五,,1,户主,,健康,脱贫户,,")
    hint = "（如果这份 CSV 是由合并了单元格的 Excel 表另存的，合并处只有第一格有值：请直接用 .xlsx 文件，合并的单元格会自动按区域填好）"
    assert messages(path) == [
        f"persons.csv:3:2: 县(市、区、旗)（B列）: 不能为空{hint}", "persons.csv:3:3: 乡(镇)（C列）: 不能为空",
        "persons.csv:3:4: 行政村（D列）: 不能为空", "persons.csv:4:2: 县(市、区、旗)（B列）: 不能为空",
        "persons.csv:4:3: 乡(镇)（C列）: 不能为空", "persons.csv:4:4: 行政村（D列）: 不能为空"]


def test_household_roster_with_national_tag_columns(tmp_path):
    path = tmp_path / "households.csv"
    path.write_text("户编号,县市区,乡镇,村,户主姓名,户类型,监测类型,家庭人口,成员情况,危房户,风险是否消除\n"
                    "1,袁州区,西村镇,新村,张三,监测对象,边缘易致贫户,3,残疾人,是,是\n", encoding="utf-8")
    (h,) = read(path).households
    assert (h.member_tags, h.risk_cleared) == (("残疾人", "危房户"), True)


def test_settings_mapping_must_use_the_vocabulary():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="对应的成员情况“慢病”不在 member_tags"):
        Settings(roster_tags={"健康状况": {"长期慢性病": ["慢病"]}})
    Settings(member_tags=["慢病"], roster_tags={"健康状况": {"长期慢性病": ["慢病"]}})


# --------------------------------------------------------------------------- as real files come


def test_a_real_looking_export_extra_columns_blank_rows_total_and_exact_numbers(tmp_path):
    """Not the fixture's shape: a header cell that wraps, full-width brackets, numbers stored
    as text, 户编号 stored as exact 18-digit numbers, an extra column, blank rows and a 合计 row."""
    path = tmp_path / "export.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["防返贫监测对象信息"])
    sheet.append(["户编号", "县（市、区、旗）", "乡（镇）", "行政村", "姓名", "与户主关系", "人数", "务工时间\n（月）",
                  "健康状况", "户类型", "易返贫致贫户(监测对象)类型", "风险是否已消除", "是否会讲普通话", "残疾等级"])
    sheet.append([987654321, "袁州区", "西村镇", "新村", "甲", "户主", "2", "3", "健康", "脱贫户", "", "", "是", ""])
    sheet.append([987654321, "袁州区", "西村镇", "新村", "乙", "配偶", "2", "0", "残疾", "脱贫户", "", "", "是", "二级"])
    sheet.append([987654322, "袁州区", "西村镇", "新村", "丙", "户主", 1, 0, "健康", "一般农户", "突发严重困难户", "是", "否"])
    for _ in range(3):
        sheet.append([])
    sheet.append(["合计", None, None, None, None, None, 3])
    book.save(path)
    # 户编号 as the national system may store them: numbers with every digit (openpyxl cannot write those)
    with zipfile.ZipFile(path) as source:
        data = {n: source.read(n) for n in source.namelist()}
    xml = data["xl/worksheets/sheet1.xml"].decode()
    for old, new in (("987654321", "430123456789012345"), ("987654322", "430123456789012346")):
        assert f"<v>{old}</v>" in xml
        xml = xml.replace(f"<v>{old}</v>", f"<v>{new}</v>")
    data["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, content in data.items():
            out.writestr(name, content)
    result = read(path)
    assert result.problems == [] and result.notes[1] == "没有户编号、姓名和与户主关系的行（如合计行），未读入：第 9 行"
    assert result.warnings == []  # columns a card does not need: one line in report.txt, no warning each
    assert result.notes[-1] == "未读入的列（1 列）：是否会讲普通话"
    a, b = result.households
    assert (a.number, a.size, a.member_tags) == ("430123456789012345", 2, ("务工人员", "残疾人", "重度残疾人"))
    assert (b.number, b.household_type, b.monitor_type, b.risk_cleared) == (
        "430123456789012346", "监测对象", "突发严重困难户", True)


# the person columns of the national export as a public checking tool for it lists them (47 columns,
# 县/乡/村 without brackets, 人口编号, 成员联系电话, 户主证件号码; no 户类型 nor 监测对象类型)
PUBLIC_COLUMNS = (
    "省,市,县,乡,村,户编号,人口编号,姓名,性别,出生日期,证件类型,证件号码,民族,户联系电话,成员联系电话,年度,与户主关系,文化程度,"
    "在校生状况,劳动技能,务工时间（月）,健康状况,政治面貌,务工企业名称,是否享受低保,是否参加城镇职工基本养老保险,是否参加大病保险,"
    "是否参加新型农村合作医疗（城乡居民基本医疗保险）,是否参加城乡居民基本养老保险,失学或辍学原因,是否会讲普通话,"
    "是否参加商业补充医疗保险,是否国外务工,产业分类,是否接受大病医疗救助,是否接受其他健康扶贫,公益性岗位类型,公益性岗位(月数),"
    "就业渠道,残疾类别,务工所在地,户主姓名,户主证件号码,是否参加城镇职工基本医疗保险,是否特困供养人员,残疾证办证年度,识别标准"
).split(",")


def public_shape(tmp_path: Path, with_type: bool) -> Path:
    import csv
    import io

    columns = (["户类型"] if with_type else []) + PUBLIC_COLUMNS
    people = [("张三", "户主", "", "普通劳动力", "10", "健康", "否", "否"), ("李四", "配偶", "", "丧失劳动力", "0", "残疾", "是", "否"),
              ("张小", "之子", "八年级", "无劳动力", "0", "健康", "否", "否")]
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(columns)
    for name, relation, school, labour, work, health, dibao, tekun in people:
        values = dict.fromkeys(columns, "")
        values.update({"户类型": "脱贫户", "省": "江西省", "市": "宜春市", "县": "袁州区", "乡": "西村镇", "村": "新村",
                       "户编号": "360902001001", "人口编号": "36090200100101", "姓名": name, "证件号码": nx.id_number(7),
                       "户联系电话": "13912345678", "成员联系电话": "13712345678", "与户主关系": relation, "在校生状况": school,
                       "劳动技能": labour, "务工时间（月）": work, "健康状况": health, "是否享受低保": dibao,
                       "是否特困供养人员": tekun, "户主姓名": "张三", "户主证件号码": nx.id_number(7)})
        out.writerow([values[c] for c in columns])
    path = tmp_path / "public.csv"
    path.write_bytes(buf.getvalue().encode("gbk"))
    return path


def test_export_in_the_shape_of_a_public_tool(tmp_path):
    assert messages(public_shape(tmp_path, with_type=False)) == [
        "public.csv:1: 表头: 缺少必填列：户类型（从全国防返贫监测信息系统导出时请选上“户类型”和“易返贫致贫户(监测对象)类型”两列；"
        "名单中如果全是脱贫户，也可以加一列“户类型”，都填 脱贫户）"]
    result = read(public_shape(tmp_path, with_type=True))
    assert result.problems == [] and result.warnings == []
    (h,) = result.households
    assert (h.head, h.size, h.household_type, h.member_tags) == (
        "张三", 3, "脱贫户", ("劳动力", "务工人员", "无劳动能力", "残疾人", "低保对象", "义务教育学生"))
    assert "未读入的列（34 列）：省、市、人口编号" in result.notes[-1]
    assert not [s for s in (nx.id_number(7), "13912345678", "13712345678") if s in repr(result)]


# --------------------------------------------------------------------------- hostile merged cells


def with_merges(tmp_path: Path, refs: list[str], source: Path | None = None) -> Path:
    """A roster (by default the fixture export of 6 households) with its ``<mergeCells>`` replaced by ``refs``."""
    path = tmp_path / "merges.xlsx"
    if source is None:
        nx.write_xlsx(path, nx.households(6))
    else:
        path.write_bytes(source.read_bytes())
    with zipfile.ZipFile(path) as archive:
        data = {n: archive.read(n) for n in archive.namelist()}
    xml = data["xl/worksheets/sheet1.xml"].decode()
    if "<mergeCells" in xml:
        start, end = xml.index("<mergeCells"), xml.index("</mergeCells>") + len("</mergeCells>")
    else:
        start = end = xml.index("</sheetData>") + len("</sheetData>")
    cells = "".join(f'<mergeCell ref="{r}"/>' for r in refs)
    data["xl/worksheets/sheet1.xml"] = (xml[:start] + f'<mergeCells count="{len(refs)}">{cells}</mergeCells>'
                                        + xml[end:]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, content in data.items():
            out.writestr(name, content)
    return path


def test_overlapping_merged_cells_are_refused(tmp_path):
    refs = [f"B4:B{10 + i}" for i in range(30)]  # thirty ranges over the same cells
    assert messages(with_merges(tmp_path, refs)) == [
        "merges.xlsx:4: 工作表中的合并单元格互相重叠（文件由其他软件生成时出错，Excel 不会这样保存）：请在 Excel 中打开、"
        "“另存为”.xlsx 后重试"]


def test_too_many_merged_cells_are_refused(tmp_path):
    refs = [f"A{r}:B{r}" for r in range(4, 4 + 200_001)]
    assert messages(with_merges(tmp_path, refs)) == [
        "merges.xlsx: 工作表中的合并单元格超过 200000 处：文件异常，请在 Excel 中打开、“另存为”.xlsx 后重试（或取消合并单元格）"]


def test_a_merge_across_columns_and_past_the_last_row(tmp_path):
    """A range may span columns (its first cell's value fills every read column in it) and
    run past the last row; a range whose first cell is empty fills nothing."""
    book = Workbook()
    sheet = book.active
    sheet.append(["户编号", "县市区", "乡镇", "村", "户主姓名", "户类型", "家庭人口", "备注"])
    sheet.append(["1", "袁州区", "西村镇", "新村", "甲", "脱贫户", 3, None])
    sheet.append(["2", None, None, None, "乙", "脱贫户", 2, None])
    sheet.append(["3", "樟树市", None, None, "丙", "脱贫户", 1, None])
    sheet.append(["4", None, None, None, "丁", "脱贫户", 1, None])
    source = tmp_path / "plain.xlsx"
    book.save(source)
    result = read(with_merges(tmp_path, ["C2:C3", "D2:D3", "B2:B3", "B4:D1048576", "H2:H5"], source))
    assert result.problems == []
    assert [(h.unit, h.township, h.village) for h in result.households] == [
        ("袁州区", "西村镇", "新村"), ("袁州区", "西村镇", "新村"), ("樟树市", "樟树市", "樟树市"), ("樟树市", "樟树市", "樟树市")]
    assert result.notes == ["合并单元格：8 个单元格按所在的合并区域填入了区域第一格的值"
                            "（县市区（B列） 2 个、乡镇（C列） 3 个、村（D列） 3 个）", "未读入的列（1 列）：备注"]


# --------------------------------------------------------------------------- two-row headers, 合计 rows

def two_row_sheet(path: Path, names_below: bool) -> None:
    """A two-row header as Excel users make one: names merged down over both rows, and a caption
    merged across over the names below it. ``names_below``: most names are in the second row
    (the caption spans them), else most are in the first (merged down)."""
    book = Workbook()
    sheet = book.active
    columns = ["序号", "县(市、区、旗)", "乡(镇)", "行政村", "户编号", "姓名", "与户主关系", "人数", "在校生状况", "健康状况",
               "劳动技能", "户类型"]
    grouped = columns[5:] if names_below else ["在校生状况", "健康状况", "劳动技能"]
    sheet.append(["宜春市脱贫人口信息表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    first = columns.index(grouped[0]) + 1
    for c, name in enumerate(columns, 1):
        if name in grouped:
            sheet.cell(3, c, name)
        else:
            sheet.cell(2, c, name)
            sheet.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    sheet.cell(2, first, "人员信息" if names_below else "家庭成员状况")
    sheet.merge_cells(start_row=2, start_column=first, end_row=2, end_column=first + len(grouped) - 1)
    sheet.append([1, "袁州区", "西村镇", "新村", "360902001001000001", "张三", "户主", 2, "非在校生", "长期慢性病、残疾",
                  "普通劳动力", "脱贫户"])
    sheet.append([2, "袁州区", "西村镇", "新村", "360902001001000001", "张小", "之子", 2, "小学", "健康", "无劳动力", "脱贫户"])
    sheet.append(["合计", None, None, None, "1户", "2人", None, 2])  # the caption in 序号, counts under 户编号 and 姓名
    book.save(path)


@pytest.mark.parametrize("names_below", [False, True], ids=["most-names-above", "most-names-below"])
def test_two_row_header_reads_the_names_of_both_rows(tmp_path, names_below):
    path = tmp_path / "两行表头.xlsx"
    two_row_sheet(path, names_below)
    result = read(path)
    assert result.problems == [] and result.warnings == []
    (h,) = result.households
    assert (h.number, h.head, h.size, h.member_tags) == (
        "360902001001000001", "张三", 2, ("慢性病患者", "残疾人", "劳动力", "义务教育学生"))
    assert result.notes[:2] == [
        "表头在第 2、3 行（两行表头：列名在第 2 行的列和在第 3 行的列都已读入；上面 1 行是标题，未读入）",
        "没有户编号、姓名和与户主关系的行（如合计行），未读入：第 6 行"]


def test_a_person_row_right_under_the_header_is_not_a_second_header_row(tmp_path):
    path = write_csv(tmp_path, "A1,袁州区,西村镇,新村,户主,,1,户主,,健康,脱贫户,,")  # a person named 户主
    result = read(path)
    assert result.problems == [] and [h.head for h in result.households] == ["户主"]
    assert not any(n.startswith("表头") for n in result.notes)


def test_grades_and_months_as_other_systems_write_them(tmp_path):
    """初中一年级 is 七年级 (its closest names were 中职一年级、普通高中一年级: a wrong card if followed),
    高中二年级 is 普通高中二年级, and 务工时间 may carry its unit (6个月)."""
    result = read(write_csv(tmp_path, "A1,袁州区,西村镇,新村,张三,,3,户主,,健康,脱贫户,,",
                            "A1,袁州区,西村镇,新村,张小,,3,之子,初中一年级,健康,脱贫户,,",
                            "A1,袁州区,西村镇,新村,张幺,,3,之女,高中二年级,健康,脱贫户,,"))
    assert result.problems == [] and result.households[0].member_tags == ("义务教育学生", "高中学生")
    path = tmp_path / "work.csv"
    path.write_text("户编号,县市区,乡镇,村,姓名,与户主关系,户类型,务工时间（月）\n"
                    "A1,袁州区,西村镇,新村,张三,户主,脱贫户,6个月\nA2,袁州区,西村镇,新村,李四,户主,脱贫户,0个月\n", encoding="utf-8")
    result = read(path)
    assert result.problems == [] and [h.member_tags for h in result.households] == [("务工人员",), ()]
