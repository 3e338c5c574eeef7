"""Everything a site build reads, summed up in one digest.

Two builds with the same digest make the same site, so a build whose digest is the one of
the last complete build puts that site back (:mod:`huimin.output.site_replay`) instead of
making it again. The digest covers:

- the project's files: every file directly in the project folder (``mkdocs.yml``,
  ``huimin.yml``, hooks, ``.gitignore`` ...) and every file under the content folder, the
  policy lists, ``templates/`` and ``fonts/``, by their bytes (files over 1 MB, such as
  fonts and photos, by size, modification and change times and inode: the change time
  cannot be set back, so a file rewritten in any way is seen);
- huimin's own code and templates (by their bytes), the Python version and every installed
  package's name and version (the site engine, its theme, Typst ...), the fonts installed
  on the machine (by their times);
- the git commit the project is at (the policy pages' history), the as-of day asked for,
  ``HUIMIN_AS_OF``, ``SOURCE_DATE_EPOCH`` and today's date (a build on another day may say
  other things: validity, dates in the future).

Anything that cannot be read makes no digest (the build is simply made again).
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from huimin.read.history_git import GitError, open_repo

VERSION = b"huimin-build-inputs-1"
BIG = 1 << 20  # bytes: a larger file is known by its stat (size, times, inode), not read
PACKAGE_DIR = Path(__file__).resolve().parents[1]  # huimin/
TEMPLATES_DIR = PACKAGE_DIR.parent / "templates"  # huimin's page, theme and print templates
ENVIRONMENT = ("HUIMIN_AS_OF", "SOURCE_DATE_EPOCH")


def inputs_digest(root: Path, folders: Iterable[str], as_of: date | None, font_dirs: Iterable[str]) -> str | None:
    """The digest of what a build of ``root`` reads (``folders``: the project's source folders,
    relative to it), or None when some of it cannot be read."""
    h = hashlib.sha256(VERSION)
    try:
        h.update(repr([as_of.isoformat() if as_of else None, date.today().isoformat(), sys.version,
                       [os.environ.get(name) for name in ENVIRONMENT]]).encode())
        _top_files(h, root)
        for name in sorted(set(folders)):
            _tree(h, root / name, by_stat=False)
        for folder in (PACKAGE_DIR, TEMPLATES_DIR):
            _tree(h, folder, by_stat=False)
        for folder in font_dirs:
            _tree(h, Path(folder), by_stat=True)
        _packages(h)
        _git(h, root)
    except (OSError, GitError, UnicodeError):
        return None
    return h.hexdigest()


def _top_files(h, root: Path) -> None:
    with os.scandir(root) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_file():
                _file(h, entry.name, entry.path, by_stat=False)


def _tree(h, folder: Path, by_stat: bool) -> None:
    """Every file under ``folder`` (symbolic links followed, as MkDocs does), by its place and bytes."""
    h.update(b"\0D" + os.fsencode(folder))
    if not folder.is_dir():
        h.update(b"-file" if folder.exists() else b"-none")
        return
    for path, dirs, names in os.walk(folder, followlinks=True, onerror=_raise):
        dirs.sort()
        if "__pycache__" in dirs:
            dirs.remove("__pycache__")
        rel = os.path.relpath(path, folder)
        h.update(b"\0d" + os.fsencode(rel))
        for name in sorted(names):
            _file(h, os.path.join(rel, name), os.path.join(path, name), by_stat)


def _file(h, shown: str, path: str, by_stat: bool) -> None:
    st = os.stat(path)
    h.update(b"\0f" + os.fsencode(shown) + b"\0")
    if by_stat or st.st_size > BIG:
        h.update(repr((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)).encode())
    else:
        with open(path, "rb") as fh:
            h.update(hashlib.sha256(fh.read()).digest())


def _packages(h) -> None:
    """The installed distributions (name and version are in their metadata folders' names)."""
    for entry in sys.path:
        if not entry or not os.path.isdir(entry):
            continue
        names = sorted(n for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info", ".egg-link", ".pth")))
        h.update(b"\0p" + os.fsencode(entry) + b"\0" + "\0".join(names).encode("utf-8", "surrogateescape"))


def _git(h, root: Path) -> None:
    repo = open_repo(root)
    h.update(b"\0g" + (repr((str(repo.top), repo.prefix, repo.head, repo.shallow)).encode() if repo else b"-"))


def _raise(exc: OSError) -> None:
    raise exc
