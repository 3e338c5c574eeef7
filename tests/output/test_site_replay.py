"""A recorded site is put back byte for byte as second names of its kept bytes, with what
its build said; a different key, missing or changed bytes, or a hand-edited list put back
nothing (and leave the folder empty)."""

from __future__ import annotations

import json
import os

from huimin.output.file_store import FileStore, replace_file
from huimin.output.site_replay import record, replay
from tests.helpers import tree_digest

PAGE = ("<p>脱贫户可以享受的政策</p>\n" * 50).encode("utf-8")
SUMMARY = {"warnings": ["2024-05 有 1 个单位未报送"], "pages": 2, "policies": 3, "as_of": "2024-06-01"}


def built_site(tmp_path):
    """A site as a build leaves it: pages through the store, a copied asset, the same bytes twice."""
    store = FileStore.open(tmp_path / "cache")
    site = tmp_path / "site"
    store.write(site / "index.html", PAGE)
    store.write(site / "a/index.html", PAGE + b"a")
    store.write(site / "b/index.html", PAGE)  # the same bytes: a file of its own
    replace_file(site / "assets/x.css", b"body{}")  # copied by the engine, not through the store
    (site / "empty").mkdir()
    (site / ".marker").write_text("huimin", encoding="utf-8")
    return site, store


def recorded(tmp_path):
    """A built site recorded under the key "k1": (site, store, manifest, an empty folder to put it back in)."""
    site, store = built_site(tmp_path)
    manifest = tmp_path / "cache/site.json"
    record(site, store, "k1", SUMMARY, manifest)
    again = tmp_path / "again"
    again.mkdir()
    return site, store, manifest, again


def test_a_recorded_site_is_put_back_as_it_was(tmp_path):
    site, store = built_site(tmp_path)
    before = tree_digest(site)
    manifest = tmp_path / "cache/site.json"
    assert record(site, store, "k1", SUMMARY, manifest, skip=".marker")
    assert tree_digest(site) == before  # recording changes no byte
    again = tmp_path / "again"
    again.mkdir()

    assert replay(again, FileStore.open(tmp_path / "cache"), "k1", manifest) == SUMMARY
    assert tree_digest(again) == {k: v for k, v in before.items() if k != ".marker"}
    assert (again / "empty").is_dir()
    same = {n: os.stat(again / n) for n in ("index.html", "b/index.html", "assets/x.css")}
    assert same["index.html"].st_ino != same["b/index.html"].st_ino  # the same bytes twice: two files
    assert same["assets/x.css"].st_ino == os.stat(site / "assets/x.css").st_ino  # kept once recorded


def test_another_key_puts_back_nothing(tmp_path):
    site, store, manifest, again = recorded(tmp_path)
    assert replay(again, store, "k2", manifest) is None
    assert list(again.iterdir()) == []


def test_bytes_changed_in_place_or_pruned_put_back_nothing(tmp_path):
    site, store, manifest, again = recorded(tmp_path)
    with open(site / "a/index.html", "r+b") as fh:  # an edit through the site's name changes the kept file
        fh.write(b"<p>X")
    assert replay(again, store, "k1", manifest) is None
    record(site, store, "k1", SUMMARY, manifest)  # the edited site recorded: its bytes kept again
    assert replay(again, store, "k1", manifest) == SUMMARY
    assert (again / "a/index.html").read_bytes().startswith(b"<p>X")

    for folder in (site, again):
        for path in list(folder.rglob("*")):
            if path.is_file():
                path.unlink()
    store.prune()  # no site names the kept files any more
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert replay(fresh, store, "k1", manifest) is None
    assert list(fresh.iterdir()) == []


def test_a_list_edited_to_lead_outside_the_site_puts_back_nothing(tmp_path):
    site, store, manifest, again = recorded(tmp_path)
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["files"][-1][0] = "../outside.html"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert replay(again, store, "k1", manifest) is None
    assert list(again.iterdir()) == [] and not (tmp_path / "outside.html").exists()
    manifest.write_text("{not json", encoding="utf-8")
    assert replay(again, store, "k1", manifest) is None
