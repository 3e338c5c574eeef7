"""``make bench``: build a synthetic 2,000-page corpus with huimin and with bare mkdocs-material.

    python -m tests.bench.run [--runs 3] [--pages 2000] [--policies 300] [--seed N]
                              [--out DIR] [--keep] [--json FILE] [--profile FILE.prof]
                              [--generate-only] [--no-browser] [--no-preview]

The corpus is written outside the repository (a new folder under the system temp folder,
or ``--out DIR``). Each build runs in its own process, so its peak RSS is its own; huimin
and bare builds are interleaved and the medians are reported (cold: no .huimin-cache).
Then huimin builds again with nothing changed (warm: .huimin-cache kept, the last site put
back), with nothing changed but ``--rebuild`` (every page made again from the cache), and
with one policy's 补助标准 changed before each build; then ``huimin serve`` is timed from saving a policy YAML, a submission and a template to the
served page showing the change (tests/bench/preview.py). Always exits 0 once the
builds succeed: it is a measurement, the goals are printed with PASS/FAIL. Then, in Chromium
(tests/bench/web.py): the bytes from a cold load of the home page to the first search result,
and the first-load weight of the main page types of the huimin site.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from tests.bench import corpus
from tests.bench.preview import edits

GOAL_SECONDS = 25.0
GOAL_WARM_SECONDS = 10.0
GOAL_RATIO = 1.15
METRICS = [  # key, row label, format
    ("seconds", "wall time s", "{:.2f}"),
    ("cpu_seconds", "CPU time s (user+sys)", "{:.2f}"),
    ("rss_mb", "peak RSS MB", "{:.1f}"),
    ("search_index_bytes", "search index bytes (all files)", "{:,.0f}"),
    ("median_page_bytes", "median page HTML bytes", "{:,.0f}"),
    ("pages", "pages", "{:,.0f}"),
]


REFERENCE_SPEED = 2.8  # machine_speed() on the bench machine when nothing else ran (2026-12-01)


def machine_speed() -> float:
    """Seconds of a fixed pure-Python loop in a fresh process (median of 3): the shared
    machines run from one to two times slower from hour to hour."""
    code = "s = 0\nfor i in range(20_000_000): s += i * i % 7"
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- measuring one build


def timed_process(cmd: list[str], cwd: Path, log_file: Path) -> tuple[float, float, float, int]:
    """Run ``cmd``; return (wall seconds, CPU seconds, peak RSS of that process in MB, exit code)."""
    env = dict(os.environ)
    env.pop("HUIMIN_AS_OF", None)
    with open(log_file, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)  # the child's own rusage
        seconds = time.perf_counter() - started
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    rss_kb = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
    return seconds, usage.ru_utime + usage.ru_stime, rss_kb / 1024, code


def site_metrics(site: Path) -> dict:
    pages = [p.stat().st_size for p in site.rglob("index.html")]
    index = [p for p in (site / "search").rglob("*") if p.is_file() and p.suffix != ".gz"]  # lunr's or ours
    return {
        "pages": len(pages),
        "search_index_bytes": sum(p.stat().st_size for p in index),
        "median_page_bytes": statistics.median(pages) if pages else 0,
        "html_bytes_total": sum(pages),
    }


def huimin_cmd(site: Path, as_of: date) -> list[str]:
    return [sys.executable, "-m", "huimin.cli", "build", "--as-of", as_of.isoformat(), "--site-dir", str(site)]


def bare_cmd(project: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)]


def measure(kind: str, cmd: list[str], cwd: Path, site: Path, logs: Path, run: int, cold: bool = True) -> dict:
    if site.exists():
        shutil.rmtree(site)  # every build writes a fresh folder; deleting is not timed
    # Cold builds: no page rendered and no PDF typeset by an earlier run is reused (a real
    # bureau's builds reuse past months' briefs; this measures the worst case). Warm builds
    # (nothing changed since the previous build) keep .huimin-cache/.
    if cold:
        shutil.rmtree(cwd / ".huimin-cache", ignore_errors=True)
    log_file = logs / f"{kind}-{run}.log"
    load = os.getloadavg()[0]
    seconds, cpu, rss_mb, code = timed_process(cmd, cwd, log_file)
    if code != 0:
        tail = log_file.read_text(encoding="utf-8", errors="replace")[-3000:]
        log(f"{kind} 构建失败（退出码 {code}）：\n{tail}")
        raise SystemExit(1)
    result = {"run": run, "seconds": seconds, "cpu_seconds": cpu, "rss_mb": rss_mb, "load_before": load,
              **site_metrics(site)}
    log(f"  第 {run} 轮 {kind:<6} {seconds:6.2f} s（CPU {cpu:6.2f} s）{rss_mb:7.1f} MB  {result['pages']} 页"
        f"  （开始时负载 {load:.2f}）")
    return result


# ---------------------------------------------------------------- report


def medians(results: list[dict]) -> dict:
    keys = [k for k, _, _ in METRICS] + ["html_bytes_total"]
    return {k: statistics.median(r[k] for r in results) for k in keys}


def ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def table(h: dict, b: dict) -> str:
    rows = [("metric", "huimin", "bare", "huimin/bare")]
    for key, label, fmt in METRICS:
        r = ratio(h[key], b[key])
        rows.append((label, fmt.format(h[key]), fmt.format(b[key]), "—" if r is None else f"{r:.2f}×"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def goals(h: dict, b: dict) -> dict:
    r = ratio(h["seconds"], b["seconds"])
    return {
        "full_build_seconds": {"goal": GOAL_SECONDS, "value": h["seconds"], "pass": h["seconds"] <= GOAL_SECONDS},
        "ratio_wall_time": {"goal": GOAL_RATIO, "value": r, "pass": r is not None and r <= GOAL_RATIO},
    }


def mark(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# ---------------------------------------------------------------- main


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tests.bench.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=3, help="builds of each site, interleaved (default 3)")
    p.add_argument("--pages", type=int, default=2000, help="pages of each site (default 2000)")
    p.add_argument("--policies", type=int, default=300, help="synthetic policies (default 300)")
    p.add_argument("--seed", type=int, default=corpus.SEED, help="random seed of the corpus")
    p.add_argument("--out", type=Path, help="work folder (kept); default: a new temp folder, removed")
    p.add_argument("--keep", action="store_true", help="keep the temp work folder")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    p.add_argument("--profile", type=Path, metavar="FILE.prof",
                   help="afterwards, one more huimin build under cProfile; print its hot spots")
    p.add_argument("--generate-only", action="store_true", help="write the corpora, build nothing")
    p.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements (search bytes, page weights)")
    p.add_argument("--no-preview", action="store_true", help="skip the huimin serve edit → preview measurement")
    return p.parse_args(argv)


def work_folder(args) -> tuple[Path, bool]:
    if args.out:
        work = args.out.resolve()
        if work == corpus.REPO or corpus.REPO in work.parents:
            raise SystemExit(f"--out 应在仓库之外：{work}")
        work.mkdir(parents=True, exist_ok=True)
        return work, True
    return Path(tempfile.mkdtemp(prefix="huimin-bench-")), args.keep


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    work, keep = work_folder(args)
    try:
        return bench(args, work)
    finally:
        if keep:
            log(f"语料和构建结果保留在：{work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def bench(args, work: Path) -> int:
    as_of = corpus.AS_OF
    huimin_root, bare_root, logs = work / "huimin", work / "bare", work / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    log(f"生成语料（种子 {args.seed}）到 {work} …")
    started = time.perf_counter()
    c = corpus.generate_huimin(huimin_root, args.pages, args.policies, args.seed, as_of, log=log)
    bare_pages = corpus.generate_bare(bare_root, c, c.pages, as_of)
    gen_seconds = time.perf_counter() - started
    info = {
        "pages_target": args.pages,
        "pages_expected": c.pages,
        "policies": len(c.policies),
        "submissions": len(c.submissions),
        "generated_pages": c.generated_pages,
        "content_pages": c.content_pages,
        "bare_markdown_pages": bare_pages,
        "policy_body_chars_median": statistics.median(len(p.get("body", "")) for p in c.policies),
        "submission_body_chars_median": statistics.median(len(s["body"]) for _, s in c.submissions) if c.submissions else 0,
        "seed": args.seed,
        "as_of": as_of.isoformat(),
        "generate_seconds": round(gen_seconds, 2),
    }
    log(f"  {c.pages} 页：{len(c.policies)} 条政策，{len(c.submissions)} 篇报送，huimin 生成页 {c.generated_pages}；"
        f"bare {bare_pages} 个 Markdown 页面（{gen_seconds:.1f} s）")
    if args.generate_only:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0

    runs = {"huimin": [], "bare": []}
    build = {
        "huimin": (huimin_cmd(work / "site-huimin", as_of), huimin_root, work / "site-huimin"),
        "bare": (bare_cmd(bare_root, work / "site-bare"), bare_root, work / "site-bare"),
    }
    speed_before = machine_speed()
    log(f"本机速度：固定的纯 Python 计算 {speed_before:.2f} 秒（越小越快）")
    log(f"构建 {args.runs} 轮（huimin 与 bare 交替）…")
    for run in range(1, args.runs + 1):
        order = ("huimin", "bare") if run % 2 else ("bare", "huimin")
        for kind in order:
            cmd, cwd, site = build[kind]
            runs[kind].append(measure(kind, cmd, cwd, site, logs, run))

    log(f"再构建 {args.runs} 轮 huimin（什么都没改，保留 .huimin-cache）…")
    runs["huimin-warm"] = []
    for run in range(1, args.runs + 1):
        cmd, cwd, site = build["huimin"]
        runs["huimin-warm"].append(measure("warm", cmd, cwd, site, logs, run, cold=False))

    # The same build with every page made again from .huimin-cache (--rebuild: the site is not
    # put back), and with one policy's 补助标准 changed before each build (what an editor does).
    log(f"再构建 {args.runs} 轮 huimin（什么都没改，--rebuild：每个页面取自缓存）…")
    runs["huimin-rebuild"] = []
    for run in range(1, args.runs + 1):
        cmd, cwd, site = build["huimin"]
        runs["huimin-rebuild"].append(measure("rebuild", [*cmd, "--rebuild"], cwd, site, logs, run, cold=False))
    log(f"再构建 {args.runs} 轮 huimin（每轮改一条政策的补助标准）…")
    runs["huimin-edit"] = []
    _, policy, _, edit = edits(huimin_root)[0]
    original = policy.read_text(encoding="utf-8")
    try:
        for run in range(1, args.runs + 1):
            policy.write_text(edit(original, 9000 + run)[0], encoding="utf-8")
            cmd, cwd, site = build["huimin"]
            runs["huimin-edit"].append(measure("edit", cmd, cwd, site, logs, run, cold=False))
    finally:
        policy.write_text(original, encoding="utf-8")

    speed_after = machine_speed()
    h, b = medians(runs["huimin"]), medians(runs["bare"])
    w = medians(runs["huimin-warm"])
    rb, ed = medians(runs["huimin-rebuild"]), medians(runs["huimin-edit"])
    g = goals(h, b)
    g["warm_build_seconds"] = {"goal": GOAL_WARM_SECONDS, "value": w["seconds"], "pass": w["seconds"] <= GOAL_WARM_SECONDS}
    if h["pages"] != b["pages"] or abs(h["pages"] - args.pages) > args.pages * 0.01:
        log(f"注意：页面数 huimin {h['pages']}，bare {b['pages']}，目标 {args.pages}")

    print()
    print(f"huimin benchmark — {args.pages} pages target: {len(c.policies)} policies, {len(c.submissions)} submissions "
          f"(seed {args.seed}, as of {as_of}); median of {args.runs} interleaved runs; "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}")
    print()
    print(table(h, b))
    print(f"huimin build, nothing changed (warm, the last site put back): wall {w['seconds']:.2f} s, CPU {w['cpu_seconds']:.2f} s,"
          f" peak RSS {w['rss_mb']:.1f} MB; bare mkdocs-material in the same run {b['seconds']:.2f} s")
    print(f"huimin build --rebuild, nothing changed (every page from .huimin-cache): wall {rb['seconds']:.2f} s,"
          f" CPU {rb['cpu_seconds']:.2f} s, peak RSS {rb['rss_mb']:.1f} MB")
    print(f"huimin build, one policy's 补助标准 changed before each build: wall {ed['seconds']:.2f} s,"
          f" CPU {ed['cpu_seconds']:.2f} s, peak RSS {ed['rss_mb']:.1f} MB")
    loads = [r["load_before"] for rs in runs.values() for r in rs]
    print(f"(1-min load average before the builds: {min(loads):.2f}–{max(loads):.2f}; on a shared machine"
          f" wall time includes waiting for the CPU, CPU time does not; the previous build itself adds ~1)")
    print(f"(machine speed, a fixed pure-Python loop, lower is faster: {speed_before:.2f} s before the builds,"
          f" {speed_after:.2f} s after; on the same machine it has ranged from {REFERENCE_SPEED} s: compare"
          f" seconds across runs only at the same speed, the ratios to bare mkdocs at any)")
    print()
    fb, rt = g["full_build_seconds"], g["ratio_wall_time"]
    print(f"goal: full huimin build ≤ {GOAL_SECONDS:.0f} s        {mark(fb['pass'])}  ({h['seconds']:.2f} s)")
    shown = "—" if rt["value"] is None else f"{rt['value']:.2f}×"
    cpu_ratio = ratio(h["cpu_seconds"], b["cpu_seconds"])
    cpu_shown = "—" if cpu_ratio is None else f"{cpu_ratio:.2f}×"
    print(f"goal: wall time ≤ {GOAL_RATIO:.2f}× bare mkdocs      {mark(rt['pass'])}  ({shown}; CPU time {cpu_shown})")
    wb = g["warm_build_seconds"]
    print(f"goal: huimin build, nothing changed ≤ {GOAL_WARM_SECONDS:.0f} s {mark(wb['pass'])}  ({w['seconds']:.2f} s)")
    print()
    preview = None
    if not args.no_preview:
        from tests.bench import preview as preview_bench

        log("huimin serve：修改文件到预览页面更新的时间 …")
        preview = preview_bench.measure(huimin_root, args.runs, log=log)
        print(preview_bench.report(preview))
        print()
    web = None
    if not args.no_browser:
        from tests.bench import web as web_bench

        log("在 Chromium 中测量首页到第一个搜索结果的下载量和各类页面的首次加载量 …")
        web = web_bench.measure(work / "site-huimin")
        print(web_bench.report(web))
        print()

    result = {
        "web": web,
        "preview": preview,
        "corpus": info,
        "runs": runs,
        "median": {"huimin": h, "bare": b, "huimin-warm": w, "huimin-rebuild": rb, "huimin-edit": ed},
        "ratio": {k: ratio(h[k], b[k]) for k in h},
        "goals": g,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "speed_seconds": [speed_before, speed_after]},
    }
    (work / "results.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
        log(f"结果已写入 {args.json}")

    if args.profile:
        profile(args.profile.resolve(), huimin_root, work / "site-profile", as_of, logs)
    return 0


def profile(out: Path, root: Path, site: Path, as_of: date, logs: Path, top: int = 30) -> None:
    """One more huimin build under cProfile; print the functions with the most cumulative time."""
    import pstats

    cmd = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "huimin.cli", "build",
           "--as-of", as_of.isoformat(), "--site-dir", str(site)]
    log(f"cProfile 构建 → {out} …")
    seconds, _, _, code = timed_process(cmd, root, logs / "profile.log")
    if code != 0:
        log(f"cProfile 构建失败（退出码 {code}），见 {logs / 'profile.log'}")
        return
    print(f"cProfile huimin build: {seconds:.1f} s (profiled)")
    stats = pstats.Stats(str(out))
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


if __name__ == "__main__":
    sys.exit(main())
