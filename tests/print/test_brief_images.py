"""The brief PDF prints a submission's images where they stand, fitted to the text width."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from huimin.read.project import load_project
from huimin.rules.compilation import compilations
from tests.conftest import write_tree
from tests.helpers import AS_OF, minimal_mkdocs
from tests.images import graphic_bytes, photo_bytes

SUB = """\
---
title: 袁州区帮扶车间
unit: 袁州区
month: 2024-05
kind: 经验成效类
date: 2024-05-18
summary: 摘要
---
车间全景如下。![帮扶车间里工人在组装电子元件](chejian.jpg)图后的文字。

![订单流程图](liucheng.png)
"""

pytestmark = pytest.mark.skipif(not shutil.which("pdfimages"), reason="需要 poppler-utils")


def test_brief_prints_images_fitted_to_the_text(tmp_path):
    from huimin.print.brief import write_brief

    root = write_tree(tmp_path / "site", {
        "mkdocs.yml": minimal_mkdocs(),
        "content/submissions/2024-05/a.md": SUB,
        "content/submissions/2024-05/chejian.jpg": photo_bytes(4000, 3000),
        "content/submissions/2024-05/liucheng.png": graphic_bytes(),
    })
    project = load_project(root, AS_OF)
    (may,) = compilations(project.submissions, project.settings)
    out = tmp_path / "brief.pdf"
    write_brief(may, project.settings, out, project.root)
    listing = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    # page, width, height, encoding; the photo fills the text width (160 mm at 190 dpi), the chart its own size
    assert [(r[3], r[4], r[8]) for r in rows] == [("1200", "900", "jpeg"), ("800", "500", "image")]
    assert 185 <= int(rows[0][12]) <= 195 and int(rows[1][12]) == 150  # x-ppi: never blown up past 150 dpi
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert flat.index("车间全景如下。") < flat.index("帮扶车间里工人在组装电子元件") < flat.index("图后的文字。")
    assert "订单流程图" in flat
    assert not list(tmp_path.glob("site/**/.huimin-brief-*")) and not list(tmp_path.glob(".huimin-brief-*"))


def test_a_caption_under_the_picture_is_printed_once(tmp_path):
    """A Word import's caption (图为……) is the picture's alt text and the paragraph under it:
    the brief prints it once; a picture whose alt text is not under it keeps it as its caption."""
    from huimin.print.brief import write_brief

    sub = SUB.replace("车间全景如下。![帮扶车间里工人在组装电子元件](chejian.jpg)图后的文字。",
                      "车间全景如下。\n\n![西村镇帮扶车间内，脱贫群众正在加工竹制品](chejian.jpg)\n\n"
                      "图为西村镇帮扶车间内，脱贫群众正在加工竹制品")
    root = write_tree(tmp_path / "site", {
        "mkdocs.yml": minimal_mkdocs(),
        "content/submissions/2024-05/a.md": sub,
        "content/submissions/2024-05/chejian.jpg": photo_bytes(400, 300),
        "content/submissions/2024-05/liucheng.png": graphic_bytes(),
    })
    project = load_project(root, AS_OF)
    (may,) = compilations(project.submissions, project.settings)
    out = tmp_path / "brief.pdf"
    write_brief(may, project.settings, out, project.root)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert flat.count("西村镇帮扶车间内，脱贫群众正在加工竹制品") == 1 and "图为西村镇帮扶车间内" in flat
    assert flat.count("订单流程图") == 1
