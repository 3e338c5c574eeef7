"""The print package for one roster: cards and checklists per village, a manifest, a report.

    DIR/<县市区>/<乡镇>/<村>.pdf          政策明白卡, households in 户编号 order
    DIR/<县市区>/<乡镇>/<村>-排查表.pdf   政策落实排查表
    DIR/manifest.csv                       文件, 类别, 县市区, 乡镇, 村, 户数, 纸张, 单双面, 页数, 张数, SHA-256校验值
    DIR/report.txt                         counts, skipped rows, households eligible for nothing
    DIR/封面-作业单.pdf                    the job ticket for the print shop (huimin.print.cover)

A village with more than ``max_households`` households is printed as several parts
(``<村>（第1册）.pdf`` …). Everything is built in a temporary folder next to DIR and swapped
in at the end (:mod:`huimin.output.guard`): a failure or a kill leaves DIR as it was. A roster is
personal data, so DIR may not be inside the published site (site_build/) or the site's
sources (content/), and its folders and files are readable by their owner only.

Documents are compiled in a pool of worker processes (one per core), each keeping one
Typst compiler per template, so fonts are loaded once per worker. Cards are compiled
without PDF tags and without a PDF standard: 100,000 cards must print in minutes.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from huimin.model.errors import HuiminError
from huimin.output.guard import PACKAGE_MARKER
from huimin.output.staging import remove_stale, staging_dir, swap_in, write_private
from huimin.print import typst_engine
from huimin.print.cards import CardContext
from huimin.print.cover import COVER, cover_data
from huimin.print.cover import TEMPLATE as COVER_TEMPLATE
from huimin.print.fonts import font_dirs
from huimin.print.glyphs import check_glyphs, household_problems
from huimin.print.impose import PAPER as IMPOSED_PAPER
from huimin.print.names import MAX_HOUSEHOLDS, documents, safe_name  # noqa: F401 (safe_name: re-exported)
from huimin.print.parts import Document, RunParts, check_pages
from huimin.print.refusals import check_out_dir, roster_households
from huimin.print.report import MANIFEST, REPORT, manifest_csv, report_text
from huimin.print.typst_engine import typeset, use_fonts
from huimin.print.workers import die_with_parent
from huimin.read.project import Project
from huimin.read.roster import RosterResult, read_roster

PRIVATE_DIR = 0o700    # the package holds personal data: folders 0700, files 0600
CHECKLIST_PAPER = "A4横向"  # templates/print/checklist.typ
IMPOSE_PAPER_MESSAGE = "--impose 2up 把两张 A5 明白卡拼印在一张 A4 纸上，只能用于 A5：请去掉 --paper A4，或不用 --impose"


@dataclass(frozen=True)
class Job:
    """One PDF to make."""

    kind: str                 # "cards" | "checklist"
    file: str                 # relative to DIR, with "/"
    unit: str
    township: str
    village: str
    data: dict
    paper: str = "A5"         # as the manifest says it
    duplex: bool = True

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
    sheets: int = 0           # sheets of paper: a sheet carries two pages in duplex
    paper: str = ""
    sides: str = ""           # 双面 | 单面


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
    removed: list[Path] = field(default_factory=list)  # staging folders of killed runs, removed
    card_lengths: Counter = field(default_factory=Counter)  # pages of a card → households

    @property
    def one_sheet(self) -> float:
        """The share of households whose card is one sheet printed on both sides (≤ 2 pages)."""
        total = sum(self.card_lengths.values())
        return sum(n for pages, n in self.card_lengths.items() if pages <= 2) / total if total else 1.0

    @property
    def card_pages(self) -> int:
        return sum(m.pages for m in self.files if m.kind == "cards")

    @property
    def card_sheets(self) -> int:
        return sum(m.sheets for m in self.files if m.kind == "cards")

    @property
    def checklist_pages(self) -> int:
        return sum(m.pages for m in self.files if m.kind == "checklist")


# ---------------------------------------------------------------- planning


def plan(docs: list[Document], parts: RunParts, duplex: bool = True, impose: str | None = None) -> Iterator[Job]:
    """The PDFs to make: each document's cards, then its checklist."""
    paper = IMPOSED_PAPER if impose else parts.ctx.shared["paper"].upper()
    for doc in docs:
        first = doc.households[0]
        place = (first.unit, first.township, first.village)
        yield Job("cards", doc.file, *place, parts.card_document(doc, duplex, impose), paper, duplex)
        yield Job("checklist", doc.checklist, *place, parts.checklist_document(doc), CHECKLIST_PAPER, duplex)


# ---------------------------------------------------------------- compiling (worker side)

def _init_worker(fonts: list[str], day: date, parent: int) -> None:
    die_with_parent(parent)  # a killed `huimin cards` leaves no worker behind
    use_fonts(fonts, day)


RECYCLE_AFTER = 500  # documents per worker process; Typst evicts its caches (RSS flat at ~400 MB over 180 documents), this is a safety net


def _make(job: Job, staging: str, template: Path) -> Made:
    from huimin.print.typst_engine import pdf_page_count

    started = time.perf_counter()
    pdf = typeset(template, job.data)
    seconds = time.perf_counter() - started
    path = Path(staging) / job.file
    _private_folders(path.parent, Path(staging))
    write_private(path, pdf)
    pages = pdf_page_count(pdf)
    check_pages(pdf, expected_pages(job), job.file)  # a page that spilled over shifts every page after it
    return Made(job.kind, job.file, job.unit, job.township, job.village, job.households,
                pages, hashlib.sha256(pdf).hexdigest(), len(pdf), seconds, _peak_rss_mb(),
                sheets=-(-pages // 2) if job.duplex else pages, paper=job.paper, sides="双面" if job.duplex else "单面")


def expected_pages(job: Job) -> int:
    """The pages ``job``'s PDF must have: one per card page (imposed: the separator, its back
    in duplex, then a sheet per pair), one per checklist page."""
    data = job.data
    if data.get("impose"):
        return 1 + bool(data["separator"]["duplex"]) + len(data["sheets"])
    return len(data["pages"])


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
    replace: bool = False,
    duplex: bool = True,
    impose: str | None = None,
) -> PackageResult:
    """Read the roster, typeset every card and checklist, write DIR atomically.

    An existing package in DIR is refused unless ``replace``; it stays whole until the new
    one is complete. ``duplex``: every household starts on a front (odd) page. ``impose``
    "2up": A5 cards two on each A4 landscape sheet (:mod:`huimin.print.impose`).
    """
    if impose and paper.upper() != "A5":
        raise HuiminError(IMPOSE_PAPER_MESSAGE)
    started = time.perf_counter()
    target = check_out_dir(out, project.root, project.settings.policy_dir, replace=replace)
    if roster is None:
        roster = read_roster(Path(roster_path), project.settings)
    households = roster_households(roster, skip_bad_rows)
    if not households:
        raise HuiminError(f"{roster.path}: 名单中没有可打印的农户")
    check_glyphs(project, submissions=False)  # before anything is typeset: located, not Typst's error
    unprintable = household_problems(project, households, roster.path)
    if unprintable:
        raise HuiminError(unprintable)
    printed = printed or date.today()
    ctx = CardContext(project.settings, project.policies, project.as_of, printed, paper)
    villages = {(h.unit, h.township, h.village) for h in households}
    no_policy = [h for h in households if not ctx.policies_for(h)]

    removed = remove_stale(target)  # a killed run's staging folder (personal data), said so
    staging = staging_dir(target, PRIVATE_DIR)  # personal data: the owner only
    # The shared parts live in the staging folder (removed by the next run if this one is
    # killed), but not in the package: the print shop needs only the PDFs.
    folder = staging / ".parts"
    folder.mkdir(mode=PRIVATE_DIR)
    made: list[Made] = []
    try:
        use_fonts(font_dirs(project.root), printed)  # the PDFs carry the print date: same roster, same bytes
        docs = documents(households, max_households)
        total_docs = 2 * len(docs)
        workers = workers or min(os.cpu_count() or 1, total_docs)
        with ExitStack() as stack:
            pool = None
            if workers > 1:
                # spawn, not fork: a forked child of a process that already ran Typst (its thread pool) can hang
                spawn = multiprocessing.get_context("spawn")
                pool = stack.enter_context(ProcessPoolExecutor(
                    workers, mp_context=spawn, max_tasks_per_child=RECYCLE_AFTER, initializer=_init_worker,
                    initargs=(font_dirs(project.root), printed, os.getpid())))
                # The shared parts and the cover are typeset in the pool too: Typst's fonts and
                # caches (~600 MB at 100,000 households) stay out of this process, which holds the roster.
                typst_engine.delegate_to(pool)
                stack.callback(typst_engine.delegate_to, None)
            parts = RunParts(ctx, docs, folder)
            jobs = plan(docs, parts, duplex, impose)
            prepared = time.perf_counter() - started
            if pool is None:
                for job in jobs:
                    made.append(_make(job, str(staging), parts.templates[job.kind]))
                    if progress:
                        progress(len(made), total_docs)
            else:
                pending = set()
                for job in jobs:  # keep a bounded number of jobs in flight: memory stays flat
                    pending.add(pool.submit(_make, job, str(staging), parts.templates[job.kind]))
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
                                   len(no_policy), qr=ctx.url is not None, removed=removed,
                                   card_lengths=Counter(parts.card_length(h) for h in households))
            write_private(staging / REPORT, report_text(result, roster, ctx, no_policy, project).encode("utf-8"))
            manifest = manifest_csv(made).encode("utf-8-sig")  # BOM: Excel opens it right
            write_private(staging / MANIFEST, manifest)
            cover = cover_data(made, ctx, hashlib.sha256(manifest).hexdigest(), Path(roster.path).name, duplex, impose)
            write_private(staging / COVER, typeset(typst_engine.stage_template(COVER_TEMPLATE, folder), cover))
        shutil.rmtree(folder)
        swap_in(staging, target, PACKAGE_MARKER, PRIVATE_DIR)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    result.prepare_seconds = prepared
    result.typst_seconds = sum(m.typst_seconds for m in made)
    return result
