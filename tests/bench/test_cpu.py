"""The per-process CPU watcher of the bench sees a command and the process it starts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.bench.cpu import report, watch

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

BUSY = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass\n"


def test_a_command_and_its_child_are_each_counted():
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {BUSY!r}]); exec({BUSY!r})"
    code, wall, seen = watch([sys.executable, "-c", child])
    assert code == 0 and wall >= 0.8
    busy = sorted((s for s in seen.values() if s.cpu >= 0.3), key=lambda s: s.first)
    assert len(busy) == 2 and busy[1].parent == busy[0].pid
    assert all(0.3 <= s.cpu < 2 for s in busy)
    shown = report(code, wall, seen)
    assert shown.startswith("wall ") and f"{busy[1].pid:>7} (parent {busy[0].pid:>7})" in shown
