"""Whole builds of a small fixture project: pages, listings, anchors, search index, atomicity."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build

from huimin.build import build
from huimin.model.errors import HuiminError
from tests.helpers import (
    AS_OF,
    FILES,
    NASTY,
    NASTY_SETTINGS,
    TITLES,
    article,
    built,  # noqa: F401  (module-scoped fixture)
    heading_ids,
    leftovers,
    meta_table,
    meta_tags,
    policy_links,
    read,
    search_manifest,
    search_rows,
    text_of,
    tree_digest,
)

# ------------------------------------------------------------------ policy pages


def test_text_files_are_served_precompressed(built):
    import gzip

    for name in ("index.html", "policies/edu-preschool-aid/index.html", "search/manifest.json", "sitemap.xml"):
        packed = built / (name + ".gz")
        assert packed.is_file(), name
        assert gzip.decompress(packed.read_bytes()) == (built / name).read_bytes(), name
    # every .gz is its file as finally written: also the pages the PDF notes changed after the
    # rest was compressed (huimin.build._Finish)
    stale = [p for p in built.rglob("*.gz") if gzip.decompress(p.read_bytes()) != p.with_suffix("").read_bytes()]
    assert stale == []
    noted = [p for p in built.rglob("*.html") if "hm-pdf-note" in p.read_text(encoding="utf-8")]
    assert noted and all(p.with_name(p.name + ".gz").is_file() for p in noted if p.stat().st_size >= 512)


def test_every_policy_has_its_page(built):
    for pid, title in TITLES.items():
        page = read(built, f"policies/{pid}/")
        assert f">{title}<" in article(page), pid


def test_metadata_table_with_every_field(built):
    assert meta_table(read(built, "policies/edu-preschool-aid/")) == {
        "发文机关/主管部门": "市教体局",
        "发文字号": "赣教发〔2023〕5号",
        "成文日期": "2023-03-01",
        "有效性": "有效（2023-01-01 至 2025-12-31）",
        "主题分类": "教育保障",
        "政策对象": "脱贫户、监测对象",
        "补助标准": "每生每年1000元",
        "享受条件": "在公办或普惠性民办幼儿园就读",
        "办理流程": "见上文",
        "咨询电话": "0795-3999999",
    }


def test_metadata_table_with_only_required_fields(built):
    assert meta_table(read(built, "policies/monitor-quick-identify/")) == {
        "发文机关/主管部门": "市乡村振兴局",
        "发文字号": "—",
        "成文日期": "—",
        "有效性": "有效",
        "主题分类": "防返贫监测",
        "政策对象": "监测对象、农村低收入人口",
        "补助标准": "纳入监测后落实针对性帮扶措施",
        "享受条件": "—",
        "办理流程": "见上文",
        "咨询电话": "—",
    }


def test_metadata_links(built):
    page = read(built, "policies/edu-preschool-aid/")
    for href in [
        "../department/shi-jiao-ti-ju/",
        "../validity/you-xiao/",
        "../category/jiao-yu-bao-zhang/",
        "../target/tuo-pin-hu/",
        "../target/jian-ce-dui-xiang/",
        "#zen-me-ban-li",
        "tel:07953999999",
        "../../zi-cha/",
    ]:
        assert f'href="{href}"' in article(page), href
    assert '<h2 id="zen-me-ban-li">怎么办理' in page


def test_meta_tags(built):
    tags = meta_tags(read(built, "policies/edu-preschool-aid/"))
    assert tags["ArticleTitle"] == "学前教育幼儿资助"
    assert tags["PubDate"] == "2023-03-01"
    assert tags["ContentSource"] == "市教体局"
    assert tags["ColumnName"] == "教育保障"
    assert tags["description"] == "对脱贫家庭在园幼儿给予保育教育费补助"
    # Without issued, PubDate falls back to effective_from.
    tags = meta_tags(read(built, "policies/monitor-insurance/"))
    assert (tags["ArticleTitle"], tags["PubDate"], tags["ContentSource"], tags["ColumnName"]) == (
        "防返贫保险", "2024-09-01", "市财政局", "防返贫监测",
    )
    assert "<title>防返贫保险 - 测试站点</title>" in read(built, "policies/monitor-insurance/")


# ------------------------------------------------------------------ validity


def test_expired_policy_is_marked_on_its_page(built):
    page = article(read(built, "policies/edu-college-award/"))
    assert re.search(r'<div class="admonition danger">\s*<p class="admonition-title">已失效</p>', page)
    assert "本政策已于 2023-12-31 失效" in page
    assert meta_table(page)["有效性"] == "已失效（2021-07-01 至 2023-12-31）"


def test_not_yet_effective_policy_is_marked(built):
    page = article(read(built, "policies/monitor-insurance/"))
    assert "尚未生效" in page and "本政策自 2024-09-01 起施行" in page
    assert meta_table(page)["有效性"] == "未生效（2024-09-01 至 长期）"


def test_default_listing_leaves_out_expired(built):
    page = read(built, "policies/")
    assert policy_links(page, "policies/") == ["edu-preschool-aid", "monitor-insurance", "monitor-quick-identify"]
    assert "共 3 条现行政策（统计日期 2024-06-01）" in article(page)
    assert "脱贫家庭大学新生一次性奖励" not in article(page)
    assert 'href="validity/yi-shi-xiao/"' in article(page)


def test_validity_pages(built):
    expected = {
        "you-xiao": ["monitor-quick-identify", "edu-preschool-aid"],
        "wei-sheng-xiao": ["monitor-insurance"],
        "yi-shi-xiao": ["edu-college-award"],
    }
    for slug, ids in expected.items():
        url = f"policies/validity/{slug}/"
        assert policy_links(read(built, url), url) == ids, slug


# ------------------------------------------------------------------ browsing pages


@pytest.mark.parametrize("url, current, expired", [
    ("policies/category/jiao-yu-bao-zhang/", ["edu-preschool-aid"], ["edu-college-award"]),
    ("policies/category/fang-fan-pin-jian-ce/", ["monitor-insurance", "monitor-quick-identify"], []),
    ("policies/department/shi-jiao-ti-ju/", ["edu-preschool-aid"], ["edu-college-award"]),
    ("policies/department/shi-xiang-cun-zhen-xing-ju/", ["monitor-quick-identify"], []),
    ("policies/department/shi-cai-zheng-ju/", ["monitor-insurance"], []),
    ("policies/target/tuo-pin-hu/", ["edu-preschool-aid"], ["edu-college-award"]),
    ("policies/target/jian-ce-dui-xiang/", ["monitor-insurance", "monitor-quick-identify", "edu-preschool-aid"], []),
    ("policies/target/nong-cun-di-shou-ru-ren-kou/", ["monitor-quick-identify"], []),
])
def test_facet_pages_list_their_policies(built, url, current, expired):
    page = read(built, url)
    assert policy_links(page, url) == current + expired
    body = article(page)
    details = re.search(r"<details.*?</details>", body, re.S)
    if expired:
        assert details and "已失效政策（1 条，仅供查阅）" in details.group(0)
        assert policy_links(f"<article>{details.group(0)}</article>", url) == expired
    else:
        assert details is None


@pytest.mark.parametrize("url, names", [
    ("policies/category/", {"jiao-yu-bao-zhang/": "教育保障", "fang-fan-pin-jian-ce/": "防返贫监测"}),
    ("policies/department/", {"shi-jiao-ti-ju/": "市教体局", "shi-xiang-cun-zhen-xing-ju/": "市乡村振兴局",
                              "shi-cai-zheng-ju/": "市财政局"}),
    ("policies/target/", {"tuo-pin-hu/": "脱贫户", "jian-ce-dui-xiang/": "监测对象",
                          "nong-cun-di-shou-ru-ren-kou/": "农村低收入人口"}),
])
def test_facet_index_pages(built, url, names):
    body = article(read(built, url))
    for href, name in names.items():
        assert f'<a href="{href}">{name}</a>' in body, href


def test_pinyin_page_groups_by_initial(built):
    body = article(read(built, "policies/pinyin/"))
    assert '<a href="#f">F</a> <a href="#n">N</a> <a href="#t">T</a> <a href="#x">X</a>' in body
    sections = re.split(r'(?=<h2 id=")', body)[1:]
    groups = {}
    for section in sections:
        letter = re.match(r'<h2 id="([a-z])">([A-Z])', section)
        assert letter and letter.group(1) == letter.group(2).lower()
        groups[letter.group(2)] = policy_links(f"<article>{section}</article>", "policies/pinyin/")
    assert groups == {
        "F": ["monitor-insurance"],
        "N": ["monitor-quick-identify"],
        "T": ["edu-college-award"],
        "X": ["edu-preschool-aid"],
    }


def test_heading_anchors_are_pinyin(built):
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        for anchor in heading_ids(path.read_text(encoding="utf-8")):
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", anchor), f"{path.relative_to(built)}: id={anchor}"
    guide = read(built, "guide/")
    # a repeated heading gets "-2" (not Python-Markdown's "_1"), in the TOC too
    assert heading_ids(guide) == ["ban-shi-zhi-nan", "ban-li-liu-cheng", "zi-xun-dian-hua", "ban-li-liu-cheng-2"]
    assert 'href="#ban-li-liu-cheng-2"' in guide and "_1" not in " ".join(re.findall(r'href="#[^"]*"', guide))
    assert heading_ids(read(built, "policies/edu-preschool-aid/")) == [
        "xue-qian-jiao-yu-you-er-zi-zhu", "bu-zhu-biao-zhun", "shui-neng-xiang-shou", "zen-me-ban-li",
        "zi-xun-dian-hua", "zheng-ce-xiang-qing", "bu-zhu-dui-xiang", "shen-qing-cai-liao", "zheng-ce-yi-ju",
    ]
    assert 'href="#ban-li-liu-cheng"' in guide  # the table of contents uses the same anchors


# ------------------------------------------------------------------ search index


def test_search_index_has_every_policy_and_no_listing(built):
    rows = search_rows(built)
    assert {r[0]: r[1] for r in rows if r[2] == "policy"} == {f"policies/{pid}/": t for pid, t in TITLES.items()}
    urls = [r[0] for r in rows]
    assert "" in urls  # the home page: a hand-written page, type "page"
    assert not any(u.startswith(("policies/category/", "policies/pinyin/")) or u == "policies/" for u in urls)
    assert [r[2] for r in rows] == sorted((r[2] for r in rows), key=["policy", "case", "submission", "page"].index)
    # The fixture's mkdocs.yml still lists Material's search plugin: switched off, no lunr index.
    assert not (built / "search" / "search_index.json").exists()
    assert (built / "search" / "hm-search.js").is_file()


def test_search_summary_is_the_policy_summary(built):
    row = next(r for r in search_rows(built) if r[0] == "policies/edu-preschool-aid/")
    assert row[3] == text_of(re.search(r'<meta name="description" content="([^"]*)"',
                                       read(built, "policies/edu-preschool-aid/")).group(1))


def test_search_finds_a_word_inside_a_longer_word(built):
    """返贫 is found in 防返贫监测: every bigram of the text is a term."""
    from huimin.site.search_index import bucket

    manifest = search_manifest(built)
    shard = json.loads((built / "search" / "t" / f"{bucket('返贫', manifest['shards'])}.json").read_text(encoding="utf-8"))
    docs, doc = [], 0
    for delta in shard["返贫"][::2]:
        doc += delta
        docs.append(doc)
    rows = search_rows(built)
    assert "policies/monitor-quick-identify/" in [rows[d][0] for d in docs]
    assert manifest["synonyms"]["看病"][:3] == ["医疗", "住院", "医保"]


# ------------------------------------------------------------------ --as-of


def test_as_of_changes_validity(make_site):
    root = make_site(FILES)
    site = build(root, as_of=date(2026, 1, 1)).site_dir
    assert meta_table(article(read(site, "policies/edu-preschool-aid/")))["有效性"].startswith("已失效")
    assert meta_table(article(read(site, "policies/monitor-insurance/")))["有效性"] == "有效（2024-09-01 至 长期）"
    assert policy_links(read(site, "policies/"), "policies/") == ["monitor-insurance", "monitor-quick-identify"]
    assert policy_links(read(site, "policies/validity/yi-shi-xiao/"), "policies/validity/yi-shi-xiao/") == [
        "edu-college-award", "edu-preschool-aid",
    ]
    assert not (site / "policies/validity/wei-sheng-xiao").exists()
    assert "统计日期 2026-01-01" in read(site, "policies/")


def test_as_of_from_settings_file(make_site):
    root = make_site({**FILES, "huimin.yml": "as_of: 2020-01-01\n"})
    result = build(root)
    assert result.project.as_of == date(2020, 1, 1)
    url = "policies/validity/wei-sheng-xiao/"
    assert policy_links(read(result.site_dir, url), url) == [
        "monitor-insurance", "edu-college-award", "edu-preschool-aid",
    ]


# ------------------------------------------------------------------ escaping


def test_nasty_titles_never_become_html(make_site):
    root = make_site({**FILES, "policy_lists/nasty.yaml": NASTY, "huimin.yml": NASTY_SETTINGS})
    site = build(root, as_of=AS_OF).site_dir
    bad = []
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".json", ".xml"):
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".json" and path.relative_to(site).parts[0] == "search":
                continue  # plain text, which the search client escapes (checked below)
            for pattern in ("<script>alert", "<b>市民政局", "<img src=x", "javascript:alert"):
                for m in re.finditer(re.escape(pattern), text):
                    if pattern != "javascript:alert" or re.search(r'(href|src)="$', text[:m.start()]):
                        bad.append(f"{path.relative_to(site)}: {text[max(0, m.start() - 40):m.end() + 20]}")
            # No event-handler attribute in any tag (Material itself uses none).
            for m in re.finditer(r"<[a-zA-Z][^<>]*\son[a-z]+\s*=[^<>]*>", text):
                bad.append(f"{path.relative_to(site)}: {m.group(0)}")
    assert bad == [], "\n".join(bad)
    # The search index holds titles and summaries as the text they are; hm-search.js puts
    # every field of a result into the page only through escape() (mark() escapes first).
    row = next(r for r in search_rows(site) if r[0] == "policies/nasty-script/")
    assert row[1:] == ["<script>alert(1)</script>", "policy", "<script>alert(2)</script>"]
    client = (site / "search" / "hm-search.js").read_text(encoding="utf-8")
    assert re.findall(r"row\[\d\]", client) == ["row[2]", "row[2]", "row[2]", "row[0]", "row[1]", "row[3]"]
    assert "escape(LABELS[row[2]] || LABELS.page)" in client and "escape(new URL(row[0], SITE).href)" in client
    assert "mark(row[1], r.words)" in client and "mark(row[3], r.words)" in client
    page = read(site, "policies/nasty-script/")
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; - 测试站点</title>" in page
    # Share cards (Open Graph): the same text, escaped once.
    assert '<meta property="og:title" content="&lt;script&gt;alert(1)&lt;/script&gt;">' in page
    assert '<meta property="og:description" content="&lt;script&gt;alert(2)&lt;/script&gt;">' in page
    assert '<meta property="og:type" content="article">' in page
    assert re.search(r"<h1 [^>]*>&lt;script&gt;alert\(1\)&lt;/script&gt;<", page)
    assert text_of(re.search(r"<h1 [^>]*>(.*?)</h1>", read(site, "policies/nasty-markdown/")).group(1)) == "*$]\\"
    h1 = re.search(r"<h1 [^>]*>(.*?)</h1>", read(site, "policies/nasty-link/")).group(1)
    assert html.unescape(h1) == "[x](javascript:alert(1))"
    # Navigation labels are text too.
    nav = read(site, "policies/category/qi-ta/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in nav
    assert "&amp;lt;" not in nav  # and not escaped twice


# ------------------------------------------------------------------ atomic build


def test_first_failed_build_creates_nothing(make_site):
    root = make_site({"policy_lists/a.yaml": "policies:\n  - id: a\n    title: [未闭合\n"})
    with pytest.raises(HuiminError) as exc:
        build(root, as_of=AS_OF)
    assert str(exc.value.problems[0]).startswith("policy_lists/a.yaml:4:1: YAML: YAML 语法错误：")
    assert not (root / "site_build").exists()
    assert leftovers(root) == []


def test_invalid_input_leaves_previous_site_untouched(make_site):
    root = make_site(FILES)
    build(root, as_of=AS_OF)
    before = tree_digest(root / "site_build")
    assert "policies/edu-preschool-aid/index.html" in before

    (root / "policy_lists/jiaoyu.yaml").write_text("policies:\n  - id: a\n    title: [未闭合\n", encoding="utf-8")
    (root / "policy_lists/sub/fanfanpin.yml").write_text(FILES["policy_lists/sub/fanfanpin.yml"].replace(
        "standard: 纳入监测后落实针对性帮扶措施\n", ""), encoding="utf-8")
    with pytest.raises(HuiminError) as exc:
        build(root, as_of=AS_OF)
    assert len(exc.value.problems) == 2
    assert tree_digest(root / "site_build") == before
    assert leftovers(root) == []


@pytest.mark.parametrize("error", [RuntimeError("磁盘已满"), KeyboardInterrupt()])
def test_failure_during_mkdocs_build_keeps_previous_site(make_site, monkeypatch, error):
    root = make_site(FILES)
    build(root, as_of=AS_OF)
    before = tree_digest(root / "site_build")

    real_build = mkdocs_build.build
    seen = {}

    def build_then_fail(config, *args, **kwargs):
        real_build(config, *args, **kwargs)  # writes the whole new site into the staging folder
        staging = config.site_dir
        seen["staging"] = staging
        seen["files"] = sum(1 for _ in Path(staging).rglob("index.html"))
        raise error

    monkeypatch.setattr(mkdocs_build, "build", build_then_fail)
    (root / "policy_lists/jiaoyu.yaml").write_text(
        FILES["policy_lists/jiaoyu.yaml"].replace("学前教育幼儿资助", "学前教育幼儿资助（新）"), encoding="utf-8")
    with pytest.raises(type(error)):
        build(root, as_of=AS_OF)

    assert seen["files"] > 10, "the failure should come after pages were written"
    assert seen["staging"].startswith(str(root / ".site_build.building-"))
    assert tree_digest(root / "site_build") == before
    assert leftovers(root) == []


def test_plugin_error_during_build_is_reported_and_site_kept(make_site):
    root = make_site(FILES)
    build(root, as_of=AS_OF)
    before = tree_digest(root / "site_build")
    (root / "content/policies").mkdir()
    (root / "content/policies/index.md").write_text("# 手写的政策清单\n", encoding="utf-8")
    with pytest.raises(HuiminError) as exc:
        build(root, as_of=AS_OF)
    (problem,) = exc.value.problems
    assert problem.message == "站点构建失败：content/ 中的文件与自动生成的页面重名：policies/index.md"
    assert tree_digest(root / "site_build") == before
    assert leftovers(root) == []


def test_rebuild_replaces_the_site(make_site):
    root = make_site(FILES)
    build(root, as_of=AS_OF)
    (root / "site_build/stale.html").write_text("旧文件", encoding="utf-8")
    text = FILES["policy_lists/jiaoyu.yaml"]
    start = text.index("  - id: edu-college-award")
    (root / "policy_lists/jiaoyu.yaml").write_text(
        text[:start].replace("title: 学前教育幼儿资助", "title: 学前教育幼儿资助（2024年修订）"), encoding="utf-8")

    result = build(root, as_of=AS_OF)
    site = root / "site_build"
    assert result.site_dir == site
    page = read(site, "policies/edu-preschool-aid/")
    assert "学前教育幼儿资助（2024年修订）" in article(page)
    assert meta_tags(page)["ArticleTitle"] == "学前教育幼儿资助（2024年修订）"
    assert not (site / "policies/edu-college-award").exists()
    assert not (site / "stale.html").exists()
    assert not (site / "policies/validity/yi-shi-xiao").exists()
    assert leftovers(root) == []
    assert result.pages == sum(1 for _ in site.rglob("index.html"))


def test_a_rebuild_names_the_kept_bytes_of_unchanged_files_and_never_changes_them(make_site):
    root = make_site(FILES)
    build(root, as_of=AS_OF)
    site, kept = root / "site_build", root / ".huimin-cache/files"
    before = {name: os.stat(site / name).st_ino for name in ("guide/index.html", "policies/edu-preschool-aid/index.html")}
    text = FILES["policy_lists/jiaoyu.yaml"]
    (root / "policy_lists/jiaoyu.yaml").write_text(
        text.replace("title: 学前教育幼儿资助", "title: 学前教育幼儿资助（2024年修订）"), encoding="utf-8")
    build(root, as_of=AS_OF)

    assert os.stat(site / "guide/index.html").st_ino == before["guide/index.html"]  # unchanged: the same file
    assert os.stat(site / "policies/edu-preschool-aid/index.html").st_ino != before["policies/edu-preschool-aid/index.html"]
    assert '<a class="hm-tel" href="tel:12317">' in read(site, "guide/")
    files = {f.name: f for f in kept.iterdir() if not f.name.startswith(".")}
    # each kept file holds the bytes its name says (no step rewrote a page in place: phone
    # numbers, PDF notes), and each is a file of this site (the old page's bytes were pruned)
    assert {name: hashlib.sha256(f.read_bytes()).hexdigest() for name, f in files.items()} == {n: n for n in files}
    assert {f.stat().st_nlink for f in files.values()} == {2}
    in_site = {hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*") if p.is_file() and p.stat().st_nlink == 2}
    assert set(files) <= in_site
    pages = [p for p in site.rglob("*") if p.suffix in (".html", ".gz", ".json") and p.name != "sitemap.xml.gz"]
    assert len(pages) > 50 and [p for p in pages if p.stat().st_nlink != 2] == []


def test_a_build_with_nothing_changed_puts_the_last_site_back_and_any_change_builds_again(make_site):
    root = make_site(FILES)
    first = build(root, as_of=AS_OF)
    site = root / "site_build"
    before = tree_digest(site)
    shutil.rmtree(site)

    again = build(root, as_of=AS_OF)
    assert again.project is None  # put back from the kept files, not made
    assert tree_digest(site) == before
    assert (again.pages, again.policies, again.as_of, again.warnings) == (
        first.pages, len(first.project.policies), first.as_of, first.warnings)
    assert leftovers(root) == []
    assert build(root, as_of=date(2024, 6, 2)).project is not None  # another as-of day
    assert build(root, as_of=AS_OF).project is not None  # and back: the last build is the one kept

    with open(site / "guide/index.html", "r+b") as fh:  # a site file edited in place changes the kept bytes
        fh.write(b"<!-- -->")
    rebuilt = build(root, as_of=AS_OF)
    assert rebuilt.project is not None and tree_digest(site) == before
    text = FILES["policy_lists/jiaoyu.yaml"]
    (root / "policy_lists/jiaoyu.yaml").write_text(
        text.replace("title: 学前教育幼儿资助", "title: 学前教育幼儿资助（2024年修订）"), encoding="utf-8")
    changed = build(root, as_of=AS_OF)
    assert changed.project is not None and "（2024年修订）" in article(read(site, "policies/edu-preschool-aid/"))


def test_build_into_other_site_dir(make_site, tmp_path):
    root = make_site(FILES)
    out = tmp_path / "out" / "www"
    result = build(root, as_of=AS_OF, site_dir=out)
    assert result.site_dir == out.resolve()
    assert (out / "policies/edu-preschool-aid/index.html").is_file()
    assert not (root / "site_build").exists()
    build(root, as_of=AS_OF, site_dir=out)
    assert leftovers(out.parent, "www") == []


def _children() -> list[str]:
    """The processes this one started that still run (not multiprocessing's resource tracker)."""
    import os

    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and fields[0] != "Z" and "resource_tracker" not in cmdline:
            found.append(cmdline)
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_the_pdf_worker_started_early_ends_with_a_failed_build(make_site, monkeypatch):
    """huimin build starts its PDF worker before it reads a large project: bad input ends it too."""
    import huimin.build

    monkeypatch.setattr(huimin.build, "EARLY_WORKER_PAGES", 1)
    root = make_site({**FILES, "policy_lists/jiaoyu.yaml": "- id: [\n"})
    with pytest.raises(HuiminError):
        build(root, as_of=AS_OF)
    assert _children() == []
    root = make_site(FILES)
    build(root, as_of=AS_OF)
    assert _children() == []
