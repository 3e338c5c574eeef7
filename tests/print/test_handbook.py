"""The printed policy handbook (政策读本): build a small project for real and read the PDF back."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from datetime import date
from pathlib import Path

import pytest

from huimin.model.errors import HuiminError
from huimin.print.blocks import markdown_blocks
from huimin.print.fonts import DEFAULT_FONTS, font_families
from huimin.print.handbook import handbook_data, write_handbook
from huimin.read.project import load_project

AS_OF = date(2024, 6, 1)

POLICIES = """\
category: 教育保障
department: 市教体局
policies:
  - id: inject-panic
    title: '#panic("x")'
    summary: 标题像 Typst 代码，必须原样印出。
    targets: [脱贫户]
    standard: 每生每年1000元
    basis: 赣教发〔2023〕5号
    issued: 2023-03-01
    effective_from: 2023-01-01
    procedure: |
      1. 家长提出申请 #emph[x]
      2. 学校审核 $x$
  - id: inject-markup
    title: '*$]\\'
    summary: 另一个像标记的标题。
    targets: [监测对象]
    standard: '#set page(width: 1cm)'
    contact: 0795-3999999
  - id: old-policy
    title: 已过期的旧政策
    summary: 已失效的政策不进入读本。
    targets: [脱贫户]
    standard: 每户500元
    effective_until: 2023-12-31
  - id: future-policy
    title: 尚未施行的新政策
    summary: 未生效的政策不进入读本。
    targets: [脱贫户]
    standard: 每户800元
    effective_from: 2025-01-01
"""

HEALTH = """\
category: 健康医疗
department: 市医保局
policies:
  - id: health-insurance
    title: 城乡居民医保个人缴费资助
    summary: 对脱贫人口参加城乡居民医保的个人缴费给予资助。
    targets: [脱贫户, 监测对象]
    standard: 定额资助
    conditions: 参加本市城乡居民基本医疗保险
    effective_from: 2023-01-01
    effective_until: 2025-12-31
    body: |
      ### 资助标准

      | 人员 | 资助 |
      |---|---|
      | 特困人员 | **全额** |
      | 低保对象 | 定额 |

      - 不得重复资助；
      - 以县级标准为准。
"""


ODD_CATEGORY = """\
category: '#panic("c")'
department: '#set text(size: 1pt)'
policies:
  - id: odd-category
    title: 分类名像代码的政策
    summary: 分类和主管部门也按原样印出。
    targets: ['#x']
    standard: 按规定
"""


ONLY_EXPIRED = """\
category: 教育保障
department: 市教体局
policies:
  - id: old-policy
    title: 已过期的旧政策
    summary: 已失效的政策不进入读本。
    targets: [脱贫户]
    standard: 每户500元
    effective_until: 2023-12-31
"""


def _long_body(n: int) -> str:
    paragraph = "脱贫家庭和监测对象家庭属于优先对象，应助尽助，资助资金可冲抵费用。" * 6
    return "\n".join(f"      {paragraph}\n" for _ in range(n))


def write_project(root: Path) -> Path:
    files = {
        "mkdocs.yml": "site_name: 测试站点\n",
        # '#x' is printed as written: a target group of its own (the vocabulary refuses unknown ones)
        "huimin.yml": "targets:\n  - name: 脱贫户\n  - name: 监测对象\n  - name: '#x'\n",
        "policy_lists/jiaoyu.yaml": POLICIES,
        "policy_lists/odd.yaml": ODD_CATEGORY,
        "policy_lists/jiankang.yaml": HEALTH + "\n" + textwrap.indent(
            "- id: health-long\n  title: 篇幅较长的政策\n  summary: 跨页的政策。\n"
            "  targets: [脱贫户]\n  standard: 按规定\n  body: |\n", "  ")
        + _long_body(12),
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return load_project(write_project(tmp_path_factory.mktemp("handbook")), AS_OF)


# ------------------------------------------------------------------ data, no Typst


def test_data_has_only_policies_in_effect_in_usual_category_order(project):
    data = handbook_data(project)
    # usual categories in their usual order, then the others
    assert [c["category"] for c in data["chapters"]] == ["教育保障", "健康医疗", '#panic("c")']
    titles = [p["title"] for c in data["chapters"] for p in c["policies"]]
    assert '#panic("x")' in titles and "*$]\\" in titles
    assert "已过期的旧政策" not in titles and "尚未施行的新政策" not in titles
    assert data["count"] == len(titles) == 5
    assert data["as_of"] == "2024-06-01" and data["title"] == "政策读本"
    assert data["city"] == "宜春市" and data["bureau"] == "宜春市乡村振兴局"
    json.dumps(data, ensure_ascii=False)  # plain data only


def test_policy_metadata_and_markdown_blocks(project):
    data = handbook_data(project)
    policy = next(p for c in data["chapters"] for p in c["policies"] if p["id"] == "inject-panic")
    assert policy["basis"] == "赣教发〔2023〕5号" and policy["issued"] == "2023-03-01"
    assert policy["effective_from"] == "2023-01-01" and policy["effective_until"] is None
    assert [(b["kind"], b["number"], b["text"]) for b in policy["procedure"]] == [
        ("oli", 1, "家长提出申请 #emph[x]"), ("oli", 2, "学校审核 $x$"),
    ]
    health = next(p for c in data["chapters"] for p in c["policies"] if p["id"] == "health-insurance")
    kinds = [b["kind"] for b in health["body"]]
    assert kinds == ["h", "table", "li", "li"]
    table = health["body"][1]
    assert [c[0]["text"] for c in table["header"]] == ["人员", "资助"]
    assert table["rows"][0][1] == [{"text": "全额", "strong": True, "em": False}]


def test_markdown_subset():
    blocks = markdown_blocks("第一行\n第二行 **重点**\n\nHello\nworld\n\n- 甲\n    - 乙\n\n3. 丙\n")
    assert [(b["kind"], b.get("depth"), b["text"]) for b in blocks] == [
        ("p", 0, "第一行第二行 重点"), ("p", 0, "Hello world"),
        ("li", 0, "甲"), ("li", 1, "乙"), ("oli", 0, "丙"),
    ]
    assert blocks[-1]["number"] == 3
    assert markdown_blocks(None) == [] and markdown_blocks("  \n") == []
    raw = markdown_blocks('<script>alert(1)</script> #panic("x")')
    assert [b["text"] for b in raw] == ['#panic("x")']


def test_fonts_from_settings_keep_the_free_fallback():
    assert font_families() == DEFAULT_FONTS
    fonts = font_families({"body": ["方正仿宋_GBK"]})
    assert fonts["body"] == ["方正仿宋_GBK", "Noto Serif CJK SC"]
    assert fonts["heading"] == DEFAULT_FONTS["heading"]


# ------------------------------------------------------------------ the PDF

@pytest.fixture(scope="module")
def pdf(project, tmp_path_factory):
    pytest.importorskip("typst")
    if shutil.which("pdftotext") is None or shutil.which("pdffonts") is None:
        pytest.skip("needs poppler-utils (pdftotext, pdffonts)")
    out = tmp_path_factory.mktemp("out") / "读本.pdf"
    result = write_handbook(project, out)
    return out, result


def pages_of(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_handbook_pdf_prints_user_text_literally(pdf):
    out, result = pdf
    pages = pages_of(out)
    assert result.pages == len(pages) and result.bytes == out.stat().st_size
    assert result.policies == 5
    text = "\n".join(pages)
    assert '#panic("x")' in text
    assert "*$]\\" in text
    assert "#set page(width: 1cm)" in text  # a standard that looks like markup
    assert "#set text(size: 1pt)" in text  # a department that looks like markup
    assert "家长提出申请 #emph[x]" in text and "学校审核 $x$" in text
    assert "已过期的旧政策" not in text and "尚未施行的新政策" not in text
    assert "政策读本" in pages[0] and "宜春市" in pages[0] and "2024年6月1日" in pages[0].replace(" ", "")


def test_contents_list_every_chapter_with_a_page_number(pdf):
    out, _ = pdf
    pages = pages_of(out)
    contents = next(p for p in pages if re.search(r"目\s*录", p))
    for chapter in ("一、教育保障", "二、健康医疗", '三、#panic\\("c"\\)'):
        number, name = chapter.split("、")
        assert re.search(rf"^\s*{number}、\s*{name}[\s.\u2060]*\d+\s*$", contents, re.M), contents
    assert re.search(r"（一）\s*#panic\(\"x\"\)[\s.\u2060]*\d+\s*$", contents, re.M), contents


def test_running_header_and_page_numbers(pdf):
    out, _ = pdf
    pages = pages_of(out)
    body = [p for p in pages if re.search(r"— \d+ —", p)]
    assert body, "no page numbers"
    numbers = [int(re.search(r"— (\d+) —", p).group(1)) for p in body]
    assert numbers == list(range(1, len(body) + 1))
    chapter = None
    for page in body:
        header = next(line for line in page.splitlines() if line.strip())
        assert "宜春市政策读本" in header
        opening = re.search(r"^\s*[一二三四五六七八九十]+、(\S+)\s*$", page, re.M)
        if opening:
            chapter = opening.group(1)
        assert chapter and chapter in header, (chapter, header)
    assert len([p for p in body if "健康医疗" in p.splitlines()[0]]) >= 2  # the long chapter runs on
    # the cover and the contents carry no page number
    assert not re.search(r"— \d+ —", pages[0])


def test_fonts_are_embedded_as_subsets_and_pdf_ua(pdf):
    out, _ = pdf
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    rows = listing.splitlines()[2:]
    assert rows
    for row in rows:
        emb, sub = row.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), row
        assert re.match(r"^[A-Z]{6}\+", row), row
    assert any("NotoSerifCJK" in r for r in rows) and any("NotoSansCJK" in r for r in rows)
    assert b"<pdfuaid:part>1</pdfuaid:part>" in out.read_bytes()  # PDF/UA-1 (see typst_engine.PDF_STANDARD)


# ------------------------------------------------------------------ failures


def test_failed_compile_leaves_the_previous_file(project, tmp_path):
    pytest.importorskip("typst")
    out = tmp_path / "handbook.pdf"
    out.write_bytes(b"previous handbook")
    with pytest.raises(HuiminError, match="找不到排版模板"):
        write_handbook(project, out, template=tmp_path / "missing.typ")
    broken = tmp_path / "broken.typ"
    broken.write_text("#let data = json(bytes(sys.inputs.data))\n#panic(\"排版出错\")\n",
                      encoding="utf-8")
    with pytest.raises(HuiminError, match="排版失败"):
        write_handbook(project, out, template=broken)
    assert out.read_bytes() == b"previous handbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.typ", "handbook.pdf"]


def test_nothing_in_effect_is_an_error(tmp_path):
    root = tmp_path / "site"
    (root / "policy_lists").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: 测试站点\n", encoding="utf-8")
    (root / "policy_lists/old.yaml").write_text(ONLY_EXPIRED, encoding="utf-8")
    out = tmp_path / "handbook.pdf"
    with pytest.raises(HuiminError, match="没有现行有效的政策"):
        write_handbook(load_project(root, AS_OF), out)
    assert not out.exists()
