"""``huimin build``: validate, build into a temporary folder, then swap it in.

A build that fails for any reason leaves the previous ``site_build/`` exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from huimin.model.errors import display_path
from huimin.model.settings import Settings
from huimin.output.file_store import CACHE_DIR as FILES_CACHE
from huimin.output.file_store import FileStore
from huimin.output.guard import SITE_MARKER, guard_dir
from huimin.output.site_replay import MANIFEST, record, replay
from huimin.output.staging import PRINT_DIR, remove_stale, staging_dir, swap_in
from huimin.print.fonts import font_dirs
from huimin.read.build_inputs import inputs_digest
from huimin.read.published import docs_dir_name
from huimin.read.settings import load_settings

if TYPE_CHECKING:
    from huimin.read.project import Project

SITE_DIR = "site_build"
EARLY_WORKER_PAGES = 200  # Markdown files in content/ from which the PDF worker starts before the project is read


@dataclass
class BuildResult:
    project: Project | None  # None: nothing had changed, the last build's site was put back
    site_dir: Path
    pages: int
    seconds: float
    warnings: list[str]
    policies: int
    as_of: date


def build(root: Path, as_of: date | None = None, site_dir: Path | None = None, reuse: bool = True) -> BuildResult:
    """Build the site of the project in ``root``. ``reuse``: when nothing the last complete build
    read has changed since (:mod:`huimin.read.build_inputs`), its site is put back instead."""
    started = time.perf_counter()
    settings, key = _inputs(root, as_of)
    if reuse and key is not None:
        result = _put_back(root, settings, key, site_dir, started)
        if result is not None:
            return result
    return _build(root, as_of, site_dir, key, started)


def _build(root: Path, as_of: date | None, site_dir: Path | None, key: str | None, started: float) -> BuildResult:
    # the site engine and what reads and checks the project: not loaded when the last site is put back
    from huimin.adapters.mkdocs_engine import build_site
    from huimin.output.content_cache import ContentCache
    from huimin.output.file_store import replace_file
    from huimin.output.precompress import CACHE_DIR as GZ_CACHE
    from huimin.print.glyphs import check_glyphs
    from huimin.read.project import load_project
    from huimin.rules.links import item_links
    from huimin.site.pdf_links import annotate_pdf_links
    from huimin.site.pdfs import CACHE_DIR, pdf_cache, pdf_worker, stop_worker
    from huimin.site.phone_links import CACHE_DIR as PHONES_CACHE

    # A large project: the PDF worker loads Typst and the print code, and typesets the handbook
    # from the policy lists, while the project is read (the second core is idle then); a small
    # one is read sooner than that would take.
    pool = pdf_worker(root=root, as_of=as_of) if _many_pages(root / "content") else None
    try:
        project = load_project(root, as_of)  # raises before anything is touched
        check_glyphs(project)  # a character the print fonts lack: located here, not a failed Typst run
        target = guard_dir(site_dir or root / SITE_DIR, root, SITE_MARKER, policy_dir=project.settings.policy_dir,
                           what="网站输出目录", legacy=is_earlier_site)
        removed = remove_stale(target)  # a killed build's folder, said so
        staging = staging_dir(target)
    except BaseException:
        if pool is not None:
            stop_worker(pool)
        raise
    try:
        said = [str(p) for p in item_links(project.submissions, project.experiences).notices]
        store = FileStore.open(root / FILES_CACHE)  # unchanged files: second names of kept bytes
        write = store.write if store is not None else replace_file
        phones = ContentCache.open(root / PHONES_CACHE)
        gz_cache = ContentCache.open(root / GZ_CACHE)
        finish = _Finish(staging, phones, gz_cache, store, write)
        built, pool = build_site(project, staging, pool, store, before_pdfs=finish.before_pdfs), None
        said += built.warnings
        # "（PDF，24 页，1.3 MB）": the PDFs exist only now; a link to a PDF not made becomes text
        pdf_links = annotate_pdf_links(staging, root / "content", write)
        said += pdf_links.missing
        finish.after_pdfs(built.finished, {os.path.abspath(p) for p in pdf_links.changed})
        for cache in (phones, gz_cache):
            if cache is not None:
                cache.prune()  # keeps this site's entries only
                cache.close()
        warnings = _removed(removed, root) + said
        if pdf_cache(root) is None:
            warnings.append(f"缓存文件夹 {CACHE_DIR} 无法写入（项目文件夹只读或磁盘已满），本次未使用 PDF 缓存")
        pages = sum(1 for _ in staging.rglob("index.html"))
        if store is not None and key is not None and _inputs(root, as_of)[1] == key:  # nothing changed meanwhile
            summary = {"warnings": said, "pages": pages, "policies": len(project.policies),
                       "as_of": project.as_of.isoformat()}
            record(staging, store, key, summary, root / MANIFEST, skip=SITE_MARKER)
        swap_in(staging, target, SITE_MARKER)
        if store is not None:
            store.prune()  # the kept bytes no site names any more (the previous site is gone)
    except BaseException:
        if pool is not None:
            stop_worker(pool)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(project, target, pages, time.perf_counter() - started, warnings, len(project.policies),
                       project.as_of)


class _Finish:
    """Every phone number shown made a link, and a ``.gz`` beside each text file (for nginx's
    gzip_static), but for the pages the engine wrote so already: done while the PDF worker
    finishes (:meth:`before_pdfs`), then again for the pages the PDF notes changed."""

    def __init__(self, site: Path, phones, gz_cache, store, write) -> None:
        self.site, self.phones, self.gz_cache, self.store, self.write = site, phones, gz_cache, store, write
        self.early = False

    def before_pdfs(self, finished: set[str]) -> None:
        self._link_and_compress(finished)
        self.early = True

    def after_pdfs(self, finished: set[str], changed: set[str]) -> None:
        if self.early:  # only the pages changed since
            finished = {os.path.join(d, n) for d, _, names in os.walk(self.site) for n in names} - changed
        else:
            finished = finished - changed
        self._link_and_compress(finished)

    def _link_and_compress(self, done: set[str]) -> None:
        from huimin.output.precompress import precompress
        from huimin.site.phone_links import link_phones_in_site

        link_phones_in_site(self.site, self.phones, done, self.write)
        precompress(self.site, cache=self.gz_cache, done=done, store=self.store)


def _inputs(root: Path, as_of: date | None) -> tuple[Settings | None, str | None]:
    """The settings and the digest of everything a build reads (None: no digest, the build is made)."""
    settings, problems = load_settings(root)
    if problems:
        return None, None
    folders = [docs_dir_name(root), settings.policy_dir, "templates", "fonts"]
    return settings, inputs_digest(root, folders, as_of, font_dirs(root))


def _put_back(root: Path, settings: Settings, key: str, site_dir: Path | None, started: float) -> BuildResult | None:
    """The last complete build's site, made again from its kept files when its inputs had the
    digest ``key``; None when there is no such build (or its files are gone)."""
    if not (root / MANIFEST).is_file():
        return None
    target = guard_dir(site_dir or root / SITE_DIR, root, SITE_MARKER, policy_dir=settings.policy_dir,
                       what="网站输出目录", legacy=is_earlier_site)
    store = FileStore.open(root / FILES_CACHE)
    if store is None:
        return None
    removed = remove_stale(target) + remove_stale(target.parent / PRINT_DIR)  # a killed build's folders
    staging = staging_dir(target)
    try:
        summary = replay(staging, store, key, root / MANIFEST)
        if summary is None:
            shutil.rmtree(staging, ignore_errors=True)
            return None
        swap_in(staging, target, SITE_MARKER)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    store.prune()
    return BuildResult(None, target, summary["pages"], time.perf_counter() - started,
                       _removed(removed, root) + summary["warnings"], summary["policies"],
                       date.fromisoformat(summary["as_of"]))


def _removed(removed: list[Path], root: Path) -> list[str]:
    return [f"已删除上次中断留下的临时文件夹 {display_path(p, root)}" for p in removed]


def _many_pages(content: Path, at_least: int = EARLY_WORKER_PAGES) -> bool:
    """Whether ``content`` holds at least ``at_least`` Markdown files (counting stops there)."""
    found = 0
    for _, _, names in os.walk(content):
        found += sum(1 for name in names if name.endswith(".md"))
        if found >= at_least:
            return True
    return False


def is_earlier_site(folder: Path) -> bool:
    """A site built by huimin before sites carried their marker file (with Material's lunr
    search index, or with huimin's own search)."""
    return all((folder / name).is_file() for name in ("404.html", "sitemap.xml")) and any(
        (folder / "search" / name).is_file() for name in ("search_index.json", "hm-search.js"))
