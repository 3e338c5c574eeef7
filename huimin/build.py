"""``huimin build``: validate, build into a temporary folder, then swap it in.

A build that fails for any reason leaves the previous ``site_build/`` exactly as it was.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .project import Project, load_project

SITE_DIR = "site_build"


@dataclass
class BuildResult:
    project: Project
    site_dir: Path
    pages: int
    seconds: float
    warnings: list[str]


def build(root: Path, as_of: date | None = None, site_dir: Path | None = None) -> BuildResult:
    from .adapters.mkdocs_engine import build_site

    started = time.perf_counter()
    project = load_project(root, as_of)  # raises before anything is touched
    target = (site_dir or root / SITE_DIR).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        warnings = build_site(project, staging)
        pages = sum(1 for _ in staging.rglob("index.html"))
        swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(project, target, pages, time.perf_counter() - started, warnings)


def swap_in(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is, atomically where the system allows it."""
    new.chmod(0o755)
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # now holds the previous site
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
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
