"""The print package is safe whatever the roster says (issue 14): file names that every system
accepts and that never collide, nothing written outside --out, no formulas or control
characters in manifest.csv and report.txt, nothing raw on the terminal."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from huimin.cli import main
from huimin.model.household import Household
from huimin.print.names import documents, name_key, safe_name
from huimin.print.report import cell, manifest_csv
from tests.print.test_cards import csv_text, write_project

RESERVED = ["CON", "con", "Prn", "AUX.txt", "NUL ", "nul.tar.gz", "COM1", "com9.pdf", "LPT1", "lpt9", "COM¹", "CONIN$"]


@pytest.mark.parametrize("name", RESERVED)
def test_windows_reserved_names_get_a_leading_underscore(name):
    assert safe_name(name) == "_" + name.rstrip()


@pytest.mark.parametrize("name", ["COM", "COM10", "CONSOLE", "LPT", "AUXILIARY", "东村CON"])
def test_names_that_only_look_reserved_stay(name):
    assert safe_name(name) == name


@pytest.mark.parametrize(
    "name, safe",
    [
        ('a<b>c:d"e/f\\g|h?i*j', "a_b_c_d_e_f_g_h_i_j"),
        ("东\x1b[31m村\x07", "东_[31m村_"),
        ("东\u200b村\u202e", "东村"),
        ("东村. . ", "东村"),
        ("...东村", "东村"),
        (" .东村. ", "东村"),
        ("../../x", "_.._x"),
        ("/etc", "_etc"),
        ("C:\\x", "C__x"),
        ("\\\\server\\share", "__server_share"),
        ("..", "_"),
        (".", "_"),
        ("", "_"),
        ("=1+2", "_=1+2"),
        ("+86", "_+86"),
        ("-东村", "_-东村"),
        ("@SUM(A1)", "_@SUM(A1)"),
    ],
)
def test_unsafe_characters_edges_and_path_like_names(name, safe):
    assert safe_name(name) == safe


def test_long_names_are_cut_with_a_hash():
    long = "村" * 300
    assert safe_name(long) == "村" * 60 + "~" + hashlib.sha256(long.encode()).hexdigest()[:8]
    assert safe_name(long + "x") != safe_name(long)  # the hash tells them apart
    assert safe_name("a" * 100) == "a" * 60 + "~" + hashlib.sha256(b"a" * 100).hexdigest()[:8]
    assert safe_name("a" * 60) == "a" * 60


def household(number: str, village: str, township: str = "彬江镇", unit: str = "袁州区") -> Household:
    return Household(number, unit, township, village, "张三", "脱贫户", None, 1)


def files(households: list[Household], max_households: int = 400) -> list[str]:
    return [name for d in documents(households, max_households) for name in (d.file, d.checklist)]


def test_a_village_named_like_another_villages_checklist():
    assert files([household("2", "东村-排查表"), household("1", "东村")]) == [
        "袁州区/彬江镇/东村.pdf", "袁州区/彬江镇/东村-排查表.pdf",
        "袁州区/彬江镇/东村-排查表_2.pdf", "袁州区/彬江镇/东村-排查表_2-排查表.pdf",
    ]


def test_a_village_named_like_a_part_of_another():
    many = [household(str(i), "东村") for i in range(3)]
    assert files([*many, household("9", "东村（第1册）")], max_households=2) == [
        "袁州区/彬江镇/东村（第1册）.pdf", "袁州区/彬江镇/东村-排查表（第1册）.pdf",
        "袁州区/彬江镇/东村（第2册）.pdf", "袁州区/彬江镇/东村-排查表（第2册）.pdf",
        "袁州区/彬江镇/东村（第1册）_2.pdf", "袁州区/彬江镇/东村（第1册）_2-排查表.pdf",
    ]


def test_names_are_unique_ignoring_case_and_unicode_form_after_sanitizing():
    rows = [household("1", "Abc"), household("2", "abc"), household("3", "东/村"), household("4", "东_村"),
            household("5", "ｘ"), household("6", "x"), household("7", "y", township="Town"),
            household("8", "y", township="town")]
    assert files(rows) == [
        "袁州区/Town/y.pdf", "袁州区/Town/y-排查表.pdf",
        "袁州区/town_2/y.pdf", "袁州区/town_2/y-排查表.pdf",
        "袁州区/彬江镇/Abc.pdf", "袁州区/彬江镇/Abc-排查表.pdf",
        "袁州区/彬江镇/abc_2.pdf", "袁州区/彬江镇/abc_2-排查表.pdf",
        "袁州区/彬江镇/x.pdf", "袁州区/彬江镇/x-排查表.pdf",
        "袁州区/彬江镇/东_村.pdf", "袁州区/彬江镇/东_村-排查表.pdf",
        "袁州区/彬江镇/东_村_2.pdf", "袁州区/彬江镇/东_村_2-排查表.pdf",
        "袁州区/彬江镇/ｘ_2.pdf", "袁州区/彬江镇/ｘ_2-排查表.pdf",
    ]


def test_a_unit_folder_never_takes_the_name_of_the_package_files():
    rows = [household("1", "村", unit="manifest.csv"), household("2", "村", unit="REPORT.TXT")]
    assert files(rows) == [
        "REPORT.TXT_2/彬江镇/村.pdf", "REPORT.TXT_2/彬江镇/村-排查表.pdf",
        "manifest.csv_2/彬江镇/村.pdf", "manifest.csv_2/彬江镇/村-排查表.pdf",
    ]


HOSTILE = ["CON", "aux.pdf", "../../x", "/etc", "C:\\x", "..", "东村", "东村-排查表", "=cmd|' /C calc'!A0",
           "村" * 300, "a" * 300, "\x1b]0;title\x07", " . ", "NUL.", "东\u200b村", "Ａｂｃ", "abc", "ABC"]


def test_every_name_is_short_safe_unique_and_inside():
    rows = [household(str(i), v, township=t, unit=u) for i, (v, t, u) in
            enumerate((v, t, u) for v in HOSTILE for t in HOSTILE[:6] for u in ("袁州区", "con"))]
    names = files(rows, max_households=1)
    assert len(names) == 2 * len(rows) == len({name_key(n) for n in names})
    for name in names:
        parts = name.split("/")
        assert len(parts) == 3
        for part in parts:
            assert part not in ("", ".", "..") and len(part) <= 100 and len(part.encode()) <= 255
            assert part == part.strip(" .") and part[0] not in "=+-@"
            assert not set(part) & set('<>:"\\|?*') and all(ord(c) >= 32 for c in part)
            assert part.split(".")[0].upper() not in ("CON", "PRN", "AUX", "NUL")


# --------------------------------------------------------------------------- manifest and report cells


@pytest.mark.parametrize(
    "value, shown",
    [
        ("=1+2", "'=1+2"),
        ("+8613900000000", "'+8613900000000"),
        ("-1001", "'-1001"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'<U+0009>=1"),
        ("\r=1", "'<U+000D>=1"),
        ("东村=1", "东村=1"),
        ("东\x1b[2J村", "东<U+001B>[2J村"),
        ("a\tb\nc", "a<U+0009>b<U+000A>c"),
        ("东村", "东村"),
    ],
)
def test_cells_that_a_spreadsheet_would_run(value, shown):
    assert cell(value) == shown


def test_manifest_cells():
    from huimin.print.package import Made

    made = [Made("cards", "袁州区/彬江镇/_=HYPERLINK(_x_).pdf", "袁州区", "-镇", '=HYPERLINK("x")', 1, 1, "ab", 10, 0.1,
                 sheets=1, paper="A5", sides="双面")]
    assert manifest_csv(made).splitlines()[1] == (
        '袁州区/彬江镇/_=HYPERLINK(_x_).pdf,明白卡,袁州区,\'-镇,"\'=HYPERLINK(""x"")",1,A5,双面,1,1,ab'
    )


# --------------------------------------------------------------------------- a whole package


ROWS = [
    # number, unit, township, village, head, type, monitor, size, tags, helper, phone
    ("1001", "袁州区", "彬江镇", "东村", "张一", "脱贫户", "", "1", "", "", ""),
    ("1002", "袁州区", "彬江镇", "东村-排查表", "李二", "脱贫户", "", "1", "", "", ""),
    ("1003", "袁州区", "彬江镇", "CON", "王三", "脱贫户", "", "1", "", "", ""),
    ("1004", "袁州区", "彬江镇", "../../x", "赵四", "脱贫户", "", "1", "", "", ""),
    ("1005", "袁州区", "彬江镇", "/etc", "钱五", "脱贫户", "", "1", "", "", ""),
    ("1006", "袁州区", "彬江镇", "C:\\x", "孙六", "脱贫户", "", "1", "", "", ""),
    ("=1+2", "袁州区", "彬江镇", "@SUM(A1)", "周七", "监测对象", "边缘易致贫户", "1", "", "", ""),
    ("2001", "樟树市", "..", "nul.txt", "吴八", "脱贫户", "", "1", "", "", ""),
    ("+86", "袁州区", "彬江镇", "东村", "郑九", "一般户", "", "1", "", "", ""),  # skipped: 户类型
]


def test_hostile_names_and_values_make_a_safe_package(tmp_path, monkeypatch, capsys):
    root = write_project(tmp_path / "project")
    monkeypatch.chdir(root)
    (tmp_path / "r.csv").write_text(csv_text(ROWS), encoding="utf-8")
    before = {p for p in tmp_path.rglob("*")}
    assert main(["cards", "../r.csv", "--out", "../pkg", "--as-of", "2024-06-01", "--skip-bad-rows"]) == 0
    capsys.readouterr()
    pkg = tmp_path / "pkg"
    after = {p for p in tmp_path.rglob("*") if pkg not in p.parents and p != pkg}
    assert after == before  # nothing written outside --out (nor left beside it)
    assert not (tmp_path.parent / "x").exists() and not Path("/etc/etc.pdf").exists()

    with open(pkg / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        rows = [(r["文件"], r["乡镇"], r["村"]) for r in csv.DictReader(f)]
    assert rows == [
        ("樟树市/_/_nul.txt.pdf", "..", "nul.txt"), ("樟树市/_/_nul.txt-排查表.pdf", "..", "nul.txt"),
        ("袁州区/彬江镇/_.._x.pdf", "彬江镇", "../../x"), ("袁州区/彬江镇/_.._x-排查表.pdf", "彬江镇", "../../x"),
        ("袁州区/彬江镇/_etc.pdf", "彬江镇", "/etc"), ("袁州区/彬江镇/_etc-排查表.pdf", "彬江镇", "/etc"),
        ("袁州区/彬江镇/_@SUM(A1).pdf", "彬江镇", "'@SUM(A1)"),
        ("袁州区/彬江镇/_@SUM(A1)-排查表.pdf", "彬江镇", "'@SUM(A1)"),
        ("袁州区/彬江镇/C__x.pdf", "彬江镇", "C:\\x"), ("袁州区/彬江镇/C__x-排查表.pdf", "彬江镇", "C:\\x"),
        ("袁州区/彬江镇/_CON.pdf", "彬江镇", "CON"), ("袁州区/彬江镇/_CON-排查表.pdf", "彬江镇", "CON"),
        ("袁州区/彬江镇/东村.pdf", "彬江镇", "东村"), ("袁州区/彬江镇/东村-排查表.pdf", "彬江镇", "东村"),
        ("袁州区/彬江镇/东村-排查表_2.pdf", "彬江镇", "东村-排查表"),
        ("袁州区/彬江镇/东村-排查表_2-排查表.pdf", "彬江镇", "东村-排查表"),
    ]
    on_disk = sorted(p.relative_to(pkg).as_posix() for p in pkg.rglob("*") if p.is_file())
    assert on_disk == sorted([*(r[0] for r in rows), "manifest.csv", "report.txt", ".huimin-package", "封面-作业单.pdf"])

    report = (pkg / "report.txt").read_text(encoding="utf-8")
    assert "\n'=1+2\t袁州区\t彬江镇\t'@SUM(A1)\t监测对象\t边缘易致贫户\n" in report
    assert "\nr.csv\t10\t户类型（F列）\t应为 脱贫户 或 监测对象，实际为“一般户”\n" in report
    assert "    '..：1 户" not in report and "    ..：1 户" in report


def test_terminal_never_gets_a_raw_escape(tmp_path, monkeypatch, capsys):
    root = write_project(tmp_path / "project")
    monkeypatch.chdir(root)
    rows = [("1001", "袁州区", "彬江镇", "东村", "张一", "脱\x1b[2J贫户", "", "1", "", "", ""),
            ("1002", "袁州区\x1b]0;x\x07", "彬江镇", "东村", "李二", "脱贫户", "", "1", "", "", "")]
    (tmp_path / "r.csv").write_text(csv_text(rows), encoding="utf-8")
    assert main(["cards", "../r.csv", "--out", "../pkg"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert err.splitlines()[:2] == [
        "../r.csv:2:6: 户类型（F列）: 含有不可打印的控制字符 U+001B，请删去",
        "../r.csv:3:2: 县市区（B列）: 含有不可打印的控制字符 U+001B、U+0007，请删去",
    ]
