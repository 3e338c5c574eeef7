"""The build cache's store (.huimin-cache/*/entries.sqlite): kept values survive a reopen,
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
