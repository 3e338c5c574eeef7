"""The build cache's store (.huimin-cache/*/values.sqlite): kept values survive a reopen,
an unused one is pruned, a damaged file is replaced, a forked process writes its own."""

from __future__ import annotations

import os

from huimin.output.content_cache import ContentCache


def test_values_are_kept_between_builds_and_unused_ones_pruned(tmp_path):
    cache = ContentCache.open(tmp_path / "c")
    cache.put("a", {"页面": "<p>脱贫户</p>", "n": [1, 2]})
    cache.put_bytes("b", b"\x1f\x8b raw")
    assert cache.get("a") == {"页面": "<p>脱贫户</p>", "n": [1, 2]}  # before it is written, too
    cache.close()

    again = ContentCache.open(tmp_path / "c")
    assert again.get("a") == {"页面": "<p>脱贫户</p>", "n": [1, 2]}
    assert again.get("missing") is None
    assert again.prune() == 1  # "b" was not used by this build
    assert again.keys() == ["a"]
    target = tmp_path / "a.bin"
    assert again.write_to("a", target) == target.stat().st_size
    again.close()


def test_many_values_are_written_in_batches(tmp_path):
    cache = ContentCache.open(tmp_path / "c")
    for n in range(ContentCache.BATCH * 2 + 5):
        cache.put(f"k{n}", n)
    cache.close()
    again = ContentCache.open(tmp_path / "c")
    assert len(again.keys()) == ContentCache.BATCH * 2 + 5 and again.get("k300") == 300


def test_a_damaged_file_is_replaced_and_a_folder_that_is_a_file_means_no_cache(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / ContentCache.FILE).write_bytes(b"not a database at all" * 100)
    cache = ContentCache.open(folder)
    assert cache is not None and cache.keys() == []
    cache.put("a", 1)
    cache.close()
    assert ContentCache.open(folder).get("a") == 1
    (tmp_path / "file").write_text("x")
    assert ContentCache.open(tmp_path / "file") is None


def test_entries_of_the_old_layout_are_removed(tmp_path):
    folder = tmp_path / "c"
    (folder / "ab").mkdir(parents=True)
    (folder / "ab" / ("ab" + "0" * 62)).write_bytes(b"old")
    cache = ContentCache.open(folder)
    cache.prune()
    assert not (folder / "ab").exists()


def test_a_forked_process_writes_with_its_own_connection(tmp_path):
    cache = ContentCache.open(tmp_path / "c")
    cache.put("parent", 1)
    cache.flush()
    pid = os.fork()
    if pid == 0:  # the child: writes through the same object, then leaves without cleanup
        code = 1
        try:
            cache.put("child", 2)
            cache.flush()
            code = 0 if cache.get("parent") == 1 else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert cache.get("child") == 2 and cache.get("parent") == 1
    cache.put("after", 3)
    cache.close()
    assert ContentCache.open(tmp_path / "c").keys() == ["after", "child", "parent"]


def test_entries_a_forked_process_used_and_handed_over_survive_the_prune(tmp_path):
    cache = ContentCache.open(tmp_path / "c")
    for key in ("old", "seen-by-child", "stale"):
        cache.put(key, key)
    cache.close()
    cache = ContentCache.open(tmp_path / "c")
    pid = os.fork()
    if pid == 0:  # the child looks one entry up and makes another, as the page-writing copy does
        code = 1
        try:
            code = 0 if cache.get("seen-by-child") == "seen-by-child" else 1
            cache.put("made-by-child", 1)
            cache.hand_over()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    cache.get("old")
    assert cache.prune() == 1  # "stale": used by neither
    assert ContentCache.open(tmp_path / "c").keys() == ["made-by-child", "old", "seen-by-child"]
    cache.get("old")
    assert cache.prune() == 2  # handed over once: the next build decides again


def test_texts_and_other_values_come_back_as_they_were_given_and_the_old_file_goes(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / ContentCache.LEGACY).write_bytes(b"an earlier version's file")
    cache = ContentCache.open(folder)
    assert not (folder / ContentCache.LEGACY).exists()
    values = {"page": "<p>脱贫户\ud800</p>", "list": ["s", 1], "text-like": "j{}", "none": None, "n": 0}
    for key, value in values.items():
        cache.put(key, value)
    cache.put_bytes("damaged", b"not compressed")
    cache.close()
    again = ContentCache.open(folder)
    assert {key: again.get(key) for key in values} == values
    assert again.get("damaged") is None
