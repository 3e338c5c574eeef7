"""Shared fixture data and small HTML/search-index readers for the site tests.

The fixture project has four policies in two files, as of 2024-06-01:

- edu-preschool-aid       学前教育幼儿资助           有效   (every optional field set)
- edu-college-award       脱贫家庭大学新生一次性奖励  已失效 (effective_until 2023-12-31)
- monitor-quick-identify  农户自主申报和监测对象快速识别 有效 (mentions 防返贫监测)
- monitor-insurance       防返贫保险                未生效 (effective_from 2024-09-01)
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.conftest import MINIMAL_MKDOCS, REPO, write_tree

AS_OF = date(2024, 6, 1)

JIAOYU = """\
category: 教育保障
department: 市教体局
policies:
  - id: edu-preschool-aid
    title: 学前教育幼儿资助
    summary: 对脱贫家庭在园幼儿给予保育教育费补助
    targets: [脱贫户, 监测对象]
    standard: 每生每年1000元
    conditions: 在公办或普惠性民办幼儿园就读
    procedure: |
      1. 学生家长向幼儿园提出申请
      2. 幼儿园审核后报县教体局备案
    contact: 0795-3999999
    basis: 赣教发〔2023〕5号
    issued: 2023-03-01
    effective_from: 2023-01-01
    effective_until: 2025-12-31
    body: |
      ### 补助对象

      在园脱贫家庭幼儿。

      ### 申请材料

      户口簿复印件。
  - id: edu-college-award
    title: 脱贫家庭大学新生一次性奖励
    summary: 对考入全日制本科院校的脱贫家庭新生给予一次性奖励
    targets: [脱贫户]
    standard: 每生3000元
    issued: 2021-07-20
    effective_from: 2021-07-01
    effective_until: 2023-12-31
"""

FANFANPIN = """\
category: 防返贫监测
department: 市乡村振兴局
policies:
  - id: monitor-quick-identify
    title: 农户自主申报和监测对象快速识别
    summary: 落实防返贫监测，农户可自主申报，15日内完成识别
    targets: [监测对象, 农村低收入人口]
    standard: 纳入监测后落实针对性帮扶措施
    procedure: |
      1. 农户向村委会提出申报
      2. 乡镇审核、县级审定
  - id: monitor-insurance
    title: 防返贫保险
    department: 市财政局
    summary: 为监测对象购买防返贫保险
    targets: [监测对象]
    standard: 每人每年保费50元，由财政承担
    effective_from: 2024-09-01
"""

FILES: dict[str, str] = {
    "policy_lists/jiaoyu.yaml": JIAOYU,
    "policy_lists/sub/fanfanpin.yml": FANFANPIN,
    "content/guide.md": (
        "# 办事指南\n\n## 办理流程\n\n先申请。\n\n## 咨询电话\n\n12317\n\n"
        "## 办理流程\n\n再审核（与上文同名的标题）。\n\n见[第二个办理流程](#ban-li-liu-cheng-2)。\n"
    ),
}

TITLES = {
    "edu-preschool-aid": "学前教育幼儿资助",
    "edu-college-award": "脱贫家庭大学新生一次性奖励",
    "monitor-quick-identify": "农户自主申报和监测对象快速识别",
    "monitor-insurance": "防返贫保险",
}

# Titles that must come out literally, never as Markdown or HTML.
NASTY = """\
category: 其他
department: 市民政局
policies:
  - id: nasty-markdown
    title: '*$]\\'
    summary: '**粗体** _斜体_ `代码` # 标题'
    targets: ['[x](javascript:alert(1))']
    standard: '<img src=x onerror=alert(1)>'
  - id: nasty-script
    title: '<script>alert(1)</script>'
    summary: '<script>alert(2)</script>'
    targets: [脱贫户]
    standard: '| 表格 | 注入 |'
    contact: '"><script>alert(3)</script>'
  - id: nasty-link
    title: '[x](javascript:alert(1))'
    department: '<b>市民政局</b>'
    summary: '![图](http://evil.example/x.png)'
    targets: [脱贫户]
    standard: '{: onclick="alert(4)" }'
"""


# NASTY's odd 政策对象 belongs to the project's vocabulary (huimin.yml is not trusted either).
NASTY_SETTINGS = """\
targets:
  - name: 脱贫户
  - name: 监测对象
  - name: 农村低收入人口
  - name: '[x](javascript:alert(1))'
"""


def minimal_mkdocs() -> str:
    return MINIMAL_MKDOCS.format(theme=(REPO / "templates/theme").as_posix())


def write_project(root: Path, files: dict[str, str] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    base = {"mkdocs.yml": minimal_mkdocs(), "content/index.md": "# 首页\n"}
    base.update(FILES if files is None else files)
    return write_tree(root, base)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture project, built once per module as of 2024-06-01: its site folder."""
    from huimin.build import build

    root = write_project(tmp_path_factory.mktemp("built") / "site")
    result = build(root, as_of=AS_OF)
    return result.site_dir


# ---------------------------------------------------------------- readers


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative path) → sha256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(parent: Path, name: str = "site_build") -> list[str]:
    """Temporary build folders (``.site_build.new-*`` / ``.old-*``) left next to the site."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def read(site: Path, url: str) -> str:
    """The HTML of the page at site-relative ``url`` (``policies/x/`` → policies/x/index.html)."""
    path = site / url.strip("/") / "index.html" if not url.endswith(".html") else site / url
    return path.read_text(encoding="utf-8")


def article(page: str) -> str:
    """The page's own content (without header, navigation and table of contents)."""
    m = re.search(r"<article\b[^>]*>(.*?)</article>", page, re.S)
    assert m, "页面中没有 <article>"
    return m.group(1)


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def meta_table(page: str) -> dict[str, str]:
    """The policy page's 索引项 table as label → plain text."""
    m = re.search(r'<div class="hm-meta">(.*?)</div>', page, re.S)
    assert m, "页面中没有 hm-meta 表格"
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", m.group(1), re.S)
    return {text_of(k): text_of(v) for k, v in rows}


def meta_tags(page: str) -> dict[str, str]:
    return {
        html.unescape(name): html.unescape(content)
        for name, content in re.findall(r'<meta name="([^"]+)" content="([^"]*)"', page)
    }


def policy_links(page: str, url: str) -> list[str]:
    """Ids of the policy pages the article links to, in order, without repeats."""
    found: list[str] = []
    base = "/" + url.strip("/") + "/"
    for href in re.findall(r'href="([^"]+)"', article(page)):
        m = re.fullmatch(r"/policies/([a-z0-9-]+)/", urljoin(base, html.unescape(href)).split("#")[0])
        if m and m.group(1) not in ("category", "department", "target", "validity", "pinyin"):
            if m.group(1) not in found:
                found.append(m.group(1))
    return found


def heading_ids(page: str) -> list[str]:
    return re.findall(r'<h[1-6] id="([^"]*)"', page)


def search_rows(site: Path) -> list[list[str]]:
    """Every document of the site's search index as [url, title, type, summary], in index order."""
    folder = site / "search" / "m"
    return [row for n in range(len(list(folder.glob("*.json"))))
            for row in json.loads((folder / f"{n}.json").read_text(encoding="utf-8"))]


def search_manifest(site: Path) -> dict:
    return json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))
