"""``.gz`` files next to a built site's text files, for nginx's ``gzip_static on``.

A phone on a weak network then receives every page, stylesheet, script and index already
compressed at the best level, with no compression work on the server. Files are written
with a fixed mtime in the gzip header (the same site gives the same bytes), and only when
the compressed file is smaller than the original by at least 10 %.
"""

from __future__ import annotations

import gzip
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from huimin.output.content_cache import ContentCache, digest
from huimin.output.file_store import FileStore, write_file

TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map", ".webmanifest"})
MIN_BYTES = 512  # smaller files fit in one packet anyway
LEVEL = 6
CACHE_DIR = ".huimin-cache/gz"  # compressed files by the hash of their bytes


@dataclass(frozen=True)
class Compressed:
    files: int
    bytes_in: int
    bytes_out: int


def precompress(folder: Path, level: int = LEVEL, cache: ContentCache | None = None,
                done: frozenset[str] | set[str] = frozenset(), store: FileStore | None = None) -> Compressed:
    """Write ``NAME.gz`` beside every text file of ``folder`` worth compressing, but for the
    files of ``done`` (absolute paths: their ``.gz`` was written with them).

    Level 6 gives files 1 % larger than level 9 in half the time (measured on the sample
    site). With a ``cache``, a file whose bytes were compressed before gets the kept ``.gz``
    (the same bytes: the gzip header carries no time or name); the others are compressed on
    every core (zlib releases the interpreter lock; looking up the cache from several threads
    would only make them wait for each other). With a ``store``, each ``.gz`` is a link to
    its kept bytes (huimin.output.file_store).
    """
    top = os.path.abspath(folder)
    paths = [Path(dirpath, name) for dirpath, _, names in os.walk(top) for name in names
             if Path(name).suffix.lower() in TEXT_SUFFIXES and os.path.join(dirpath, name) not in done]
    sizes, todo = [], []
    for path in paths:
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        packed = cache.get_bytes(digest("gz", str(level), data)) if cache is not None else None
        if packed is None:
            todo.append((path, data))
        else:
            sizes.append(write_gz(path, data, packed, store))
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        sizes += pool.map(lambda item: write_gz(*item, compressed(item[1], level, cache), store), todo)
    sizes = [s for s in sizes if s]
    return Compressed(len(sizes), sum(a for a, _ in sizes), sum(b for _, b in sizes))


def write_gz(path: Path, data: bytes, packed: bytes, store: FileStore | None = None) -> tuple[int, int] | None:
    """Write ``packed`` (``data`` compressed) as ``path``.gz when it saves 10 % (a file there
    is replaced, not rewritten); the sizes, or None."""
    if len(packed) > 0.9 * len(data):
        return None
    write_file(path.with_name(path.name + ".gz"), packed, store)  # (before its page, by the page's writer)
    return len(data), len(packed)


def compressed(data: bytes, level: int = LEVEL, cache: ContentCache | None = None) -> bytes:
    """``data`` gzipped (no time or name in the header), kept in ``cache`` by its hash: a file
    compressed before is not compressed again. Also used ahead, by a process that renders pages."""
    key = digest("gz", str(level), data) if cache is not None else ""
    packed = cache.get_bytes(key) if cache is not None else None
    if packed is None:
        packed = gzip.compress(data, compresslevel=level, mtime=0)
        if cache is not None:
            cache.put_bytes(key, packed)
    return packed
