"""The search index made in a forked copy of the build, while the build finishes the rest.

The index is the last step that needs every page, and it runs in pure Python (about 1 s at
2,000 pages) at the build's end, when the pages are written and only the build itself is
left running. A copy makes it (and the ``.gz`` of its files) on the second core while the
build links phone numbers and compresses the other files.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from huimin.output.content_cache import ContentCache
from huimin.output.file_store import FileStore
from huimin.output.precompress import CACHE_DIR as GZ_CACHE
from huimin.output.precompress import precompress
from huimin.print.workers import die_with_parent


def index_aside(index: Callable[[], None], folder: Path, cache: ContentCache, store: FileStore | None,
                root: Path) -> Callable[[], bool] | None:
    """Make the search index (``index``: it reads the written pages and writes only ``folder``)
    and the ``.gz`` of its files in a forked copy, while this process links phone numbers and
    compresses the rest (leaving ``folder`` alone); returns the function that waits for the
    copy and says whether it did it all (if not, the caller makes the index). None where
    there is no fork. The copy hands over the cache entries it used, before the prune."""
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the copy: never returns
        code = 1
        try:
            die_with_parent(parent)
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)
            os.dup2(quiet, 2)
            index()
            gz = ContentCache.open(root / GZ_CACHE)
            precompress(folder, cache=gz, store=store)
            for kept in (cache, gz):
                if kept is not None:
                    kept.hand_over()
            code = 0
        except BaseException:  # noqa: BLE001 - the caller makes the index
            code = 1
        finally:
            os._exit(code)

    def wait() -> bool:
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            return False
        return os.waitstatus_to_exitcode(status) == 0

    return wait
