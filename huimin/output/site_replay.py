"""The last complete build's site, put back when nothing it was made from has changed.

After a build, :func:`record` lists every file of the new site by the kept bytes it holds
(:mod:`huimin.output.file_store`), with the digest of the build's inputs
(:mod:`huimin.read.build_inputs`) and what the build said. A build whose inputs have that
digest calls :func:`replay`: the site is made again as hard links to the same kept bytes
(a file whose bytes appear twice in the site is a copy, as in a real build), in well under
a second instead of rendering 2,000 pages. A kept file that is missing, or was changed
anyway, ends the replay; the build is then made as usual.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

from huimin.output.file_store import FileStore, marked

MANIFEST = ".huimin-cache/site.json"
VERSION = 1


def record(site: Path, store: FileStore, key: str, summary: dict, manifest: Path, skip: str = "") -> bool:
    """List the files of ``site`` (all but ``skip``, in its top folder) by their kept bytes,
    keeping the bytes of those not kept yet; whether the list was written."""
    by_inode = store.inodes()
    dirs: list[str] = []
    files: list[list] = []
    used: set[str] = set()
    try:
        for path, subdirs, names in os.walk(site):
            subdirs.sort()
            rel = os.path.relpath(path, site)
            if rel != ".":
                dirs.append(Path(rel).as_posix())
            for name in sorted(names):
                if rel == "." and name == skip:
                    continue
                full = os.path.join(path, name)
                st = os.lstat(full)
                if not stat.S_ISREG(st.st_mode):
                    return False  # only regular files are put back
                kept = by_inode.get((st.st_dev, st.st_ino))  # a second name of kept bytes: st is theirs
                if kept is None or kept in used or not marked(st):  # changed in place: kept anew
                    kept = store.adopt(full, used)
                    if kept is None:
                        return False
                used.add(kept)
                files.append([Path(os.path.relpath(full, site)).as_posix(), kept, st.st_size])
    except OSError:
        return False
    data = {"version": VERSION, "key": key, "summary": summary, "dirs": dirs, "files": files}
    tmp = manifest.with_name(f".{manifest.name}.{os.getpid()}")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, manifest)  # whole or absent
    except OSError:
        tmp.unlink(missing_ok=True)
        return False
    return True


def replay(site: Path, store: FileStore, key: str, manifest: Path) -> dict | None:
    """Make ``site`` (an empty folder) the site recorded for ``key``; what that build said,
    or None (nothing recorded for ``key``, or its bytes are gone: ``site`` is left empty)."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data.get("version") != VERSION or data.get("key") != key:
            return None
        files = [(str(rel), str(name), int(size)) for rel, name, size in data["files"]]
        dirs = [str(d) for d in data["dirs"]]
        summary = data["summary"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not all(store.intact(name, size) for _, name, size in files):
        return None
    try:
        for rel in dirs:
            _inside(site, rel).mkdir()
        linked: set[str] = set()
        for rel, name, _ in files:
            dest = _inside(site, rel)
            if name in linked:
                shutil.copyfile(store.path(name), dest)  # a second file with the same bytes: its own
            else:
                os.link(store.path(name), dest)
                linked.add(name)
    except (OSError, ValueError):
        _empty(site)
        return None
    return summary


def _inside(site: Path, rel: str) -> Path:
    """``rel`` under ``site``, refused if it leads elsewhere (a manifest edited by hand)."""
    parts = Path(rel).parts
    if not parts or Path(rel).is_absolute() or any(p in ("", ".", "..") for p in parts):
        raise ValueError(rel)
    return site.joinpath(*parts)


def _empty(site: Path) -> None:
    for entry in os.scandir(site):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            os.unlink(entry.path)
