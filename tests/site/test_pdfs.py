"""The PDFs a site build offers (handbook, monthly briefs), as the worker process makes them."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date

from huimin.read.project import load_project
from huimin.site.pdfs import PdfJob, make_pdf, site_pdf_jobs
from tests.helpers import FILES, write_project
from tests.rules.test_compilation import sub

AS_OF = date(2024, 6, 1)


def project_root(tmp_path):
    return write_project(tmp_path / "site", {
        **FILES,
        "content/submissions/2024-05/a.md": sub("袁州区", "2024-05", title="五月经验"),
        "content/submissions/2024-04/b.md": sub("樟树市", "2024-04", title="四月调研", kind="问题调研类"),
    })


def test_jobs_are_the_handbook_and_one_brief_per_month(tmp_path):
    project = load_project(project_root(tmp_path), AS_OF)
    jobs = site_pdf_jobs(project)
    # April's only item is a 问题调研类, not public by default: no public brief for April
    assert [j.uri for j in jobs] == ["downloads/zheng-ce-du-ben.pdf", "compilations/2024-05/brief.pdf"]
    assert site_pdf_jobs(project, handbook=False, briefs=False) == []


def test_worker_typesets_from_the_files_and_reports_errors_as_text(tmp_path):
    root = project_root(tmp_path)
    out = tmp_path / "brief.pdf"
    job = PdfJob("compilations/2024-05/brief.pdf", "2024-05 每月汇编简报", "2024-05")
    assert make_pdf(str(root), AS_OF.isoformat(), job, str(out)) is None
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "五月经验" in text and "四月调研" not in text
    missing = PdfJob("compilations/2024-07/brief.pdf", "2024-07 每月汇编简报", "2024-07")
    assert make_pdf(str(root), AS_OF.isoformat(), missing, str(tmp_path / "x.pdf")) == (
        "2024-07 没有可汇编的报送（文件在生成过程中被改动了？）")
    assert not (tmp_path / "x.pdf").exists()


def test_a_worker_given_the_project_typesets_its_briefs_with_one_compiler_and_the_same_bytes(tmp_path, monkeypatch):
    from huimin.print import typst_engine
    from huimin.site import pdfs

    root = write_project(tmp_path / "site", {
        **FILES,
        "content/submissions/2024-05/a.md": sub("袁州区", "2024-05", title="五月经验"),
        "content/submissions/2024-04/b.md": sub("樟树市", "2024-04", title="四月经验"),
    })
    jobs = [j for j in site_pdf_jobs(load_project(root, AS_OF)) if j.month]
    assert len(jobs) == 2
    fresh = []
    for n, job in enumerate(jobs):  # each in a temporary folder with its own compiler, as `huimin brief`
        assert pdfs.typeset_pdf(load_project(root, AS_OF), job, tmp_path / f"fresh{n}.pdf") is None
        fresh.append((tmp_path / f"fresh{n}.pdf").read_bytes())
    typst_engine._KEPT.clear()
    shutil.rmtree(root / ".huimin-cache")  # typeset again, not copied from the PDF cache
    monkeypatch.setattr("huimin.print.workers.die_with_parent", lambda parent: None)  # not a worker here
    pdfs.start_worker(os.getpid(), load_project(root, AS_OF))  # as the build's worker: the project is given
    work = tmp_path / "work"
    work.mkdir()
    for n, job in enumerate(jobs):
        assert make_pdf(str(root), AS_OF.isoformat(), job, str(work / f"{n}.pdf")) is None
    assert len(typst_engine._KEPT) == 1  # one compiler typeset both
    assert [(work / f"{n}.pdf").read_bytes() for n in range(2)] == fresh
    pdfs._projects.clear()
    typst_engine._KEPT.clear()


def test_the_handbook_typeset_early_from_the_policy_lists_is_the_one_the_job_makes(tmp_path, monkeypatch):
    """huimin build's worker typesets the handbook from the policy lists while the rest is read:
    the job takes those bytes when its project has the same policies, and typesets again when not."""
    from huimin.print import handbook
    from huimin.site import pdfs

    root = project_root(tmp_path)
    project = load_project(root, AS_OF)
    job = site_pdf_jobs(project)[0]
    pdfs.typeset_pdf(project, job, tmp_path / "plain.pdf")
    shutil.rmtree(root / ".huimin-cache")
    typeset = []
    real = handbook.write_handbook
    monkeypatch.setattr(handbook, "write_handbook", lambda *a, **k: typeset.append(1) or real(*a, **k))
    pdfs.early_handbook(root, AS_OF)
    assert len(typeset) == 1
    pdfs.typeset_pdf(project, job, tmp_path / "early.pdf")
    assert len(typeset) == 1  # not typeset again
    assert (tmp_path / "early.pdf").read_bytes() == (tmp_path / "plain.pdf").read_bytes()

    pdfs.early_handbook(root, AS_OF)
    lists = root / "policy_lists/sub/fanfanpin.yml"
    lists.write_text(lists.read_text(encoding="utf-8").replace("15日内完成识别", "10日内完成识别"), encoding="utf-8")
    changed = load_project(root, AS_OF)  # a policy saved while the build read the rest
    pdfs.typeset_pdf(changed, job, tmp_path / "changed.pdf")
    assert len(typeset) == 3
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "changed.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "10 日内完成识别" in text and "15 日内" not in text

    (root / "policy_lists/jiaoyu.yaml").write_text("- id: [\n", encoding="utf-8")
    pdfs.early_handbook(root, AS_OF)  # bad input: nothing typeset early, nothing raised
    assert len(typeset) == 3 and pdfs._early == {}
