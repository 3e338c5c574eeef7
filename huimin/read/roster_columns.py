"""The header of a roster: where it is (title rows may sit above it), which column is which
(aliases such as 县(市、区、旗) for 县市区, the national export's person columns, the columns
huimin.yml's ``roster_tags`` maps to member tags), and what is said about the others.

Headers are compared after NFKC (full-width brackets are brackets), without invisible
characters and whitespace (a header cell may wrap: ``务工时间\\n（月）``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from huimin.model.errors import Problem
from huimin.model.household import COLUMNS, PERSON_COLUMNS, Column
from huimin.model.member_tags import TagMap
from huimin.read.roster_cells import INVISIBLE, cell_text, echo
from huimin.read.roster_files import column_letter

HEADER_ROWS = 20  # the header is looked for in this many rows at the top
_SPACE = re.compile(r"\s+")

# Columns of the national export that are deliberately not read (personal data, or not
# needed for a card): no warning for them, one line in the report names them.
NOT_READ = (
    "序号", "省", "市", "自然村", "组", "人编号", "人口编号", "证件号码", "证件类型", "身份证号", "身份证号码",
    "户主证件号码", "户主身份证号", "性别", "出生日期", "年龄", "民族", "政治面貌", "文化程度", "户联系电话",
    "人联系电话", "成员联系电话", "家庭成员联系电话", "联系电话", "个人联系电话", "致贫原因", "致贫原因1",
    "主要致贫原因", "人均纯收入", "首次识别时间", "人员识别时间", "风险识别时间", "风险消除时间", "识别监测时间",
    "消除监测时间", "风险消除方式", "脱贫年度", "年度", "备注", "残疾类别", "是否参加大病保险",
    "是否解决安全饮用水", "务工所在地", "务工企业名称", "就业渠道", "户主联系电话", "户主电话", "手机号码", "手机号",
    "电话", "联系方式",
)
PERSONAL = ("证件号码", "身份证号", "身份证号码", "户主证件号码", "户主身份证号", "户联系电话", "人联系电话",
            "成员联系电话", "家庭成员联系电话", "联系电话", "个人联系电话", "户主联系电话", "户主电话", "手机号码", "手机号",
            "电话", "联系方式")


TYPE_HINT = ("（从全国防返贫监测信息系统导出时请选上“户类型”和“易返贫致贫户(监测对象)类型”两列；"
             "名单中如果全是脱贫户，也可以加一列“户类型”，都填 脱贫户）")


def header_key(name: str) -> str:
    return _SPACE.sub("", INVISIBLE.sub("", unicodedata.normalize("NFKC", name)))


_KNOWN: dict[str, Column] = {header_key(n): c for c in (*COLUMNS, *PERSON_COLUMNS) for n in (c.header, *c.aliases)}
_NOT_READ = {header_key(n) for n in NOT_READ}
_PERSONAL = {header_key(n) for n in PERSONAL}


@dataclass
class Layout:
    """Which column holds what, found in the header row."""

    header_row: int
    index: dict[str, int] = field(default_factory=dict)   # attr -> 0-based column
    label: dict[str, str] = field(default_factory=dict)   # attr -> "家庭人口（F列）"
    tags: list[tuple[int, str, TagMap]] = field(default_factory=list)  # (column, label, mapping)
    missing: list[str] = field(default_factory=list)
    not_read: list[str] = field(default_factory=list)     # national columns left out, as written
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def persons(self) -> bool:
        """One row per person (the national export): it has 与户主关系."""
        return "relation" in self.index


def score(cells: Sequence, tag_keys: set[str]) -> int:
    """How many cells of a row are known column names (to tell the header from title rows)."""
    keys = {header_key(cell_text(v)) for v in cells if v is not None}
    return sum(1 for k in keys if k in _KNOWN or k in tag_keys)


def find_header(rows: list[tuple[int, Sequence]], tag_keys: set[str]) -> int:
    """The position in ``rows`` of the header: the first row with the most known names (at
    least 3), or 0 when no row has them."""
    best, at = 2, 0
    for i, (_, cells) in enumerate(rows):
        found = score(cells, tag_keys)
        if found > best:
            best, at = found, i
    return at


def layout(row: int, header: list[str], roster_tags: dict[str, dict[str, list[str]]], path: str) -> Layout:
    """Read the header row; problems for a repeated column, warnings for unknown ones."""
    found = Layout(row)
    tag_maps = {header_key(k): (k, TagMap(v)) for k, v in roster_tags.items()}
    seen: dict[str, int] = {}
    for i, raw in enumerate(header):
        name = INVISIBLE.sub("", raw).strip()
        if not name:
            continue
        key = header_key(name)
        label = f"{echo(name)}（{column_letter(i + 1)}列）"
        column = _KNOWN.get(key)
        attr = column.attr if column else (f"tag:{key}" if key in tag_maps else None)
        if attr is None:
            if key in _NOT_READ:
                found.not_read.append(echo(name) + ("（个人信息，不读入）" if key in _PERSONAL else ""))
            else:
                found.warnings.append(Problem(path, row, i + 1, label, _unknown(name, key, tag_maps)))
            continue
        if attr in seen:
            first = column_letter(seen[attr] + 1)
            found.problems.append(Problem(path, row, i + 1, label, f"列“{echo(name)}”重复：{first}列已有此列，请只保留一列"))
            continue
        seen[attr] = i
        if column is None:
            found.tags.append((i, label, tag_maps[key][1]))
        else:
            found.index[attr] = i
            found.label[attr] = label
    persons = found.persons
    if persons:  # the national export has dozens of columns a card does not need: one note for them
        odd = [w for w in found.warnings if "是否应为" not in w.message]
        found.warnings = [w for w in found.warnings if "是否应为" in w.message]
        found.not_read.extend(w.field.rpartition("（")[0] for w in odd)
    found.missing = [
        c.header for c in (*COLUMNS, *PERSON_COLUMNS)
        if c.required and c.attr not in found.index
        and not (persons and c.attr in ("head", "size"))  # from the 户主's 姓名, from the persons listed
        and (persons or c in COLUMNS)
    ]
    if persons and "head" not in found.index and "name" not in found.index:
        found.missing.append("姓名")
    if found.missing:
        hint = TYPE_HINT if persons and "户类型" in found.missing else ""
        found.problems.insert(0, Problem(path, row, 0, "表头", f"缺少必填列：{'、'.join(found.missing)}{hint}"))
    return found


def _unknown(name: str, key: str, tag_maps: dict) -> str:
    names = [n for c in (*COLUMNS, *PERSON_COLUMNS) for n in (c.header, *c.aliases)] + [k for k, _ in tag_maps.values()]
    keys = {header_key(n): n for n in names}
    close = difflib.get_close_matches(key[:50], list(keys), n=3, cutoff=0.6)
    hint = f"（是否应为{'、'.join(f'“{keys[c]}”' for c in close)}？）" if close else ""
    return f"未知列“{echo(name)}”将被忽略{hint}"


def two_row_header(top: list[tuple[int, Sequence]], at: int, tag_keys: set[str]) -> tuple[list[str], int, int]:
    """The header's names, with those of a second header row; its first and last row
    (``top[at]``'s, or with the row above or below it: the data starts after the last).

    A two-row header as Excel users make it: some names merged down over both rows
    (序号, 县(市、区、旗), 户编号 …), others under a caption merged across (家庭成员状况 over
    在校生状况, 健康状况 …). The row with more known names is found first; a name of the
    other row fills a column where that row is blank (or only has a caption). The row below
    counts only when it is blank under every known name of the header (a person's row never is).
    """
    def names(cells: Sequence) -> list[str]:
        return [cell_text(v) for v in cells]

    def known(name: str) -> bool:
        return header_key(name) in _KNOWN or header_key(name) in tag_keys

    header = names(top[at][1])
    row = top[at][0]
    if at + 1 < len(top) and top[at + 1][0] == row + 1:
        below = names(top[at + 1][1])
        width = max(len(header), len(below))
        header += [""] * (width - len(header))
        below += [""] * (width - len(below))
        fills = [i for i in range(width) if known(below[i]) and not known(header[i])]
        if len(fills) >= 2 and not any(below[i].strip() for i in range(width) if known(header[i])):
            return [below[i] if i in fills else header[i] for i in range(width)], row, row + 1
    if at > 0 and top[at - 1][0] == row - 1:
        above = names(top[at - 1][1])
        fills = [i for i in range(min(len(header), len(above))) if known(above[i]) and not header[i].strip()]
        if fills:
            return [above[i] if i in fills else h for i, h in enumerate(header)], row - 1, row
    return header, row, row
