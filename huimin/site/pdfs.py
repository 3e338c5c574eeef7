"""The PDFs a site build offers for download: the handbook and each month's brief.

They are typeset in a worker process while the site engine renders the HTML: preparing
their data (Markdown to print blocks) is Python work that would otherwise compete with
the rendering for the interpreter, and Typst's memory goes away with the worker. The
worker reads the project again from disk (a fraction of a second) rather than receiving
it; the same files and the same as-of day give the same models.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from huimin.model.errors import HuiminError
from huimin.read.project import Project, load_project
from huimin.site.nav import HANDBOOK_URI

CACHE_DIR = ".huimin-cache/pdf"  # typeset PDFs by content hash (git-ignored)


@dataclass(frozen=True)
class PdfJob:
    uri: str          # where the PDF goes in the site
    label: str        # what to call it in a message
    month: str | None  # a brief's month; None for the handbook


def site_pdf_jobs(project: Project, handbook: bool = True, briefs: bool = True) -> list[PdfJob]:
    from huimin.rules.compilation import compilations

    jobs = []
    if handbook and any(p.validity(project.as_of) == "有效" for p in project.policies):
        jobs.append(PdfJob(HANDBOOK_URI, "政策读本", None))
    if briefs:
        # the public brief: without the items that are not public (huimin brief prints the internal one)
        jobs += [PdfJob(f"compilations/{c.month}/brief.pdf", f"{c.month} 每月汇编简报", c.month)
                 for c in compilations(project.submissions, project.settings, public_only=True) if c.items]
    return jobs


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


_projects: dict[tuple[str, str], Project] = {}


def make_pdf(root: str, as_of: str, job: PdfJob, out: str) -> str | None:
    """Typeset ``job`` into ``out`` (run in a worker); the error message, or None when done."""
    try:
        key = (root, as_of)
        if key not in _projects:
            _projects.clear()
            _projects[key] = load_project(Path(root), date.fromisoformat(as_of))
        return typeset_pdf(_projects[key], job, Path(out))
    except HuiminError as exc:
        return str(exc)


def typeset_pdf(project: Project, job: PdfJob, out: Path) -> str | None:
    """Typeset ``job`` of ``project`` into ``out``; the error message, or None when done."""
    cache = pdf_cache(project.root)
    if job.month is None:
        from huimin.print.handbook import write_handbook

        write_handbook(project, out, cache_dir=cache)
    else:
        from huimin.print.brief import write_brief
        from huimin.rules.compilation import compilations

        found = [c for c in compilations(project.submissions, project.settings, public_only=True)
                 if c.month == job.month]
        if not found:
            return f"{job.month} 没有可汇编的报送（文件在生成过程中被改动了？）"
        write_brief(found[0], project.settings, out, project.root, cache)
    return None
