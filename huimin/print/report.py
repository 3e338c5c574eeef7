"""The package's manifest (manifest.csv, for the print shop) and report (report.txt, for the bureau).

Both hold values from a roster, which may be hostile. A cell that starts with ``= + - @``,
a tab or a CR gets a leading ``'`` (OWASP's advice against CSV injection: Excel and WPS
would run it as a formula), and control characters are written as ``<U+001B>``, never raw.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from huimin.model.household import Household
from huimin.print.cards import CardContext, cn_date
from huimin.read.project import Project
from huimin.read.roster import RosterResult
from huimin.read.roster_cells import echo

if TYPE_CHECKING:
    from huimin.print.package import Made, PackageResult

MANIFEST = "manifest.csv"
REPORT = "report.txt"
MANIFEST_HEADER = ("文件", "类别", "县市区", "乡镇", "村", "户数", "纸张", "单双面", "页数", "张数", "SHA-256校验值")
LEGACY_HEADER = ("file", "县市区", "乡镇", "村", "households", "pages", "sha256")  # before the print package had sheets
KINDS = {"cards": "明白卡", "checklist": "排查表"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A value as a spreadsheet may safely read it (see the module's docstring)."""
    text = str(value)
    if text.startswith(FORMULA_START):
        text = "'" + text
    return echo(text, limit=len(text))


def number_key(number: str) -> tuple:
    """户编号 in numeric order when they are numbers."""
    return (len(number), number) if number.isdigit() else (1 << 30, number)


def manifest_csv(made: list[Made]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(MANIFEST_HEADER)
    for m in made:
        writer.writerow((cell(m.file), KINDS[m.kind], cell(m.unit), cell(m.township), cell(m.village), m.households,
                         m.paper, m.sides, m.pages, m.sheets, m.sha256))
    return buf.getvalue()


def report_text(result: PackageResult, roster: RosterResult, ctx: CardContext,
                no_policy: list[Household], project: Project) -> str:
    lines = [
        f"{project.settings.city}政策明白卡印刷包",
        f"户名单：{cell(Path(roster.path).name)}",  # the name only: a path can name a person's folder
        f"政策依据日期：{cn_date(ctx.as_of)}（明白卡所列为当日有效、可上卡的政策，共 {len(ctx.card_policies)} 项）",
        f"打印日期：{ctx.shared['print_date']}",
        f"农户 {result.households} 户，村 {result.villages} 个；明白卡 {result.card_pages} 页，排查表 {result.checklist_pages} 页，"
        f"文件 {len(result.files)} 个；共 {sum(m.sheets for m in result.files)} 张纸（明白卡 {result.card_sheets} 张），"
        f"一张纸印完明白卡的户占 {result.one_sheet:.1%}（印刷要求见 封面-作业单.pdf）",
        "二维码：" + (ctx.url + "（按户类型预选，如 #hu=tp）" if ctx.url
                     else "未设置网站地址（huimin.yml 的 site_url），明白卡不印二维码"),
        *(f"名单读取：{cell(note)}" for note in roster.notes),
        "",
        "一、各县市区、乡镇户数",
    ]
    by_unit: dict[str, Counter] = defaultdict(Counter)
    villages: dict[str, set] = defaultdict(set)
    pages: Counter = Counter()
    for m in result.files:
        if m.kind == "cards":
            by_unit[m.unit][m.township] += m.households
            villages[m.unit].add((m.township, m.village))
            pages[m.unit] += m.pages
    for unit in sorted(by_unit):
        towns = by_unit[unit]
        lines.append(f"{cell(unit)}：{sum(towns.values())} 户，{len(towns)} 个乡镇，{len(villages[unit])} 个村，明白卡 {pages[unit]} 页")
        for town in sorted(towns):
            lines.append(f"    {cell(town)}：{towns[town]} 户")
    lines += ["", f"二、跳过的行（{len(roster.skipped_rows)} 行，未打印）"]
    if roster.skipped_rows:
        lines.append("文件\t行\t列\t原因")
        for p in roster.problems:
            column = p.field or (f"第{p.column}列" if p.column else "")
            lines.append("\t".join((cell(Path(p.path).name), str(p.line or ""), cell(column), cell(p.message))))
    else:
        lines.append("无")
    lines += ["", f"三、无对应政策的农户（{len(no_policy)} 户，明白卡上注明“暂无对应的惠民政策”，请核实）"]
    if no_policy:
        lines.append("户编号\t县市区\t乡镇\t村\t户类型\t监测类型")
        for h in sorted(no_policy, key=lambda h: (h.unit, h.township, h.village, number_key(h.number))):
            lines.append("\t".join(cell(v) for v in (h.number, h.unit, h.township, h.village, h.household_type,
                                                      h.monitor_type or "")))
    else:
        lines.append("无")
    if roster.warnings:
        # the file's name only, as everywhere in the report: a path can name a person's folder
        lines += ["", "四、提示"] + [cell(dataclasses.replace(w, path=Path(w.path).name)) for w in roster.warnings]
    lines += ["", "本印刷包含个人信息，仅供入户发放和排查使用，不得上传到公开网站或外传。", ""]
    return "\n".join(lines)
