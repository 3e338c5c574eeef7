"""Edit → preview on the bench corpus: ``huimin serve`` started, then three kinds of edits.

    python -m tests.bench.preview --root CORPUS [--runs 3]      (make bench runs it via run.py)

Measured from the moment the file is written until the served page contains the change
(the page's own script asks every 0.3 s, so a browser shows it at most 0.3 s later): a
policy YAML (补助标准 of one policy, its page), a submission (a sentence added to the body,
its page) and a template (a comment in the theme's ``main.html``, a policy page). Also the
seconds from starting ``huimin serve`` to the first page served. The files are restored.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.bench import corpus

GOAL_SECONDS = 3.0
BOUND = 120.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait(url: str, ok, bound: float = BOUND, pause: float = 0.05) -> float:
    """Seconds until GET ``url`` satisfies ``ok``."""
    started = time.perf_counter()
    while time.perf_counter() - started < bound:
        page = _get(url)
        if page is not None and ok(page):
            return time.perf_counter() - started
        time.sleep(pause)
    raise SystemExit(f"{url}: 在 {bound:.0f} 秒内没有出现预期的修改")


def edits(root: Path) -> list[tuple[str, Path, str, object]]:
    """(kind, file, page URL, function(text, marker) → edited text, marker)."""
    policy = root / "policy_lists" / "edu.yaml"
    text = policy.read_text(encoding="utf-8")
    pid = re.search(r'- id: "?([\w-]+)"?', text).group(1)
    sub = sorted((root / "content" / "submissions").glob("*/*.md"))[0]
    sub_url = "submissions/" + sub.relative_to(root / "content" / "submissions").with_suffix("").as_posix() + "/"

    def policy_edit(text: str, n: int) -> tuple[str, str]:
        marker = f"每月{n}元"
        return re.sub(r'(standard: )"[^"\n]*"', rf'\1"{marker}，按季度发放"', text, count=1), marker

    def submission_edit(text: str, n: int) -> tuple[str, str]:
        marker = f"本月新增帮扶车间{n}个"
        return text.rstrip("\n") + f"\n\n{marker}。\n", marker

    def template_edit(text: str, n: int) -> tuple[str, str]:
        marker = f"<!-- bench-{n} -->"
        return text.replace("{% block extrahead %}", "{% block extrahead %}\n" + marker, 1), marker

    return [
        ("policy YAML", policy, f"policies/{pid}/", policy_edit),
        ("submission", sub, sub_url, submission_edit),
        ("template", root / "templates" / "theme" / "main.html", f"policies/{pid}/", template_edit),
    ]


def measure(root: Path, runs: int = 3, log=print) -> dict:
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    env = dict(os.environ)
    env.pop("HUIMIN_AS_OF", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "huimin.cli", "serve", "--as-of", corpus.AS_OF.isoformat(), "--dev-addr",
         f"127.0.0.1:{port}"], cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    originals: dict[Path, str] = {}
    results: dict = {"first_page_seconds": None, "edits": {}}
    try:
        results["first_page_seconds"] = _wait(base, lambda p: "</html>" in p, pause=0.1)
        log(f"  huimin serve：启动到第一个页面 {results['first_page_seconds']:.2f} s")
        n = 70000
        for kind, path, url, edit in edits(root):
            originals.setdefault(path, path.read_text(encoding="utf-8"))
            _wait(base + url, lambda p: "</html>" in p)  # rendered once before the edit
            seconds = []
            for run in range(runs):
                n += 1
                text, marker = edit(originals[path], n)
                path.write_text(text, encoding="utf-8")
                seconds.append(_wait(base + url, lambda p, m=marker: m in p))
                log(f"  {kind:<12} 第 {run + 1} 次：{seconds[-1]:.2f} s")
                time.sleep(0.5)
            path.write_text(originals[path], encoding="utf-8")
            results["edits"][kind] = {"runs": seconds, "median": statistics.median(seconds)}
            time.sleep(1.0)
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        proc.terminate()
        proc.wait(timeout=30)
    return results


def report(results: dict) -> str:
    lines = [f"huimin serve: first page after start {results['first_page_seconds']:.2f} s"]
    for kind, r in results["edits"].items():
        ok = "PASS" if r["median"] <= GOAL_SECONDS else "FAIL"
        runs = ", ".join(f"{s:.2f}" for s in r["runs"])
        lines.append(f"goal: edit → preview ≤ {GOAL_SECONDS:.0f} s, {kind:<12} {ok}  (median {r['median']:.2f} s; runs {runs})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.bench.preview", description=__doc__.split("\n\n")[0])
    p.add_argument("--root", type=Path, required=True, help="a corpus written by python -m tests.bench.run --keep")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args(argv)
    print(report(measure(args.root.resolve(), args.runs, log=lambda m: print(m, file=sys.stderr, flush=True))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
