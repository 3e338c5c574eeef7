"""Benchmark the policy history step: cold (no cache) and warm (cached by HEAD) on the bench corpus.

    python -m tests.bench.history [--pages 2000] [--policies 300] [--commits 100] [--out DIR] [--keep]

Writes the 2,000-page bench corpus (tests/bench/corpus.py), makes it a git repository and adds
``--commits`` commits that each change one policy (补助标准, 有效期, 办理流程 or 咨询电话, in turn),
then times :func:`huimin.site.history_pages.policy_history` (git log + cat-file + parsing +
diffing) without and with its cache, and once more with an uncommitted change. Medians of 5 warm
runs. Exits 0: it is a measurement.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from huimin.read.project import load_project
from huimin.site.history_pages import policy_history
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


def timed(root: Path) -> tuple[float, object, list[str]]:
    project = load_project(root, corpus.AS_OF)
    started = time.perf_counter()
    history, notices = policy_history(project)
    return time.perf_counter() - started, history, notices


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--policies", type=int, default=300)
    parser.add_argument("--commits", type=int, default=100)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    root = args.out or Path(tempfile.mkdtemp(prefix="huimin-history-bench-")) / "huimin"
    try:
        made = corpus.generate_huimin(root, args.pages, args.policies)
        started = time.perf_counter()
        make_history(root, made.policies, args.commits)
        print(f"corpus: {made.pages} pages, {len(made.policies)} policies, {args.commits + 1} commits "
              f"(made in {time.perf_counter() - started:.1f} s)")
        shutil.rmtree(root / ".huimin-cache", ignore_errors=True)
        cold, history, _ = timed(root)
        warm = statistics.median(timed(root)[0] for _ in range(5))
        changes = sum(len(v) for v in history.by_policy.values())
        print(f"history step cold (git log + cat-file + parse + diff): {cold * 1000:.0f} ms, "
              f"{changes} changes of {len(history.by_policy)} policies")
        print(f"history step warm (cached by HEAD, git rev-parse + git status): {warm * 1000:.0f} ms")
        lists = sorted((root / "policy_lists").rglob("*.yaml"))
        lists[0].write_text(lists[0].read_text(encoding="utf-8").replace("每人每年", "每户每年", 1), encoding="utf-8")
        dirty = statistics.median(timed(root)[0] for _ in range(5))
        print(f"history step warm with an uncommitted change (also parses the changed file): {dirty * 1000:.0f} ms")
    finally:
        if not args.keep and args.out is None:
            shutil.rmtree(root.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
