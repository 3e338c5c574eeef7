"""A built site's files kept by the hash of their bytes (``.huimin-cache/files/``) and put
into the site as hard links: a build that writes the same bytes again makes a second name
for the kept file instead of a new file.

Creating a file costs the file system a new inode. A build of 2,000 pages writes some 3,700
pages, ``.gz`` files and search index files; right after a site was deleted, ext4 (without
a journal, as on our build machines) makes each new inode cost more: copying such a site
took 0.4, 1.5, 2.5 s of kernel time in three runs, hard-linking it 0.25 s each time. Pages
that did not change also keep their modification time, so a web server's ``ETag`` stays the
same and a phone's cached copy stays valid after an update.

Rules that keep this safe:

- A kept file is never changed once it is whole (a damaged one is replaced by a new file),
  and a site file is replaced (:func:`replace_file`), never rewritten in place.
- A kept file carries a mark in its modification time (the nanoseconds); one whose size or
  time changed all the same (something rewrote a site file in place) is written again, as
  a new file, before it is used.
- Within one build a kept file gets at most one name in the site (two files with the same
  bytes are two files), so rewriting one page in place can never change another.
- :meth:`FileStore.prune` removes the kept files that no longer have a name outside the
  store (the previous site, deleted by the swap, held the last one).

When hard links are not possible (the site on another disk, a file system without them)
or the cache cannot be written, files are written as usual.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import threading
import time
from pathlib import Path

CACHE_DIR = ".huimin-cache/files"
MARK_NS = 314_159  # the nanoseconds of a kept file's modification time
_TMP = ".tmp-"
_STALE_TMP_SECONDS = 3600


class FileStore:
    """Kept files in one folder, named by the SHA-256 of their bytes."""

    def __init__(self, folder: Path) -> None:
        self.folder = os.path.abspath(folder)
        self.linked = 0  # files put into the site as links to kept bytes
        self.kept = 0  # files whose bytes were kept by this build (new or rewritten)
        self.plain = 0  # files written as usual
        self._names: set[str] = set()  # kept files given a name in the site by this process
        self._pid = os.getpid()
        self._off = False
        self._checked = False  # whether this file system keeps the mark
        self._lock = threading.Lock()  # precompress writes from several threads

    @classmethod
    def open(cls, folder: Path) -> FileStore | None:
        """The store in ``folder``, or None when it cannot be written."""
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            return None
        return cls(folder) if os.access(folder, os.W_OK) else None

    def write(self, path: str | Path, data: bytes) -> None:
        """Make ``path`` (a new file, or one replaced) hold ``data``."""
        path = os.fspath(path)
        if os.getpid() != self._pid:  # a forked copy: its own names (each process writes other pages)
            self._pid, self._names = os.getpid(), set()
        if self._off:
            self._plain(path, data)
            return
        name = hashlib.sha256(data).hexdigest()
        with self._lock:
            first = name not in self._names
            self._names.add(name)
        if not first:
            self._plain(path, data)
            return
        kept = os.path.join(self.folder, name)
        try:
            if not _intact(kept, len(data)):
                self._keep(kept, data)
            _link(kept, path)
        except OSError as exc:
            if exc.errno not in (errno.ENOENT, errno.EMLINK, errno.ENOSPC):
                self._off = True  # no hard links here (another disk, a file system without them)
            self._plain(path, data)
            return
        self.linked += 1

    def _keep(self, kept: str, data: bytes) -> None:
        """Keep ``data`` as ``kept``: a new file made under its name (marked once it is whole:
        one cut short is not intact), or, when a damaged one is there, a temporary file
        renamed over it (the damaged file may be a page of a site: it is not rewritten)."""
        try:
            fd = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            target = kept
        except FileExistsError:
            target = os.path.join(self.folder, f"{_TMP}{os.getpid()}-{threading.get_ident()}")
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        try:
            with open(fd, "wb") as fh:
                fh.write(data)
            now = time.time_ns() // 1_000_000_000 * 1_000_000_000 + MARK_NS
            os.utime(target, ns=(now, now))
            if not self._checked:  # times in whole seconds (an old file system): no mark, no store
                self._checked = True
                if os.stat(target).st_mtime_ns != now:
                    self._off = True
                    raise OSError(errno.ENOTSUP, "no nanosecond times")
            if target != kept:
                os.replace(target, kept)
        except BaseException:
            _unlink(target)
            raise
        self.kept += 1

    def path(self, name: str) -> str:
        """The kept file named ``name``."""
        return os.path.join(self.folder, name)

    def intact(self, name: str, size: int) -> bool:
        """Whether the kept file ``name`` is there, whole and unchanged (``size`` bytes, marked)."""
        return _intact(self.path(name), size)

    def inodes(self) -> dict[tuple[int, int], str]:
        """(device, inode) → name of every kept file: which site files are second names of one."""
        found = {}
        try:
            with os.scandir(self.folder) as entries:
                for entry in entries:
                    if not entry.name.startswith(_TMP):
                        st = entry.stat(follow_symlinks=False)
                        found[(st.st_dev, st.st_ino)] = entry.name
        except OSError:
            pass
        return found

    def adopt(self, path: str, used: set[str]) -> str | None:
        """The name of the kept bytes of the site file ``path``: kept now if they were not, and
        ``path`` made a second name of them (same bytes) unless ``used`` (names another site
        file already is) holds it. None when the store is off or the file cannot be kept."""
        if self._off:
            return None
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            name = hashlib.sha256(data).hexdigest()
            if name in used:
                return name
            kept = self.path(name)
            if not _intact(kept, len(data)):
                self._keep(kept, data)
            if not os.path.samefile(kept, path):
                tmp = f"{path}.{_TMP}{os.getpid()}"
                os.link(kept, tmp)
                os.replace(tmp, path)
        except OSError:
            return None
        return name

    def _plain(self, path: str, data: bytes) -> None:
        replace_file(path, data)
        self.plain += 1

    def prune(self) -> int:
        """Remove the kept files that no site names any more (and temporary files left by a
        killed build); how many."""
        removed = 0
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return 0
        now = time.time()
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
                if entry.name.startswith(_TMP):
                    if now - st.st_mtime > _STALE_TMP_SECONDS:
                        os.unlink(entry.path)
                    continue
                if st.st_nlink <= 1:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                continue
        return removed


def replace_file(path: str | Path, data: bytes) -> None:
    """Write ``data`` as ``path`` in a new file: a file already there (perhaps a second name
    of a kept file) is unlinked first, never rewritten in place."""
    path = os.fspath(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    _unlink(path)
    with open(path, "wb") as fh:
        fh.write(data)


def write_file(path: str | Path, data: bytes, store: FileStore | None = None) -> None:
    """``data`` as ``path``: through ``store`` when there is one, else :func:`replace_file`."""
    if store is not None:
        store.write(path, data)
    else:
        replace_file(path, data)


def _intact(kept: str, size: int) -> bool:
    try:
        st = os.stat(kept)
    except FileNotFoundError:
        return False
    return st.st_size == size and marked(st)


def marked(st: os.stat_result) -> bool:
    """Whether the file of ``st`` carries a kept file's mark (unchanged since it was kept whole)."""
    return st.st_mtime_ns % 1_000_000_000 == MARK_NS


def _link(kept: str, path: str) -> None:
    try:
        os.link(kept, path)
    except FileExistsError:
        os.unlink(path)
        os.link(kept, path)
    except FileNotFoundError:
        if os.path.isdir(os.path.dirname(path)):
            raise  # the kept file was pruned by a build running at the same time
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.link(kept, path)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def place_file(source: str | Path, path: str | Path) -> None:
    """Put the finished file ``source`` (never changed afterwards: a kept PDF) at ``path`` as a
    second name, or a copy where links are not possible; a file already at ``path`` is replaced."""
    path = os.fspath(path)
    _unlink(path)
    try:
        os.link(source, path)
    except OSError:
        shutil.copyfile(source, path)
