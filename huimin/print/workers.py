"""Worker processes that end with their parent.

A ``huimin cards`` or ``huimin build`` killed with SIGKILL cannot stop its pool: on Linux
each worker asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG``);
elsewhere a watchdog thread polls the parent's pid. Called first in a pool's initializer.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.5


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` (the pid that started it) ends."""
    if not _death_signal():
        threading.Thread(target=_watch, args=(parent,), name="huimin-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        return False


def _watch(parent: int) -> None:  # pragma: no cover - only where prctl is missing
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)
