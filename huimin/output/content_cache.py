"""A folder of values kept by the hash of everything they were made from (``.huimin-cache/``).

``huimin build`` keeps rendered pages here: a page whose inputs hash to a known key is
not rendered again. Values are JSON (no code is ever loaded from the cache), compressed;
each is written to a temporary file and renamed, so an interrupted build leaves either no
entry or a whole one. After a complete build, :meth:`ContentCache.prune` removes the
entries that build did not use, so the folder holds about one site's worth.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def digest(*parts: object) -> str:
    """A key from ``parts`` (strings, bytes, or anything ``json.dumps`` can write)."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode("utf-8", "surrogatepass")
        else:
            data = json.dumps(part, ensure_ascii=False, sort_keys=True, default=_stable).encode("utf-8")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _stable(value: object) -> object:
    """Objects without a JSON form are known by their type (never by their address)."""
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if isinstance(value, Path):
        return value.as_posix()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    shown = repr(value)
    if " at 0x" not in shown:
        return shown
    kind = type(value)
    return getattr(value, "__qualname__", None) or f"{kind.__module__}.{kind.__qualname__}"


def folder_digest(*folders: Path) -> str:
    """The hash of every file's path and bytes under ``folders`` (templates, themes, code)."""
    h = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(folder).as_posix().encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


class ContentCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self._writer: ThreadPoolExecutor | None = None  # compressing and writing beside the rendering
        self._pending: list = []

    @classmethod
    def open(cls, folder: Path) -> ContentCache | None:
        """The cache in ``folder``, or None when it cannot be written (then nothing is cached)."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError:
            return None
        return cls(folder)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str):
        data = self.get_bytes(key)
        try:
            return None if data is None else json.loads(zlib.decompress(data))
        except (ValueError, zlib.error):
            return None

    def put(self, key: str, value) -> None:
        """Keep ``value`` (written by a background thread: zlib and the disk release the
        interpreter lock, so the next page renders meanwhile; :meth:`flush` waits)."""
        data = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self.used.add(key)
        if self._writer is None:
            self._writer = ThreadPoolExecutor(1)
        self._pending.append(self._writer.submit(lambda: self.put_bytes(key, zlib.compress(data, 1))))

    def flush(self) -> None:
        """Wait until every value given to :meth:`put` is written."""
        for future in self._pending:
            future.result()
        self._pending = []
        if self._writer is not None:
            self._writer.shutdown()
            self._writer = None

    def get_bytes(self, key: str) -> bytes | None:
        try:
            data = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.used.add(key)
        self.hits += 1
        return data

    def link_bytes(self, key: str, target: Path) -> int | None:
        """Hard-link the kept bytes of ``key`` as ``target`` (a new file); their size, or None when
        not kept or not linkable (another file system). Kept files are never changed in place
        (:meth:`put_bytes` replaces them), so neither is ``target``; the caller must not either."""
        path = self._path(key)
        try:
            os.link(path, target)
            size = target.stat().st_size
        except OSError:
            target.unlink(missing_ok=True)
            return None
        self.used.add(key)
        self.hits += 1
        return size

    def put_bytes(self, key: str, data: bytes) -> None:
        path = self._path(key)
        tmp = path.with_name(f".{key}.{os.getpid()}.{threading.get_ident()}")
        try:
            path.parent.mkdir(exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError:  # a full disk: the value is simply not kept
            tmp.unlink(missing_ok=True)
            return
        self.used.add(key)

    def prune(self) -> int:
        """Remove every entry not used since this cache was opened; how many."""
        self.flush()
        removed = 0
        for sub in self.folder.iterdir() if self.folder.is_dir() else ():
            if not sub.is_dir():
                continue
            for entry in sub.iterdir():
                if entry.name not in self.used:
                    entry.unlink(missing_ok=True)
                    removed += 1
        return removed
