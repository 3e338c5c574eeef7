"""The generated pages and the navigation, without MkDocs: URIs, sections, escaping."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from huimin.read.project import load_project
from huimin.site.nav import build_nav, site_pages
from tests.conftest import REPO, SAMPLE_AS_OF
from tests.helpers import AS_OF, FILES, NASTY, NASTY_SETTINGS, TITLES, write_project

POLICY_IDS = sorted(TITLES)


@pytest.fixture
def project(tmp_path):
    return load_project(write_project(tmp_path / "site"), AS_OF)


@pytest.fixture
def pages(project):
    return site_pages(project)


def by_uri(pages):
    return {p.src_uri: p for p in pages}


def body(text: str) -> str:
    """The Markdown after the front matter."""
    assert text.startswith("---\n")
    return text.split("\n---\n", 1)[1]


# ------------------------------------------------------------------ page URIs


def test_page_uris(pages):
    assert sorted(by_uri(pages)) == sorted([
        "policies/index.md",
        "policies/pinyin.md",
        "policies/category/index.md",
        "policies/category/jiao-yu-bao-zhang/index.md",
        "policies/category/fang-fan-pin-jian-ce/index.md",
        "policies/department/index.md",
        "policies/department/shi-jiao-ti-ju/index.md",
        "policies/department/shi-xiang-cun-zhen-xing-ju/index.md",
        "policies/department/shi-cai-zheng-ju/index.md",
        "policies/target/index.md",
        "policies/target/tuo-pin-hu/index.md",
        "policies/target/jian-ce-dui-xiang/index.md",
        "policies/target/nong-cun-di-shou-ru-ren-kou/index.md",
        "policies/validity/index.md",
        "policies/validity/you-xiao/index.md",
        "policies/validity/wei-sheng-xiao/index.md",
        "policies/validity/yi-shi-xiao/index.md",
        *[f"policies/{pid}.md" for pid in POLICY_IDS],
        "zi-cha/index.md",
    ])
    assert len(pages) == len(by_uri(pages)), "同一网址生成了两个页面"


def test_policy_pages_carry_title_and_category_section(pages):
    uris = by_uri(pages)
    for pid, title in TITLES.items():
        page = uris[f"policies/{pid}.md"]
        assert page.title == title
        assert page.nav
        assert page.section[:2] == ("政策清单", "按主题分类")
    assert uris["policies/edu-preschool-aid.md"].section[2] == "教育保障"
    assert uris["policies/monitor-insurance.md"].section[2] == "防返贫监测"


def test_policy_page_markdown(pages):
    text = by_uri(pages)["policies/edu-preschool-aid.md"].text
    assert text.startswith('---\ntitle: "学前教育幼儿资助"\n')
    for line in [
        '  ArticleTitle: "学前教育幼儿资助"',
        '  PubDate: "2023-03-01"',
        '  ContentSource: "市教体局"',
        '  ColumnName: "教育保障"',
        "# 学前教育幼儿资助",
        "| 发文机关/主管部门 | [市教体局](department/shi-jiao-ti-ju/index.md) |",
        "| 发文字号 | 赣教发〔2023〕5号 |",
        "| 成文日期 | 2023-03-01 |",
        "| 主题分类 | [教育保障](category/jiao-yu-bao-zhang/index.md) |",
        "| 政策对象 | [脱贫户](target/tuo-pin-hu/index.md)、[监测对象](target/jian-ce-dui-xiang/index.md) |",
        "| 补助标准 | 每生每年1000元 |",
        "| 办理流程 | [见上文](#zen-me-ban-li) |",
        "## 怎么办理",
    ]:
        assert line in text.splitlines(), line


def test_policy_page_puts_citizens_first(pages):
    """What you get, who gets it, how to apply, whom to call; the 索引项 table last."""
    text = body(by_uri(pages)["policies/edu-preschool-aid.md"].text)
    order = ["# 学前教育幼儿资助", "对脱贫家庭在园幼儿给予保育教育费补助", "## 补助标准", "每生每年1000元",
             "## 谁能享受", "## 怎么办理", "## 咨询电话", "政策自查", "## 政策详情", "## 政策依据", "| 索引项 | 内容 |"]
    where = [text.index(part) for part in order]
    assert where == sorted(where), order
    lines = text.splitlines()
    assert ("- **政策对象**：[脱贫户](target/tuo-pin-hu/index.md)、"
            "[监测对象](target/jian-ce-dui-xiang/index.md)") in lines
    assert "- **享受条件**：在公办或普惠性民办幼儿园就读" in lines
    assert '<a class="hm-call" href="tel:07953999999">0795-3999999</a>' in lines
    assert '<p class="hm-self-check"><a href="../../zi-cha/">查查我家能享受哪些政策 → 政策自查</a></p>' in lines


def test_policy_page_without_contact_offers_the_hotline(pages):
    text = by_uri(pages)["policies/monitor-quick-identify.md"].text
    assert ("本政策未列出咨询电话，可拨打政策咨询和监督举报电话："
            '<a class="hm-call" href="tel:12317">12317</a>') in text
    assert "| 咨询电话 | — |" in text


def test_policy_target_written_as_alias_links_to_its_group(tmp_path):
    files = {**FILES, "policy_lists/sub/fanfanpin.yml": FILES["policy_lists/sub/fanfanpin.yml"].replace(
        "targets: [监测对象, 农村低收入人口]", "targets: [农村低保户, 低保家庭, 监测对象]")}
    uris = by_uri(site_pages(load_project(write_project(tmp_path / "site", files), AS_OF)))
    text = uris["policies/monitor-quick-identify.md"].text
    # The words of the list are kept; each links to its group's page, which lists the policy once.
    assert ("| 政策对象 | [农村低保户](target/di-bao-dui-xiang/index.md)、[低保家庭](target/di-bao-dui-xiang/index.md)"
            "、[监测对象](target/jian-ce-dui-xiang/index.md) |") in text
    assert "policies/target/nong-cun-bao-hu/index.md" not in uris
    assert uris["policies/target/di-bao-dui-xiang/index.md"].text.count("monitor-quick-identify") == 1


def test_target_index_follows_the_vocabulary_order(pages):
    rows = [line.split("](")[0][3:] for line in by_uri(pages)["policies/target/index.md"].text.splitlines()
            if line.startswith("| [")]
    assert rows == ["脱贫户", "监测对象", "农村低收入人口"]  # vocabulary order, not pinyin


@pytest.mark.parametrize("eligibility, expected", [
    ({}, []),
    ({"member_tags": ["学前儿童"]}, [("家庭情况", "家里有学前儿童")]),
    ({"member_tags": ["残疾人", "重度残疾人", "危房户"]},
     [("家庭情况", "家里有残疾人或重度残疾人，或住房是危房（符合一项即可）")]),
    ({"monitor_types": ["突发严重困难户"]}, [("户类型", "限监测对象中的突发严重困难户")]),
    ({"household_types": ["脱贫户", "监测对象"], "monitor_types": ["突发严重困难户"]},
     [("户类型", "限脱贫户，以及监测对象中的突发严重困难户")]),
    ({"household_types": ["脱贫户"], "member_tags": ["大学生"]},
     [("户类型", "限脱贫户"), ("家庭情况", "家里有大学生")]),
    ({"monitor_risk": "已消除"}, [("户类型", "限监测对象"), ("风险状况", "限风险已消除的监测对象")]),
    ({"household_types": ["脱贫户", "监测对象"], "monitor_risk": "未消除"}, [("风险状况", "限风险未消除的监测对象")]),
])
def test_card_conditions_in_plain_words(eligibility, expected):
    from huimin.model.policy import Policy
    from huimin.site.policy_pages import eligibility_words

    policy = Policy(id="x", title="x", category="x", department="x", summary="x", targets=["脱贫户"],
                    standard="x", eligibility=eligibility)
    assert eligibility_words(policy) == expected


def test_policy_page_validity_notes(pages):
    uris = by_uri(pages)
    assert '!!! danger "已失效"' in uris["policies/edu-college-award.md"].text
    assert "本政策已于 2023-12-31 失效" in uris["policies/edu-college-award.md"].text
    assert '!!! note "尚未生效"' in uris["policies/monitor-insurance.md"].text
    assert "本政策自 2024-09-01 起施行" in uris["policies/monitor-insurance.md"].text
    assert "!!!" not in uris["policies/edu-preschool-aid.md"].text


def test_facet_pages_are_reached_from_their_index_not_the_nav(pages):
    for page in pages:
        parts = page.src_uri.split("/")
        if parts[1] in ("department", "target", "validity") and len(parts) == 4:
            assert not page.nav, page.src_uri


# ------------------------------------------------------------------ navigation


def nav_lists(nav, path=()):
    """Every list in the nav with its section path."""
    yield path, nav
    for item in nav:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    yield from nav_lists(value, path + (title,))


def nav_leaves(nav, path=()):
    """(section path, title, uri) of every page in the nav."""
    for item in nav:
        if isinstance(item, str):
            yield path, None, item
        else:
            for title, value in item.items():
                if isinstance(value, list):
                    yield from nav_leaves(value, path + (title,))
                else:
                    yield path, title, value


def check_nav(nav, project):
    leaves = list(nav_leaves(nav))
    uris = Counter(uri for _, _, uri in leaves)
    assert [u for u, n in uris.items() if n > 1] == [], "导航中有页面出现了不止一次"

    # Every policy exactly once, under 政策清单 › 按主题分类 › its category.
    for policy in project.policies:
        (where,) = [(path, title) for path, title, uri in leaves if uri == f"policies/{policy.id}.md"]
        assert where == (("政策清单", "按主题分类", policy.category), policy.title)

    # Sectioned, never one flat list: under 政策清单 no list is longer than the largest
    # category plus a few; elsewhere (monthly submissions…) no list is a flat list of everything.
    largest = max(Counter(p.category for p in project.policies).values())
    for path, items in nav_lists(nav):
        where = f"导航 {' › '.join(path) or '顶层'} 有 {len(items)} 项"
        if path[:1] == ("政策清单",):
            assert len(items) <= largest + 7, where
        assert len(items) <= max(largest + 7, 40), where
        policy_entries = [i for i in items if isinstance(i, dict)
                          and any(isinstance(v, str) and v.startswith("policies/") and v.count("/") == 1
                                  and not v.endswith(("index.md", "pinyin.md")) for v in i.values())]
        assert len(policy_entries) <= largest
        titles = [t for i in items if isinstance(i, dict) for t in i]
        assert [t for t, n in Counter(titles).items() if n > 1] == [], f"{path}: 同级重名 {titles}"


def test_nav_is_sectioned(project, pages):
    nav = build_nav(pages, ["index.md", "guide.md", "submissions/2024-05/a.md", "submissions/index.md"])
    check_nav(nav, project)
    assert nav[0] == {"首页": "index.md"}
    assert nav[-1] == "guide.md"
    top = [next(iter(i)) for i in nav if isinstance(i, dict)]
    assert top == ["首页", "政策自查", "政策清单", "县市区报送"]
    # A section's index page comes first (navigation.indexes).
    (section,) = [v for i in nav if isinstance(i, dict) for k, v in i.items() if k == "县市区报送"]
    assert section[0] == "submissions/index.md"
    assert section[1] == {"2024-05": ["submissions/2024-05/a.md"]}


def test_category_index_opens_its_section(project, pages):
    nav = build_nav(pages, ["index.md"])
    (policies,) = [v for i in nav if isinstance(i, dict) for k, v in i.items() if k == "政策清单"]
    assert policies[0] == {"政策清单": "policies/index.md"}
    (category,) = [v for i in policies if isinstance(i, dict) for k, v in i.items() if k == "按主题分类"]
    assert category[0] == {"按主题分类": "policies/category/index.md"}
    assert [next(iter(i)) for i in category[1:]] == ["教育保障", "防返贫监测"]  # usual order
    (edu,) = [v for i in category if isinstance(i, dict) for k, v in i.items() if k == "教育保障"]
    assert edu[0] == {"教育保障": "policies/category/jiao-yu-bao-zhang/index.md"}


def test_sample_project_nav_is_sectioned():
    project = load_project(REPO, date.fromisoformat(SAMPLE_AS_OF))  # the sample's dates are not after it
    pages = site_pages(project)
    generated = {p.src_uri for p in pages}
    # As the MkDocs adapter does: hand-written pages, less those the generated ones replace.
    content = [uri for uri in (p.relative_to(REPO / "content").as_posix()
                               for p in (REPO / "content").rglob("*.md") if "_data" not in p.parts)
               if uri not in generated]
    check_nav(build_nav(pages, content), project)


# ------------------------------------------------------------------ Markdown injection


@pytest.fixture
def nasty_pages(tmp_path):
    root = write_project(tmp_path / "site", {**FILES, "policy_lists/nasty.yaml": NASTY, "huimin.yml": NASTY_SETTINGS})
    return by_uri(site_pages(load_project(root, AS_OF)))


def test_markdown_specials_in_title_are_escaped(nasty_pages):
    text = nasty_pages["policies/nasty-markdown.md"].text
    assert "\n# \\*$\\]\\\\\n" in text
    assert "\\*\\*粗体\\*\\* \\_斜体\\_ \\`代码\\` \\# 标题" in text
    assert "| 补助标准 | &lt;img src=x onerror=alert(1)&gt; |" in text


def test_html_in_title_is_escaped(nasty_pages):
    text = nasty_pages["policies/nasty-script.md"].text
    assert "\n# &lt;script&gt;alert(1)&lt;/script&gt;\n" in text
    assert "<script>" not in body(text)
    assert "| 补助标准 | \\| 表格 \\| 注入 \\| |" in text
    # Not a phone number: escaped text, not a tel: link.
    assert "| 咨询电话 | &#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt; |" in text


def test_front_matter_titles_are_html_text(nasty_pages):
    # MkDocs themes print page titles and descriptions as HTML: they must be escaped.
    text = nasty_pages["policies/nasty-script.md"].text
    assert 'title: "&lt;script&gt;alert(1)&lt;/script&gt;"' in text
    assert 'description: "&lt;script&gt;alert(2)&lt;/script&gt;"' in text
    # The meta tags are escaped by the theme template (main.html uses | e).
    assert '  ArticleTitle: "<script>alert(1)</script>"' in text


def test_link_syntax_in_title_is_not_a_link(nasty_pages):
    text = nasty_pages["policies/nasty-link.md"].text
    assert "\n# \\[x\\](javascript:alert(1))\n" in text
    assert "](javascript:" not in body(text).replace("\\](javascript:", "")
    assert "\\!\\[图\\](http://evil.example/x.png)" in text
    assert "{: onclick" not in body(text).replace("\\{: onclick", "")
    for page in nasty_pages.values():
        assert "](javascript:" not in body(page.text).replace("\\](javascript:", ""), page.src_uri


def test_listings_escape_titles(nasty_pages):
    listing = nasty_pages["policies/category/qi-ta/index.md"].text
    assert "- [\\*$\\]\\\\](../../nasty-markdown.md)" in listing
    assert "- [&lt;script&gt;alert(1)&lt;/script&gt;](../../nasty-script.md)" in listing
    assert "- [\\[x\\](javascript:alert(1))](../../nasty-link.md)" in listing
    assert "<script>" not in body(listing)
