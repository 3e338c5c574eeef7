"""Pages rendered by a forked copy of the build (huimin.adapters.mkdocs_parallel): the site,
the warnings and the cache are those of a build in one process, and a copy that fails only
costs time."""

from __future__ import annotations

import os
import time

import markdown
import pytest

from huimin.adapters import mkdocs_parallel
from huimin.build import build
from huimin.output.content_cache import ContentCache, digest
from huimin.output.file_store import FileStore
from huimin.output.precompress import CACHE_DIR as GZ_CACHE
from huimin.output.precompress import LEVEL, MIN_BYTES
from tests.helpers import AS_OF, FILES, tree_digest, write_project

LINKS = "# 链接\n\n见[不存在的页面](missing.md)。\n"
PROJECT = {**FILES, "content/zz-links.md": LINKS}  # a later page: its warning is said by the parent


def counted(monkeypatch, owner, name: str) -> list:
    """The calls of ``owner.name`` made by this process (not by its forked copies)."""
    me, seen = os.getpid(), []
    real = getattr(owner, name)

    def call(*args, **kwargs):
        if os.getpid() == me:
            seen.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, call)
    return seen


def slowed(monkeypatch, owner, name: str, seconds: float = 0.02) -> None:
    """``owner.name`` takes longer in this process than in its forked copies: the copy then
    takes more of the pages, however busy the machine is."""
    me, real = os.getpid(), getattr(owner, name)

    def call(*args, **kwargs):
        if os.getpid() == me:
            time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, call)


@pytest.fixture
def conversions(monkeypatch):
    """How many pages' Markdown this process converted."""
    return counted(monkeypatch, markdown.Markdown, "convert")


def one_process(tmp_path, monkeypatch):
    monkeypatch.setattr(mkdocs_parallel, "MIN_PAGES", 10**9)
    root = write_project(tmp_path / "one", PROJECT)
    result = build(root, as_of=AS_OF, site_dir=tmp_path / "one-site")
    monkeypatch.setattr(mkdocs_parallel, "MIN_PAGES", 0)
    return result


def test_a_build_on_two_cores_writes_the_same_site_and_says_the_same(tmp_path, monkeypatch, conversions):
    from mkdocs import utils

    from huimin.output import precompress
    from huimin.site import phone_links

    real_write_file = utils.write_file
    scanned = counted(monkeypatch, phone_links, "link_phones")
    gzipped = counted(monkeypatch, precompress.gzip, "compress")
    written = counted(monkeypatch, FileStore, "write")  # MkDocs writes its pages through the store
    alone = one_process(tmp_path, monkeypatch)
    pages = lambda calls: [c for c in calls if b"<html" in next(a for a in c if isinstance(a, bytes))[:200]]  # noqa: E731
    done_alone = [len(conversions), len(scanned), len(pages(gzipped)), len(pages(written))]
    for calls in (conversions, scanned, gzipped, written):
        calls.clear()
    from mkdocs.commands import build as mkdocs_build

    slowed(monkeypatch, mkdocs_build, "_populate_page")
    slowed(monkeypatch, mkdocs_build, "_build_page")
    root = write_project(tmp_path / "two", PROJECT)
    two = build(root, as_of=AS_OF, site_dir=tmp_path / "two-site", reuse=False)
    assert tree_digest(two.site_dir) == tree_digest(alone.site_dir)
    assert two.warnings == alone.warnings and any("missing.md" in w for w in two.warnings)
    # the copies converted the later pages' Markdown, scanned them for phone numbers, gzipped
    # them and wrote them into the site
    for done, calls in zip(done_alone, (conversions, scanned, pages(gzipped), pages(written))):
        assert 0 < len(calls) < done * 0.8, (len(calls), done)
    assert utils.write_file is real_write_file  # MkDocs' own writer again after the build
    # the copy's search terms came in one file, which is gone; the index is the one-process one
    assert not list((root / ".huimin-cache").rglob(".search-terms-*"))
    # what the copy kept (phone-linked pages, .gz) is still there for the next build
    gz = ContentCache.open(root / GZ_CACHE)
    pages_gz = [p for p in two.site_dir.rglob("*.html") if p.stat().st_size >= MIN_BYTES]
    kept = set(gz.keys())
    assert len(pages_gz) > 20 and [p for p in pages_gz if digest("gz", str(LEVEL), p.read_bytes()) not in kept] == []
    conversions.clear()
    warm = build(root, as_of=AS_OF, site_dir=tmp_path / "warm-site", reuse=False)
    assert tree_digest(warm.site_dir) == tree_digest(alone.site_dir) and warm.warnings == alone.warnings
    assert len(conversions) <= 3  # nothing rendered again (bar pages MkDocs renders beside the cache)


def test_a_copy_that_fails_halfway_costs_time_only(tmp_path, monkeypatch):
    from mkdocs.commands import build as mkdocs_build

    alone = one_process(tmp_path, monkeypatch)
    me, real = os.getpid(), mkdocs_build._populate_page
    done = []

    def fails_in_the_copy(page, *args, **kwargs):
        if os.getpid() != me and done:
            raise RuntimeError("the copy fails")
        done.append(page)
        return real(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_populate_page", fails_in_the_copy)
    root = write_project(tmp_path / "two", PROJECT)
    two = build(root, as_of=AS_OF, site_dir=tmp_path / "two-site", reuse=False)
    assert tree_digest(two.site_dir) == tree_digest(alone.site_dir)
    assert two.warnings == alone.warnings
    assert not list((root / ".huimin-cache").rglob(".search-terms-*"))

