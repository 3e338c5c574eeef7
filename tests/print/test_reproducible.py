"""Same input, same bytes (issue 14, item 7), and Typst's root is never the file system's."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from huimin.model.errors import HuiminError
from huimin.print import typst_engine
from huimin.print.fonts import font_dirs
from huimin.print.handbook import write_handbook
from huimin.print.package import write_package
from huimin.read.project import load_project
from tests.print import test_cards, test_handbook


@pytest.fixture(autouse=True)
def no_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_cold_handbooks_are_byte_identical(tmp_path):
    project = load_project(test_handbook.write_project(tmp_path / "p"), test_handbook.AS_OF)
    write_handbook(project, tmp_path / "a.pdf")  # no cache: typeset twice
    write_handbook(project, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert b"2024-06-01T00:00:00" in (tmp_path / "a.pdf").read_bytes()  # the as-of day, not the clock


def test_source_date_epoch_still_wins(monkeypatch):
    assert typst_engine.pdf_timestamp(date(2024, 6, 1)) == 1717200000
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    assert typst_engine.pdf_timestamp(date(2024, 6, 1)) == 1000000000


def _package(tmp_path: Path, name: str, workers: int) -> Path:
    root = tmp_path / "p"
    if not root.exists():
        test_cards.write_project(root)
        (tmp_path / "r.csv").write_text(test_cards.csv_text(test_cards.ROWS), encoding="utf-8")
    project = load_project(root, test_cards.AS_OF)
    write_package(project, tmp_path / "r.csv", tmp_path / name, workers=workers, printed=date(2024, 6, 3))
    return tmp_path / name


def test_two_packages_of_one_roster_are_identical(tmp_path):
    a = _package(tmp_path, "a", workers=1)
    b = _package(tmp_path, "b", workers=2)  # in worker processes: the same bytes
    assert (a / "manifest.csv").read_bytes() == (b / "manifest.csv").read_bytes()
    pdfs = sorted(p.relative_to(a) for p in a.rglob("*.pdf"))
    assert pdfs and pdfs == sorted(p.relative_to(b) for p in b.rglob("*.pdf"))
    assert [digest(a / p) for p in pdfs] == [digest(b / p) for p in pdfs]
    assert not list(a.rglob(".parts")) and not list(tmp_path.glob(".*building*"))  # the parts stay out


# ------------------------------------------------------------------ Typst's root


def test_a_template_cannot_read_outside_its_folder(tmp_path):
    folder = tmp_path / "run"
    folder.mkdir()
    template = folder / "t.typ"
    template.write_text('#let data = json(bytes(sys.inputs.data))\n#read(data.path)\n', encoding="utf-8")
    typst_engine.use_fonts(font_dirs())
    for path in ("/etc/passwd", "../../../../../../etc/passwd"):
        with pytest.raises(HuiminError) as caught:
            typst_engine.typeset(template, {"path": path})
        assert "排版失败" in str(caught.value)
    (folder / "ok.txt").write_text("可以读", encoding="utf-8")
    assert typst_engine.typeset(template, {"path": "/ok.txt"}).startswith(b"%PDF")


def test_no_typst_call_has_the_file_system_root():
    for module in ("typst_engine", "parts", "package", "handbook", "brief"):
        text = (Path(typst_engine.__file__).parent / f"{module}.py").read_text(encoding="utf-8")
        assert 'root="/"' not in text and "root='/'" not in text, module
