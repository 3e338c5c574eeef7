"""公开属性: submissions that are not public never reach the site, are still counted, and
stay in the internal brief (``huimin brief``), marked 内部资料 on every page."""

from __future__ import annotations

import gzip
import html
import re
import shutil
import subprocess
from datetime import date

import pytest

from huimin.cli import main
from huimin.read.project import read_project
from huimin.rules.quota import month_quota
from tests.conftest import REPO, SAMPLE_AS_OF, write_tree

pdftotext = shutil.which("pdftotext")


def hidden_items():
    project = read_project(REPO, date.fromisoformat(SAMPLE_AS_OF))
    assert project.problems == []
    return project, [s for s in project.submissions if not s.public]


def needles(s) -> list[str]:
    """The title, the start of the summary and three sentences of the body."""
    sentences = [x.strip() for x in re.split(r"[。！？\n]", s.body) if len(x.strip()) >= 15]
    return [s.meta.title, s.meta.summary[:30], *sentences[:3]]


def site_text(path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
        path = path.with_suffix("")
    if path.suffix == ".pdf":
        out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout
        return "".join(out.decode("utf-8").split())
    return html.unescape(data.decode("utf-8", "replace"))


def test_sample_defaults_keep_problem_reports_off_the_site():
    project, hidden = hidden_items()
    kinds = {s.meta.kind for s in hidden}
    assert kinds == {"问题调研类"} and len(hidden) == 25
    shown = [s for s in project.submissions if s.meta.kind == "问题调研类" and s.public]
    assert [s.path.rsplit("/", 1)[1] for s in shown] == [
        "shang-gao-xian-tu-fa-kun-nan-diao-yan.md", "yi-feng-xian-guan-cha-qi-diao-yan.md"]  # public: true


@pytest.mark.skipif(pdftotext is None, reason="pdftotext missing")
def test_no_file_of_the_built_site_holds_a_hidden_item(sample_site):
    _, hidden = hidden_items()
    files = [p for p in sample_site.rglob("*") if p.is_file()]
    assert any(p.name == "sitemap.xml" for p in files) and any(p.suffix == ".pdf" for p in files)
    found = []
    for path in files:
        text = site_text(path)
        for s in hidden:
            for needle in needles(s):
                if ("".join(needle.split()) if path.suffix in (".pdf", ".gz") else needle) in text:
                    found.append(f"{path.relative_to(sample_site)}: {s.path}: {needle}")
    assert found == []
    # ... while a public item's title is everywhere it should be (the test can see)
    public = "宜丰县风险消除户“观察期”跟踪情况调研"
    for uri in ("submissions/2026-08/index.html", "submissions/feed.xml", "search/m"):
        where = sample_site / uri
        texts = [site_text(p) for p in where.rglob("*.json")] if where.is_dir() else [site_text(where)]
        assert any(public in t for t in texts), uri


def test_hidden_items_still_count_for_the_quota(sample_site):
    project, hidden = hidden_items()
    october = [s for s in hidden if s.meta.month == "2026-10"]
    rows = {r.unit: r for r in month_quota(project.submissions, project.settings, "2026-10")}
    assert sum(r.by_kind["问题调研类"] for r in rows.values()) == sum(
        1 for s in project.submissions if s.meta.month == "2026-10" and s.meta.kind == "问题调研类" and s.meta.valid)
    page = site_text(sample_site / "submissions/2026-10/index.html")
    assert f"{len(october)} 篇不公开（如问题调研类），只收入内部简报，不在网站上发布" in page
    assert f"问题调研类（0 篇，另有 {len(october)} 篇不公开）" in page and "本月的问题调研类信息都不公开。" in page
    compiled = site_text(sample_site / "compilations/2026-10/index.html")
    assert f"另有 {len(october)} 篇不公开的信息（如问题调研类）只收入内部简报" in compiled
    assert f"本月的问题调研类信息都不公开（{len(october)} 篇，只收入内部简报）。" in compiled


def test_public_flag_and_default_by_kind(tmp_path):
    def sub(kind, extra=""):
        return f"---\ntitle: {kind}{len(extra)}\nunit: 袁州区\nmonth: 2026-10\nkind: {kind}\n{extra}date: 2026-10-02\nsummary: 摘要\n---\n正文\n"

    root = write_tree(tmp_path, {
        "content/submissions/2026-10/a.md": sub("经验成效类"),
        "content/submissions/2026-10/b.md": sub("问题调研类"),
        "content/submissions/2026-10/c.md": sub("问题调研类", "public: true\n"),
        "content/submissions/2026-10/d.md": sub("经验成效类", "public: false\n"),
    })
    public = {s.path[-4:]: s.public for s in read_project(root, date(2026, 11, 1)).submissions}
    assert public == {"a.md": True, "b.md": False, "c.md": True, "d.md": False}
    (root / "huimin.yml").write_text("public_by_kind: {经验成效类: false, 问题调研类: true}\n", encoding="utf-8")
    public = {s.path[-4:]: s.public for s in read_project(root, date(2026, 11, 1)).submissions}
    assert public == {"a.md": False, "b.md": True, "c.md": True, "d.md": False}
    (root / "huimin.yml").write_text("public_by_kind:\n  经验类: true\n  问题调研类: \"no\"\n", encoding="utf-8")
    (root / "content/submissions/2026-10/c.md").write_text(sub("问题调研类", "public: yes\n"), encoding="utf-8")
    assert [str(p) for p in read_project(root, date(2026, 11, 1)).problems] == [
        "content/submissions/2026-10/c.md:6:9: public（公开）: 应为 true 或 false，实际为“yes”",
        "huimin.yml:2:3: public_by_kind.经验类: 未知字段“经验类”，是否应为“经验成效类”？（可用字段：经验成效类、问题调研类）",
        "huimin.yml:3:10: public_by_kind.问题调研类（问题调研类是否公开）: 应为 true 或 false，实际为“no”",
    ]


@pytest.mark.skipif(pdftotext is None, reason="pdftotext missing")
def test_internal_brief_has_every_item_and_says_so_on_every_page(sample_copy, monkeypatch, capsys):
    _, hidden = hidden_items()
    october = [s for s in hidden if s.meta.month == "2026-10"]
    monkeypatch.chdir(sample_copy)
    assert main(["brief", "2026-10", "--out", "../内部简报.pdf", "--as-of", SAMPLE_AS_OF]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(r"已生成 \.\./内部简报\.pdf：\d+ 页，收录 22 篇，其中不公开的 9 篇；每页已标“内部资料”，请勿上传到网站或公开转发\n", out)
    text = subprocess.run(["pdftotext", "-layout", "../内部简报.pdf", "-"], capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 5
    for n, page in enumerate(pages, 1):
        lines = [line for line in page.splitlines() if line.strip()]
        assert "内部资料" in lines[0], f"第 {n} 页页眉"
        assert "内部资料，不得公开发布" in lines[-1], f"第 {n} 页页脚"
    flat = "".join(text.split())
    for s in october:
        assert "".join(s.meta.title.split()) in flat


def test_internal_brief_is_refused_inside_the_site_or_content(sample_copy, monkeypatch, capsys):
    monkeypatch.chdir(sample_copy)
    assert main(["brief", "2026-10", "--out", "site_build/b.pdf", "--as-of", SAMPLE_AS_OF]) == 1
    assert capsys.readouterr().err == (
        "输出文件 site_build/b.pdf 位于网站输出目录 site_build/ 内：内部简报可能含不公开的信息，不得放入网站，"
        "请改用网站以外的位置（如 --out ../每月汇编简报-2026-10.pdf）\n")
    assert main(["brief", "2026-10", "--out", "content/b.pdf", "--as-of", SAMPLE_AS_OF]) == 1
    assert capsys.readouterr().err == (
        "输出文件 content/b.pdf 是项目的源文件或在源文件夹 content/ 内：编辑人员的文件不能被输出覆盖。请换一个位置\n")
    assert not (sample_copy / "site_build/b.pdf").exists() and not (sample_copy / "content/b.pdf").exists()


def test_images_of_a_hidden_item_are_not_published(tmp_path):
    from huimin.build import build
    from tests.helpers import AS_OF, FILES, write_project
    from tests.images import photo_bytes

    root = write_project(tmp_path / "site", FILES)
    photo = photo_bytes(800, 600)
    write_tree(root, {
        "content/submissions/2024-05/a.md": (
            "---\ntitle: 袁州区饮水安全调研\nunit: 袁州区\nmonth: 2024-05\nkind: 问题调研类\ndate: 2024-05-18\n"
            "summary: 摘要\n---\n水源地现状：\n\n![水源地旁的垃圾堆](shuiyuan.jpg)\n"),
        "content/submissions/2024-05/shuiyuan.jpg": photo,
    })
    site = build(root, as_of=AS_OF).site_dir
    files = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    assert "submissions/2024-05/index.html" in files  # the month is there, counted, without the item
    assert not [f for f in files if "shuiyuan" in f or f.startswith("submissions/2024-05/a")]
    assert not any(photo == p.read_bytes() for p in site.rglob("*.jpg"))
    assert "袁州区饮水安全调研" not in "".join(site_text(site / f) for f in files if f.endswith((".html", ".xml", ".json")))
