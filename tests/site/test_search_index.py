"""The search index builder (huimin/site/search_index.py) and its mirror in the browser client."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huimin.site.search_index import (
    RUN,
    SearchPage,
    bucket,
    build_index,
    index_site,
    page_from_html,
    read_site,
    remember,
    runs,
    terms,
    title_terms,
)
from tests.conftest import REPO

CLIENT = REPO / "templates/theme/search/hm-search.js"
WORDS = ["防返贫监测", "看病", "医", "ab12", "Ｗｉ-Ｆｉ", "𠀀字", "住院费用一站式结算", "12317", "低保 户"]


def test_terms_are_bigrams_of_chinese_runs_and_whole_latin_runs():
    assert terms("防返贫监测") == ["防返", "返贫", "贫监", "监测"]
    assert terms("拨打12317，咨询ＡＢ") == ["拨打", "12317", "咨询", "ab"]  # NFKC, lower case
    assert terms("医") == ["医"]
    assert title_terms("低保") == {"低保", "低", "保"}  # one-character queries match titles


# text where NFKC matters: full-width punctuation, letters and digits, compatibility
# ideographs (豈 → 豈), combining marks, ASCII
_NFKC_TEXT = st.text(st.sampled_from([
    *"，（）：；！？、。“”．／＄　﹐﹙︵｡･", *"ＡＢｚ０９", "\uf900", "\ufa0e", "\u0301", "\u3099",
    *"防返贫监测医保a Z9-", "\u200b"]), max_size=40)


@settings(max_examples=400, deadline=None)
@given(_NFKC_TEXT)
def test_runs_are_those_of_the_nfkc_text(text):
    # runs() turns full-width punctuation into spaces before NFKC (faster): never other runs
    assert runs(text) == RUN.findall(unicodedata.normalize("NFKC", text).lower())


def test_python_and_browser_client_agree_on_terms_and_buckets():
    node = shutil.which("node")
    if node is None:
        pytest.skip("需要 node")
    source = CLIENT.read_text(encoding="utf-8")
    pieces = [re.search(r"  var RUN = .*?;\n", source).group(0)]
    for name in ("normalize", "runs", "termsOf", "bucket"):
        pieces.append(re.search(rf"  function {name}\(.*?\n  }}\n", source, re.S).group(0))
    script = "".join(pieces) + "console.log(JSON.stringify(%s.map(w => [runs(w), termsOf(w), bucket(w, 512), bucket(w, 32)])));" % (
        json.dumps(WORDS, ensure_ascii=False))
    out = json.loads(subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout)
    for word, (js_runs, js_terms, b512, b32) in zip(WORDS, out):
        assert bucket(word, 512) == b512 and bucket(word, 32) == b32, word
        # The client fetches bigrams 0, 2, 4 … and the last: a subset of the page's terms.
        assert set(js_terms) <= set(terms(word)), word
        assert js_runs == runs(word), word
        assert set("".join(js_terms)) == set("".join(js_runs)), word  # every character covered


def _page(url, title, type_, text, summary=""):
    return SearchPage(url, title, type_, text, summary)


def test_index_numbers_policies_first_and_shards_by_hash(tmp_path):
    pages = [
        _page("submissions/2024-05/a/", "袁州区报送", "submission", "住院结算住院结算住院结算"),
        _page("about/", "关于本站", "page", "本站说明"),
        _page("policies/b/", "住院费用一站式结算", "policy", "出院时一站式结算", "出院时结清"),
        _page("experience/c/", "铜鼓经验", "case", "点长制"),
    ]
    stats = build_index(pages, tmp_path / "search", {"看病": ["医疗", "住院"], "空": []}, shards=16)
    manifest = json.loads((tmp_path / "search/manifest.json").read_text(encoding="utf-8"))
    assert manifest["types"] == [["policy", 0, 1], ["case", 1, 2], ["submission", 2, 3], ["page", 3, 4]]
    assert manifest["synonyms"] == {"看病": ["医疗", "住院"]} and stats["docs"] == 4
    rows = json.loads((tmp_path / "search/m/0.json").read_text(encoding="utf-8"))
    assert rows[0] == ["policies/b/", "住院费用一站式结算", "policy", "出院时结清"]
    assert rows[2][3] == "住院结算住院结算住院结算"  # no summary given: the text's beginning
    shard = json.loads((tmp_path / f"search/t/{bucket('住院', 16)}.json").read_text(encoding="utf-8"))
    assert shard["住院"] == [0, 1 + 16, 2, 3]  # [doc delta, weight]: the policy's title bonus; the submission's 3
    for n in range(16):  # every term sits in the shard of its hash
        path = tmp_path / f"search/t/{n}.json"
        if path.exists():
            assert all(bucket(t, 16) == n for t in json.loads(path.read_text(encoding="utf-8")))


PAGE = """<html><head><title>标题 - 站点</title>
<meta name="hm-search" content="{kind}">
<meta name="hm-search-summary" content="概述 &amp; 说明">
</head><body><header>页眉不进索引</header><article><!--hm-search-body-->
<h1 id="x">学前教育<a class="headerlink" href="#x">¶</a></h1><p>每生每年<strong>1000</strong>元</p>
<script>var x = "脚本不进索引";</script><!--/hm-search-body--></article></body></html>"""


def test_pages_declare_their_type_and_text():
    page = page_from_html("policies/a/", PAGE.format(kind="policy"))
    assert page == SearchPage("policies/a/", "学前教育", "policy", "学前教育\n每生每年1000元", "概述 & 说明")
    assert page_from_html("x/", PAGE.format(kind="other")).type == "page"  # unknown types rank last
    assert page_from_html("x/", PAGE.replace('<meta name="hm-search" content="{kind}">', "")) is None  # hm_search: none


def test_read_site_takes_marked_pages_only(tmp_path):
    (tmp_path / "policies/a").mkdir(parents=True)
    (tmp_path / "policies/a/index.html").write_text(PAGE.format(kind="policy"), encoding="utf-8")
    (tmp_path / "index.html").write_text(PAGE.format(kind="page"), encoding="utf-8")
    (tmp_path / "404.html").write_text("<html>找不到</html>", encoding="utf-8")
    assert [(p.url, p.type) for p in read_site(tmp_path)] == [("", "page"), ("policies/a/", "policy")]


class _Memo(dict):
    """A memo as the engine adapter gives one: get, put, and keep (through the next prune)."""

    def __init__(self):
        super().__init__()
        self.kept: set[str] = set()

    def put(self, key, value):
        self[key] = json.loads(json.dumps(value))  # kept as JSON, as the cache keeps it

    def keep(self, key):
        self.kept.add(key)


def _index_files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.json"))}


def test_pages_known_by_their_writer_are_not_read_again(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "policies/a").mkdir(parents=True)
    pages = {"policies/a/": site / "policies/a/index.html", "": site / "index.html"}
    pages["policies/a/"].write_text(PAGE.format(kind="policy"), encoding="utf-8")
    pages[""].write_text(PAGE.format(kind="page").replace("学前教育", "首页"), encoding="utf-8")
    (site / "404.html").write_text("<html>找不到</html>", encoding="utf-8")
    plain = tmp_path / "plain"
    shutil.copytree(site, plain)
    index_site(plain)
    expected = _index_files(plain / "search")

    memo = _Memo()
    known = {url: remember(url, path.read_bytes(), memo) for url, path in pages.items()}  # as the pages are written
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    index_site(site, memo=memo, known=known)
    assert read == ["404.html"]  # the one page its writer did not know
    assert _index_files(site / "search") == expected
    page_keys = {key for key, _ in known.values()}

    # nothing changed: the kept index, and the pages' terms kept for the next build, not read
    read.clear()
    memo.kept.clear()
    got = []
    memo.get = lambda key: got.append(key) or dict.get(memo, key)
    shutil.rmtree(site / "search")
    index_site(site, memo=memo, known={url: (key, None) for url, (key, _) in known.items()})
    assert read == ["404.html"] and len(got) == 1  # the whole index's entry only
    assert page_keys <= memo.kept
    assert _index_files(site / "search") == expected

    # a page its writer took from an earlier build whose terms are no longer kept: read then
    read.clear()
    fresh = _Memo()
    index_site(site, memo=fresh, known={"policies/a/": known["policies/a/"][:1] + (None,)})
    assert sorted(read) == ["404.html", "index.html", "index.html"]  # policies/a/index.html read once, for its terms
    assert _index_files(site / "search") == expected
