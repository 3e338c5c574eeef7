"""Site files as second names of kept bytes: the same bytes are linked, never shared inside
one build, never changed in place; a damaged kept file is not used; unused ones are pruned."""

from __future__ import annotations

import errno
import hashlib
import os

from huimin.output import file_store
from huimin.output.file_store import MARK_NS, FileStore, place_file, replace_file

PAGE = ("<p>脱贫户可以享受的政策</p>\n" * 50).encode("utf-8")


def kept_files(store: FileStore) -> dict[str, bytes]:
    return {e.name: open(e.path, "rb").read() for e in os.scandir(store.folder) if not e.name.startswith(".")}


def test_the_same_bytes_in_the_next_build_are_a_second_name_of_the_kept_file(tmp_path):
    store = FileStore.open(tmp_path / "cache")
    store.write(tmp_path / "one/a/index.html", PAGE)
    again = FileStore.open(tmp_path / "cache")  # the next build
    again.write(tmp_path / "two/a/index.html", PAGE)
    first, second = (os.stat(tmp_path / f"{n}/a/index.html") for n in ("one", "two"))
    assert (first.st_ino, first.st_nlink) == (second.st_ino, 3)  # the kept file and two sites
    assert (tmp_path / "two/a/index.html").read_bytes() == PAGE
    assert first.st_mtime_ns % 1_000_000_000 == MARK_NS
    assert (store.kept, store.linked, again.kept, again.linked, again.plain) == (1, 1, 0, 1, 0)
    assert kept_files(again) == {hashlib.sha256(PAGE).hexdigest(): PAGE}


def test_two_files_with_the_same_bytes_in_one_build_are_two_files(tmp_path):
    store = FileStore.open(tmp_path / "cache")
    store.write(tmp_path / "site/a.html", PAGE)
    store.write(tmp_path / "site/b.html", PAGE)
    assert os.stat(tmp_path / "site/a.html").st_ino != os.stat(tmp_path / "site/b.html").st_ino
    (tmp_path / "site/b.html").write_bytes(b"changed in place")  # (a plugin's doing)
    assert (tmp_path / "site/a.html").read_bytes() == PAGE
    assert (store.linked, store.plain) == (1, 1)


def test_a_file_replaced_in_the_site_leaves_the_kept_bytes_alone(tmp_path):
    store = FileStore.open(tmp_path / "cache")
    store.write(tmp_path / "site/a.html", PAGE)
    replace_file(tmp_path / "site/a.html", b"<p>12317</p>")  # e.g. phone numbers linked afterwards
    store.write(tmp_path / "site/a.html.gz", b"gz")  # a file that exists is replaced, not rewritten
    assert kept_files(store)[hashlib.sha256(PAGE).hexdigest()] == PAGE
    assert (tmp_path / "site/a.html").read_bytes() == b"<p>12317</p>"


def test_a_kept_file_changed_in_place_is_written_again_and_the_changed_site_keeps_its_text(tmp_path):
    store = FileStore.open(tmp_path / "cache")
    store.write(tmp_path / "old/a.html", PAGE)
    with open(tmp_path / "old/a.html", "r+b") as fh:  # an in-place edit through the site's name
        fh.write(b"<p>X")
    edited = (tmp_path / "old/a.html").read_bytes()
    FileStore.open(tmp_path / "cache").write(tmp_path / "new/a.html", PAGE)  # same size: the time tells
    assert (tmp_path / "new/a.html").read_bytes() == PAGE
    assert (tmp_path / "old/a.html").read_bytes() == edited  # a new kept file, not the old one rewritten
    assert kept_files(store) == {hashlib.sha256(PAGE).hexdigest(): PAGE}


def test_prune_removes_the_kept_files_no_site_names_and_stale_temporary_files(tmp_path):
    store = FileStore.open(tmp_path / "cache")
    store.write(tmp_path / "site/a.html", PAGE)
    store.write(tmp_path / "site/b.html", b"<p>b</p>")
    (tmp_path / "site/b.html").unlink()  # the previous site deleted
    stale, fresh = (tmp_path / "cache/.tmp-1-2", tmp_path / "cache/.tmp-3-4")
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(stale, (0, 0))
    assert store.prune() == 1
    assert list(kept_files(store).values()) == [PAGE]
    assert not stale.exists() and fresh.exists()  # (a build running now may still rename it)


def test_without_hard_links_files_are_written_as_usual(tmp_path, monkeypatch):
    def no_links(src, dst):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(file_store.os, "link", no_links)
    store = FileStore.open(tmp_path / "cache")
    for name in ("a", "b", "c"):
        store.write(tmp_path / f"site/{name}.html", PAGE + name.encode())
    assert [(tmp_path / f"site/{n}.html").read_bytes() for n in "abc"] == [PAGE + n.encode() for n in "abc"]
    assert (store.linked, store.kept, store.plain) == (0, 1, 3)  # tried once, then written as usual
    place_file(tmp_path / "site/a.html", tmp_path / "site/copy.html")
    assert (tmp_path / "site/copy.html").read_bytes() == PAGE + b"a"


def test_a_kept_file_pruned_by_a_build_running_at_the_same_time_is_written_as_usual(tmp_path, monkeypatch):
    store = FileStore.open(tmp_path / "cache")
    real = os.link
    monkeypatch.setattr(file_store.os, "link", lambda a, b: (os.unlink(a), real(a, b)))  # pruned in between
    store.write(tmp_path / "site/a.html", PAGE)
    assert (tmp_path / "site/a.html").read_bytes() == PAGE and store.plain == 1
    monkeypatch.setattr(file_store.os, "link", real)
    store.write(tmp_path / "site/b.html", b"<p>b</p>")  # the store is still used
    assert store.linked == 1


def test_a_cache_folder_that_cannot_be_made_means_no_store(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert FileStore.open(tmp_path / "file" / "cache") is None


def test_a_kept_file_cut_short_by_a_killed_build_is_not_used(tmp_path):
    store = FileStore.open(tmp_path / "cache")
    name = hashlib.sha256(PAGE).hexdigest()
    (tmp_path / "cache" / name).write_bytes(PAGE)  # whole, but never marked: the build was killed before
    store.write(tmp_path / "site/a.html", PAGE)
    assert os.stat(tmp_path / "site/a.html").st_mtime_ns % 1_000_000_000 == MARK_NS
    assert (tmp_path / "site/a.html").read_bytes() == PAGE and store.kept == 1
    assert sorted(os.listdir(tmp_path / "cache")) == [name]  # no temporary file left
