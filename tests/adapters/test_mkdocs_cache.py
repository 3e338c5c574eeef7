"""Rendered pages kept in .huimin-cache/pages: a build that uses them writes exactly the site
a build without them writes, says the same warnings, and shows every change."""

from __future__ import annotations

import shutil

from huimin.build import build
from huimin.output.content_cache import ContentCache
from tests.helpers import AS_OF, FILES, JIAOYU, read, tree_digest, write_project

LINKS = "# 链接\n\n见[不存在的页面](missing.md)。\n"


def test_a_warm_build_writes_the_same_site_and_the_same_warnings(tmp_path):
    root = write_project(tmp_path / "site", {**FILES, "content/links.md": LINKS})
    cold = build(root, as_of=AS_OF, site_dir=tmp_path / "cold")
    cache = root / ".huimin-cache/pages"
    kept = ContentCache.open(cache).keys()
    assert len(kept) >= 2 * cold.pages  # each page's Markdown and its page in the theme
    warm = build(root, as_of=AS_OF, site_dir=tmp_path / "warm", reuse=False)
    assert tree_digest(warm.site_dir) == tree_digest(cold.site_dir)
    assert warm.warnings == cold.warnings
    assert any("missing.md" in w for w in warm.warnings)
    assert ContentCache.open(cache).keys() == kept  # nothing new rendered


def test_a_change_shows_and_matches_a_build_without_the_cache(tmp_path):
    root = write_project(tmp_path / "site")
    build(root, as_of=AS_OF, site_dir=tmp_path / "first")
    (root / "policy_lists/jiaoyu.yaml").write_text(
        JIAOYU.replace("每生每年1000元", "每生每年1500元").replace("学前教育幼儿资助", "学前教育保教费资助"),
        encoding="utf-8")
    warm = build(root, as_of=AS_OF, site_dir=tmp_path / "warm", reuse=False)
    page = read(warm.site_dir, "policies/edu-preschool-aid/")
    assert "每生每年1500元" in page and "每生每年1000元" not in page
    assert "学前教育保教费资助" in read(warm.site_dir, "policies/")  # a listing
    kept = ContentCache.open(root / ".huimin-cache/pages").keys()
    shutil.rmtree(root / ".huimin-cache")
    cold = build(root, as_of=AS_OF, site_dir=tmp_path / "cold")
    assert tree_digest(warm.site_dir) == tree_digest(cold.site_dir)
    # the entries of the first build that the second did not use are gone: one site's worth is kept
    assert ContentCache.open(root / ".huimin-cache/pages").keys() == kept


def test_a_warm_build_copies_its_pdfs_without_typesetting_and_a_change_typesets_again(tmp_path, monkeypatch):
    from huimin.site import pdfs

    root = write_project(tmp_path / "site")
    cold = build(root, as_of=AS_OF, site_dir=tmp_path / "cold")
    handbook = (cold.site_dir / "downloads/zheng-ce-du-ben.pdf").read_bytes()
    kept = sorted(p.name for p in (root / pdfs.JOBS_DIR).iterdir())
    assert len(kept) == 1 and handbook.startswith(b"%PDF")  # the handbook, by the hash of its sources

    def no_worker(*args, **kwargs):
        raise AssertionError("typeset again")

    monkeypatch.setattr("huimin.adapters.mkdocs_plugin.make_pdf", no_worker)
    warm = build(root, as_of=AS_OF, site_dir=tmp_path / "warm", reuse=False)
    assert tree_digest(warm.site_dir) == tree_digest(cold.site_dir)
    monkeypatch.undo()
    (root / "policy_lists/jiaoyu.yaml").write_text(JIAOYU.replace("每生每年1000元", "每生每年1500元"), encoding="utf-8")
    changed = build(root, as_of=AS_OF, site_dir=tmp_path / "changed")
    assert (changed.site_dir / "downloads/zheng-ce-du-ben.pdf").read_bytes() != handbook
    now = sorted(p.name for p in (root / pdfs.JOBS_DIR).iterdir())
    assert len(now) == 1 and now != kept  # the job's earlier PDF is removed


def test_one_reused_converter_renders_each_page_as_mkdocs_does(tmp_path):
    """Pages rendered one after another with the converter reused: the HTML, contents,
    title, anchors and links of each are MkDocs' own, with nothing carried over (the same
    heading on the next page is not "-2", a link checks against that page's anchors)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from huimin.adapters.mkdocs_cache import render_markdown

    docs = tmp_path / "docs"
    docs.mkdir()
    texts = {
        "a.md": "# 办理流程\n\n## 申请条件\n\n## 申请条件\n\n见[b](b.md#shen-qing)和[脚注][x]。\n\n[x]: b.md\n\n"
                "<div markdown>\n**粗体** <span id=\"raw\">原样</span>\n</div>\n",
        "b.md": "# 办理流程\n\n## 申请条件 {#shen-qing}\n\n!!! note \"说明\"\n    以[a](a.md#raw)为准。\n\n| 项 | 值 |\n|--|--|\n| 1 | 2 |\n",
    }
    for name, text in texts.items():
        (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: docs\nmarkdown_extensions:\n  - toc:\n      permalink: \"¶\"\n  - tables\n"
        "  - attr_list\n  - md_in_html\n  - admonition\n  - pymdownx.details\n  - pymdownx.superfences\n",
        encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = Files([File(name, str(docs), str(tmp_path / "site"), True) for name in texts])

    def rendered(render):
        out = []
        for name in [*texts, *texts]:  # twice round: the second time after the other page
            page = Page(None, files.get_file_from_path(name), config)
            page.read_source(config)
            render(page)
            out.append((page.content, [(a.id, a.title, [c.id for c in a.children]) for a in page.toc],
                        page._title_from_render, sorted(page.present_anchor_ids),
                        {f.src_uri: v for f, v in (page.links_to_anchors or {}).items()}))
        return out

    ours = rendered(lambda page: render_markdown(page, config, files))
    assert ours == rendered(lambda page: page.render(config, files))
    assert ours[0] == ours[2] and ours[1] == ours[3]
    assert ours[0][1][0][0] == ours[1][1][0][0]  # "办理流程" has the same anchor on both pages
    assert "raw" in ours[0][3] and "b.md" in ours[0][4]  # a raw HTML id; a link to another page's anchor
