"""Benchmark the policy history step: cold (no cache) and warm (cached by HEAD) on the bench corpus.

    python -m tests.bench.history [--policies 300] [--commits 100] [--out DIR [--reuse]] [--keep]

Writes the policy lists of the 2,000-page bench corpus (tests/bench/corpus.py; the step reads
nothing else), makes them a git repository and adds ``--commits`` commits that each change one
policy (补助标准, 有效期, 办理流程 or 咨询电话, in turn), then times the history step of a build
(git log + cat-file + parsing + diffing): without its cache, with it, with an uncommitted change,
and after one more commit (the cache continued). Medians of 5 warm runs. Exits 0: a measurement.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from huimin.read.history import read_history
from huimin.rules.history import policy_changes
from tests.bench import corpus


def git(root: Path, *args: str, day: str = "2023-01-01T09:00:00+08:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.cn",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.cn",
           "GIT_AUTHOR_DATE": day, "GIT_COMMITTER_DATE": day, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def make_history(root: Path, policies: list[dict], commits: int, seed: int = 1) -> None:
    """``commits`` commits after the first, each changing one field of one policy."""
    rng = random.Random(seed)
    (root / ".gitignore").write_text("site_build/\n.huimin-cache/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "corpus")
    day = date(2023, 1, 2)
    for n in range(commits):
        p = rng.choice(policies)
        kind = n % 4
        if kind == 0:
            p["standard"] = f"每人每年{rng.randint(100, 9000)}元"
        elif kind == 1:
            p["effective_until"] = p["effective_from"] + timedelta(days=rng.randint(200, 2000))
        elif kind == 2:
            p["procedure"] = f"1. 向村委会提出申请（第 {n} 次修改）\n2. 乡镇审核\n3. 县级部门审批\n"
        else:
            p["contact"] = f"0795-{rng.randint(3000000, 3999999)}"
        corpus.write_huimin_base(root, policies)  # rewrites the policy lists (and the unchanged rest)
        git(root, "add", "-A", "policy_lists")
        git(root, "commit", "-q", "-m", f"change {n}", day=f"{day.isoformat()}T09:00:00+08:00")
        day += timedelta(days=3)


def timed(root: Path) -> tuple[float, object, list[str], float]:
    """What :func:`huimin.site.history_pages.policy_history` does for a build (without reading the
    project): wall seconds, the history, the notices and CPU seconds (this process and git's)."""
    cpu = _cpu()
    started = time.perf_counter()
    found = read_history(root, "policy_lists", cache_root=root)
    history = policy_changes(found.base, found.revisions, corpus.AS_OF)
    return time.perf_counter() - started, history, found.notices, _cpu() - cpu


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _median(root: Path, runs: int = 5) -> str:
    results = [timed(root) for _ in range(runs)]
    wall = statistics.median(r[0] for r in results)
    cpu = statistics.median(r[3] for r in results)
    return f"{wall * 1000:.0f} ms (CPU {cpu * 1000:.0f} ms)"


def _make(root: Path, count: int, commits: int) -> None:
    """The policy lists of the bench corpus (300 policies in 10 files; the step reads nothing else)."""
    policies = corpus.make_policies(count)
    corpus.write_huimin_base(root, policies)
    started = time.perf_counter()
    make_history(root, policies, commits)
    size = sum(p.stat().st_size for p in (root / "policy_lists").rglob("*.yaml"))
    print(f"corpus policy lists: {len(policies)} policies, {size / 1e6:.1f} MB, {commits + 1} commits "
          f"(made in {time.perf_counter() - started:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--policies", type=int, default=300)
    parser.add_argument("--commits", type=int, default=100)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="--out already holds a corpus made by this script")
    args = parser.parse_args(argv)
    root = args.out or Path(tempfile.mkdtemp(prefix="huimin-history-bench-")) / "huimin"
    try:
        if args.reuse:
            git(root, "checkout", "-q", "--", "policy_lists")
        else:
            _make(root, args.policies, args.commits)
        shutil.rmtree(root / ".huimin-cache", ignore_errors=True)
        cold, history, notices, cpu = timed(root)
        changes = sum(len(v) for v in history.by_policy.values())
        print(f"history step cold (git log + cat-file + parse + diff): {cold * 1000:.0f} ms (CPU {cpu * 1000:.0f} ms), "
              f"{changes} changes of {len(history.by_policy)} policies {' '.join(notices)}")
        print(f"history step warm (cached by HEAD, git rev-parse + git status): {_median(root)}")
        lists = sorted((root / "policy_lists").rglob("*.yaml"))
        lists[0].write_text(lists[0].read_text(encoding="utf-8").replace("每人每年", "每户每年", 1), encoding="utf-8")
        print(f"history step warm with an uncommitted change (also parses the changed file): {_median(root)}")
        git(root, "commit", "-q", "-am", "one more", day="2024-12-31T09:00:00+08:00")
        step, _, _, cpu = timed(root)
        print(f"history step after one new commit (the cached history continued): {step * 1000:.0f} ms "
              f"(CPU {cpu * 1000:.0f} ms)")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        if not args.keep and args.out is None:
            shutil.rmtree(root.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
