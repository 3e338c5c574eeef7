"""The print package for one roster: cards and checklists per village, a manifest, a report.

    DIR/<县市区>/<乡镇>/<村>.pdf          政策明白卡, households in 户编号 order
    DIR/<县市区>/<乡镇>/<村>-排查表.pdf   政策落实排查表
    DIR/manifest.csv                       file, 县市区, 乡镇, 村, households, pages, sha256
    DIR/report.txt                         counts, skipped rows, households eligible for nothing

A village with more than ``max_households`` households is printed as several parts
(``<村>（第1册）.pdf`` …). Everything is built in a temporary folder next to DIR and swapped
in at the end (:mod:`huimin.outputs`): a failure or a kill leaves DIR as it was. A roster is
personal data, so DIR may not be inside the published site (site_build/) or the site's
sources (content/), and its folders and files are readable by their owner only.

Documents are compiled in a pool of worker processes (one per core), each keeping one
Typst compiler per template, so fonts are loaded once per worker. Cards are compiled
without PDF tags and without a PDF/A standard: 100,000 cards must print in minutes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing
import os
import re
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import HuiminError, Problem, display_path
from ..outputs import PACKAGE_MARKER, guard_dir, staging_dir, swap_in, write_private
from ..project import Project
from ..roster import Household, RosterResult, read_roster
from .cards import TEMPLATE as CARDS_TEMPLATE
from .cards import CardContext, cn_date
from .checklist import TEMPLATE as CHECKLIST_TEMPLATE
from .fonts import font_dirs
from .parts import Document, RunParts
from .typst_engine import typeset, use_fonts

PRIVATE_DIR = 0o700    # the package holds personal data: folders 0700, files 0600
MAX_HOUSEHOLDS = 400   # households per PDF: a larger village is printed in parts
MAX_SHOWN = 50         # roster problems printed before "另有 N 个问题"
SITE_DIR = "site_build"
MANIFEST = "manifest.csv"
REPORT = "report.txt"
MANIFEST_HEADER = ("file", "县市区", "乡镇", "村", "households", "pages", "sha256")
PUBLIC_MESSAGE = ("输出目录 {out} 位于{where}内：户名单含个人信息，明白卡和排查表不得放入公开网站，"
                  "请改用网站以外的文件夹（如 --out ../明白卡）")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


@dataclass(frozen=True)
class Job:
    """One PDF to make."""

    kind: str                 # "cards" | "checklist"
    file: str                 # relative to DIR, with "/"
    unit: str
    township: str
    village: str
    data: dict

    @property
    def households(self) -> int:
        return len(self.data["households"])


@dataclass(frozen=True)
class Made:
    kind: str
    file: str
    unit: str
    township: str
    village: str
    households: int
    pages: int
    sha256: str
    bytes: int
    typst_seconds: float
    peak_rss_mb: float = 0.0  # of the process that made it, so far


@dataclass
class PackageResult:
    out: Path
    households: int = 0
    villages: int = 0
    files: list[Made] = field(default_factory=list)
    skipped_rows: int = 0
    no_policy: int = 0
    seconds: float = 0.0
    typst_seconds: float = 0.0
    prepare_seconds: float = 0.0  # reading, eligibility, measuring, pagination, shared parts
    qr: bool = False

    @property
    def card_pages(self) -> int:
        return sum(m.pages for m in self.files if m.kind == "cards")

    @property
    def checklist_pages(self) -> int:
        return sum(m.pages for m in self.files if m.kind == "checklist")


# ---------------------------------------------------------------- checks


def check_out_dir(out: Path, root: Path, policy_dir: str = "policy_lists", site_dir: str = SITE_DIR) -> Path:
    """``out`` resolved; HuiminError when it is inside the published site, the project's
    sources (see :func:`huimin.outputs.guard_dir`) or a folder that is not a package."""
    target = Path(out).resolve()
    public = (root / site_dir).resolve()
    if target == public or public in target.parents:
        raise HuiminError(PUBLIC_MESSAGE.format(out=display_path(out), where=f"网站输出目录 {site_dir}/"))
    content = (root / "content").resolve()
    if target == content or content in target.parents:
        raise HuiminError(PUBLIC_MESSAGE.format(out=display_path(out), where="网站内容目录 content/"))
    return guard_dir(out, root, PACKAGE_MARKER, policy_dir=policy_dir, legacy=is_earlier_package)


def is_earlier_package(folder: Path) -> bool:
    """A package written before packages carried their marker file: a manifest with our
    header, a report, and nothing else but the PDFs (and their folders) the manifest lists."""
    try:
        with open(folder / MANIFEST, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    if not rows or tuple(rows[0]) != MANIFEST_HEADER or not (folder / REPORT).is_file():
        return False
    listed = {row[0] for row in rows[1:] if row}
    for path in folder.rglob("*"):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and name not in listed and name not in (MANIFEST, REPORT):
            return False
    return True


class RosterError(HuiminError):
    """The roster has problems: at most :data:`MAX_SHOWN` of them, then a closing line."""

    def __init__(self, problems: list[Problem], fatal: bool):
        self.total = len(problems)
        shown = list(problems[:MAX_SHOWN])
        self.lines = [str(p) for p in shown]
        if self.total > MAX_SHOWN:
            self.lines.append(f"另有 {self.total - MAX_SHOWN} 个问题")
        hint = "" if fatal else "，或加 --skip-bad-rows 跳过有误的行（跳过的行会列在 report.txt 中）"
        self.lines.append(f"名单共 {self.total} 个问题，未生成任何明白卡：请改正后重试{hint}")
        super().__init__(shown)


def roster_households(roster: RosterResult, skip_bad_rows: bool) -> list[Household]:
    """require_clean; RosterError (capped at :data:`MAX_SHOWN` problems) when it refuses."""
    try:
        return roster.require_clean(skip_bad_rows)
    except HuiminError as exc:
        raise RosterError(exc.problems, roster.fatal) from None


# ---------------------------------------------------------------- planning


def safe_name(name: str) -> str:
    """A file or folder name that every system accepts, from a 县市区, 乡镇 or 村 name."""
    cleaned = _UNSAFE.sub("_", name).strip().lstrip(".")
    return cleaned or "_"


def _number_key(number: str) -> tuple:
    return (len(number), number) if number.isdigit() else (1 << 30, number)


def documents(households: list[Household], max_households: int = MAX_HOUSEHOLDS) -> list[Document]:
    """One document per village (villages sorted, households in 户编号 order), or per part
    of a village with more than ``max_households`` households. ``file`` is the cards PDF."""
    villages: dict[tuple[str, str, str], list[Household]] = defaultdict(list)
    for h in households:
        villages[(h.unit, h.township, h.village)].append(h)
    used: set[str] = set()
    docs = []
    for (unit, township, village) in sorted(villages):
        members = sorted(villages.pop((unit, township, village)), key=lambda h: _number_key(h.number))
        folder = f"{safe_name(unit)}/{safe_name(township)}"
        stem = safe_name(village)
        n = 2
        while f"{folder}/{stem}".lower() in used:  # two names that differ only in unsafe characters
            stem, n = f"{safe_name(village)}_{n}", n + 1
        used.add(f"{folder}/{stem}".lower())
        parts = [members[i:i + max_households] for i in range(0, len(members), max_households)]
        for i, part in enumerate(parts, 1):
            label = f"第{i}册，共{len(parts)}册" if len(parts) > 1 else None
            suffix = f"（第{i}册）" if len(parts) > 1 else ""
            docs.append(Document(f"{folder}/{stem}{suffix}.pdf", f"{folder}/{stem}-排查表{suffix}.pdf", part, label))
    return docs


def plan(docs: list[Document], parts: RunParts) -> Iterator[Job]:
    """The PDFs to make: each document's cards, then its checklist."""
    for doc in docs:
        first = doc.households[0]
        place = (first.unit, first.township, first.village)
        yield Job("cards", doc.file, *place, parts.card_document(doc))
        yield Job("checklist", doc.checklist, *place, parts.checklist_document(doc))


# ---------------------------------------------------------------- compiling (worker side)

def _init_worker(fonts: list[str]) -> None:
    use_fonts(fonts)


RECYCLE_AFTER = 500  # documents per worker process; Typst evicts its caches (RSS flat at ~400 MB over 180 documents), this is a safety net


def _make(job: Job, staging: str) -> Made:
    from .typst_engine import pdf_page_count

    template = CARDS_TEMPLATE if job.kind == "cards" else CHECKLIST_TEMPLATE
    started = time.perf_counter()
    pdf = typeset(template, job.data)
    seconds = time.perf_counter() - started
    path = Path(staging) / job.file
    _private_folders(path.parent, Path(staging))
    write_private(path, pdf)
    return Made(job.kind, job.file, job.unit, job.township, job.village, job.households,
                pdf_page_count(pdf), hashlib.sha256(pdf).hexdigest(), len(pdf), seconds, _peak_rss_mb())


def _private_folders(folder: Path, top: Path) -> None:
    """Make ``folder`` and its parents up to ``top``, readable by the owner only."""
    if folder == top or folder.is_dir():
        return
    _private_folders(folder.parent, top)
    folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)


def _peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: after fork and exec (how the pool spawns
    its workers) ru_maxrss still counts the parent's memory at the fork."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return 0.0


# ---------------------------------------------------------------- the package


def write_package(
    project: Project,
    roster_path: Path,
    out: Path,
    *,
    skip_bad_rows: bool = False,
    paper: str = "A5",
    printed: date | None = None,
    workers: int | None = None,
    max_households: int = MAX_HOUSEHOLDS,
    progress: Callable[[int, int], None] | None = None,
    roster: RosterResult | None = None,
) -> PackageResult:
    """Read the roster, typeset every card and checklist, write DIR atomically."""
    started = time.perf_counter()
    target = check_out_dir(out, project.root, project.settings.policy_dir)
    if roster is None:
        roster = read_roster(Path(roster_path), project.settings)
    households = roster_households(roster, skip_bad_rows)
    if not households:
        raise HuiminError(f"{roster.path}: 名单中没有可打印的农户")
    ctx = CardContext(project.settings, project.policies, project.as_of, printed, paper)
    villages = {(h.unit, h.township, h.village) for h in households}
    no_policy = [h for h in households if not ctx.policies_for(h)]

    staging = staging_dir(target, PRIVATE_DIR)  # personal data: the owner only
    folder = Path(tempfile.mkdtemp(prefix="huimin-parts-"))  # not in the package: the print shop needs only the PDFs
    made: list[Made] = []
    try:
        use_fonts(font_dirs(project.root))
        docs = documents(households, max_households)
        jobs = plan(docs, RunParts(ctx, docs, folder))
        prepared = time.perf_counter() - started
        total_docs = 2 * len(docs)
        workers = workers or min(os.cpu_count() or 1, total_docs)
        if workers <= 1:
            for job in jobs:
                made.append(_make(job, str(staging)))
                if progress:
                    progress(len(made), total_docs)
        else:
            # spawn, not fork: a forked child of a process that already ran Typst (its thread pool) can hang
            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(workers, mp_context=spawn, max_tasks_per_child=RECYCLE_AFTER, initializer=_init_worker,
                                     initargs=(font_dirs(project.root),)) as pool:
                pending = set()
                from concurrent.futures import FIRST_COMPLETED, wait

                for job in jobs:  # keep a bounded number of jobs in flight: memory stays flat
                    pending.add(pool.submit(_make, job, str(staging)))
                    if len(pending) >= 4 * workers:
                        done, pending = wait(pending, return_when=FIRST_COMPLETED)
                        for f in done:
                            made.append(f.result())
                            if progress:
                                progress(len(made), total_docs)
                for f in pending:
                    made.append(f.result())
                    if progress:
                        progress(len(made), total_docs)
        made.sort(key=lambda m: (m.unit, m.township, m.village, m.file.replace('-排查表', '~')))
        result = PackageResult(target, len(households), len(villages), made, len(roster.skipped_rows),
                               len(no_policy), qr=ctx.url is not None)
        write_private(staging / REPORT, report_text(result, roster, ctx, no_policy, project).encode("utf-8"))
        write_private(staging / MANIFEST, manifest_csv(made).encode("utf-8-sig"))  # BOM: Excel opens it right
        swap_in(staging, target, PACKAGE_MARKER, PRIVATE_DIR)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    result.prepare_seconds = prepared
    result.typst_seconds = sum(m.typst_seconds for m in made)
    return result


def manifest_csv(made: list[Made]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(MANIFEST_HEADER)
    for m in made:
        writer.writerow((m.file, m.unit, m.township, m.village, m.households, m.pages, m.sha256))
    return buf.getvalue()


def report_text(result: PackageResult, roster: RosterResult, ctx: CardContext,
                no_policy: list[Household], project: Project) -> str:
    lines = [
        f"{project.settings.city}政策明白卡印刷包",
        f"户名单：{Path(roster.path).name}",  # the name only: a path can name a person's folder
        f"政策依据日期：{cn_date(ctx.as_of)}（明白卡所列为当日有效、可上卡的政策，共 {len(ctx.card_policies)} 项）",
        f"打印日期：{ctx.shared['print_date']}",
        f"农户 {result.households} 户，村 {result.villages} 个；明白卡 {result.card_pages} 页，排查表 {result.checklist_pages} 页，"
        f"文件 {len(result.files)} 个",
        "二维码：" + (ctx.url if ctx.url else "未设置网站地址（huimin.yml 的 site_url），明白卡不印二维码"),
        "",
        "一、各县市区、乡镇户数",
    ]
    by_unit: dict[str, Counter] = defaultdict(Counter)
    villages: dict[str, set] = defaultdict(set)
    pages: Counter = Counter()
    for m in result.files:
        if m.kind == "cards":
            by_unit[m.unit][m.township] += m.households
            villages[m.unit].add((m.township, m.village))
            pages[m.unit] += m.pages
    for unit in sorted(by_unit):
        towns = by_unit[unit]
        lines.append(f"{unit}：{sum(towns.values())} 户，{len(towns)} 个乡镇，{len(villages[unit])} 个村，明白卡 {pages[unit]} 页")
        for town in sorted(towns):
            lines.append(f"    {town}：{towns[town]} 户")
    lines += ["", f"二、跳过的行（{len(roster.skipped_rows)} 行，未打印）"]
    if roster.skipped_rows:
        lines.append("文件\t行\t列\t原因")
        for p in roster.problems:
            column = p.field or (f"第{p.column}列" if p.column else "")
            lines.append(f"{Path(p.path).name}\t{p.line or ''}\t{column}\t{p.message}")
    else:
        lines.append("无")
    lines += ["", f"三、无对应政策的农户（{len(no_policy)} 户，明白卡上注明“暂无对应的惠民政策”，请核实）"]
    if no_policy:
        lines.append("户编号\t县市区\t乡镇\t村\t户类型\t监测类型")
        for h in sorted(no_policy, key=lambda h: (h.unit, h.township, h.village, _number_key(h.number))):
            lines.append(f"{h.number}\t{h.unit}\t{h.township}\t{h.village}\t{h.household_type}\t{h.monitor_type or ''}")
    else:
        lines.append("无")
    if roster.warnings:
        lines += ["", "四、提示"] + [str(w) for w in roster.warnings]
    lines += ["", "本印刷包含个人信息，仅供入户发放和排查使用，不得上传到公开网站或外传。", ""]
    return "\n".join(lines)
