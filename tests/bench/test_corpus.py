"""The benchmark's synthetic corpus is valid input and deterministic (no site build here)."""

from __future__ import annotations

import re

import yaml

from huimin.read.project import read_project
from tests.bench import corpus, text


def small(root):
    policies = corpus.make_policies(20)
    corpus.write_huimin_base(root, policies)
    subs = corpus.make_submissions(10)
    corpus.write_submissions(root / "content", subs)
    return policies, subs


def test_small_corpus_validates(tmp_path):
    root = tmp_path / "huimin"
    policies, subs = small(root)
    project = read_project(root, corpus.AS_OF)
    assert [str(p) for p in project.problems] == []
    assert len(project.policies) == 20
    assert all(len(p.summary) <= 100 for p in project.policies)


def test_submissions_follow_the_format(tmp_path):
    root = tmp_path / "huimin"
    _, subs = small(root)
    units = set(text.UNIT_SLUGS)
    for rel, _ in subs:
        raw = (root / "content" / rel).read_text(encoding="utf-8")
        head, body = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.S).groups()
        meta = yaml.safe_load(head)
        assert rel.split("/")[1] == meta["month"]
        assert meta["unit"] in units
        assert meta["kind"] in text.KINDS
        assert meta["date"].isoformat().startswith(meta["month"])
        assert len(meta["summary"]) <= 200
        assert 800 <= len(body) <= 3000


def test_deterministic():
    assert corpus.make_policies(5) == corpus.make_policies(5)
    assert corpus.make_submissions(12)[:5] == corpus.make_submissions(5)


def test_bare_site_has_the_requested_page_count(tmp_path):
    policies = corpus.make_policies(20)
    subs = corpus.make_submissions(10)
    c = corpus.Corpus(tmp_path / "huimin", policies, subs)
    assert corpus.generate_bare(tmp_path / "bare", c, pages=80) == 80
    # the items huimin publishes, not those it keeps off the site (问题调研类 by default)
    written = {p.relative_to(tmp_path / "bare/docs").as_posix() for p in (tmp_path / "bare/docs/submissions").rglob("*.md")}
    assert written == {rel for rel, sub in subs if sub["meta"]["kind"] == "经验成效类"}
    cfg = yaml.safe_load((tmp_path / "bare/mkdocs.yml").read_text(encoding="utf-8"))
    assert cfg["plugins"] == [{"search": {"lang": "zh"}}]
    assert "custom_dir" not in cfg["theme"]


def test_page_count_is_what_a_build_publishes(tmp_path):
    # 问题调研类 submissions are not public by default: they are read but get no page
    from huimin.build import build

    root = tmp_path / "huimin"
    _, subs = small(root)
    hidden = [rel for rel, sub in subs if sub["meta"]["kind"] == "问题调研类"]
    assert hidden and len(hidden) < len(subs)
    generated, content = corpus.count_pages(root)
    site = build(root, as_of=corpus.AS_OF, site_dir=tmp_path / "site").site_dir
    assert generated + content == len(list(site.rglob("index.html")))
