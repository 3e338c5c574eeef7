"""``huimin import-docx``: a Word file becomes a submission that passes check, shows its
images on the site and in the brief; bad input is refused with nothing written."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date

import pytest

from huimin.cli import main
from tests.conftest import write_tree
from tests.docx_files import sample_docx
from tests.helpers import minimal_mkdocs

AS_OF = "2024-06-01"
MONTH = "content/submissions/2024-05"


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = write_tree(tmp_path / "site", {"mkdocs.yml": minimal_mkdocs(), "content/index.md": "# 首页\n"})
    monkeypatch.chdir(root)
    return root


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_docx_becomes_a_submission_that_passes_check_and_shows_its_images(project, capsys):
    sample_docx(project / "袁州区帮扶车间.docx")
    code, out, err = run(capsys, "import-docx", "袁州区帮扶车间.docx", "--unit", "袁州区", "--kind", "经验成效类",
                         "--month", "2024-05")
    assert (code, err) == (0, "")
    md = project / MONTH / "yuan-zhou-qu-bang-fu-che-jian.md"
    assert out.splitlines() == [
        f"已导入：{MONTH}/yuan-zhou-qu-bang-fu-che-jian.md（来自 袁州区帮扶车间.docx，图片 2 张）",
        "请检查：",
        "  标题（取自文档的第一个标题）：袁州区“帮扶车间”带动脱贫劳动力就近就业",
        "  摘要（取自标题后的第一段正文，50 个字，简报中用）：今年以来，袁州区以帮扶车间为抓手，吸纳脱贫劳动力326人。车间实行计件工资，人均月收入约2600元。",
        "  收稿日期：2024-05-31（今天不在这个月，已改为这个月内最近的一天），如不对请改",
        "  图片说明（第 27 行）：yuan-zhou-qu-bang-fu-che-jian-1.jpg 在 Word 中没有“替代文字”，暂写为“袁州区“帮扶车间”带动脱贫劳动力就近就业（图1）”："
        "请改成图片内容的描述（如“帮扶车间里工人在组装电子元件”）",
        "共导入 1 篇。请逐项核对后运行 huimin check，再用 huimin serve 预览。",
    ]
    assert md.read_text(encoding="utf-8") == """\
---
title: "袁州区“帮扶车间”带动脱贫劳动力就近就业"
unit: 袁州区
month: 2024-05
kind: 经验成效类
date: 2024-05-31
summary: "今年以来，袁州区以帮扶车间为抓手，吸纳脱贫劳动力326人。车间实行计件工资，人均月收入约2600元。"
author: 袁州区乡村振兴局
---
今年以来，袁州区**以帮扶车间为抓手**，吸纳脱贫劳动力326人。车间实行计件工资，人均月收入约2600元。

## 一、主要做法

- 对接订单稳来源
- 计件工资\\*多劳多得\\*

1. 先培训
2. 再上岗

## 二、取得成效

| 指标 | 2025年 | 2026年 |
| --- | --- | --- |
| 车间（个） | 31 | 38 |
| 人数\\|人 | 326 | 417 |

![袁州区“帮扶车间”带动脱贫劳动力就近就业（图1）](yuan-zhou-qu-bang-fu-che-jian-1.jpg)

1\\. 这一行以数字开头，# 和 \\[方括号\\] 也是文字。

![订单流程图](yuan-zhou-qu-bang-fu-che-jian-2.png)
"""
    from PIL import Image

    with Image.open(project / MONTH / "yuan-zhou-qu-bang-fu-che-jian-1.jpg") as im:
        assert (im.format, im.size) == ("JPEG", (1600, 1067))  # longest side 1600 px
    with Image.open(project / MONTH / "yuan-zhou-qu-bang-fu-che-jian-2.png") as im:
        assert (im.format, im.size) == ("PNG", (800, 500))

    assert run(capsys, "check", "--as-of", AS_OF)[0] == 0

    from huimin.build import build

    site = build(project, as_of=date.fromisoformat(AS_OF)).site_dir
    folder = site / "submissions/2024-05/yuan-zhou-qu-bang-fu-che-jian"
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert ('<img src="yuan-zhou-qu-bang-fu-che-jian-1-720.jpg" srcset="yuan-zhou-qu-bang-fu-che-jian-1-720.jpg 720w, '
            'yuan-zhou-qu-bang-fu-che-jian-1.jpg 1024w" sizes="(max-width: 720px) calc(100vw - 32px), 688px" '
            'alt="袁州区“帮扶车间”带动脱贫劳动力就近就业（图1）" width="1024" height="683" loading="lazy" decoding="async">') in page
    assert '<strong>以帮扶车间为抓手</strong>' in page and "<table>" in page and "<ol>" in page
    assert "计件工资*多劳多得*" in page and "1. 这一行以数字开头，# 和 [方括号] 也是文字。" in page
    assert (folder / "yuan-zhou-qu-bang-fu-che-jian-1.jpg").stat().st_size < 200_000
    assert (folder / "yuan-zhou-qu-bang-fu-che-jian-2.png").is_file()
    if shutil.which("pdfimages"):
        listing = subprocess.run(["pdfimages", "-list", str(site / "compilations/2024-05/brief.pdf")],
                                 capture_output=True, text=True, check=True).stdout
        assert [row.split()[3:5] for row in listing.splitlines()[2:]] == [["1200", "800"], ["800", "500"]]


def test_import_never_overwrites(project, capsys):
    sample_docx(project / "a.docx")
    assert run(capsys, "import-docx", "a.docx", "--unit", "袁州区", "--kind", "经验成效类", "--month", "2024-05")[0] == 0
    md = project / MONTH / "a.md"
    md.write_text(md.read_text(encoding="utf-8").replace("主要做法", "编辑改过的做法"), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (project / MONTH).iterdir()}
    code, out, err = run(capsys, "import-docx", "a.docx", "--unit", "袁州区", "--kind", "经验成效类", "--month", "2024-05")
    assert (code, out) == (1, "")
    assert err == (f"a.docx: {MONTH}/a.md 已存在，没有覆盖：要重新导入，请先删除或改名原有的报送文件和它的图片；"
                   "两篇不同的文档同名时，请把其中一个 Word 文件改名\n")
    assert {p.name: p.read_bytes() for p in (project / MONTH).iterdir()} == before


def _zip(path, parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", method) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_bad_files_are_refused_each_located_and_nothing_is_written(project, capsys):
    import docx

    sample_docx(project / "good.docx")
    (project / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    (project / "renamed.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    (project / "locked.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") * 4)
    (project / "empty.docx").write_bytes(b"")
    (project / "text.docx").write_text("不是压缩文件", encoding="utf-8")
    _zip(project / "sheet.docx", {"xl/workbook.xml": b"<workbook/>"})
    _zip(project / "bomb.docx", {"word/document.xml": b"<w:document/>", "word/media/x.bin": b"\0" * (3 * 1024 * 1024)})
    docx.Document().save(project / "blank.docx")
    d = docx.Document()
    d.add_paragraph("有字")
    out = io.BytesIO()
    from PIL import Image

    Image.new("1", (10000, 7000)).save(out, "PNG")
    d.add_picture(io.BytesIO(out.getvalue()))
    d.save(project / "huge.docx")
    code, out, err = run(capsys, "import-docx", ".", "--unit", "袁州区", "--kind", "经验成效类", "--month", "2024-05")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "blank.docx: 文档中没有文字：请确认是否选错了文件（正文是图片或扫描件的，请先转为文字）",
        "bomb.docx: 文档异常：其中的 word/media/x.bin 解压后 3.0 MB，是压缩后的 1026 倍（正常的文档不超过 100 倍），疑似“压缩炸弹”，未读取",
        "empty.docx: 文件是空的（0 字节）",
        "huge.docx: 第 1 张图片像素过多：10000×7000，不能超过 6000 万像素（请缩小后再导入）",
        "locked.docx: 文件设置了打开密码（已加密），无法读取：请在 Word 中“文件 → 信息 → 保护文档 → 用密码进行加密”删去密码并保存后再导入",
        "renamed.docx: 这其实是旧版 Word 文档（.doc 格式，只是扩展名为 .docx）：请在 Word 或 WPS 中打开，“另存为” Word 文档（.docx）后再导入",
        "sheet.docx: 不是 Word 文档：其中没有 word/document.xml（可能是改了扩展名的 Excel、PowerPoint 或 WPS 文件）",
        "text.docx: 不是有效的 Word 文档：文件已损坏或不是 .docx（请在 Word 中打开并重新保存）",
        "共 8 个问题，请逐一修改后再试。",
    ]
    assert not (project / "content/submissions").exists()  # good.docx was not imported either
    code, out, err = run(capsys, "import-docx", "old.doc", "--unit", "袁州区", "--kind", "经验成效类")
    assert err == "old.doc: 这是旧版或其他格式的文档（.doc），不能直接导入：请在 Word 或 WPS 中打开，“另存为” Word 文档（.docx）后再导入\n"


def test_a_folder_imports_every_docx(project, capsys):
    folder = project / "十一月"
    folder.mkdir()
    sample_docx(folder / "袁州区一.docx")
    sample_docx(folder / "袁州区二.docx", alt=None)
    (folder / "~$袁州区一.docx").write_bytes(b"lock")  # Word's lock file while it is open
    (folder / "说明.txt").write_text("x", encoding="utf-8")
    code, out, err = run(capsys, "import-docx", "十一月", "--unit", "袁州区", "--kind", "问题调研类", "--month", "2024-05")
    assert (code, err) == (0, "")
    assert re.findall(r"^已导入：(\S+)（", out, re.M) == [f"{MONTH}/yuan-zhou-qu-yi.md", f"{MONTH}/yuan-zhou-qu-er.md"]
    assert out.count("在 Word 中没有“替代文字”") == 3  # the second file's chart has no alt text either
    assert sorted(p.name for p in (project / MONTH).iterdir()) == [
        "yuan-zhou-qu-er-1.jpg", "yuan-zhou-qu-er-2.png", "yuan-zhou-qu-er.md",
        "yuan-zhou-qu-yi-1.jpg", "yuan-zhou-qu-yi-2.png", "yuan-zhou-qu-yi.md"]
    # the two files hold the same document: check refuses the second copy (tests/read/test_mistakes.py)
    code, _, err = run(capsys, "check", "--as-of", AS_OF)
    assert code == 1 and err.startswith(f"{MONTH}/yuan-zhou-qu-yi.md:2:8: title（标题）: 与 {MONTH}/yuan-zhou-qu-er.md 重复")


def test_unknown_unit_and_empty_folder(project, capsys):
    (project / "空").mkdir()
    assert run(capsys, "import-docx", "空", "--unit", "袁州区", "--kind", "经验成效类")[2] == \
        "空: 文件夹中没有 Word 文档（.docx）\n"
    assert run(capsys, "import-docx", "空", "--unit", "袁州", "--kind", "经验成效类")[2].startswith(
        "--unit: 未知单位“袁州”，应为：袁州区、")


def test_a_county_clerks_document_byline_and_caption(project, capsys):
    """As a county clerk writes one: the title bold and centred (no heading style), a byline with
    the date under it (author and date of the submission, not its text), 公文 numbering, a photo
    alone in its paragraph with its caption under it."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from tests.images import photo_bytes

    d = Document()
    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("袁州区“四定”机制推动帮扶车间提质增效").bold = True
    d.add_paragraph("袁州区乡村振兴局　　2024年5月18日").alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("　　今年以来，袁州区探索“定点、定岗、定责、定效”四定工作机制，帮扶车间吸纳脱贫劳动力 1,286 人。")
    d.add_paragraph("一、主要做法").runs[0].bold = True
    d.add_picture(io.BytesIO(photo_bytes(600, 400)))
    d.add_paragraph("图为西村镇帮扶车间内，脱贫群众正在加工竹制品").alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.save(project / "四定机制.docx")
    code, out, err = run(capsys, "import-docx", "四定机制.docx", "--unit", "袁州区", "--kind", "经验成效类", "--month", "2024-05")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"已导入：{MONTH}/si-ding-ji-zhi.md（来自 四定机制.docx，图片 1 张）",
        "请检查：",
        "  标题（取自文档的第一段）：袁州区“四定”机制推动帮扶车间提质增效",
        "  摘要（取自标题后的第一段正文，50 个字，简报中用）：今年以来，袁州区探索“定点、定岗、定责、定效”四定工作机制，"
        "帮扶车间吸纳脱贫劳动力 1,286 人。",
        "  收稿日期：2024-05-18（取自标题下的日期），如不对请改",
        "  作者（取自标题下的署名）：袁州区乡村振兴局",
        "  图片说明（第 14 行）：si-ding-ji-zhi-1.jpg 的说明取自图片下方的图注“西村镇帮扶车间内，脱贫群众正在加工竹制品”，请核对",
        "共导入 1 篇。请逐项核对后运行 huimin check，再用 huimin serve 预览。",
    ]
    text = (project / MONTH / "si-ding-ji-zhi.md").read_text(encoding="utf-8")
    assert 'date: 2024-05-18\n' in text and 'author: "袁州区乡村振兴局"\n---\n今年以来' in text  # the byline is not text
    assert "![西村镇帮扶车间内，脱贫群众正在加工竹制品](si-ding-ji-zhi-1.jpg)\n\n图为西村镇" in text
    assert "## 一、主要做法" in text


@pytest.mark.parametrize("byline,day,author,line", [
    ("靖安县人社局　靖安县乡村振兴局　2024年5月6日", "2024-05-06", "靖安县人社局 靖安县乡村振兴局",
     "  收稿日期：2024-05-06（取自标题下的日期），如不对请改"),
    ("2024.05.20", "2024-05-20", "靖安县乡村振兴局", "  收稿日期：2024-05-20（取自标题下的日期），如不对请改"),
    ("靖安县乡村振兴局　2024年4月28日", "2024-05-31", "靖安县乡村振兴局",
     "  收稿日期：2024-05-31（标题下的日期 2024-04-28 不在 2024-05，已改为这个月内最近的一天），如不对请改"),
    ("靖安县乡村振兴局", "2024-05-31", "靖安县乡村振兴局",  # no date: a paragraph of the text as written
     "  收稿日期：2024-05-31（今天不在这个月，已改为这个月内最近的一天），如不对请改"),
], ids=["two-units", "dotted-date", "other-month", "no-date"])
def test_byline_under_the_title(project, capsys, byline, day, author, line):
    from docx import Document

    d = Document()
    d.add_paragraph("靖安县三有工作法")
    d.add_paragraph(byline)
    d.add_paragraph("靖安县推行“有人管、有钱管、有制度管”，村级理事会管好公益设施。")
    d.save(project / "三有.docx")
    code, out, _ = run(capsys, "import-docx", "三有.docx", "--unit", "靖安县", "--kind", "经验成效类", "--month", "2024-05")
    assert code == 0 and line in out.splitlines()
    text = (project / MONTH / "san-you.md").read_text(encoding="utf-8")
    assert f"date: {day}\n" in text and author in text.split("---")[1]
    dated = any(c.isdigit() for c in byline)
    assert (byline in text.split("---", 2)[2]) is not dated  # a dated byline is front matter, not text
