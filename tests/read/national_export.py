"""A person-level roster shaped like the national 防返贫监测信息系统 export, made in the test:
title rows above the header, merged cells in the area columns (and in the household
columns of some villages), 36 households of 1 to 7 persons, every value of the vocabularies,
ID numbers and phones that must never come out again. With the households and member tags
a correct reader must give, written out here by hand (not computed by the reader's code).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

TITLE = "宜春市脱贫人口和防返贫监测对象信息表"
COLUMNS = [
    "序号", "县(市、区、旗)", "乡(镇)", "行政村", "自然村", "户编号", "人编号", "姓名", "证件号码", "人数", "与户主关系",
    "民族", "文化程度", "在校生状况", "健康状况", "劳动技能", "务工时间（月）", "是否享受低保", "是否特困供养人员",
    "危房户", "户联系电话", "人联系电话", "户类型", "易返贫致贫户(监测对象)类型", "风险是否消除", "帮扶责任人",
    "帮扶责任人联系电话",
]
HOUSEHOLD_COLUMNS = ("户编号", "人数", "户类型", "易返贫致贫户(监测对象)类型", "风险是否消除", "户联系电话", "帮扶责任人",
                     "帮扶责任人联系电话")
AREA_COLUMNS = ("县(市、区、旗)", "乡(镇)", "行政村", "自然村")
HEADER_ROW = 3  # rows 1 and 2: the title and the export date

# every value of the national vocabularies, with the member tags it must give
SCHOOL = {
    "": (), "非在校生": (), "学龄前儿童": (), "学前教育": ("学前儿童",), "小学": ("义务教育学生",),
    "初中": ("义务教育学生",), "七年级": ("义务教育学生",), "八年级": ("义务教育学生",), "九年级": ("义务教育学生",),
    "高中": ("高中学生",), "普通高中一年级": ("高中学生",), "普通高中二年级": ("高中学生",), "普通高中三年级": ("高中学生",),
    "中职": ("中职学生",), "中职一年级": ("中职学生",), "中职二年级": ("中职学生",), "中职三年级": ("中职学生",),
    "技师学院一年级": ("中职学生",), "技师学院四年级": ("中职学生",),
    "高职": ("高职学生", "大学生"), "大专": ("高职学生", "大学生"), "高职高专一年级": ("高职学生", "大学生"),
    "高职高专三年级": ("高职学生", "大学生"), "本科": ("大学生",), "本科及以上": ("大学生",), "本科一年级": ("大学生",),
    "本科五年级": ("大学生",), "硕士研究生及以上": ("大学生",),
}
HEALTH = {
    "健康": (), "长期慢性病": ("慢性病患者",), "患有大病": ("大病患者",), "残疾": ("残疾人",),
    "长期慢性病；患有大病": ("慢性病患者", "大病患者"), "残疾,长期慢性病": ("残疾人", "慢性病患者"),
}
LABOUR = {
    "普通劳动力": ("劳动力",), "技能劳动力": ("劳动力",), "弱劳动力或半劳动力": ("劳动力",), "丧失劳动力": ("无劳动能力",),
    "无劳动力": (),
}
WORK = {"": (), "0": (), "3": ("务工人员",), "12": ("务工人员",), "6.5": ("务工人员",)}
YES_NO_DIBAO = {"否": (), "是": ("低保对象",)}
YES_NO_TEKUN = {"否": (), "是": ("特困人员",)}
HOUSE = {"否": (), "是": ("危房户",)}
RELATIONS = ["配偶", "之子", "之女", "之父", "之母", "之孙子"]
MONITOR = ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"]
PLACES = [  # unit, township, village, hamlet: 36 households over 6 villages
    ("袁州区", "西村镇", "新村", "上屋组"), ("袁州区", "西村镇", "新村", "下屋组"), ("袁州区", "西村镇", "田心村", "一组"),
    ("袁州区", "彬江镇", "东村", "东一组"), ("樟树市", "临江镇", "江边村", "二组"), ("樟树市", "临江镇", "河西村", "三组"),
]


@dataclass
class Person:
    name: str
    relation: str
    school: str
    health: str
    labour: str
    work: str
    dibao: str
    tekun: str
    house: str
    id_number: str
    phone: str

    def tags(self) -> tuple[str, ...]:
        return (SCHOOL[self.school] + HEALTH[self.health] + LABOUR[self.labour] + WORK[self.work]
                + YES_NO_DIBAO[self.dibao] + YES_NO_TEKUN[self.tekun] + HOUSE[self.house])


@dataclass
class Home:
    number: str | int
    place: tuple[str, str, str, str]
    kind: str          # 户类型 as the export writes it: 脱贫户 or 一般农户
    monitor: str       # 易返贫致贫户(监测对象)类型, "" for none
    cleared: str       # 风险是否消除: 是, 否 or ""
    phone: str         # 户联系电话: never read
    helper: str
    helper_phone: str
    persons: list[Person] = field(default_factory=list)
    extra: int = 0     # 人数 says this many persons more than listed (an export filtered by person)

    @property
    def size(self) -> int:
        return len(self.persons) + self.extra

    @property
    def expected_type(self) -> str:
        return "监测对象" if self.monitor else "脱贫户"

    def expected_tags(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for p in self.persons for t in p.tags()))


def id_number(n: int) -> str:
    """A well-formed ID-card number (valid check digit): what must never be printed."""
    body = f"36090219{60 + n % 40:02d}0{1 + n % 9}1{n % 10}{n % 997:03d}"[:17]
    total = sum(int(d) * w for d, w in zip(body, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)))
    return body + "10X98765432"[total % 11]


def households(count: int = 36) -> list[Home]:
    schools, healths, labours = list(SCHOOL), list(HEALTH), list(LABOUR)
    homes: list[Home] = []
    person = 0
    for i in range(count):
        size = 1 + i % 7
        monitor = MONITOR[i % 3] if i % 4 in (1, 2) else ""
        kind = "一般农户" if monitor and i % 8 == 1 else "脱贫户"
        cleared = ("是" if i % 8 == 2 else "否") if monitor else ("" if i % 2 else "否")
        number: str | int = 360902001000 + i if i % 5 == 0 else f"3609{i:014d}"  # some stored as numbers
        home = Home(number, PLACES[i * len(PLACES) // count], kind, monitor, cleared, f"1390000{i:04d}",
                    f"帮扶人{i % 4}", f"1380000{i % 4:04d}")
        for j in range(size):
            home.persons.append(Person(
                name=f"户{i:02d}人{j}", relation=("本人" if i % 6 == 5 else "户主") if j == 0 else RELATIONS[(i + j) % 6],
                school=schools[person % len(schools)], health=healths[(person // 2) % len(healths)],
                labour=labours[(person // 3) % len(labours)], work=list(WORK)[person % len(WORK)],
                dibao="是" if person % 11 == 3 else "否", tekun="是" if person % 13 == 4 else "否",
                house="是" if i % 9 == 4 else "否", id_number=id_number(person), phone=f"1370000{person:04d}",
            ))
            person += 1
        home.extra = 2 if i == count - 1 else 0
        homes.append(home)
    return homes


def _row(seq: int, home: Home, p: Person) -> list:
    values = {
        "序号": seq, "县(市、区、旗)": home.place[0], "乡(镇)": home.place[1], "行政村": home.place[2],
        "自然村": home.place[3], "户编号": home.number, "人编号": f"{home.number}{seq:03d}", "姓名": p.name,
        "证件号码": p.id_number, "人数": home.size, "与户主关系": p.relation, "民族": "汉族",
        "文化程度": "" if p.school else "初中", "在校生状况": p.school, "健康状况": p.health, "劳动技能": p.labour,
        "务工时间（月）": p.work, "是否享受低保": p.dibao, "是否特困供养人员": p.tekun, "危房户": p.house,
        "户联系电话": home.phone, "人联系电话": p.phone, "户类型": home.kind, "易返贫致贫户(监测对象)类型": home.monitor,
        "风险是否消除": home.cleared, "帮扶责任人": home.helper, "帮扶责任人联系电话": home.helper_phone,
    }
    return [values[c] for c in COLUMNS]


def write_xlsx(path: Path, homes: list[Home]) -> dict[str, int]:
    """The export as XLSX with merged cells; returns the number of cells the merges hide per column."""
    book = Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet.append(["导出时间：2024-06-01"])
    sheet.append(COLUMNS)
    at = {c: i + 1 for i, c in enumerate(COLUMNS)}
    hidden: dict[str, int] = {}
    row, seq = HEADER_ROW + 1, 1
    spans: dict[tuple[str, int], list[int]] = {}  # (column, level) -> rows of one value block
    for home in homes:
        first = row
        for p in home.persons:
            sheet.append(_row(seq, home, p))
            row, seq = row + 1, seq + 1
        if home.place[1] == "西村镇" and len(home.persons) > 1:  # this township merges household columns
            values = dict(zip(COLUMNS, _row(0, home, home.persons[0])))
            for c in HOUSEHOLD_COLUMNS:
                sheet.merge_cells(start_row=first, start_column=at[c], end_row=row - 1, end_column=at[c])
                if values[c] != "":  # a merged blank stays blank
                    hidden[c] = hidden.get(c, 0) + len(home.persons) - 1
        for level, c in enumerate(AREA_COLUMNS):
            spans.setdefault((c, level), []).append((home.place[: level + 1], first, row - 1))
    for (c, _), blocks in spans.items():
        merged: list[list] = []
        for key, first, last in blocks:
            if merged and merged[-1][0] == key and merged[-1][2] == first - 1:
                merged[-1][2] = last
            else:
                merged.append([key, first, last])
        for _, first, last in merged:
            if last > first:
                sheet.merge_cells(start_row=first, start_column=at[c], end_row=last, end_column=at[c])
                hidden[c] = hidden.get(c, 0) + last - first
    sheet.append([])
    sheet.append([None, "合计", None, None, None, None, None, None, None, sum(len(h.persons) for h in homes)])
    book.save(path)
    return hidden


def csv_bytes(homes: list[Home], encoding: str = "gbk") -> bytes:
    """The export as Excel saves it as CSV (GBK): no merges, every cell filled; a title row."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow([TITLE] + [""] * (len(COLUMNS) - 1))
    out.writerow(COLUMNS)
    seq = 1
    for home in homes:
        for p in home.persons:
            out.writerow(_row(seq, home, p))
            seq += 1
    return buf.getvalue().encode(encoding)


def secrets(homes: list[Home]) -> list[str]:
    """What must never reach an output: every ID number and every personal or household phone."""
    return [s for h in homes for s in (h.phone, *(x for p in h.persons for x in (p.id_number, p.phone)))]
