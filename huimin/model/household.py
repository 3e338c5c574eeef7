"""A household of a roster (户名单), the roster's columns, member tags (成员情况), and the
limits a roster must stay within (so that any file is read in bounded time and memory)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TAG_SEPARATORS = re.compile(r"[、，,;；]")


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
    row: int = 0                     # row in the file (a person-level roster: the 户主's row)
    risk_cleared: bool = False       # 风险是否消除 = 是 (监测对象 only)


@dataclass(frozen=True)
class RosterLimits:
    """How large a roster may be; every limit is checked while reading, before it is exceeded much."""

    file_mb: int = 100            # the CSV or XLSX file itself
    xlsx_unpacked_mb: int = 300   # all parts of an XLSX, uncompressed (200,000 households: ~120 MB)
    xlsx_ratio: int = 100         # uncompressed / compressed, per part over 1 MB (real sheets: ~10)
    rows: int = 200_000           # non-empty rows below the header
    columns: int = 200            # columns with a value
    cell: int = 500               # characters in one cell of a known column
    place: int = 50               # characters in a 乡镇 or 村 name (it names a folder and a file)
    size: tuple[int, int] = (1, 50)  # 家庭人口


LIMITS = RosterLimits()


@dataclass(frozen=True)
class Column:
    header: str
    attr: str
    required: bool
    description: str
    aliases: tuple[str, ...] = ()  # other headers accepted for it (the national export's among them)


COLUMNS: tuple[Column, ...] = (
    Column("户编号", "number", True, "户编号，名单内唯一", ("户码",)),
    Column("县市区", "unit", True, "huimin.yml 中设置的县市区之一", ("县(市、区、旗)", "县(市、区)", "县区", "县")),
    Column("乡镇", "township", True, "乡镇", ("乡(镇)", "乡镇(街道)", "乡")),
    Column("村", "village", True, "村", ("行政村", "村(社区)")),
    Column("户主姓名", "head", True, "户主姓名", ("户主",)),
    Column("户类型", "household_type", True, "脱贫户 或 监测对象（全国系统导出的名单中为 脱贫户 或 一般农户）"),
    Column("监测类型", "monitor_type", False, "户类型为监测对象时必填：脱贫不稳定户、边缘易致贫户 或 突发严重困难户",
           ("易返贫致贫户(监测对象)类型", "易返贫致贫户类型", "监测对象类别", "监测对象类型")),
    Column("家庭人口", "size", True, "1 到 50 的整数", ("人口数", "人数", "家庭人口数")),
    Column("成员情况", "member_tags", False, "用 、 ， , ; ； 分隔，如 义务教育学生、慢性病患者"),
    Column("帮扶责任人", "helper", False, "帮扶责任人", ("帮扶人",)),
    Column("帮扶责任人电话", "helper_phone", False, "帮扶责任人电话", ("帮扶责任人联系电话", "帮扶人电话")),
    Column("风险是否消除", "risk", False, "是 或 否（监测对象的风险是否已消除；空白为否）", ("风险是否已消除",)),
)
REQUIRED_HEADERS = tuple(c.header for c in COLUMNS if c.required)

# The person-level roster (the national 防返贫监测信息系统 export): one row per person.
PERSON_COLUMNS: tuple[Column, ...] = (
    Column("与户主关系", "relation", True, "户主 或 本人 为户主，其余为家庭成员"),
    Column("姓名", "name", False, "户主的姓名印作户主姓名（其他成员的姓名不读入）"),
)
HEAD_RELATIONS = ("户主", "本人")


def split_tags(text: str) -> tuple[str, ...]:
    """``义务教育学生、慢性病患者, 残疾人；`` → the tags, trimmed, empty ones and repeats dropped."""
    parts = (p.strip() for p in _TAG_SEPARATORS.split(text))
    return tuple(dict.fromkeys(p for p in parts if p))
