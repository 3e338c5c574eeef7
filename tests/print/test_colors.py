"""Print colour: text and rules in pure K, the accent in CMYK, nothing in RGB or ICC grey.

Read back from the content streams (pypdf) of a real handbook, brief, card file and
checklist; see templates/print/colors.typ.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from huimin.print.package import write_package
from huimin.print.typst_engine import PDF_STANDARD
from huimin.read.project import load_project, read_project
from huimin.rules.compilation import compilations
from tests.print.pdf_colors import INK, colours_of

pytest.importorskip("typst")
pytest.importorskip("pypdf")

ACCENT = (0.0, 1.0, 1.0, 0.15)  # colors.typ: cmyk(0%, 100%, 100%, 15%)


def assert_print_colours(pdf, accent: bool = False):
    found = colours_of(pdf)
    assert found.foreign == set(), found.ops  # no rg/RG, no g/G, no cs/scn (ICC grey or RGB)
    assert found.ops["k"] > 0
    assert found.text_fills[INK] > 0
    assert set(found.text_fills) <= {INK, ACCENT}, found.text_fills
    assert (ACCENT in found.text_fills) == accent, found.text_fills
    assert found.image_spaces == set()  # no raster image in any colour space: the QR code is drawn
    return found


def assert_fonts_embedded(pdf):
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5:-3] == ["yes", "yes"], row  # embedded, subset


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    from tests.print.test_cards import ROWS, csv_text, write_project

    root = write_project(tmp_path_factory.mktemp("colours"))
    roster = root.parent / "roster.csv"
    roster.write_text(csv_text(ROWS), encoding="utf-8")
    out = tmp_path_factory.mktemp("colours-out") / "明白卡"
    write_package(load_project(root, date(2024, 6, 1)), roster, out, printed=date(2024, 6, 3), workers=1)
    return out


def test_handbook_is_pure_k_and_pdf_ua(tmp_path):
    from huimin.print.handbook import write_handbook
    from tests.print.test_handbook import AS_OF, write_project

    out = tmp_path / "读本.pdf"
    write_handbook(load_project(write_project(tmp_path / "p"), AS_OF), out)
    found = assert_print_colours(out)
    assert found.ops["K"] > 0  # rules and table lines stroked in K
    assert_fonts_embedded(out)
    assert PDF_STANDARD == "ua-1" and b"<pdfuaid:part>1</pdfuaid:part>" in out.read_bytes()


def test_brief_text_in_k_and_masthead_in_the_cmyk_accent(tmp_path):
    from huimin.print.brief import write_brief
    from tests.rules.test_compilation import sub

    root = tmp_path / "p"
    for name, month, kind in (("a", "2023-05", "经验成效类"), ("b", "2023-05", "问题调研类")):
        path = root / f"content/submissions/{month}/{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sub("袁州区", month, kind), encoding="utf-8")
    project = read_project(root, date(2023, 12, 31))
    out = tmp_path / "brief.pdf"
    write_brief(compilations(project.submissions, project.settings)[-1], project.settings, out, project.root)
    assert_print_colours(out, accent=True)
    assert_fonts_embedded(out)


def test_cards_in_k_with_the_accent_for_continued_pages(package):
    out = package / "袁州区/彬江镇/东村.pdf"
    found = assert_print_colours(out, accent=True)  # 1010's card runs on: 续页 in the accent
    assert found.ops["K"] > 0
    assert_fonts_embedded(out)


def test_checklist_in_k(package):
    out = package / "袁州区/彬江镇/东村-排查表.pdf"
    assert_print_colours(out)  # its rules are filled shapes (k), block sides as Typst draws them
    assert_fonts_embedded(out)


# ------------------------------------------------------------------ every template, as written

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "print"
SHARED = {"colors.typ", "qr.typ"}
# a colour other than ink, accent or tint(…): RGB, grey or a named colour, which Typst writes as RGB or ICC grey
FOREIGN_COLOUR = re.compile(r"\b(rgb|luma|oklab|oklch|color\.(linear-rgb|hsl|hsv))\(|"
                            r"(fill|stroke|paint):\s*(black|white|gray|red|blue|green|yellow|navy|maroon)\b")
# a stroke given as a bare thickness (0.5pt, rule) without its paint: drawn in ICC grey black
BARE_STROKE = re.compile(r"stroke:\s*(\([^()]*\b(top|bottom|left|right|x|y|rest):\s*)?(\d+(\.\d+)?pt|rule)\s*[,)]")


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.typ") if p.name not in SHARED))
def test_every_print_template_uses_the_shared_colours(template):
    """A new print template (a cover sheet, a separator page) imports colors.typ and sets its text in ink."""
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    code = "\n".join(line.split("//")[0] for line in text.splitlines())  # comments may name anything
    assert re.search(r'#import "colors\.typ": [^\n]*\bink\b', code), f"{template}: #import \"colors.typ\": ink, …"
    assert re.search(r"set text\([^)]*fill: ink", code), f"{template}: #set text(fill: ink, …)"
    assert not FOREIGN_COLOUR.search(code), FOREIGN_COLOUR.search(code)[0]
    assert not BARE_STROKE.search(code), BARE_STROKE.search(code)[0]
