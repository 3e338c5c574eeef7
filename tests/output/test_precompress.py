"""Pre-compressed .gz files for nginx's gzip_static: right files, same bytes, reproducible."""

from __future__ import annotations

import gzip
import os

from huimin.output.precompress import precompress


def test_text_files_get_a_gz_twin_that_decompresses_to_the_same_bytes(tmp_path):
    page = ("<p>脱贫户可以享受的政策</p>\n" * 200).encode("utf-8")
    (tmp_path / "policies/a").mkdir(parents=True)
    (tmp_path / "policies/a/index.html").write_bytes(page)
    (tmp_path / "search.json").write_text('{"docs": [' + ",".join(['{"t": "防返贫"}'] * 100) + "]}", encoding="utf-8")
    (tmp_path / "tiny.css").write_text("a{color:red}", encoding="utf-8")          # too small to matter
    (tmp_path / "photo.png").write_bytes(b"\x89PNG" + b"\x00" * 4000)             # not text
    (tmp_path / "noise.js").write_bytes(os.urandom(4000))                          # does not shrink

    result = precompress(tmp_path)

    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.gz")) == [
        "policies/a/index.html.gz", "search.json.gz"]
    assert gzip.decompress((tmp_path / "policies/a/index.html.gz").read_bytes()) == page
    assert result.files == 2 and result.bytes_out < result.bytes_in / 5
    first = (tmp_path / "policies/a/index.html.gz").read_bytes()
    precompress(tmp_path)
    assert (tmp_path / "policies/a/index.html.gz").read_bytes() == first, "same site, same bytes"


def test_kept_gz_files_are_reused_and_a_changed_file_is_compressed_again(tmp_path, monkeypatch):
    from huimin.output import precompress as module
    from huimin.output.content_cache import ContentCache

    page = ("<p>脱贫户可以享受的政策</p>\n" * 200).encode("utf-8")
    noise = os.urandom(4000)
    compressed: list[int] = []
    real = module.gzip.compress
    monkeypatch.setattr(module.gzip, "compress", lambda data, **kw: compressed.append(len(data)) or real(data, **kw))
    sites, keys = [], []
    for n in range(3):
        site = tmp_path / f"site{n}"
        (site / "a").mkdir(parents=True)
        (site / "a/index.html").write_bytes(page if n < 2 else page + b"<p>new</p>")
        (site / "noise.js").write_bytes(noise)  # kept too, but not worth a .gz: none
        cache = ContentCache.open(tmp_path / "gz")
        result = precompress(site, cache=cache)
        cache.prune()
        keys.append(cache.keys())
        assert result.files == 1 and sorted(p.name for p in site.rglob("*.gz")) == ["index.html.gz"]
        sites.append(site / "a/index.html.gz")
    # the first build compressed both files; the second nothing; the third only the changed page
    assert compressed == [len(page), len(noise), len(page) + len(b"<p>new</p>")] or \
        compressed == [len(noise), len(page), len(page) + len(b"<p>new</p>")]
    assert keys[0] == keys[1] and len(keys[2]) == 2 and keys[2] != keys[1]  # the unused entry is gone
    assert sites[1].read_bytes() == sites[0].read_bytes()
    assert gzip.decompress(sites[0].read_bytes()) == page
    assert gzip.decompress(sites[2].read_bytes()) == page + b"<p>new</p>"