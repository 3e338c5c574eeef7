"""Checking a roster's rows: every rule of a household, with its located Chinese message.

A household-level roster is checked row by row; a person-level one (the national export,
:mod:`huimin.read.roster_persons`) passes each household's merged cells, with the member
tags of its persons and their problems.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from huimin.model.errors import Problem
from huimin.model.household import COLUMNS, LIMITS, PERSON_COLUMNS, Household, RosterLimits
from huimin.model.policy import HOUSEHOLD_TYPES, MONITOR_TYPES
from huimin.model.settings import Settings
from huimin.read.roster_cells import (
    CONTROL,
    DIGITS_17,
    INVISIBLE,
    ODD,
    cell_text,
    echo,
    looks_like_id_card,
    number_identity,
    whole_number,
)
from huimin.read.roster_columns import Layout
from huimin.read.roster_files import COLUMNS_MESSAGE, Unreadable, column_letter
from huimin.read.roster_tags import mapped_tags, written_tags

_BY_HEADER_ATTR = {c.attr: c.header for c in (*COLUMNS, *PERSON_COLUMNS)}
_ATTRS = tuple(c.attr for c in COLUMNS)  # number … helper_phone, risk
_NOT_EMPTY = ("number", "unit", "township", "village", "head")
_AREA = ("unit", "township", "village")
CSV_BLANK_HINT = ("（如果这份 CSV 是由合并了单元格的 Excel 表另存的，合并处只有第一格有值：请直接用 .xlsx 文件，"
                  "合并的单元格会自动按区域填好）")
NATIONAL_TYPES = ("一般农户", "普通农户")  # the national export's 户类型 besides 脱贫户
SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?[eE]\+?[0-9]+")

ID_CARD_MESSAGE = "疑似身份证号码：名单不收身份证号，明白卡也不能印出身份证号，请删去"
TYPES_SHOWN = "脱贫户 或 监测对象"
MONITOR_SHOWN = "脱贫不稳定户、边缘易致贫户 或 突发严重困难户"
EXCEL_DIGITS = 10**15  # Excel keeps 15 significant digits: larger numbers have lost their tail
LONG_MESSAGE = "内容过长：不能超过 {limit} 个字，现有 {length} 个字"
CONTROL_MESSAGE = "含有不可打印的控制字符 {chars}，请删去"
NUMBER_LOOKS_ALIKE = "（第 {first} 行为“{other}”：全角半角写法不同、夹有看不见的字符的户编号视为同一个）"



@dataclass(frozen=True)
class SkippedRow:
    row: int
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return f"第 {self.row} 行：{'；'.join(self.reasons)}"


def _digits_lost(value: object) -> bool:
    """A number Excel may have cut to 15 significant digits: any float from 10**15 up (a
    double cannot hold more), and an integer whose digits after the 15th are all 0. An
    integer with other digits there (written exactly by other software, as the national
    export may be) is kept as it is."""
    if value.__class__ is float:
        return abs(value) >= EXCEL_DIGITS
    return value.__class__ is int and value >= EXCEL_DIGITS and not str(value)[15:].strip("0")


def check_width(row: int, cells: Sequence, limit: int) -> None:
    """Unreadable when a row has a value beyond the last allowed column (the XLSX reader checks as it streams)."""
    if len(cells) > limit:
        for i in range(limit, len(cells)):
            if cell_text(cells[i]):
                where = f"第 {row} 行的 {column_letter(i + 1)} 列"
                raise Unreadable(COLUMNS_MESSAGE.format(limit=limit, where=where), line=row)


class RowChecker:
    """Checks rows (or, for a person-level roster, households) against the header's layout."""

    def __init__(self, found: Layout, settings: Settings, result, limits: RosterLimits = LIMITS):  # result: RosterResult
        self.result = result
        self.limits = limits
        self.layout = found
        self.units = [*settings.units, *settings.other_units]
        self.unit_set = set(self.units)
        self.unit_messages: dict[str, str] = {}
        self.vocabulary = frozenset(settings.member_tags)
        self.vocabulary_list = list(settings.member_tags)
        self.written: dict[str, tuple[tuple[str, ...], list[str]]] = {}  # 成员情况 as written -> (tags, problems)
        self.seen: dict[str, tuple[int, str]] = {}  # number_identity -> (row, 户编号 as written)
        self.index = dict(found.index)     # attr -> 0-based column
        self.label = dict(found.label)     # attr -> "家庭人口（F列）"
        for column, label, _ in found.tags:
            self.index[f"tag:{column}"] = column
            self.label[f"tag:{column}"] = label
        result.problems.extend(found.problems)
        result.warnings.extend(found.warnings)
        if found.persons and "head" not in found.index and "name" in found.index:  # the 户主's 姓名
            self.index["head"], self.label["head"] = found.index["name"], found.label["name"]
        self.positions = [self.index.get(attr, -1) for attr in _ATTRS]
        self.blank_hint = ""  # CSV_BLANK_HINT for a CSV file, said at the first blank 县市区, 乡镇 or 村

    def read_columns(self) -> dict[int, str]:
        """Every column read (0-based) → its label."""
        return {self.index[a]: self.label[a] for a in self.index}

    def row_tags(self, row: int, cells: Sequence, found: list[tuple[str, str]]) -> tuple[str, ...]:
        """The member tags of one row's tag columns (errors appended to ``found``)."""
        tags: list[str] = []
        n = len(cells)
        for column, label, mapping in self.layout.tags:
            text = cell_text(cells[column]) if column < n else ""
            if text:
                got, wrong = mapped_tags(INVISIBLE.sub("", text), label.rpartition("（")[0], mapping)
                tags.extend(got)
                found.extend((f"tag:{column}", m) for m in wrong)
        return tuple(tags)

    def check(self, row: int, cells: Sequence, persons: tuple[tuple[str, ...], list[tuple[str, str]]] | None = None,
              ) -> bool:
        """Check one row; False for an empty one (skipped silently). A person-level roster
        passes the household's merged cells, with the tags of its persons and their problems."""
        n = len(cells)
        if n > self.limits.columns:
            check_width(row, cells, self.limits.columns)
        raw = [cells[i] if 0 <= i < n else None for i in self.positions]
        text = [v.strip() if v.__class__ is str else cell_text(v) for v in raw]
        joined = "\n".join(text)
        odd = ODD.search(joined)
        if odd:
            text = [INVISIBLE.sub("", v).strip() for v in text]
        if not any(text) and persons is None:
            return False  # empty rows (also rows with data only in ignored columns) are skipped silently
        place = self.limits.place
        if odd or len(joined) > self.limits.cell or len(text[2]) > place or len(text[3]) > place:
            unusable = self._unusable(text)
            if unusable:
                self._skip(row, unusable)
                return True
        number, unit, township, village, head, kind, monitor, size_text, written, helper, phone, risk = text
        found: list[tuple[str, str]] = []  # (attr, message)
        tags: list[str] = []
        if written:
            known = self.written.get(written)
            if known is None:
                known = written_tags(written, self.vocabulary, self.vocabulary_list)
                if len(self.written) < 10_000:  # rosters repeat a few hundred combinations
                    self.written[written] = known
            tags = list(known[0])
            found.extend(("member_tags", m) for m in known[1])
        if persons is None:
            tags = [*tags, *self.row_tags(row, cells, found)]
        else:
            tags, found = [*tags, *persons[0]], [*persons[1], *found]

        if not (number and unit and township and village and head):
            for attr, value in zip(_NOT_EMPTY, (number, unit, township, village, head)):
                if not value:
                    hint, self.blank_hint = (self.blank_hint, "") if attr in _AREA else ("", self.blank_hint)
                    found.append((attr, "不能为空" + hint))  # the hint once per file
        if _digits_lost(raw[0]) or SCIENTIFIC.fullmatch(number):
            found.append(("number", "数字超过 15 位，Excel 已把末尾几位变成 0：请把该列设为“文本”格式后重新填写"))
            number = ""
        if DIGITS_17.search(joined):
            for attr, value in zip(_ATTRS, text):
                if attr != "size" and (number and not self.layout.persons or attr != "number") \
                        and looks_like_id_card(value):
                    found.append((attr, ID_CARD_MESSAGE))
                    if attr == "number":
                        number = ""
        if number:
            first, written_as = self.seen.setdefault(number_identity(number), (row, number))
            if first != row:
                alike = "" if written_as == number else NUMBER_LOOKS_ALIKE.format(first=first, other=echo(written_as))
                found.append(("number", f"户编号“{echo(number)}”重复：第 {first} 行已使用{alike}"))
        if unit and unit not in self.unit_set:
            found.append(("unit", self._unit_message(unit)))

        if self.layout.persons and kind in ("脱贫户", *NATIONAL_TYPES) and monitor:
            kind = "监测对象"  # the national export: 户类型 脱贫户 or 一般农户, and a 监测对象类型
        if not kind:
            found.append(("household_type", f"不能为空，应为 {TYPES_SHOWN}"))
        elif self.layout.persons and kind in NATIONAL_TYPES:
            found.append(("household_type", f"户类型为“{kind}”而没有监测对象类型：不是脱贫户也不是监测对象，不印明白卡"
                                            "（如该户已纳入监测，请填写监测对象类型；否则请从名单中删去）"))
        elif kind not in HOUSEHOLD_TYPES:
            found.append(("household_type", f"应为 {TYPES_SHOWN}，实际为“{echo(kind)}”"))
        elif kind == "监测对象" and not monitor:
            no_column = "" if "monitor_type" in self.index else "（名单中没有“监测类型”列）"
            found.append(("monitor_type", f"户类型为监测对象时必填{no_column}，应为 {MONITOR_SHOWN}"))
        elif kind == "脱贫户" and monitor:
            found.append(("monitor_type", f"户类型为脱贫户时应留空，实际为“{echo(monitor)}”（如该户已纳入监测，请把户类型改为监测对象）"))
        if monitor and kind != "脱贫户" and monitor not in MONITOR_TYPES:
            found.append(("monitor_type", f"应为 {MONITOR_SHOWN}，实际为“{echo(monitor)}”"))
        if risk not in ("", "是", "否"):
            found.append(("risk", f"应为 是 或 否（空白为否），实际为“{echo(risk)}”"))
        elif risk == "是" and kind != "监测对象":
            found.append(("risk", "只有监测对象才有“风险已消除”：户类型不是监测对象时应为 否 或留空"))

        low, high = self.limits.size
        size = whole_number(raw[7], size_text)
        if size is None or not low <= size <= high:
            shown_size = f"{low} 到 {high} 的整数"
            found.append(("size", f"应为 {shown_size}，实际为“{echo(size_text)}”" if size_text else f"不能为空，应为 {shown_size}"))

        if found:
            self._skip(row, found)
            return True
        self.result.households.append(Household(
            number, unit, township, village, head, kind, monitor or None, size,
            tuple(dict.fromkeys(tags)), helper or None, phone or None, row, risk == "是",
        ))
        return True

    def _unusable(self, text: list[str]) -> list[tuple[str, str]]:
        """Cells no other check should look at: control characters, too long, a 乡镇 or 村 name too long."""
        found = []
        for attr, value in zip(_ATTRS, text):
            controls = dict.fromkeys(CONTROL.findall(value))
            if controls:
                found.append((attr, CONTROL_MESSAGE.format(chars="、".join(f"U+{ord(c):04X}" for c in controls))))
            elif len(value) > self.limits.cell:
                found.append((attr, LONG_MESSAGE.format(limit=self.limits.cell, length=len(value))))
            elif attr in ("township", "village") and len(value) > self.limits.place:
                found.append((attr, LONG_MESSAGE.format(limit=self.limits.place, length=len(value))))
        return found

    def _skip(self, row: int, found: list[tuple[str, str]] | list[tuple[str, str, int]]) -> None:
        """Record the problems of a row (or, with a third item, of another row of its household)."""
        found.sort(key=lambda item: (item[2] if len(item) > 2 else row, self.index.get(item[0], 1 << 30)))
        path = self.result.path
        reasons = []
        for item in found:
            attr, message = item[0], item[1]
            at = item[2] if len(item) > 2 else row
            column = self.index.get(attr)
            label = self.label.get(attr, _BY_HEADER_ATTR.get(attr, attr))
            self.result.problems.append(Problem(path, at, 0 if column is None else column + 1, label, message))
            reasons.append(f"{label}：{message}" if at == row else f"第 {at} 行 {label}：{message}")
        self.result.skipped_rows.append(SkippedRow(row, tuple(reasons)))

    def _unit_message(self, unit: str) -> str:
        if unit not in self.unit_messages:
            close = difflib.get_close_matches(unit, self.units, n=1, cutoff=0.6) if len(unit) <= 50 else []
            hint = f"（是否应为“{close[0]}”？）" if close else ""
            examples = "、".join(self.units[:2])
            self.unit_messages[unit] = (
                f"未知县市区“{echo(unit)}”{hint}，应为 huimin.yml 中设置的县市区之一，如 {examples}……"
            )
        return self.unit_messages[unit]
