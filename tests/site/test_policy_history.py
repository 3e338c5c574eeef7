"""Policy history on the built site: 最后更新 and 修订记录 on the policy page, the changes page
and the Atom feed of policy changes, from a fixture repository with commits of fixed dates."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from xml.etree import ElementTree as ET

import pytest

from huimin.build import build
from tests.conftest import REPO, write_tree
from tests.helpers import article, meta_table, minimal_mkdocs, read, search_rows, text_of
from tests.history_repo import EXPECTED, commit_steps, git

ATOM = "{http://www.w3.org/2005/Atom}"
AS_OF = date(2024, 7, 1)


def project(root):
    return write_tree(root, {"mkdocs.yml": minimal_mkdocs(), "content/index.md": "# 首页\n",
                             ".gitignore": "site_build/\n.huimin-cache/\n"})


def history_lines(page: str) -> list[str]:
    m = re.search(r'<div class="hm-history">(.*?)</div>', page, re.S)
    assert m, "页面中没有修订记录"
    return [re.sub(r"\s+", " ", text_of(li)) for li in re.findall(r"<li>(.*?)</li>", m.group(1), re.S)]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("history") / "p")
    commit_steps(root)
    (root / "policy_lists/other.yaml").unlink()  # the 4th commit removes a policy
    git(root, "commit", "-q", "-am", "删除医疗救助", day="2024-06-20T10:00:00+08:00")
    return build(root, as_of=AS_OF).site_dir


def test_policy_page_shows_last_update_and_history(site):
    page = article(read(site, "policies/edu-aid/"))
    assert history_lines(page) == EXPECTED
    assert meta_table(page)["最后更新"] == "2024-06-01"
    assert 'href="../changes/"' in page
    assert "张三" not in page and "zhangsan" not in page  # no author names or e-mails, no messages


def test_second_build_uses_the_cache(site):
    """The second build of the same commit reads the cached history: the cache file is not written again."""
    root = site.parent
    (cache,) = (root / ".huimin-cache/history").glob("*.json")
    before = cache.stat().st_mtime_ns
    again = build(root, as_of=AS_OF).site_dir
    assert cache.stat().st_mtime_ns == before
    assert history_lines(article(read(again, "policies/edu-aid/"))) == EXPECTED


def test_old_values_are_not_searched(site):
    text = " ".join(" ".join(row) for row in search_rows(site))
    assert "修订记录" not in text or "每生每年1000元" not in text
    rows = [row for row in search_rows(site) if any("edu-aid" in cell for cell in row)]
    assert rows and not any("1000" in " ".join(row) for row in rows)


def test_feed_of_policy_changes(site):
    feed = ET.fromstring((site / "policies/feed.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [(e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}updated")[:10], e.find(f"{ATOM}link").get("href"))
            for e in entries] == [
        ("医疗救助：删除", "2024-06-20", "changes/"),
        ("学前教育幼儿资助：失效", "2024-06-01", "edu-aid/"),
        ("学前教育幼儿资助：修改", "2024-03-01", "edu-aid/"),
        ("学前教育幼儿资助：新增", "2024-01-10", "edu-aid/"),
        ("医疗救助：新增", "2023-12-01", "changes/"),
    ]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 5 and all(i.startswith("tag:") for i in ids)
    assert entries[2].findtext(f"{ATOM}summary") == EXPECTED[1].split(" ", 1)[1]
    assert feed.findtext(f"{ATOM}updated").startswith("2024-06-20")
    assert "张三" not in (site / "policies/feed.xml").read_text(encoding="utf-8")


def test_changes_page_lists_every_policy(site):
    page = article(read(site, "policies/changes/"))
    rows = [[text_of(td) for td in re.findall(r"<td>(.*?)</td>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", page, re.S)][1:]
    assert [r[:2] for r in rows] == [["2024-06-20", "医疗救助"], ["2024-06-01", "学前教育幼儿资助"],
                                     ["2024-03-01", "学前教育幼儿资助"], ["2024-01-10", "学前教育幼儿资助"],
                                     ["2023-12-01", "医疗救助"]]
    assert 'href="../edu-aid/"' in page and 'href="../feed.xml"' in page
    assert "政策修订记录" in article(read(site, "policies/"))


def test_uncommitted_change_is_listed_without_a_date(tmp_path):
    root = project(tmp_path / "p")
    commit_steps(root)
    path = root / "policy_lists/jiaoyu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("每生每年1500元", "每生每年2000元"), encoding="utf-8")
    result = build(root, as_of=AS_OF)
    lines = history_lines(article(read(result.site_dir, "policies/edu-aid/")))
    assert lines == ["未提交的修改 补助标准：由“每生每年1500元”改为“每生每年2000元”", *EXPECTED]
    assert any("未提交的修改" in w for w in result.warnings)
    assert meta_table(article(read(result.site_dir, "policies/edu-aid/")))["最后更新"] == "2024-06-01"


def test_without_git_no_history_and_no_error(tmp_path):
    """git not installed (PATH without it) and a project that is no repository: exit 0, no 修订记录."""
    root = project(tmp_path / "p")
    commit_steps(root)
    bare = tmp_path / "nogit"
    bare.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO), "PATH": str(bare)}
    done = subprocess.run([sys.executable, "-m", "huimin.cli", "build", "--as-of", "2024-07-01"], cwd=root,
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr
    assert "提示：读取 git 历史失败（未找到 git 程序），本次政策页面不显示修订记录" in done.stderr
    assert "Traceback" not in done.stderr
    page = article(read(root / "site_build", "policies/edu-aid/"))
    assert "修订记录" not in page and "最后更新" not in page
    assert not (root / "site_build/policies/feed.xml").exists()

    plain = project(tmp_path / "plain")  # never under git: nothing said
    write_tree(plain, {"policy_lists/jiaoyu.yaml": (root / "policy_lists/jiaoyu.yaml").read_text(encoding="utf-8")})
    result = build(plain, as_of=AS_OF)
    assert "修订记录" not in article(read(result.site_dir, "policies/edu-aid/"))
    assert not any("git" in w for w in result.warnings)



def head_feeds(site, url: str) -> dict[str, str]:
    """<link rel="alternate"> in the page head: title → path from the site root."""
    links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">',
                       read(site, url))
    return {title: os.path.normpath(os.path.join(url, href)) for title, href in links}


def test_feed_readers_find_the_feeds_in_the_head(site, sample_site):
    assert head_feeds(site, "policies/changes/") == {"政策修订记录": "policies/feed.xml"}
    feeds = head_feeds(sample_site, "compilations/")
    assert {"每月汇编": "compilations/feed.xml", "全部报送": "submissions/feed.xml"}.items() <= feeds.items()
    assert all((sample_site / path).is_file() for path in feeds.values()), feeds
    for page in (read(site, "policies/changes/"), read(sample_site, "compilations/")):
        assert "git" not in text_of(article(page)) and "Atom 源" not in page  # words villagers do not know
