"""Print-shop safety: every household starts on a front page (duplex), --simplex, and an
existing package kept unless --replace. The PDFs are read back with pypdf."""

from __future__ import annotations

import csv
import hashlib

import pytest
from pypdf import PdfReader

from huimin.cli import main
from tests.print.test_cards import ROWS, csv_text, squash, write_project
from tests.print.test_package import REPLACE_MESSAGE

AS_OF = "2024-06-01"


@pytest.fixture
def project_dir(tmp_path, monkeypatch):
    root = write_project(tmp_path / "project")
    (tmp_path / "r.csv").write_text(csv_text(ROWS), encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def household_pages(pdf) -> list[tuple[str | None, str]]:
    """(户编号 or None for a blank back, squashed text) of each page."""
    numbers = {r[0] for r in ROWS}
    pages = []
    for page in PdfReader(pdf).pages:
        text = page.extract_text()
        found = [line[:4] for line in text.splitlines() if line[:4] in numbers and not line[4:5].isdigit()]
        found += [n for n in numbers if f"卡号：{n}" in squash(text)]  # a continued page: 续页（…）卡号：1010
        assert len(set(found)) <= 1, text
        pages.append((found[0] if found else None, squash(text)))
    return pages


def starts(pages) -> dict[str, int]:
    """户编号 -> its first page (1-based)."""
    first: dict[str, int] = {}
    for i, (number, _) in enumerate(pages, 1):
        if number:
            first.setdefault(number, i)
    return first


def test_duplex_every_household_starts_on_a_front_page(project_dir, capsys):
    assert main(["cards", "../r.csv", "--out", "../pkg", "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    pages = household_pages(project_dir.parent / "pkg/袁州区/彬江镇/东村.pdf")
    first = starts(pages)
    assert list(first) == ["1001", "1002", "1003", "1010"]
    assert all(page % 2 == 1 for page in first.values()), first
    assert len(pages) % 2 == 0
    blanks = [text for number, text in pages if number is None]
    assert blanks and all(text == "本页空白" for text in blanks)
    with open(project_dir.parent / "pkg/manifest.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["文件"]: r for r in csv.DictReader(fh)}
    village = rows["袁州区/彬江镇/东村.pdf"]
    assert (village["页数"], village["张数"], village["单双面"]) == (str(len(pages)), str(len(pages) // 2), "双面")
    assert "双面" in out


def test_simplex_has_no_blank_backs(project_dir, capsys):
    assert main(["cards", "../r.csv", "--out", "../pkg", "--as-of", AS_OF, "--simplex"]) == 0
    capsys.readouterr()
    pages = household_pages(project_dir.parent / "pkg/袁州区/彬江镇/东村.pdf")
    assert all(number for number, _ in pages)
    with open(project_dir.parent / "pkg/manifest.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["文件"]: r for r in csv.DictReader(fh)}
    village = rows["袁州区/彬江镇/东村.pdf"]
    assert (village["页数"], village["张数"], village["单双面"]) == (str(len(pages)), str(len(pages)), "单面")


def digest(folder) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_existing_package_is_kept_unless_replace(project_dir, capsys):
    pkg = project_dir.parent / "pkg"
    assert main(["cards", "../r.csv", "--out", "../pkg", "--as-of", AS_OF]) == 0
    before = digest(pkg)
    capsys.readouterr()
    assert main(["cards", "../r.csv", "--out", "../pkg", "--as-of", AS_OF, "--simplex"]) == 1
    assert capsys.readouterr().err.strip() == REPLACE_MESSAGE.format(out="../pkg")
    assert digest(pkg) == before
    # --replace with a roster that fails: the old package stays whole
    (project_dir.parent / "bad.csv").write_text(csv_text([*ROWS, ("3001", "袁州区", "彬江镇", "西村", "钱五", "脱贫户",
                                                                   "", "", "", "", "")]), encoding="utf-8")
    assert main(["cards", "../bad.csv", "--out", "../pkg", "--as-of", AS_OF, "--replace"]) == 1
    capsys.readouterr()
    assert digest(pkg) == before
    assert main(["cards", "../r.csv", "--out", "../pkg", "--as-of", AS_OF, "--simplex", "--replace"]) == 0
    capsys.readouterr()
    assert digest(pkg) != before
    assert not list(project_dir.parent.glob(".pkg.*"))
