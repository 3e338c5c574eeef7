"""The one vocabulary of 成员情况 (member tags) and how the national roster export's person
columns map onto it.

Policies ask for member tags (``eligibility.member_tags``); rosters give them, either
written out (the household-level roster's 成员情况 column) or derived from the person
columns of the national 防返贫监测信息系统 export (在校生状况, 健康状况, 劳动技能 …) by
:data:`DEFAULT_ROSTER_TAGS`. Both sides must use the words of one vocabulary
(:data:`DEFAULT_MEMBER_TAGS`, or huimin.yml's ``member_tags``), so that a typo on either
side is an error instead of a household silently losing a policy.
"""

from __future__ import annotations

import re

# The tags the sample policy lists ask for, then those only the national mapping gives.
DEFAULT_MEMBER_TAGS: list[str] = [
    "学前儿童", "义务教育学生", "高中学生", "中职学生", "高职学生", "大学生",
    "老年人", "残疾人", "重度残疾人", "大病患者", "慢性病患者",
    "无劳动能力", "劳动力", "务工人员", "种养殖户", "危房户", "搬迁户",
    "低保对象", "特困人员",
]

_SCHOOL: dict[str, list[str]] = {
    "非在校生": [],
    "学龄前儿童": [],  # not (yet) in a kindergarten: 学前教育 is
    "学前教育": ["学前儿童"],
    **{v: ["义务教育学生"] for v in ("小学", "初中", "七年级", "八年级", "九年级")},
    **{f"小学{n}年级": ["义务教育学生"] for n in "一二三四五六"},
    **{f"初中{n}年级": ["义务教育学生"] for n in "一二三"},  # as other systems write 七年级 … 九年级
    **{v: ["高中学生"] for v in ("高中", "普通高中一年级", "普通高中二年级", "普通高中三年级")},
    **{f"高中{n}年级": ["高中学生"] for n in "一二三"},
    **{v: ["中职学生"] for v in ("中职", "中职一年级", "中职二年级", "中职三年级")},
    **{f"技师学院{n}年级": ["中职学生"] for n in "一二三四"},
    **{v: ["高职学生", "大学生"] for v in ("高职", "大专", "高职高专一年级", "高职高专二年级", "高职高专三年级")},
    **{v: ["大学生"] for v in ("本科", "本科及以上", "硕士研究生及以上")},
    **{f"本科{n}年级": ["大学生"] for n in "一二三四五"},
}

# national column → its values → member tags. A value written here with [] gives no tag;
# a value not written here at all is an error (not silently nothing). A key "1-12" is a
# range of numbers (both ends included), for columns such as 务工时间（月）.
DEFAULT_ROSTER_TAGS: dict[str, dict[str, list[str]]] = {
    "在校生状况": _SCHOOL,
    "健康状况": {"健康": [], "长期慢性病": ["慢性病患者"], "患有大病": ["大病患者"], "残疾": ["残疾人"]},
    "劳动技能": {
        "普通劳动力": ["劳动力"], "技能劳动力": ["劳动力"], "弱劳动力或半劳动力": ["劳动力"],
        "丧失劳动力": ["无劳动能力"],
        "无劳动力": [],  # what the system records for every child and student: not 丧失劳动力
    },
    "务工时间（月）": {"0": [], "0.1-12": ["务工人员"]},
    "危房户": {"是": ["危房户"], "否": []},
    "残疾等级": {"一级": ["重度残疾人"], "二级": ["重度残疾人"], "三级": [], "四级": []},
    "是否享受低保": {"是": ["低保对象"], "否": []},
    "享受低保政策情况": {"农村低保": ["低保对象"], "城市低保": ["低保对象"], "未享受": []},
    "是否特困供养人员": {"是": ["特困人员"], "否": []},
    "享受特困供养政策情况": {"农村特困": ["特困人员"], "城市特困": ["特困人员"], "未享受": []},
}

_RANGE = re.compile(r"(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(?:个月|月)?")  # 务工时间 written 6 or 6个月
VALUE_SEPARATORS = re.compile(r"[、，,;；]")


def number_range(key: str) -> tuple[float, float] | None:
    """``"1-12"`` → (1.0, 12.0); None when the key is a plain value."""
    m = _RANGE.fullmatch(key)
    return (float(m.group(1)), float(m.group(2))) if m else None


class TagMap:
    """One column's mapping, ready to look values up: exact values first, then ranges."""

    def __init__(self, values: dict[str, list[str]]):
        self.exact = {k: tuple(v) for k, v in values.items() if number_range(k) is None}
        self.ranges = [(number_range(k), tuple(v)) for k, v in values.items() if number_range(k) is not None]

    def tags(self, value: str) -> tuple[str, ...] | None:
        """The tags of one value, or None when the mapping does not know it."""
        found = self.exact.get(value)
        if found is not None:
            return found
        if self.ranges and (m := _NUMBER.fullmatch(value)):
            if m.group(1) in self.exact:  # 0个月 as 0
                return self.exact[m.group(1)]
            number = float(m.group(1))
            for (low, high), tags in self.ranges:
                if low <= number <= high:
                    return tags
        return None

    def shown(self) -> list[str]:
        """The values as a message lists them."""
        return [*self.exact, *(f"{_num(lo)}-{_num(hi)}" for (lo, hi), _ in self.ranges)]


def _num(x: float) -> str:
    return str(int(x)) if x.is_integer() else str(x)
