"""政策明白卡 printed on another day than --as-of: the footer carries both dates, may wrap, and
every card still shows its own household's policies (QA: a footer that spilled over its
fixed-height page shifted every part after it, and 张三 got a 监测对象's policies).

Cards are read back with pdftotext and compared, whole, with what the eligibility rules give."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from huimin.model.errors import HuiminError
from huimin.print import parts as parts_module
from huimin.print.cards import CardContext, cn_date
from huimin.print.package import write_package
from huimin.print.parts import PartsMismatch, check_pages
from huimin.read.project import load_project
from huimin.read.templates import TEMPLATES_DIR
from tests.conftest import copy_sample
from tests.print.test_cards import write_project

QA_EPOCH = "1796083200"  # 2026-12-01 00:00 UTC, as QA ran it
HEADER = "户编号,县市区,乡镇,村,户主姓名,户类型,监测类型,家庭人口,成员情况\n"
QA_ROWS = "1001,袁州区,西村镇,新村,张三,脱贫户,,3,义务教育学生\n1002,袁州区,西村镇,新村,李四,监测对象,突发严重困难户,2,\n"
LEADER = "·"  # the dotted leader between a common policy and its phone


def page_texts(pdf: Path, x: int | None = None, width: int | None = None) -> list[str]:
    """Each page's text, whitespace and leader dots removed (``x``/``width``: a crop, in points)."""
    crop = ["-x", str(x), "-y", "0", "-W", str(width), "-H", "2000"] if x is not None else []
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", *crop, str(pdf), "-"], capture_output=True,
                          text=True, encoding="utf-8", check=True).stdout
    pages = [re.sub(r"\s+", "", p).replace(LEADER, "") for p in text.split("\f")]
    return pages[:-1] if pages and not pages[-1] else pages


def footer(ctx: CardContext) -> list[str]:
    """The footer's texts (pdftotext reads them in an order that depends on the paper)."""
    shared = ctx.shared
    dates = ["打印日期：" + shared["print_date"]] + (["政策依据日期：" + shared["as_of_label"]] if shared["as_of_label"] else [])
    return [re.sub(r"\s+", "", t) for t in (f"监督举报电话：{shared['hotline']}", *dates,
                                              "政策如有调整，以最新文件为准。本卡含个人信息，请妥善保管。")]


def strip(page: str, patterns: list[str], end: bool = False, optional: tuple[str, ...] = ()) -> str:
    """``page`` without these texts (regular expressions) at its start (or end), in any order, each
    exactly once (``optional`` ones at most once); fails when one is not there."""
    left, maybe = list(patterns), list(optional)
    while left:
        for pattern in left + maybe:
            found = re.search(f"({pattern})$" if end else f"^({pattern})", page)
            if found:
                page = page[: found.start()] if end else page[found.end():]
                (left if pattern in left else maybe).remove(pattern)
                break
        else:
            raise AssertionError(f"{left} not at the {'end' if end else 'start'} of {page}")
    return page


def expected_body(ctx: CardContext, h) -> list[list[str]]:
    """The card's policies as they must read, in order: 一、 its own in full, 二、 the common ones.
    Each item is a group of texts read in this order of groups; within a group (a title's
    department, phone and standard, placed beside and under it) pdftotext's order may vary."""
    specific, common = ctx.split(h)
    if not specific and not common:
        return [["截至政策依据日期，本户暂无对应的惠民政策。如有疑问，请咨询帮扶责任人或拨打监督举报电话。"]]
    groups: list[list[str]] = []
    if specific:
        groups.append(["一、按您家情况可以享受的政策"])
        for n, p in enumerate((ctx.card_policies[i] for i in specific), 1):
            groups += [[f"{n}.{p.title}"], [p.department, p.contact or "", p.standard]]
    if common:
        groups.append(["二、每户都能享受的政策"])
        for p in (ctx.card_policies[i] for i in common):
            groups += [[f"•{p.title}"], [p.contact or ""]]
    return [[dashless(re.sub(r"\s+", "", t).replace(LEADER, "")) for t in g if t] for g in groups]


def assert_body(body: str, groups: list[list[str]]) -> None:
    """``body`` is exactly these groups, in order (see expected_body), and nothing else."""
    for group in groups:
        body = strip(body, [re.escape(t) for t in group if t])
    assert body == "", body


def dashless(text: str) -> str:
    """Without "—" (a policy with no phone): pdftotext puts it out of order beside a wrapped department."""
    return text.replace("—", "")


def read_cards(pages: list[str], ctx: CardContext, households) -> dict[str, str]:
    """户编号 -> the card's body (its pages in their order, each header and footer checked whole
    and cut off). Pages may come in any order (an imposed sheet's back is mirrored)."""
    by_number = {h.number: h for h in households}
    found: dict[str, dict[int, str]] = {}
    tail = [re.escape(t) for t in footer(ctx)]
    for page in pages:
        if page == "本页空白":
            continue
        number = max((n for n in by_number if f"卡号：{n}" in page), key=len)  # the number may run into the body
        h = by_number[number]
        page = strip(page, tail, end=True, optional=("—",))  # a "—" read out of order (see dashless)
        cont = re.search(r"第(\d+)页，共\d+页", page)
        if cont is None:
            head = ["政策明白卡", f"卡号：{number}", f"地址：{h.unit}{h.township}{h.village}", f"户主姓名：{h.head}",
                    f"户类型：{h.household_type}", f"帮扶责任人：{h.helper or '—'}", f"家庭人口：{h.size}人",
                    f"监测类型：{h.monitor_type or '—'}", f"联系电话：{h.helper_phone or '—'}"]
            head += ["扫码自查政策"] * ctx.shared["qr"]
            n, body = 1, strip(page, [re.escape(t) for t in head], optional=(r"本卡共\d+页",))
        else:
            head = ["政策明白卡续页", f"户主：{re.escape(h.head)}", r"第\d+页，共\d+页", f"卡号：{number}"]
            n, body = int(cont[1]), strip(page, head)
        assert n not in found.setdefault(number, {}), (number, n)
        found[number][n] = dashless(body)
    assert all(sorted(ps) == list(range(1, len(ps) + 1)) for ps in found.values()), found
    return {number: "".join(ps[n] for n in sorted(ps)) for number, ps in found.items()}


def run(root: Path, roster: Path, out: Path, as_of: date, printed: date, **options):
    project = load_project(root, as_of, policies_only=True)
    result = write_package(project, roster, out, printed=printed, workers=1, **options)
    ctx = CardContext(project.settings, project.policies, as_of, printed, options.get("paper", "A5"))
    from huimin.read.roster import read_roster

    return result, ctx, read_roster(roster, project.settings).require_clean()


def test_qa_case_zhang_san_gets_his_own_policies_when_printed_a_day_after_as_of(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", QA_EPOCH)
    root = copy_sample(tmp_path / "sample")
    roster = tmp_path / "simple.csv"
    roster.write_text(HEADER + QA_ROWS, encoding="utf-8")
    _, ctx, households = run(root, roster, tmp_path / "o", date(2026, 11, 30), date(2026, 12, 1))
    pages = page_texts(tmp_path / "o/袁州区/西村镇/新村.pdf")
    assert [p == "本页空白" for p in pages] == [False, True, False, True]
    zhang = pages[0]
    assert zhang.startswith("政策明白卡卡号：1001地址：袁州区西村镇新村户主姓名：张三家庭人口：3人户类型：脱贫户监测类型：—"
                            "帮扶责任人：—联系电话：—一、按您家情况可以享受的政策1.义务教育家庭经济困难学生生活补助")
    assert zhang.endswith("打印日期：2026年12月1日政策依据日期：2026年11月30日政策如有调整，以最新文件为准。本卡含个人信息，请妥善保管。")
    assert "续页" not in zhang and "监测对象医保缴费定额资助" not in zhang
    specific = re.findall(r"\d\.(\S+?)市", zhang.split("二、")[0].split("一、按您家情况可以享受的政策")[1])
    assert specific == ["义务教育家庭经济困难学生生活补助", "重度残疾儿童少年送教上门", "农村留守老年人、儿童关爱服务"]
    bodies = read_cards(pages, ctx, households)
    assert sorted(bodies) == sorted(h.number for h in households)
    for h in households:
        assert_body(bodies[h.number], expected_body(ctx, h))


LONG_URL = "https://xiangcunzhenxing.yichun.example.gov.cn/yuanzhou/zhengce/mingbaika/zicha/index/"
LONG_HOTLINE = "0795-3226437、0795-3298163、12317"
LONG_DEPARTMENT = "宜春市袁州区农业农村和乡村振兴局（区乡村振兴服务中心）"
CASES = [  # as-of, print date, options, huimin.yml extra
    (date(2026, 11, 30), date(2026, 12, 1), {}, ""),
    (date(2026, 11, 9), date(2026, 12, 1), {"duplex": False}, f"hotline: {LONG_HOTLINE}\n"),
    (date(2026, 10, 30), date(2026, 12, 1), {"paper": "A4"}, f"hotline: {LONG_HOTLINE}\n"),
    (date(2026, 12, 31), date(2027, 12, 31), {"paper": "A4", "duplex": False}, ""),
    (date(2026, 12, 30), date(2027, 12, 31), {"impose": "2up"}, f"hotline: {LONG_HOTLINE}\n"),
    (date(2026, 12, 1), date(2026, 12, 1), {"impose": "2up", "duplex": False}, ""),
]
ROWS = [  # number, unit, township, village, head, type, monitor, size, tags, helper, phone
    ("1001", "袁州区", "彬江镇", "东村", "张一", "脱贫户", "", "4", "义务教育学生", "周干部", "13900000001"),
    ("1002", "袁州区", "彬江镇", "东村", "李二", "监测对象", "突发严重困难户", "2", "", "周干部", "13900000002"),
    ("1003", "袁州区", "彬江镇", "东村", "王三", "监测对象", "边缘易致贫户", "1", "", "", ""),
    ("1010", "袁州区", "彬江镇", "东村", "赵四", "脱贫户", "", "3", "大病患者、义务教育学生", "吴干部", ""),
]


@pytest.mark.parametrize("as_of,printed,options,settings", CASES)
def test_every_card_shows_exactly_its_policies_whatever_the_dates_paper_and_footer(tmp_path, monkeypatch,
                                                                                   as_of, printed, options, settings):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", QA_EPOCH)
    root = write_project(tmp_path / "p", site_url=LONG_URL)
    (root / "huimin.yml").write_text(f"site_url: {LONG_URL}\n{settings}", encoding="utf-8")
    for name in ("doudi.yaml", "many.yaml"):  # a department name that wraps beside the title
        path = root / "policy_lists" / name
        path.write_text(re.sub(r"(?m)^department: .*$", f"department: {LONG_DEPARTMENT}",
                               path.read_text(encoding="utf-8")), encoding="utf-8")
    roster = tmp_path / "r.csv"
    roster.write_text("户编号,县市区,乡镇,村,户主姓名,户类型,监测类型,家庭人口,成员情况,帮扶责任人,帮扶责任人电话\n"
                      + "".join(",".join(r) + "\n" for r in ROWS), encoding="utf-8")
    result, ctx, households = run(root, roster, tmp_path / "out", as_of, printed, **options)
    assert ctx.shared["qr"]
    pdf = tmp_path / "out/袁州区/彬江镇/东村.pdf"
    if options.get("impose"):
        half = 421  # points: an A5 card is 419.5 wide, centred on the 842-point sheet
        left, right = page_texts(pdf, 0, half), page_texts(pdf, half, half)
        assert left[0].startswith("分村隔页")
        first = 2 if options.get("duplex", True) else 1  # the separator sheet, and its blank back in duplex
        pages = [p for p in left[first:] + right[first:] if p]  # the left pile, then the right one
    else:
        pages = page_texts(pdf)
    bodies = read_cards(pages, ctx, households)
    assert sorted(bodies) == sorted(h.number for h in households)
    for h in households:
        assert_body(bodies[h.number], expected_body(ctx, h))
    assert len(footer(ctx)) == (4 if as_of != printed else 3)  # the as-of date only when it is not the print date
    assert footer(ctx)[1] == "打印日期：" + cn_date(printed)


def test_the_check_of_parts_names_the_pdf_and_the_pages(tmp_path):
    from huimin.print.fonts import font_dirs
    from huimin.print.typst_engine import compile_pdf

    source = tmp_path / "two.typ"
    source.write_text("a\n#pagebreak()\nb\n", encoding="utf-8")
    compile_pdf(source, {}, tmp_path / "two.pdf", font_dirs=font_dirs(), pdf_standard=None)
    two = (tmp_path / "two.pdf").read_bytes()
    check_pages(two, 2, "cards-parts.pdf")
    with pytest.raises(PartsMismatch) as caught:
        check_pages(two, 3, "cards-parts.pdf")
    assert isinstance(caught.value, HuiminError)
    assert str(caught.value) == (
        "内部错误：cards-parts.pdf 应有 3 页，排出 2 页（有部件超出了一页），继续印会把别户的政策印到卡上。"
        "已停止，未写出任何文件。这是 huimin 的缺陷，请把这段提示和所用命令报告给维护人员")


def test_a_part_that_spills_over_its_page_stops_the_run_and_writes_nothing(tmp_path, monkeypatch):
    """The old fixed-height footer (the bug QA found), put back: the run must stop, not print
    cards with every part one page off."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR / "print", templates)
    card = templates / "cards.typ"
    text = card.read_text(encoding="utf-8")
    assert "  page(page-footer)\n" in text
    card.write_text(text.replace("  page(page-footer)\n", "  page(height: 5mm, page-footer)\n"), encoding="utf-8")
    monkeypatch.setattr(parts_module, "CARDS_TEMPLATE", card)
    root = copy_sample(tmp_path / "sample")
    roster = tmp_path / "simple.csv"
    roster.write_text(HEADER + QA_ROWS, encoding="utf-8")
    project = load_project(root, date(2026, 11, 30), policies_only=True)
    with pytest.raises(PartsMismatch, match=r"^内部错误：cards-rows\.pdf 应有 \d+ 页，排出 \d+ 页"):
        write_package(project, roster, tmp_path / "o", printed=date(2026, 12, 1), workers=1)
    assert not (tmp_path / "o").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".o")]  # no staging folder left behind


@pytest.mark.parametrize("paper", ["A5", "A4"])
def test_values_picked_as_usual_fit_their_boxes_in_the_placed_form(tmp_path, paper):
    """A value the rules call usual is placed in a fixed box; one that may wrap gets the form
    that grows (a wrapped phone in the fixed form ran over the line under it)."""
    from huimin.model.household import Household
    from huimin.print.fonts import font_dirs
    from huimin.print.parts import CARD_ROOM, Document, RunParts, unusual_header, width_em
    from huimin.print.typst_engine import use_fonts

    root = write_project(tmp_path / "p")
    project = load_project(root, date(2024, 6, 1), policies_only=True)
    use_fonts(font_dirs(root))
    base = dict(number="360902001001001", unit="袁州区", township="西村镇", village="新村", head="张三",
                household_type="脱贫户", monitor_type=None, size=3, helper="周干部", helper_phone="13900000001")
    households = [Household(**{**base, **change}) for change in (
        {}, {"helper_phone": "0795-3226437"}, {"village": "新村新村新村新村新", "township": "西村镇西村镇西"},
        {"head": "欧阳诸葛慕容上官复"}, {"household_type": "监测对象", "monitor_type": "突发严重困难户"},
        {"helper_phone": "0795-3226437转88"}, {"head": "欧阳诸葛慕容上官复姓"}, {"helper_phone": "13900000001、13900000002"},
        {"village": "新村新村新村新村新村新", "township": "西村镇西村镇西"})]
    assert [unusual_header(h) for h in households] == [False] * 5 + [True] * 4
    ctx = CardContext(project.settings, project.policies, date(2024, 6, 1), paper=paper)
    parts = RunParts(ctx, [Document("a.pdf", "a-排查表.pdf", households)], tmp_path / "parts")
    assert all(parts.card_room[k] >= v for k, v in CARD_ROOM.items()), parts.card_room
    assert width_em("0795-3226437") <= CARD_ROOM["right"] < width_em("0795-3226437转8")


def test_a_continued_page_names_a_long_name_and_a_20_digit_number_whole(tmp_path):
    """The 续页 header held 户主, 卡号 and the page on one line in fixed boxes: a 15-digit 卡号
    or a 6-character name wrapped there and lost its top half."""
    root = write_project(tmp_path / "p")
    roster = tmp_path / "r.csv"
    roster.write_text("户编号,县市区,乡镇,村,户主姓名,户类型,家庭人口,成员情况\n"
                      "36090200100100100101,袁州区,彬江镇,东村,买买提·阿卜杜热合曼,脱贫户,3,大病患者\n", encoding="utf-8")
    project = load_project(root, date(2024, 6, 1), policies_only=True)
    write_package(project, roster, tmp_path / "out", printed=date(2024, 6, 1), workers=1)
    text = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "2", str(tmp_path / "out/袁州区/彬江镇/东村.pdf"), "-"],
                          capture_output=True, text=True, encoding="utf-8", check=True).stdout
    lines = [re.sub(r"\s+", "", line) for line in text.splitlines()[:4] if line.strip()]
    assert lines[:3] == ["户主：买买提·阿卜杜热合曼第2页，共2页", "政策明白卡续页卡号：36090200100100100101",
                         "13.大病补助13市医保局—"], lines
