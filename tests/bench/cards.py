"""Benchmark ``huimin cards``: a synthetic roster, all PDFs, time and peak RSS.

    python -m tests.bench.cards [--households 100000] [--villages 1500] [--townships 100]
                                [--workers 2] [--out DIR] [--keep]

Writes a synthetic roster (CSV) and a copy of the repository's policy lists to a temp
folder, runs the whole package build in a child process (so its peak RSS is its own,
workers included), then compiles the same documents with Typst alone from JSON prepared in
advance (same pool size) and prints the ratio. Exits 0 once the builds succeed: it is a
measurement; the goals are printed with PASS/FAIL.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GOAL_SECONDS_100K = 180.0
GOAL_RSS_MB = 1536.0
GOAL_RATIO = 1.5
GOAL_ONE_SHEET = 0.95  # households whose card is one A5 sheet printed on both sides
AS_OF = "2024-06-01"
UNITS = ["袁州区", "樟树市", "丰城市", "高安市", "奉新县", "万载县", "上高县", "宜丰县", "靖安县", "铜鼓县"]
TAGS = ["义务教育学生", "学前儿童", "高中学生", "大学生", "慢性病患者", "大病患者", "残疾人", "老年人", "务工人员", "无劳动能力"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "建国秀英志强桂兰国华玉梅春生海燕明德淑珍金水小红永福丽娟水根冬梅长青"
MONITOR = ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_roster(path: Path, households: int, townships: int, villages: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    header = "户编号,县市区,乡镇,村,户主姓名,户类型,监测类型,家庭人口,成员情况,帮扶责任人,帮扶责任人电话\n"
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(header)
        for i in range(households):
            v = i % villages  # every village gets households; sizes even enough
            t = v % townships
            unit = UNITS[t % len(UNITS)]
            kind = "监测对象" if rng.random() < 0.25 else "脱贫户"
            monitor = rng.choice(MONITOR) if kind == "监测对象" else ""
            tags = "、".join(rng.sample(TAGS, rng.randint(0, 3)))
            head = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
            f.write(f"36{i:08d},{unit},第{t + 1}镇,第{v + 1}村,{head},{kind},{monitor},{rng.randint(1, 7)},"
                    f"{tags},{rng.choice(SURNAMES)}干部,139{i:08d}\n")


def write_project(root: Path) -> None:
    (root / "content").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: bench\n", encoding="utf-8")
    (root / "content/index.md").write_text("# 首页\n", encoding="utf-8")
    (root / "huimin.yml").write_text("site_url: https://zcqd.yichun.gov.cn/\n", encoding="utf-8")
    shutil.copytree(REPO / "policy_lists", root / "policy_lists")


# ---------------------------------------------------------------- child: the real build


def child_build(project: Path, roster: Path, out: Path, workers: int, jobs_file: Path | None) -> None:
    from huimin.print.package import write_package
    from huimin.read.project import load_project

    p = load_project(project, date.fromisoformat(AS_OF))
    started = time.perf_counter()
    result = write_package(p, roster, out, workers=workers, printed=date(2024, 6, 3))
    seconds = time.perf_counter() - started
    # as each worker measured itself (VmHWM; RUSAGE_CHILDREN counts a child's fork-time copy of this process)
    rss_children = max((m.peak_rss_mb for m in result.files), default=0.0)
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "seconds": seconds, "files": len(result.files), "card_pages": result.card_pages,
        "checklist_pages": result.checklist_pages, "typst_seconds": result.typst_seconds,
        "card_sheets": result.card_sheets, "sheets": sum(m.sheets for m in result.files),
        "one_sheet": result.one_sheet, "card_lengths": sorted(result.card_lengths.items()),
        "prepare_seconds": result.prepare_seconds,
        "rss_parent_mb": rss_self, "rss_worker_mb": rss_children,
        "typst_cards": sum(m.typst_seconds for m in result.files if m.kind == "cards"),
        "typst_checklists": sum(m.typst_seconds for m in result.files if m.kind == "checklist"),
        "bytes": sum(m.bytes for m in result.files),
    }))


def prepare_jobs(project: Path, roster: Path, folder: Path) -> list[tuple[str, str]]:
    """Every document's data as a JSON file, prepared before timing Typst alone."""
    from huimin.print.cards import CardContext
    from huimin.print.fonts import font_dirs
    from huimin.print.package import documents, plan
    from huimin.print.parts import RunParts
    from huimin.print.typst_engine import use_fonts
    from huimin.read.project import load_project
    from huimin.read.roster import read_roster

    p = load_project(project, date.fromisoformat(AS_OF))
    households = read_roster(roster, p.settings).require_clean()
    ctx = CardContext(p.settings, p.policies, p.as_of, date(2024, 6, 3))
    use_fonts(font_dirs(None))
    docs = documents(households)
    parts = RunParts(ctx, docs, folder)  # measured and typeset once, before timing (as in huimin cards)
    jobs = []
    for i, job in enumerate(plan(docs, parts)):
        path = folder / f"{i:05d}.json"
        path.write_text(json.dumps(job.data, ensure_ascii=False), encoding="utf-8")
        jobs.append((str(parts.templates[job.kind]), str(path)))  # staged: Typst's root is the parts folder
    return jobs


def _typst_only(batch: list[tuple[str, str]], fonts: list[str]) -> int:
    import typst

    compilers = {}
    pages = 0
    for template, data_file in batch:
        if template not in compilers:
            compilers[template] = typst.Compiler(template, root=str(Path(template).parent),
                                                 font_paths=fonts, ignore_system_fonts=True)
        data = Path(data_file).read_text(encoding="utf-8")
        pdf = compilers[template].compile(sys_inputs={"data": data}, pdf_standards=[], pdf_tags=False)
        pages += len(pdf) > 0
    return pages


def typst_alone(jobs: list[tuple[str, str]], workers: int) -> float:
    import multiprocessing

    from huimin.print.fonts import font_dirs

    batches = [jobs[i::workers] for i in range(workers)]
    started = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(_typst_only, batches, [font_dirs(None)] * workers))
    return time.perf_counter() - started


# ---------------------------------------------------------------- memory of a process tree


def tree_rss_mb(root: int) -> float:
    """The summed RSS of ``root`` and its descendants (Linux /proc; 0 elsewhere)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir() if Path("/proc/self/stat").exists() else ():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, ppid in parents.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    total = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def run_sampled(cmd: list[str], seconds: float = 0.25) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``cmd``; also the highest summed RSS of it and its children, sampled every ``seconds``."""
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(seconds):
            peak[0] = max(peak[0], tree_rss_mb(proc.pid))

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    done.set()
    watcher.join()
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err), peak[0]


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--households", type=int, default=100_000)
    ap.add_argument("--townships", type=int, help="default: one per 15 villages (100 for 100,000 households)")
    ap.add_argument("--villages", type=int,
                    help="default: 1,500 per 100,000 households, so that a smaller run extrapolates (a file costs too)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--child", nargs=4, metavar=("PROJECT", "ROSTER", "OUT", "WORKERS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.villages = args.villages or max(1, round(args.households * 1500 / 100_000))
    args.townships = args.townships or max(1, args.villages // 15)
    if args.child:
        child_build(Path(args.child[0]), Path(args.child[1]), Path(args.child[2]), int(args.child[3]), None)
        return 0

    base = args.out or Path(tempfile.mkdtemp(prefix="huimin-cards-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        project, roster = base / "project", base / "roster.csv"
        write_project(project)
        log(f"名单：{args.households:,} 户，{args.townships} 个乡镇，{args.villages} 个村 → {roster}")
        write_roster(roster, args.households, args.townships, args.villages)

        log("huimin cards（子进程，含工作进程）……")
        proc, rss_tree = run_sampled([sys.executable, "-m", "tests.bench.cards", "--child", str(project), str(roster),
                                      str(base / "out"), str(args.workers)])
        if proc.returncode:
            log(proc.stderr)
            return 1
        real = json.loads(proc.stdout.strip().splitlines()[-1])

        log("Typst alone（数据预先备好）……")
        folder = base / "json"
        folder.mkdir(exist_ok=True)
        jobs = prepare_jobs(project, roster, folder)
        alone = typst_alone(jobs, args.workers)

        scale = 100_000 / args.households
        ratio = real["seconds"] / alone
        # the goal is for everything `huimin cards` holds at once: the parent and its workers
        rss_sum = real["rss_parent_mb"] + args.workers * real["rss_worker_mb"]
        rows = [
            ("households", f"{args.households:,}", ""),
            ("PDF files", f"{real['files']:,}", ""),
            ("card pages / checklist pages", f"{real['card_pages']:,} / {real['checklist_pages']:,}", ""),
            ("card sheets / all sheets (duplex)", f"{real['card_sheets']:,} / {real['sheets']:,}", ""),
            ("households on one sheet", f"{real['one_sheet']:.1%}", "PASS" if real["one_sheet"] >= GOAL_ONE_SHEET else "FAIL"),
            ("  cards of 1 / 2 / 3+ pages", " / ".join(f"{n:,}" for n in (
                sum(c for p, c in real["card_lengths"] if p == 1), sum(c for p, c in real["card_lengths"] if p == 2),
                sum(c for p, c in real["card_lengths"] if p > 2))), ""),
            ("output MB", f"{real['bytes'] / 1e6:.1f}", ""),
            ("huimin cards wall s", f"{real['seconds']:.1f}", ""),
            ("  extrapolated to 100,000 s" if scale != 1 else "  at 100,000 s",
             f"{real['seconds'] * scale:.1f}", "PASS" if real["seconds"] * scale <= GOAL_SECONDS_100K else "FAIL"),
            ("  of which preparing (one process) s", f"{real['prepare_seconds']:.1f}", ""),
            ("  Typst s in workers: cards / checklists",
             f"{real['typst_cards']:.0f} / {real['typst_checklists']:.0f}", ""),
            ("Typst alone (prepared JSON) wall s", f"{alone:.1f}", ""),
            ("ratio huimin / Typst alone", f"{ratio:.2f}", "PASS" if ratio <= GOAL_RATIO else "FAIL"),
            ("peak RSS parent MB", f"{real['rss_parent_mb']:.0f}", ""),
            ("peak RSS largest worker MB", f"{real['rss_worker_mb']:.0f}", ""),
            ("peak RSS parent + workers × largest MB", f"{rss_sum:.0f}", "PASS" if rss_sum <= GOAL_RSS_MB else "FAIL"),
            ("peak RSS all processes at once MB (sampled)", f"{rss_tree:.0f}",
             "PASS" if rss_tree <= GOAL_RSS_MB else "FAIL"),
            ("workers", str(args.workers), ""),
        ]
        width = max(len(r[0]) for r in rows)
        print(f"{'metric':<{width}}  {'value':>14}  goal")
        for name, value, verdict in rows:
            print(f"{name:<{width}}  {value:>14}  {verdict}")
        if scale != 1:
            print(f"(measured at {args.households:,} households; the 100,000 line is a linear extrapolation)")
        return 0
    finally:
        if not args.keep and args.out is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
