"""A killed ``huimin cards`` leaves no worker running, and the next run removes what it left
(issue 14, item 8)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.print import test_cards

VILLAGES = 80


def children(pid: int) -> dict[int, str]:
    """Processes whose parent is ``pid``: their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        ppid = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("PPid:")), 0)
        if ppid == pid:
            found[int(entry.name)] = cmdline
    return found


def alive(pid: int) -> bool:
    try:
        state = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State:"))
    except (OSError, StopIteration):
        return False
    return "Z" not in state  # a zombie has ended: only its exit status is left


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_kill_9_leaves_no_worker_and_the_next_run_cleans_up(tmp_path):
    root = test_cards.write_project(tmp_path / "p")
    rows = [(f"{v:03d}{n:02d}", "袁州区", "彬江镇", f"村{v:03d}", f"户主{n}", "脱贫户", "", "3", "", "", "")
            for v in range(VILLAGES) for n in range(8)]
    (tmp_path / "r.csv").write_text(test_cards.csv_text(rows), encoding="utf-8")
    command = [sys.executable, "-m", "huimin.cli", "cards", "../r.csv", "--out", "../out", "--as-of", "2024-06-01"]
    run = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           start_new_session=True)  # its own process group: the test's kill reaches nothing else
    try:
        def workers() -> dict[int, str]:
            return {pid: cmd for pid, cmd in children(run.pid).items() if "spawn_main" in cmd}

        assert wait_for(lambda: workers() and list(tmp_path.glob(".out.building-*/*/*/*.pdf")), 120), \
            run.stderr.read1().decode() if run.poll() is not None else "no worker started"
        started = workers()
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        assert wait_for(lambda: not any(alive(pid) for pid in started), 5), \
            [pid for pid in started if alive(pid)]
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    left = [p.name for p in tmp_path.glob(".out.building-*")]
    assert left  # the killed run's staging folder (with its parts) is still there ...
    again = subprocess.run(command, check=False, cwd=root,
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"提示：已删除上次中断留下的临时文件夹 {tmp_path / left[0]}" in again.stderr.splitlines()
    assert not list(tmp_path.glob(".out.*"))  # ... and gone after the next run
    assert (tmp_path / "out" / "manifest.csv").is_file()
