"""The MkDocs adapter: a thin plugin that adds huimin's generated pages to a build.

Everything it shows comes from :func:`huimin.site.nav.site_pages`; this module only
translates between huimin's engine-neutral pages and MkDocs' files and nav.
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import date
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from huimin.adapters import mkdocs_files as files_of
from huimin.adapters import mkdocs_parallel as parallel
from huimin.adapters.mkdocs_cache import CACHE_DIR as PAGES_CACHE
from huimin.adapters.mkdocs_cache import PageCache, text_memo
from huimin.adapters.mkdocs_lang import use_lang_memo
from huimin.adapters.mkdocs_nav import use_nav_memo
from huimin.adapters.mkdocs_parallel import use_file_store
from huimin.model.errors import HuiminError, display_path
from huimin.output.content_cache import ContentCache
from huimin.output.file_store import place_file
from huimin.output.staging import PRINT_DIR, remove_stale, staging_dir
from huimin.print.glyphs import check_glyphs
from huimin.read.plain_inline import PlainInlineExtension
from huimin.read.project import Project, load_project
from huimin.rules.slugs import heading_slug
from huimin.site.anchors import HeadingAnchorsExtension
from huimin.site.history_pages import policy_history
from huimin.site.html_blocks import HtmlBlocksExtension
from huimin.site.nav import build_nav, site_pages, withheld_sources
from huimin.site.pdfs import (
    give_project,
    kept_pdf,
    make_pdf,
    pdf_cache,
    pdf_worker,
    site_pdf_jobs,
    sources_key,
    stop_worker,
)
from huimin.site.render import HTML_SLOT
from huimin.site.sanitize import use_memo
from huimin.site.search_index import index_site
from huimin.site.site_files import new_file

AS_OF_ENV = "HUIMIN_AS_OF"
REPLACED_SOURCES = ("submissions/", "experience/")
log = logging.getLogger("mkdocs.plugins.huimin")


class HuiminPluginConfig(Config):
    handbook = c.Type(bool, default=True)
    """Put the printable handbook (政策读本, PDF) into the site as a download."""
    briefs = c.Type(bool, default=True)
    """Put each monthly compilation's printable brief (PDF) next to its page."""
    history = c.Type(bool, default=True)
    """Show each policy's 修订记录 from the git history of the policy lists, with a feed of changes."""
    as_of = c.Optional(c.Type(str))
    """Day for validity (YYYY-MM-DD); default: env HUIMIN_AS_OF, huimin.yml, then today."""


class HuiminPlugin(BasePlugin[HuiminPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.project: Project | None = None  # preset by ``huimin build``
        self.preview = False  # set by huimin serve: PDFs are typeset when asked for, not in a worker
        self.preview_pdfs: list = []
        self.glyphs_checked = False  # set by huimin build, which checks before building
        self.finished: set[str] = set()  # pages written phone-linked with their .gz (mkdocs_parallel.AfterBuild)
        self.pdf_pool = None  # a PDF worker huimin build started before reading the project (site.pdfs.pdf_worker)
        self.file_store = None  # set by huimin build: pages written as links to kept bytes (output.file_store)
        self.before_pdfs = None  # set by huimin build: what to do to the written site while the PDFs are finished

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        if self.project is None:
            as_of = self.config.as_of or os.environ.get(AS_OF_ENV)
            try:
                day = date.fromisoformat(as_of) if as_of else None
            except ValueError:
                raise PluginError(f"统计日期应为 YYYY-MM-DD，实际为“{as_of}”") from None
            try:
                self.project = load_project(root, day)
            except HuiminError as exc:
                raise PluginError(f"输入有 {len(exc.problems)} 个问题：\n{exc}") from None
        # Heading anchors in pinyin (never _1, _2) for every page, hand-written or generated.
        toc = config.mdx_configs.setdefault("toc", {})
        toc.setdefault("slugify", heading_slug)
        # ... and a repeated heading gets "-2", not Python-Markdown's "_1"; then two that give the same HTML sooner.
        for ours in (HeadingAnchorsExtension, PlainInlineExtension, HtmlBlocksExtension):
            if not any(isinstance(e, ours) for e in config.markdown_extensions):
                config.markdown_extensions.append(ours())
        # huimin writes its own search index (on_post_build); a project made before that may
        # still list Material's search plugin: it would build a lunr index nobody fetches.
        for name in ("material/search", "search"):
            if name in config.plugins:
                config.plugins[name].config.enabled = False
        self._start_print_jobs(config)  # from the start: the PDFs take a worker longer than the pages take us
        return config

    def on_files(self, files: Files, config) -> Files:
        files_of.leave_out_unknown_types(files, config, self.project.root)
        # The handbook is made only when some policy is valid: link to it only then.
        handbook = bool(site_pdf_jobs(self.project, handbook=self.config.handbook, briefs=False))
        history = None
        if self.config.history:
            history, notices = policy_history(self.project)
            for notice in notices:
                log.warning(notice)
        self._store = None if self.preview else ContentCache.open(self.project.root / PAGES_CACHE)
        # sanitized texts kept between builds, until the build ends (_cleanup): the 公众号版
        # pages make their article when MkDocs renders them
        use_memo(None if self._store is None else text_memo(self._store))
        try:
            pages = site_pages(self.project, briefs=self.config.briefs, handbook=handbook, history=history)
        except BaseException:
            use_memo(None)
            raise
        # Submissions and write-ups are rendered from their validated models (with their
        # untrusted HTML sanitized): the raw Markdown files themselves are not published.
        for page in pages:
            source = files.get_file_from_path(page.src_uri)
            if source is not None and page.src_uri.startswith(REPLACED_SOURCES):
                files.remove(source)
        for uri in withheld_sources(self.project):  # not public: not even the raw file
            source = files.get_file_from_path(uri)
            if source is not None:
                files.remove(source)
        clash = [p.src_uri for p in pages if files.get_file_from_path(p.src_uri) is not None]
        if clash:
            raise PluginError(f"content/ 中的文件与自动生成的页面重名：{'、'.join(clash)}")
        self._html = {}
        for page in pages:
            generated = File.generated(config, page.src_uri, content=page.text)
            files.append(generated)
            if page.html:
                self._html[page.src_uri] = page.html
            files_of.add_assets(files, config, generated, page.assets)
        files_of.leave_out_originals(files, self.project, Path(os.path.abspath(config.docs_dir)))
        for job in self.preview_pdfs if self.preview else [job for job, _, _ in self._print_jobs]:
            files.append(File.generated(config, job.uri, content=b""))  # until on_post_build puts it in
        if not config.nav:
            content = [f.src_uri for f in files.documentation_pages() if not f.generated_by]
            config.nav = build_nav([files_of.html_titles(p) for p in pages], content)
        return files

    def on_nav(self, nav, config, files):
        """Rendered pages are kept in .huimin-cache/pages (huimin.adapters.mkdocs_cache); the
        later half of the pages' Markdown is rendered there by a forked copy (mkdocs_parallel)."""
        store = getattr(self, "_store", None)
        self._cache = PageCache(store, config, files) if store is not None else None
        self._nav = nav
        if self._cache is not None:
            self._cache.helper = parallel.render_markdown(self._cache, config, files)
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        if getattr(self, "_cache", None) is not None:
            self._cache.markdown(page, markdown)
        return markdown

    @event_priority(-100)  # the theme's final environment
    def on_env(self, env, config, files):
        env = use_lang_memo(use_nav_memo(env, self._nav, config))
        cache = getattr(self, "_cache", None)
        if cache is None:
            return env
        env = cache.env(env)
        if cache.helper is not None:
            cache.helper.join()  # (it is done: MkDocs has restored its pages)
        self._write_file = use_file_store(self.file_store)  # MkDocs writes its pages through it
        self._after = parallel.AfterBuild(cache.memo("search"), self.project.root, config.site_dir, cache.restored,
                                          self.file_store)
        cache.helper = parallel.render_templates(cache, config, files, self._nav, env, self._after)
        return env

    @event_priority(-100)  # the page as written
    def on_post_page(self, output, page, config):
        after = getattr(self, "_after", None)
        return output if after is None else after.page(output, page)

    def on_page_content(self, html, page, config, files):
        ready = self._html.get(page.file.src_uri)
        if ready is None:
            return html
        if callable(ready):  # made now, with its page
            ready = ready()
        return html.replace(f"<p>{HTML_SLOT}</p>", ready, 1)

    def _start_print_jobs(self, config) -> None:
        """Typeset the PDFs in a worker process while MkDocs renders the HTML; empty
        placeholders (on_files) keep links valid until ``on_post_build`` puts the PDFs in."""
        project = self.project
        jobs = site_pdf_jobs(project, handbook=self.config.handbook, briefs=self.config.briefs)
        self._print_jobs = []
        if not jobs:
            return
        if self.preview:
            self.preview_pdfs = jobs
            return
        try:
            if not self.glyphs_checked:
                check_glyphs(project)  # a character the print fonts lack, located, before Typst fails on it
        except HuiminError as exc:
            raise PluginError(f"输入有 {len(exc.problems)} 个问题：\n{exc}") from None
        # Beside the site, named with our pid: a killed build's folder is removed by the next one.
        place = Path(config.site_dir).resolve().parent / PRINT_DIR
        for stale in remove_stale(place):
            log.warning(f"已删除上次中断留下的临时文件夹 {display_path(stale, project.root)}")
        self._tmp = staging_dir(place, 0o700)
        # PDFs made from the same files before are copied from .huimin-cache/pdf/jobs: no worker
        key = sources_key(project, Path(os.path.abspath(config.docs_dir))) if pdf_cache(project.root) else None
        root, as_of = str(project.root), project.as_of.isoformat()
        for n, job in enumerate(jobs):
            kept = kept_pdf(project.root, key, job) if key else None
            if kept is not None:
                self._print_jobs.append((job, kept, None))
                continue
            if getattr(self, "_executor", None) is None:
                if self.pdf_pool is not None:  # started by huimin build, without the project
                    self._executor, self.pdf_pool = self.pdf_pool, None
                    self._executor.submit(give_project, project)  # its first job, before any PDF
                else:
                    self._executor = pdf_worker(project)
            out = self._tmp / f"{n}.pdf"
            self._print_jobs.append((job, out, self._executor.submit(make_pdf, root, as_of, job, str(out), key)))

    @event_priority(-100)  # after every other plugin has written its pages
    def on_post_build(self, config):
        try:
            cache = getattr(self, "_cache", None)
            if cache is not None and cache.helper is not None:
                cache.helper.join()
            known = None
            if getattr(self, "_after", None) is not None:
                self._after.close()  # before huimin.build reads these caches
                helper = cache.helper if cache is not None else None
                known = {**parallel.known_by(helper), **self._after.known}  # the search terms of the pages written
                made = helper.made_paths() if helper is not None else set()
                self.finished = self._after.finished | {os.path.abspath(p) for p in made}  # for huimin.build
                self._after = None
            store = self.file_store
            index_site(Path(config.site_dir), self.project.search_synonyms,
                       memo=cache.memo("search") if cache is not None else None, known=known,
                       write=store.write if store is not None else new_file)
            if cache is not None:
                cache.finish()  # the entries this build did not use are removed
            if self.before_pdfs is not None:
                self.before_pdfs(self.finished)
            for job, out, future in getattr(self, "_print_jobs", []):
                error = future.result() if future is not None else None
                if error:
                    raise PluginError(f"{job.label}生成失败：{error}")
                place_file(out, Path(config.site_dir) / job.uri)  # over its empty placeholder
        finally:
            self._cleanup()

    def on_build_error(self, error):
        self._cleanup()

    def _cleanup(self) -> None:
        use_memo(None)
        cache = getattr(self, "_cache", None)
        if cache is not None and cache.helper is not None:
            cache.helper.stop()
        write_file = getattr(self, "_write_file", None)
        if write_file is not None:
            use_file_store(None, write_file)
            self._write_file = None
        # every PDF in (or none asked for): the worker is ended rather than left to free its
        # memory and exit on its own, which the build would wait for (0.1 s against 0.3 s)
        idle = all(future is None or future.done() for _, _, future in getattr(self, "_print_jobs", []))
        for executor in (getattr(self, "_executor", None), self.pdf_pool):  # (a pool no PDF needed)
            if executor is not None:
                if idle:
                    stop_worker(executor)
                else:
                    executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self.pdf_pool = None
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
            self._tmp = None
        self._print_jobs = []

    def on_serve(self, server, config, builder):
        root = Path(config.config_file_path).resolve().parent
        for name in (self.project.settings.policy_dir, "huimin.yml", "templates"):
            if (root / name).exists():
                server.watch(str(root / name))
        return server
