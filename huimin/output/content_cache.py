"""A folder of values kept by the hash of everything they were made from (``.huimin-cache/``).

``huimin build`` keeps rendered pages here: a page whose inputs hash to a known key is
not rendered again. Values are JSON (no code is ever loaded from the cache), compressed,
in one SQLite file per folder, written in transactions: an interrupted build leaves either
no entry or a whole one. After a complete build, :meth:`ContentCache.prune` removes the
entries that build did not use, so the folder holds about one site's worth.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import threading
import zlib
from pathlib import Path

try:  # ISA-L's deflate: the same zlib streams, about four times faster at level 1 (the values of a cold build)
    from isal import isal_zlib as _deflate
except ImportError:  # pragma: no cover - a platform without its wheel: the standard library's
    _deflate = zlib


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
    """Values by key in one SQLite file (``FOLDER/values.sqlite``).

    One file instead of a file per value: at 2,000 pages a build keeps some 10,000 values,
    and creating that many small files cost more system time than rendering the pages.
    Written in batches (one transaction each, WAL journal): an interrupted build loses at
    most its last batch, never an entry half-written. A damaged or foreign file is replaced.
    A process forked from the one that opened the cache opens its own connection (SQLite
    connections must not cross a fork); builds of the same project may run at once.
    """

    FILE = "values.sqlite"
    LEGACY = "entries.sqlite"  # a table WITHOUT ROWID: 2-6 times slower for values of some KB; removed
    BATCH = 256

    def __init__(self, folder: Path, connection: sqlite3.Connection) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self._db = connection
        self._pid = os.getpid()
        self._pending: dict[str, bytes] = {}
        self._broken = False
        self._lock = threading.Lock()  # precompress uses the cache from several threads

    @classmethod
    def open(cls, folder: Path) -> ContentCache | None:
        """The cache in ``folder``, or None when it cannot be written (then nothing is cached)."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm"):
                (folder / f"{cls.LEGACY}{suffix}").unlink(missing_ok=True)
            return cls(folder, _connect(folder / cls.FILE))
        except (OSError, sqlite3.Error):
            return None

    def _conn(self) -> sqlite3.Connection:
        if os.getpid() != self._pid:  # forked: the parent's connection is the parent's
            _ABANDONED.append(self._db)
            self._db = _connect(self.folder / self.FILE)
            self._pid = os.getpid()
            self._pending = {}
            self.used = set()
        return self._db

    def get(self, key: str):
        data = self.get_bytes(key)
        try:
            return None if data is None else _unpack(_deflate.decompress(data))
        except (ValueError, zlib.error, getattr(_deflate, "error", zlib.error)):  # a damaged value: not kept
            return None

    def put(self, key: str, value) -> None:
        self.put_bytes(key, _deflate.compress(_pack(value), 1))

    def keep(self, key: str) -> None:
        """Keep ``key``'s entry, if there is one, through the next prune, without reading it."""
        with self._lock:
            self._conn()
            self.used.add(key)

    def get_bytes(self, key: str) -> bytes | None:
        with self._lock:
            data = self._pending.get(key)
            if data is None and not self._broken:
                try:
                    row = self._conn().execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
                except sqlite3.Error:
                    row = None
                data = None if row is None else row[0]
            if data is None:
                self.misses += 1
                return None
            self.used.add(key)
            self.hits += 1
            return data

    def put_bytes(self, key: str, data: bytes) -> None:
        with self._lock:
            self._conn()
            self.used.add(key)
            self._pending[key] = data
            if len(self._pending) >= self.BATCH:
                self._write()

    def write_to(self, key: str, target: Path) -> int | None:
        """Write the kept bytes of ``key`` as ``target`` (a new file); their size, or None when not kept."""
        data = self.get_bytes(key)
        if data is None:
            return None
        target.write_bytes(data)
        return len(data)

    def flush(self) -> None:
        """Write every value given to :meth:`put` so far (one transaction)."""
        with self._lock:
            self._write()

    def _write(self) -> None:
        if not self._pending or self._broken:
            self._pending = {}
            return
        rows, self._pending = list(self._pending.items()), {}
        db = self._conn()
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", rows)
        except sqlite3.Error:  # a full disk: the values are simply not kept, nor later ones
            self._broken = True

    def close(self) -> None:
        """Write what is pending and close the file (its journal is merged into it)."""
        self.flush()
        if os.getpid() == self._pid:
            self._db.close()

    def hand_over(self) -> None:
        """In a forked process: write what is pending, and mark the entries this process used
        so that the next :meth:`prune` (by the process it was forked from) keeps them too."""
        self.flush()
        if self._broken:
            return
        try:
            with self._conn() as db:
                db.execute(_HANDED)
                db.executemany("INSERT OR IGNORE INTO handed (key) VALUES (?)", ((k,) for k in self.used))
        except sqlite3.Error:
            pass

    def keys(self) -> list[str]:
        self.flush()
        return sorted(k for (k,) in self._conn().execute("SELECT key FROM entries"))

    def prune(self) -> int:
        """Remove every entry not used since this cache was opened (by this process, or by a
        forked one that handed its entries over); how many."""
        self.flush()
        for old in self.folder.iterdir():  # a file per entry, as huimin kept them before
            if old.is_dir() and len(old.name) == 2:
                shutil.rmtree(old, ignore_errors=True)
        if self._broken:
            return 0
        db = self._conn()
        try:
            with db:
                db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
                db.execute("DELETE FROM kept")
                db.executemany("INSERT OR IGNORE INTO kept (key) VALUES (?)", ((k,) for k in self.used))
                db.execute(_HANDED)
                removed = db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM kept)"
                                     " AND key NOT IN (SELECT key FROM handed)").rowcount
                db.execute("DELETE FROM kept")
                db.execute("DELETE FROM handed")
        except sqlite3.Error:
            return 0
        return removed


def _pack(value) -> bytes:
    """A value as bytes: a text as it is (most values are pages), anything else as JSON."""
    if isinstance(value, str):
        return b"s" + value.encode("utf-8", "surrogatepass")
    return b"j" + json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _unpack(data: bytes):
    text = data[1:].decode("utf-8", "surrogatepass")
    if data[:1] == b"s":
        return text
    if data[:1] == b"j":
        return json.loads(text)
    raise ValueError("not a value of this cache")


_HANDED = "CREATE TABLE IF NOT EXISTS handed (key TEXT PRIMARY KEY)"  # used by a forked process
_ABANDONED: list = []  # connections inherited over a fork: never used or closed in the child


def _connect(path: Path) -> sqlite3.Connection:
    """A connection to the cache file, made anew when the file is damaged or not ours."""
    for attempt in (1, 2):
        db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            db.execute("BEGIN IMMEDIATE")  # can we write? (a read-only folder answers here)
            db.execute("COMMIT")
            db.isolation_level = ""  # "with db:" wraps a transaction
            return db
        except sqlite3.DatabaseError:
            db.close()
            if attempt == 2:
                raise
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    raise AssertionError("unreachable")
