"""The person-level roster: the national 防返贫监测信息系统 export, one row per person.

Rows are grouped into households by 户编号 (NFKC, as everywhere: １００１ is 1001), in the
order households first appear. For each household:

- its 户主 is the person whose 与户主关系 is 户主 or 本人 (exactly one); 户主姓名 is that
  person's 姓名 (or the 户主姓名 column, when the export has one);
- household-level cells (县 … 村, 人数, 户类型, 监测对象类型, 风险是否消除, 帮扶责任人) are
  taken from the 户主's row, or from another person's where that one is blank; a person
  whose cell says otherwise is an error (the households would be mixed up);
- 家庭人口 is 人数; with more persons listed than 人数 the roster is wrong (an error: two
  households under one 户编号, or rows pasted twice); with fewer, the export was filtered
  (a warning: the member tags come only from the persons listed) — see README;
- its member tags are those of all its persons' tag columns (huimin.yml ``roster_tags``).

The household then goes through the same checks as a row of a household-level roster,
located at the 户主's row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from huimin.model.errors import Problem
from huimin.model.household import HEAD_RELATIONS
from huimin.read.roster_cells import INVISIBLE, cell_text, echo, number_identity, whole_number
from huimin.read.roster_check import RowChecker, SkippedRow
from huimin.read.roster_files import EXCEL_ROWS

HOUSEHOLD_ATTRS = ("number", "unit", "township", "village", "head", "household_type", "monitor_type", "size",
                   "member_tags", "helper", "helper_phone", "risk")
SHOWN_ROWS = 8
# a 合计/总计/小计 row under the table: its caption may sit in any column (序号, 户编号, …), and
# a count such as "18户" may fill the 户编号 column
TOTAL = re.compile(r"^[合总小]\s*计")


@dataclass
class _Household:
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row, cells of the columns read)


def _rows_text(rows: list[int]) -> str:
    shown = "、".join(str(r) for r in rows[:SHOWN_ROWS])
    return f"第 {shown}{' 等' if len(rows) > SHOWN_ROWS else ''} 行"


def _total(cells: Sequence) -> bool:
    return any(isinstance(v, str) and TOTAL.match(INVISIBLE.sub("", v).strip()) for v in cells)


def read_persons(lines: Iterator[tuple[int, Sequence]], checker: RowChecker) -> None:
    result, limits = checker.result, checker.limits
    columns = sorted(set(checker.index.values()))
    where = {c: i for i, c in enumerate(columns)}  # sheet column -> position in the kept cells
    number_at = where[checker.index["number"]]
    person_at = [where[checker.index[a]] for a in ("name", "relation", "head") if a in checker.index]
    person_at += [where[column] for column, _, _ in checker.layout.tags]
    relation_at = where.get(checker.index.get("relation", -1))  # a person always has one; a 合计 row never
    groups: dict[str, _Household] = {}
    not_persons: list[int] = []
    count = 0
    for row, cells in lines:
        n = len(cells)
        kept = [cells[c] if c < n else None for c in columns]
        text = [cell_text(v) for v in kept]
        if not any(INVISIBLE.sub("", t).strip() for t in text):
            if row > EXCEL_ROWS:
                break
            continue
        count += 1
        if count > limits.rows:
            from huimin.read.roster import ROWS_MESSAGE

            result.fatal = True
            result.problems.append(Problem(result.path, row, 0, "", ROWS_MESSAGE.format(limit=limits.rows)))
            return
        number = INVISIBLE.sub("", text[number_at]).strip()
        filled = [i for i in person_at if INVISIBLE.sub("", text[i]).strip()]
        if (not number or "计" in number or _total(cells)) and (not filled or (_total(cells) and relation_at is not None
                                                                                and relation_at not in filled)):
            not_persons.append(row)  # a 合计 row (counts under 户编号 or 姓名 too), a note under the table
            continue
        if not number:
            label = checker.label["number"]
            hint, checker.blank_hint = checker.blank_hint, ""  # a CSV saved from merged cells: said once
            result.problems.append(Problem(result.path, row, checker.index["number"] + 1, label, "不能为空" + hint))
            result.skipped_rows.append(SkippedRow(row, (f"{label}：不能为空",)))
            continue
        groups.setdefault(number_identity(number), _Household()).rows.append((row, kept))
    if not_persons:
        result.notes.append(f"没有户编号、姓名和与户主关系的行（如合计行），未读入：{_rows_text(not_persons)}")
    width = max(checker.index.values()) + 2
    if "size" not in checker.index:  # 家庭人口 = the persons listed, in a column of its own
        checker.positions[7] = width - 1
    persons = 0
    for household in groups.values():
        persons += len(household.rows)
        _household(household, checker, where, width)
    result.notes.append(f"按人员名单读入（全国防返贫监测信息系统导出格式）：{persons} 人，按户编号归为 {len(groups)} 户")


def _household(household: _Household, checker: RowChecker, where: dict[int, int], width: int) -> None:
    index, label = checker.index, checker.label
    rows = household.rows
    found: list[tuple[str, str, int]] = []

    def value(cells: list, attr: str) -> str:
        return INVISIBLE.sub("", cell_text(cells[where[index[attr]]])).strip() if attr in index else ""

    heads = [(row, cells) for row, cells in rows if value(cells, "relation") in HEAD_RELATIONS]
    number = value(rows[0][1], "number")
    if not heads:
        relations = "、".join(dict.fromkeys(f"“{echo(r)}”" for _, c in rows if (r := value(c, "relation"))))
        found.append(("relation", f"户编号“{echo(number)}”的 {len(rows)} 人中没有户主（与户主关系为“户主”或“本人”的人）"
                                  + (f"，与户主关系为 {relations}" if relations else ""), rows[0][0]))
    for row, _ in heads[1:]:
        found.append(("relation", f"户编号“{echo(number)}”有不止一个户主：第 {heads[0][0]} 行已是户主", row))
    for row, cells in rows:
        if not value(cells, "relation"):
            found.append(("relation", "不能为空：应为 户主（或 本人），或 配偶、之子 等", row))
    head_row, head_cells = heads[0] if heads else rows[0]

    synthetic: list = [None] * width
    for attr in HOUSEHOLD_ATTRS:
        if attr not in index or attr == "member_tags" or (attr == "head" and "relation" in index and "name" in index
                                                           and index["head"] == index["name"]):
            continue
        raw = head_cells[where[index[attr]]]
        chosen = value(head_cells, attr)
        for row, cells in rows:
            other = value(cells, attr)
            if other and not chosen:
                raw, chosen = cells[where[index[attr]]], other
            elif other and other != chosen and not (attr == "number" and number_identity(other) == number_identity(chosen)):
                found.append((attr, f"与同户第 {head_row} 行不同（“{echo(other)}”和“{echo(chosen)}”）：同一户的户级信息应一致，"
                                    "请核对是否填错或两户用了同一个户编号", row))
        synthetic[index[attr]] = raw
    if "name" in index and index.get("head") == index["name"]:
        synthetic[index["name"]] = head_cells[where[index["name"]]]

    tags: list[str] = []
    for row, cells in rows:
        wide = [None] * width
        for c, i in where.items():
            wide[c] = cells[i]
        row_found: list[tuple[str, str]] = []
        tags.extend(checker.row_tags(row, wide, row_found))
        found.extend((attr, message, row) for attr, message in row_found)
        if "member_tags" in index:
            synthetic[index["member_tags"]] = "、".join(filter(None, (synthetic[index["member_tags"]] or "",
                                                                      value(cells, "member_tags"))))

    size_text = cell_text(synthetic[checker.positions[7]]) if checker.positions[7] >= 0 else ""
    if "size" not in index:
        synthetic[checker.positions[7]] = len(rows)
    else:
        size = whole_number(synthetic[index["size"]], size_text)
        listed = [r for r, _ in rows]
        if size is not None and size < len(rows):
            found.append(("size", f"人数为 {size}，但名单中本户有 {len(rows)} 人（{_rows_text(listed)}）："
                                  "请核对人数，或是否两户用了同一个户编号、有的人重复列出", head_row))
        elif size is not None and size > len(rows):
            checker.result.warnings.append(Problem(
                checker.result.path, head_row, index["size"] + 1, label["size"],
                f"户编号“{echo(number)}”的人数为 {size}，名单中只列出 {len(rows)} 人（{_rows_text(listed)}）："
                f"成员情况只按这 {len(rows)} 人判断，请核实导出时是否漏了家庭成员"))
    checker.check(head_row, synthetic, (tuple(dict.fromkeys(tags)), found))
