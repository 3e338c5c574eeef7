"""Build beside the target, then swap without a gap; files only their owner can read.

Folders are built beside their target under a name that carries the builder's process id
(``.NAME.building-PID-XXXX``) and swapped in with ``renameat2(RENAME_EXCHANGE)``: a kill at
any moment leaves the old output or the new one. A staging folder whose process is gone is
removed by the next run (it may hold personal data).
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import uuid
from pathlib import Path

from huimin.output.guard import MARKER_TEXT

_STAGING = re.compile(r"^\.(?P<name>.+)\.(?:building|old)-(?P<pid>\d+)-[0-9a-f]+$")


PRINT_DIR = "huimin-print"  # the PDFs' folder while they are made: .huimin-print.building-PID-XXXX beside the site

def staging_dir(target: Path, mode: int = 0o755) -> Path:
    """A new empty folder beside ``target`` to build into; stale ones are removed first."""
    remove_stale(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    path = target.parent / f".{target.name}.building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    path.mkdir(mode=mode)
    path.chmod(mode)  # whatever the umask
    return path


def remove_stale(target: Path) -> list[Path]:
    """Remove staging and old folders of ``target`` left by runs that were killed."""
    removed = []
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return removed
    for path in siblings:
        m = _STAGING.match(path.name)
        if m and m["name"] == target.name and not _alive(int(m["pid"])):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier run of this very process cannot still be building
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def swap_in(new: Path, target: Path, marker: str, mode: int = 0o755) -> None:
    """Put the finished folder ``new`` where ``target`` is, with no moment without either.

    ``marker`` is written into ``new`` first, so that the next run may replace it.
    """
    marker_path = new / marker
    marker_path.write_text(MARKER_TEXT[marker], encoding="utf-8")
    marker_path.chmod(mode & 0o666)  # a private folder's marker is private too
    new.chmod(mode)
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # now holds the previous output
        return
    # Without RENAME_EXCHANGE (not Linux, or a file system without it): two renames.
    old = target.parent / f".{target.name}.old-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): both names swap in one step."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0


def write_private(path: Path, content: bytes) -> None:
    """Write a file only its owner can read (0600): it holds personal data."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, 0o600)
