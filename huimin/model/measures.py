"""The 二十条措施 as data: parts, measures, their anchors and units; Chinese numerals."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from huimin.model.fields import OptText, StrictInt, StrictModel, Text, Title

MAX_PARTS = 3
MAX_MEASURES = 20
SUMMARY_MAX = 120
PLACEHOLDER_MAX = 60
FACT_MAX = 30


# --------------------------------------------------------------------------- model


def _range(lo: int, hi: int):
    def check(value: int) -> int:
        if not lo <= value <= hi:
            raise PydanticCustomError(
                "huimin_range", "应为 {lo} 到 {hi} 之间的整数，实际为 {value}",
                {"lo": lo, "hi": hi, "value": value},
            )
        return value

    return AfterValidator(check)


def _anchor(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise PydanticCustomError(
            "huimin_anchor",
            "锚点“{value}”不合格：只能用小写英文字母、数字和连字符“-”（如 measure-15）",
            {"value": value},
        )
    return value


Anchor = Annotated[Text, AfterValidator(_anchor)]


class Measure(StrictModel):
    """One of the twenty measures."""

    number: Annotated[StrictInt, _range(1, MAX_MEASURES)] = Field(
        title="措施序号", description=f"措施序号 1–{MAX_MEASURES}，即原文的（一）至（二十）",
    )
    anchor: Anchor = Field(
        title="锚点", description="页面内的稳定锚点，如 measure-15；链接 measures/#measure-15 依赖它，不要改动",
    )
    title: Title = Field(title="措施标题", description="原文编号后、第一个句号前的短标题，如 强化政策宣传落实")
    units: list[Text] = Field(
        min_length=1, title="责任单位", description="责任单位，每项一个单位，如 市乡村振兴局、各县市区党委、政府",
    )
    facts: list[Text] = Field(
        default=[], title="时限与频次", description="原文中的时限和频次，如 10个工作日内完成识别纳入、每季度不少于1次",
    )
    summary: Annotated[Text, Field(max_length=SUMMARY_MAX)] = Field(
        title="要点",
        description=f"本站用自己的话写的一两句要点（不超过 {SUMMARY_MAX} 个字），不照抄原文",
    )


class Part(StrictModel):
    """One of the parts (一、二、三、) grouping the measures."""

    number: Annotated[StrictInt, _range(1, MAX_PARTS)] = Field(title="部分序号", description=f"部分序号 1–{MAX_PARTS}")
    title: Title = Field(title="部分标题", description="部分标题，如 进一步压紧压实责任")
    anchor: Anchor = Field(title="锚点", description="页面内的稳定锚点，如 part-1")
    measures: list[Measure] = Field(min_length=1, title="措施", description="本部分的措施")


class MeasureDocument(StrictModel):
    """The whole document: its title and parts."""

    title: Title = Field(title="文件标题", description="文件标题")
    issuer: OptText | None = Field(default=None, title="印发机关", description="印发机关")
    year: Annotated[StrictInt, _range(2000, 2100)] | None = Field(default=None, title="年份", description="印发年份")
    parts: list[Part] = Field(min_length=1, title="部分", description="文件的各个部分")

    def all_measures(self) -> list[Measure]:
        """Every measure, in document order."""
        return [m for part in self.parts for m in part.measures]

    def by_unit(self) -> dict[str, list[Measure]]:
        """Each responsible unit (in order of first mention) with the measures it owns."""
        owners: dict[str, list[Measure]] = {}
        for measure in self.all_measures():
            for unit in measure.units:
                owners.setdefault(unit, []).append(measure)
        return owners


# --------------------------------------------------------------------------- numerals

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_to_int(text: str) -> int | None:
    """``十五`` → 15 (1–99); None when it is not a Chinese numeral."""
    if len(text) == 1 and text in _CN_DIGITS:
        return _CN_DIGITS[text]
    if text.count("十") != 1:
        return None
    tens, _, ones = text.partition("十")
    if tens and tens not in _CN_DIGITS or ones and ones not in _CN_DIGITS or len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def int_to_cn(n: int) -> str:
    """15 → ``十五`` (1–99)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if not tens:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
