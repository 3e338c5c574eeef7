"""The PDFs a site build offers for download: the handbook and each month's brief.

They are typeset in a worker process while the site engine renders the HTML: preparing
their data (Markdown to print blocks) is Python work that would otherwise compete with
the rendering for the interpreter, and Typst's memory goes away with the worker. The
worker is given the project when it starts (:func:`start_worker`); a worker without one
reads it from disk: the same files and the same as-of day give the same models.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from huimin.model.errors import HuiminError
from huimin.read.project import Project, load_project
from huimin.site.nav import HANDBOOK_URI

CACHE_DIR = ".huimin-cache/pdf"  # typeset PDFs by content hash (git-ignored)
JOBS_DIR = ".huimin-cache/pdf/jobs"  # each site PDF by the hash of the files it is made from
_SOURCES = ("huimin.yml", "mkdocs.yml", "content", "templates", "fonts")  # with policy_dir and docs_dir


@dataclass(frozen=True)
class PdfJob:
    uri: str          # where the PDF goes in the site
    label: str        # what to call it in a message
    month: str | None  # a brief's month; None for the handbook


def site_pdf_jobs(project: Project, handbook: bool = True, briefs: bool = True) -> list[PdfJob]:
    jobs = []
    if handbook and any(p.validity(project.as_of) == "有效" for p in project.policies):
        jobs.append(PdfJob(HANDBOOK_URI, "政策读本", None))
    if briefs:
        # the public brief: without the items that are not public (huimin brief prints the internal one)
        jobs += [PdfJob(f"compilations/{c.month}/brief.pdf", f"{c.month} 每月汇编简报", c.month)
                 for c in public_compilations(project) if c.items]
    return jobs


_compiled: list = [None, []]  # the last project and its public compilations


def public_compilations(project: Project) -> list:
    """The project's monthly compilations without the items that are not public, worked out
    once per project (a worker typesets some 30 briefs of one project)."""
    from huimin.rules.compilation import compilations

    if _compiled[0] is not project:
        _compiled[:] = [project, compilations(project.submissions, project.settings, public_only=True)]
    return _compiled[1]


def pdf_cache(root: Path) -> Path | None:
    """The PDF cache folder, or None when it cannot be written (a read-only project):
    the cache is optional, the PDFs are then typeset every time."""
    cache = root / CACHE_DIR
    try:
        cache.mkdir(parents=True, exist_ok=True)
        probe = cache / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return None
    return cache


def sources_key(project: Project, docs_dir: Path) -> str:
    """The hash of every file the site's PDFs are made from: the project's sources (policy
    lists, content, settings, templates, fonts), huimin's code and print templates, Typst's
    version, the as-of day. A build whose key is known copies its PDFs from the cache without
    reading the project again (about 0.2 s for 2,000 pages instead of a worker's 5-10 s)."""
    import typst

    from huimin.print.fonts import font_dirs

    root, here = project.root, Path(__file__).resolve()
    names = sorted({*_SOURCES, project.settings.policy_dir, os.path.relpath(docs_dir, root)})
    h = hashlib.sha256()
    for folder in [*(root / n for n in names), here.parents[1], here.parents[2] / "templates" / "print"]:
        _hash_files(h, folder)
    h.update(json.dumps([getattr(typst, "__version__", ""), font_dirs(root), project.as_of.isoformat(),
                         os.environ.get("SOURCE_DATE_EPOCH", "")]).encode())
    return h.hexdigest()


def _hash_files(h, path: Path) -> None:
    """Every file's place and bytes under ``path`` (a file or a folder) into ``h``."""
    h.update(b"\0" + os.fsencode(path) + b"\0")
    found = [path] if path.is_file() else sorted(path.rglob("*"))
    for file in found:
        if file.is_file() and "__pycache__" not in file.parts:
            h.update(os.fsencode(file.relative_to(path)) + b"\0")
            h.update(hashlib.sha256(file.read_bytes()).digest())


def _kept_path(root: Path, key: str, job: PdfJob) -> Path:
    uri = hashlib.sha256(job.uri.encode()).hexdigest()
    return root / JOBS_DIR / f"{uri[:16]}-{hashlib.sha256((key + uri).encode()).hexdigest()}.pdf"


def kept_pdf(root: Path, key: str, job: PdfJob) -> Path | None:
    """The PDF of ``job`` made from the sources of ``key`` (:func:`sources_key`), if kept."""
    path = _kept_path(root, key, job)
    return path if path.is_file() else None


def keep_pdf(root: Path, key: str, job: PdfJob, pdf: Path) -> None:
    """Keep ``pdf`` for ``job`` under ``key``; the job's earlier ones are removed."""
    path = _kept_path(root, key, job)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(pdf.read_bytes())
        os.replace(tmp, path)  # whole or absent: the name is the key
        for old in path.parent.glob(path.name.split("-")[0] + "-*.pdf"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # the cache is optional
        tmp.unlink(missing_ok=True)


_projects: dict[tuple[str, str], Project] = {}


def pdf_worker(project: Project | None = None, root: Path | None = None, as_of: date | None = None):
    """A process to typeset the site's PDFs in, given the project (spawned: a fork of a
    process that already runs Typst's threads can hang). Without a project the process is
    started at once and loads what typesetting needs while this one reads the project;
    :func:`give_project` is then its first job. With the project's ``root`` too, it typesets
    the handbook from the policy lists meanwhile (:func:`early_handbook`)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=start_worker,
                               initargs=(os.getpid(), project, None if root is None else str(root), as_of))
    if project is None:
        pool.submit(os.getpid)  # a pool starts its process with its first job
    return pool


def start_worker(parent: int, project: Project | None = None, root: str | None = None,
                 as_of: date | None = None) -> None:
    """A PDF worker's initializer: it ends with ``parent``, and is given the project that
    process has read and checked (pickled: 0.04 s for 2,000 pages, where reading it again
    takes the worker 2 s), or loads the typesetting code until it is."""
    from huimin.print.workers import die_with_parent

    die_with_parent(parent)
    if project is not None:
        give_project(project)
    else:
        import huimin.print.brief  # noqa: F401 - Typst, Markdown, the print models: ahead of the first job
        import huimin.print.handbook  # noqa: F401

        if root is not None:
            early_handbook(Path(root), as_of)


def stop_worker(pool) -> None:
    """End a PDF worker now, its work thrown away (a failed build: the early handbook may
    still be typesetting, and the build's message should not wait for it; or every PDF is in,
    and freeing its memory before it exits would only make the build wait)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


_early: dict = {}  # the handbook typeset before the project came: its policies, settings, day and bytes


def early_handbook(root: Path, as_of: date | None) -> None:
    """Typeset the handbook from the policy lists alone (as ``huimin handbook`` reads them),
    while the build reads the rest of the project: the handbook is a quarter of the PDF work,
    and the worker would wait idle until then. The handbook job takes these bytes when the
    project it is given has the same policies, settings and day; otherwise, or when anything
    here fails (the build reports it from the real job), it typesets as usual."""
    import tempfile

    from huimin.print.handbook import write_handbook
    from huimin.read.project import read_project

    _early.clear()
    try:
        policies_only = read_project(root, as_of, policies_only=True)
        if policies_only.problems or not any(p.validity(policies_only.as_of) == "有效" for p in policies_only.policies):
            return
        with tempfile.TemporaryDirectory(prefix="huimin-handbook-") as folder:
            out = Path(folder) / "handbook.pdf"
            write_handbook(policies_only, out, cache_dir=pdf_cache(root))
            _early["made"] = (policies_only.policies, policies_only.settings, policies_only.as_of, out.read_bytes())
    except Exception:  # noqa: BLE001 - only time is lost: the real job typesets it and says what is wrong
        _early.clear()


def _early_bytes(project: Project) -> bytes | None:
    made = _early.pop("made", None)
    if made is None:
        return None
    policies, settings, day, data = made
    same = (day == project.as_of and settings == project.settings and len(policies) == len(project.policies)
            and all(a.model_dump() == b.model_dump() for a, b in zip(policies, project.policies)))  # (not how to locate them)
    return data if same else None


def give_project(project: Project) -> None:
    """The project the worker's jobs are about (read and checked by the build)."""
    _projects.clear()
    _projects[(str(project.root), project.as_of.isoformat())] = project


def make_pdf(root: str, as_of: str, job: PdfJob, out: str, key: str | None = None) -> str | None:
    """Typeset ``job`` into ``out`` (run in a worker); the error message, or None when done.
    With ``key`` (:func:`sources_key`), the PDF is also kept for the next build."""
    try:
        cache = (root, as_of)
        if cache not in _projects:
            _projects.clear()
            _projects[cache] = load_project(Path(root), date.fromisoformat(as_of))
        # the briefs' Typst root, kept for this worker's briefs (one compiler for all); the
        # caller removes the folder of ``out`` with it
        stage = Path(out).parent / f".huimin-brief-stage-{os.getpid()}"
        error = typeset_pdf(_projects[cache], job, Path(out), stage)
    except HuiminError as exc:
        return str(exc)
    if error is None and key is not None and pdf_cache(Path(root)) is not None:
        keep_pdf(Path(root), key, job, Path(out))
    return error


def typeset_pdf(project: Project, job: PdfJob, out: Path, stage: Path | None = None) -> str | None:
    """Typeset ``job`` of ``project`` into ``out``; the error message, or None when done.
    ``stage``: see :func:`huimin.print.brief.write_brief`."""
    cache = pdf_cache(project.root)
    if job.month is None:
        from huimin.print.handbook import write_handbook
        from huimin.print.typst_engine import write_atomically

        early = _early_bytes(project)
        if early is not None:
            write_atomically(out, early)
        else:
            write_handbook(project, out, cache_dir=cache)
    else:
        from huimin.print.brief import write_brief

        found = [c for c in public_compilations(project) if c.month == job.month]
        if not found:
            return f"{job.month} 没有可汇编的报送（文件在生成过程中被改动了？）"
        write_brief(found[0], project.settings, out, project.root, cache, stage)
    return None
