"""政策明白卡: build a small package for real and read every card back with pdftotext."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from huimin.model.settings import Settings
from huimin.print.cards import CardContext, qr_url
from huimin.print.cover import COVER
from huimin.print.package import write_package
from huimin.print.qr import qr_rows
from huimin.read.project import load_project

AS_OF = date(2024, 6, 1)
MANY = 26  # 大病补助01…26: more than fit on one A5 card

POLICIES = """\
category: 兜底保障
department: 市民政局
policies:
  - id: p-all
    title: 全体补助甲
    summary: 每个脱贫户和部分监测对象。
    targets: [脱贫户, 监测对象]
    standard: 每户每年300元
    contact: 0795-1111111
    eligibility:
      household_types: [脱贫户, 监测对象]
      monitor_types: [脱贫不稳定户, 突发严重困难户]
  - id: p-tuopin
    title: 脱贫专享乙
    summary: 只给脱贫户。
    targets: [脱贫户]
    standard: 每户200元
    eligibility:
      household_types: [脱贫户]
  - id: p-monitor
    title: 突发救助丙
    summary: 只给突发严重困难户。
    targets: [监测对象]
    standard: 一次性5000元
    eligibility:
      monitor_types: [突发严重困难户]
  - id: p-student
    title: 教育资助丁
    summary: 有义务教育学生的家庭。
    targets: [脱贫户]
    standard: 每生每年1000元
    eligibility:
      member_tags: [义务教育学生]
  - id: p-old
    title: 已失效戊
    summary: 已失效，不上卡。
    targets: [脱贫户]
    standard: 每户500元
    effective_until: 2023-12-31
  - id: p-offcard
    title: 不上卡己
    summary: on_card false。
    targets: [脱贫户]
    standard: 每户100元
    on_card: false
"""


def many_policies() -> str:
    items = "".join(
        f"  - id: many-{i:02d}\n    title: 大病补助{i:02d}\n    summary: 大病患者。\n"
        f"    targets: [脱贫户]\n    standard: 按实际费用的{i}%报销，年度累计不超过{i}万元\n"
        f"    eligibility:\n      member_tags: [大病患者]\n"
        for i in range(1, MANY + 1)
    )
    return "category: 健康医疗\ndepartment: 市医保局\npolicies:\n" + items


HEADER = "户编号,县市区,乡镇,村,户主姓名,户类型,监测类型,家庭人口,成员情况,帮扶责任人,帮扶责任人电话\n"
ROWS = [
    # number, unit, township, village, head, type, monitor, size, tags, helper, phone
    ("1002", "袁州区", "彬江镇", "东村", "李二", "监测对象", "突发严重困难户", "2", "", "周干部", "13900000002"),
    ("1001", "袁州区", "彬江镇", "东村", "张一", "脱贫户", "", "4", "义务教育学生", "周干部", "13900000001"),
    ("1003", "袁州区", "彬江镇", "东村", "王三", "监测对象", "边缘易致贫户", "1", "", "", ""),
    ("1010", "袁州区", "彬江镇", "东村", "赵四", "脱贫户", "", "3", "大病患者、义务教育学生", "吴干部", ""),
    ("2001", "樟树市", "临江镇", '*$]\\', '#panic("x")', "脱贫户", "", "5", "", "", ""),
]
EXPECTED = {  # 户编号 -> policy titles on the card
    "1001": {"全体补助甲", "脱贫专享乙", "教育资助丁"},
    "1002": {"全体补助甲", "突发救助丙"},
    "1003": set(),
    "1010": {"全体补助甲", "脱贫专享乙", "教育资助丁"} | {f"大病补助{i:02d}" for i in range(1, MANY + 1)},
    "2001": {"全体补助甲", "脱贫专享乙"},
}
ALL_TITLES = set().union(*EXPECTED.values()) | {"已失效戊", "不上卡己"}
HEADS = {r[0]: r[4] for r in ROWS}


def csv_text(rows) -> str:
    def cell(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"') else v
    return HEADER + "".join(",".join(cell(v) for v in r) + "\n" for r in rows)


def write_project(root: Path, site_url: str | None = "https://zc.example.gov.cn/") -> Path:
    files = {
        "mkdocs.yml": "site_name: 测试站点\n",
        "content/index.md": "# 首页\n",
        "policy_lists/doudi.yaml": POLICIES,
        "policy_lists/many.yaml": many_policies(),
    }
    if site_url:
        files["huimin.yml"] = f"site_url: {site_url}\n"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def pages_of(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, encoding="utf-8", check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("cards"))
    roster = root.parent / "roster.csv"
    roster.write_text(csv_text(ROWS), encoding="utf-8")
    project = load_project(root, AS_OF)
    out = root.parent / "明白卡"
    result = write_package(project, roster, out, printed=date(2024, 6, 3), workers=1)
    return result, out


def card_pages(out: Path) -> dict[str, list[str]]:
    """户编号 -> the text of its pages, from every card PDF in the package."""
    by_number: dict[str, list[str]] = {}
    for pdf in sorted(out.rglob("*.pdf")):
        if "排查表" in pdf.name or pdf.name == COVER:
            continue
        for page in pages_of(pdf):
            if squash(page) == "本页空白":  # the blank back of a one-page card (duplex)
                continue
            found = re.findall(r"卡号：\s*(\S+)", page)
            assert len(found) == 1, page
            by_number.setdefault(found[0], []).append(squash(page))
    return by_number


def test_each_household_gets_exactly_its_policies_and_nothing_of_another(package):
    _, out = package
    cards = card_pages(out)
    assert set(cards) == set(EXPECTED)
    for number, pages in cards.items():
        text = "".join(pages)
        shown = {t for t in ALL_TITLES if t in text}
        assert shown == EXPECTED[number], number
        for other, head in HEADS.items():
            if other != number:
                assert f"卡号：{other}" not in text
                assert squash(head) not in text, (number, head)
        assert squash(HEADS[number]) in pages[0]


def test_every_card_has_the_fixed_parts(package):
    _, out = package
    for number, pages in card_pages(out).items():
        for page in pages:
            assert "政策明白卡" in page
            assert "监督举报电话：12317" in page
            assert "打印日期：2024年6月3日" in page
            assert "政策依据日期：2024年6月1日" in page  # printed on another day than the as-of date
            assert "政策如有调整，以最新文件为准" in page
        assert "扫码自查政策" in pages[0]
    first = card_pages(out)["1001"][0]
    assert "袁州区彬江镇东村" in first and "张一" in first and "脱贫户" in first and "4人" in first
    assert "帮扶责任人：周干部" in first and "13900000001" in first
    common = re.sub("·+", "…", first)  # the dotted leaders
    assert "二、每户都能享受的政策•全体补助甲…0795-1111111•脱贫专享乙…—" in common  # title and phone
    assert "一、按您家情况可以享受的政策1.教育资助丁每生每年1000元市民政局—" in first  # in full
    second = card_pages(out)["1002"][0]
    assert "监测类型：突发严重困难户" in second
    assert "1.全体补助甲每户每年300元" in second and "0795-1111111" in second  # specific to its monitor type


def test_many_policies_continue_on_a_second_page_with_the_header_repeated(package):
    _, out = package
    pages = card_pages(out)["1010"]
    assert len(pages) >= 2
    assert "续页" not in pages[0] and f"本卡共{len(pages)}页" in pages[0]
    for i, page in enumerate(pages[1:], 2):
        assert f"政策明白卡续页户主：赵四第{i}页，共{len(pages)}页卡号：1010" in page  # whose page it is
    # every policy exactly once, numbered 1..n without a gap
    text = "".join(pages)
    for i in range(1, MANY + 1):
        assert text.count(f"大病补助{i:02d}") == 1
    for number in ("1001", "1002", "1003", "2001"):
        assert len(card_pages(out)[number]) == 1


def test_household_with_no_policy_gets_a_card_that_says_so(package):
    result, out = package
    assert "暂无对应的惠民政策" in card_pages(out)["1003"][0]
    assert result.no_policy == 1


def test_cards_are_in_number_order_within_a_village(package):
    _, out = package
    numbers = [re.search(r"卡号：\s*(\S+)", p).group(1) for p in pages_of(out / "袁州区/彬江镇/东村.pdf")
               if squash(p) != "本页空白"]
    assert list(dict.fromkeys(numbers)) == ["1001", "1002", "1003", "1010"]


def test_injection_values_print_literally(package):
    _, out = package
    pdfs = [p for p in out.rglob("*.pdf") if p.parent.name == "临江镇"]
    assert {p.name for p in pdfs} == {"_$]_.pdf", "_$]_-排查表.pdf"}  # file names made safe
    card = squash("".join(pages_of(out / "樟树市/临江镇/_$]_.pdf")))
    assert '#panic("x")' in card and '*$]\\' in card
    checklist = squash("".join(pages_of(out / "樟树市/临江镇/_$]_-排查表.pdf")))
    assert '#panic("x")' in checklist and '*$]\\' in checklist


def test_checklist_has_a_row_per_policy_and_boxes(package):
    _, out = package
    text = squash("".join(pages_of(out / "袁州区/彬江镇/东村-排查表.pdf")))
    assert "政策落实排查表" in text
    for t in ("已享受", "未享受", "不符合", "备注", "排查人（签字）", "日期"):
        assert t in text
    for number, titles in EXPECTED.items():
        if number.startswith("1"):
            assert number in text
            for t in titles:
                assert t in text
    assert "暂无对应政策" in text  # 1003


def test_qr_code_is_fixed_and_omitted_without_site_url():
    url = "https://zc.example.gov.cn/zi-cha/#hu=tp"
    rows = qr_rows(url)
    qr_rows.cache_clear()
    assert qr_rows(url) == rows  # fixed mask: the same code every time (scanned in the test below)
    assert len(rows) == 37 and {len(r) for r in rows} == {37}  # version 3 (29 modules) + 4 of quiet zone each side
    assert set(rows[0]) == {"0"} and rows[4].startswith("00001111111")  # quiet zone, then a finder pattern
    assert qr_url(Settings(site_url="https://zc.example.gov.cn")) == "https://zc.example.gov.cn/zi-cha/"
    assert qr_url(Settings()) is None
    from huimin.read.roster import Household

    household = Household(number="1", unit="a", township="b", village="c", head="d", household_type="脱贫户",
                          monitor_type=None, size=1)
    ctx = CardContext(Settings(), [], AS_OF)
    assert ctx.qr_of(household) is None and ctx.shared["qrs"] == []
    ctx = CardContext(Settings(site_url="https://zc.example.gov.cn"), [], AS_OF)
    assert ctx.qr_of(household) == 0 and ctx.shared["qrs"] == [list(rows)]


def test_without_site_url_cards_print_without_qr(tmp_path):
    root = write_project(tmp_path / "p", site_url=None)
    roster = tmp_path / "r.csv"
    roster.write_text(csv_text(ROWS[:1]), encoding="utf-8")
    result = write_package(load_project(root, AS_OF), roster, tmp_path / "out", workers=1)
    assert not result.qr
    page = squash(pages_of(tmp_path / "out/袁州区/彬江镇/东村.pdf")[0])
    assert "扫码自查政策" not in page and "监督举报电话：12317" in page


def test_printed_qr_code_scans_to_the_self_check_page_preset_to_the_household_type(package, tmp_path):
    """Scan the QR code off a rendered card, as a phone would (zbarimg, installed by the Makefile):
    the 政策自查 page preset to the household's type, and nothing about the household."""
    _, out = package
    pdf = out / "袁州区/彬江镇/东村.pdf"
    found = {}
    for page, text in enumerate(pages_of(pdf), 1):
        number = re.search(r"卡号：\s*(\d+)", text)
        if number and "续页" not in text:
            subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", str(page), "-l", str(page), str(pdf),
                            str(tmp_path / f"card{page}")], check=True)
            png = next(tmp_path.glob(f"card{page}*.png"))
            scanned = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, check=True)
            found[number[1]] = scanned.stdout.strip()
    base = "https://zc.example.gov.cn/zi-cha/"
    assert found == {"1001": base + "#hu=tp", "1002": base + "#hu=jc&jc=tf", "1003": base + "#hu=jc&jc=byy",
                     "1010": base + "#hu=tp"}


def test_checklist_household_that_crosses_a_page_is_named_again_and_pages_are_numbered(package):
    _, out = package
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(out / "袁州区/彬江镇/东村-排查表.pdf"), "-"],
                          capture_output=True, text=True, encoding="utf-8", check=True).stdout
    pages = [squash(p) for p in text.split("\f") if p.strip()]
    assert len(pages) == 2
    for n, page in enumerate(pages, 1):
        assert f"第{n}页共{len(pages)}页" in page and "袁州区" in page and "东村" in page  # every sheet stands alone
        assert "排查人（签字）" in page
    assert "户编号：1010" in pages[0] and "户编号：1010户主姓名：赵四户类型：脱贫户家庭人口：3人（续）" in pages[1]
    assert "（续）" not in pages[0]
    text = "".join(pages)
    for i in range(1, MANY + 1):  # every row of the household exactly once, across both pages
        assert text.count(f"大病补助{i:02d}") == 1


LONG_STANDARD = "".join(f"第{i}档：年度累计自付医疗费用在{i}万元以上的，按{50 + i}%给予救助，最高{i * 2}万元；" for i in range(1, 31))


def test_a_long_standard_is_printed_whole(tmp_path):
    root = write_project(tmp_path / "p")
    (root / "policy_lists/long.yaml").write_text(
        "category: 健康医疗\ndepartment: 市医保局\npolicies:\n  - id: long-standard\n    title: 分档医疗救助\n"
        f"    summary: 分档救助。\n    targets: [脱贫户]\n    standard: {LONG_STANDARD}\n    contact: 0795-2222222\n"
        "    eligibility:\n      member_tags: [大病患者]\n",
        encoding="utf-8")
    roster = tmp_path / "r.csv"
    roster.write_text(csv_text([ROWS[3]]), encoding="utf-8")  # 1010: 29 policies and this one
    write_package(load_project(root, AS_OF), roster, tmp_path / "out", printed=date(2024, 6, 3), workers=1)
    pages = [squash(p) for p in pages_of(tmp_path / "out/袁州区/彬江镇/东村.pdf")]
    assert len(LONG_STANDARD) > 900
    assert squash(LONG_STANDARD) in "".join(pages)  # whole, in order, none of it under the footer
    assert f"本卡共{len(pages)}页" in pages[0]  # the page count printed is the real one
    for n, page in enumerate(pages[1:], 2):
        assert f"第{n}页，共{len(pages)}页" in page and "赵四" in page
    assert "分档医疗救助" in "".join(pages) and "0795-2222222" in "".join(pages)


def test_a_standard_longer_than_a_whole_card_is_refused_with_its_place_and_nothing_is_written(tmp_path, capsys, monkeypatch):
    from huimin.cli import main

    root = write_project(tmp_path / "p")
    (root / "policy_lists/long.yaml").write_text(
        "category: 健康医疗\ndepartment: 市医保局\npolicies:\n  - id: long-standard\n    title: 分档医疗救助\n"
        f"    summary: 分档救助。\n    targets: [脱贫户]\n    standard: {LONG_STANDARD * 4}\n"
        "    eligibility:\n      member_tags: [大病患者]\n", encoding="utf-8")
    roster = tmp_path / "r.csv"
    roster.write_text(csv_text([ROWS[3]]), encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.chdir(root)
    code = main(["cards", "../r.csv", "--out", "../out", "--as-of", "2024-06-01"])
    assert code == 1
    err = capsys.readouterr().err
    assert (f"policy_lists/long.yaml:4:9: standard: 政策“分档医疗救助”的补助标准有 {len(LONG_STANDARD) * 4} 字，"
            "一整页明白卡也印不下：请精简为要点（细则写在政策正文中，群众扫码可查）") in err
    assert "Traceback" not in err
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def measured_run(tmp_path, rows):
    """A project and roster of these rows, and the run's parts measured and typeset (no package)."""
    from huimin.print.fonts import font_dirs
    from huimin.print.package import documents
    from huimin.print.parts import RunParts
    from huimin.print.typst_engine import use_fonts
    from huimin.read.roster import read_roster

    root = write_project(tmp_path / "p")
    roster = tmp_path / "r.csv"
    roster.write_text(csv_text(rows), encoding="utf-8")
    project = load_project(root, AS_OF)
    households = read_roster(roster, project.settings).require_clean()
    use_fonts(font_dirs(root))
    parts = RunParts(CardContext(project.settings, project.policies, AS_OF), documents(households), tmp_path / "parts")
    return project, roster, households, parts


def test_a_household_with_long_values_gets_the_same_form_grown_and_nothing_cut(tmp_path):
    from huimin.print.parts import unusual_header

    phones = "13900000001、0795-3266751、13812345678、13698765432"
    village = "袁州区彬江镇东村第十二村民小组上屋组下屋组"
    rows = [ROWS[1], ("1005", "袁州区", "彬江镇", village, "欧阳上官诸葛长名字", "脱贫户", "", "2", "", "周干部", phones)]
    project, roster, households, parts = measured_run(tmp_path, rows)
    assert [unusual_header(h) for h in households] == [False, True]
    placed, grown = parts.card_forms
    assert abs(placed - grown) < 0.01  # the placed form and the form laid out in rows are one design
    assert parts.card_sizes.unusual["1005"] > placed  # its values wrap: a taller header, measured

    write_package(project, roster, tmp_path / "out", printed=date(2024, 6, 3), workers=1)
    pages = [squash(p) for p in pages_of(tmp_path / f"out/袁州区/彬江镇/{village}.pdf")]
    assert pages[1:] == ["本页空白"]
    assert len(pages) == 2
    assert all(phone in pages[0] for phone in phones.split("、"))  # wrapped in their column, all printed
    assert "欧阳上官诸葛长名字" in pages[0] and squash(village) in pages[0]
    assert "全体补助甲" in pages[0] and "脱贫专享乙" in pages[0]


def test_checklist_band_with_long_values_is_grown_and_short_ones_are_placed(tmp_path):
    from huimin.print.parts import unusual_band

    rows = [ROWS[1], ("1006", "袁州区", "彬江镇", "东村", "欧阳上官诸葛复姓的很长很长名字", "监测对象", "突发严重困难户", "2", "", "", "")]
    project, roster, households, parts = measured_run(tmp_path, rows)
    assert [unusual_band(h) for h in households] == [False, True]
    placed, flowed = parts.checklist_bands
    assert abs(placed - flowed) < 0.01  # one design, placed or in boxes
    assert parts.checklist_sizes.unusual["1006"] > placed
    write_package(project, roster, tmp_path / "out", printed=date(2024, 6, 3), workers=1)
    text = squash("".join(pages_of(tmp_path / "out/袁州区/彬江镇/东村-排查表.pdf")))
    assert "户编号：1001" in text and "户主姓名：张一" in text and "家庭人口：4人" in text
    assert "欧阳上官诸葛复姓的很" in text and "长很长名字" in text  # wrapped in its box, all of it printed
    assert "监测对象（突发严重困难户）" in text
