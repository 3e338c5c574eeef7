"""CPU seconds per process of a command and its children, second by second.

``python -m tests.bench.cpu COMMAND...`` runs the command, reads ``/proc`` every 50 ms and
prints, for each process it started (the build, the PDF worker, the forked page helpers),
when it ran and its CPU seconds, then how much of each second each one used. A cold build
on 2 cores shows where a core stood idle (the build reading the project while the PDF worker
waited; the build's end, alone) and which process was last. Linux only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
POLL = 0.05


@dataclass
class Seen:
    pid: int
    parent: int
    first: float
    last: float = 0.0
    cpu: float = 0.0
    command: str = ""
    per_second: Counter = field(default_factory=Counter)


def _processes() -> dict[int, tuple[int, float]]:
    """pid → (parent pid, CPU seconds so far) of every process."""
    found = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="utf-8", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS)
    return found


def watch(command: list[str]) -> tuple[int, float, dict[int, Seen]]:
    """Run ``command``; its exit code, wall seconds and what each of its processes used."""
    started = time.perf_counter()
    proc = subprocess.Popen(command)
    seen: dict[int, Seen] = {}
    while True:
        running = proc.poll() is None
        now = time.perf_counter() - started
        table = _processes()
        tree, grew = {proc.pid}, True
        while grew:
            grew = False
            for pid, (parent, _) in table.items():
                if parent in tree and pid not in tree:
                    tree.add(pid)
                    grew = True
        for pid in tree & table.keys():
            entry = seen.get(pid)
            if entry is None:
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as fh:
                        shown = fh.read().replace(b"\0", b" ").decode("utf-8", "replace")[:70]
                except OSError:
                    shown = ""
                entry = seen[pid] = Seen(pid, table[pid][0], now, cpu=table[pid][1], command=shown)
            entry.per_second[int(now)] += table[pid][1] - entry.cpu
            entry.last, entry.cpu = now, table[pid][1]
        if not running:
            return proc.returncode, time.perf_counter() - started, seen
        time.sleep(POLL)


def report(code: int, wall: float, seen: dict[int, Seen]) -> str:
    busy = [s for s in seen.values() if s.cpu >= 0.05]
    lines = [f"wall {wall:.2f} s, exit code {code}, CPU {sum(s.cpu for s in seen.values()):.2f} s"]
    for s in sorted(busy, key=lambda s: s.first):
        lines.append(f"{s.pid:>7} (parent {s.parent:>7}) {s.first:6.2f}-{s.last:6.2f} s  CPU {s.cpu:6.2f} s  {s.command}")
    lines.append("second " + " ".join(f"{s.pid:>7}" for s in busy) + "   total")
    for second in range(int(wall) + 1):
        used = [s.per_second.get(second, 0.0) for s in busy]
        lines.append(f"{second:6d} " + " ".join(f"{u:7.2f}" for u in used) + f" {sum(used):7.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    command = list(sys.argv[1:] if argv is None else argv)
    if command[:1] == ["--"]:
        command = command[1:]
    if not command:
        print("用法：python -m tests.bench.cpu 命令 [参数…]", file=sys.stderr)
        return 2
    code, wall, seen = watch(command)
    print(report(code, wall, seen))
    return code


if __name__ == "__main__":
    sys.exit(main())
