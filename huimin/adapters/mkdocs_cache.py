"""Rendered pages kept between builds (``.huimin-cache/pages``), for the MkDocs adapter.

Two steps of a MkDocs build cost most of its time at 2,000 pages: Markdown to HTML, and the
theme's template around it. Each is kept by the hash of everything it is made from:

- Markdown: the page's Markdown, where it goes, the Markdown settings of mkdocs.yml, every
  file's place in the site (links are resolved against them) and the code of huimin, MkDocs
  and Python-Markdown. Restored: the HTML, the table of contents, the title, the anchors
  and MkDocs' warnings about the page's links (said again on every build).
- Template: the page's HTML and table of contents, its metadata and title, its place, the
  whole navigation (titles and addresses), mkdocs.yml and every file of the theme.

A build that changes nothing renders nothing again; a changed policy renders its own page
(and, when a title or the navigation changed, every page's template again, which is cheap
next to Markdown). The cache is an optimisation only: the output is byte for byte what a
build without it writes.
"""

from __future__ import annotations

import logging
import sys
import sysconfig
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import markdown as python_markdown
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from huimin.output.content_cache import ContentCache, digest, folder_digest

CACHE_DIR = ".huimin-cache/pages"
_MD_SETTINGS = ("markdown_extensions", "mdx_configs", "use_directory_urls", "validation", "docs_dir")
_SKIPPED = {"plugins", "theme", "nav", "site_dir", "config_file_path", "_current_page"}


@lru_cache(maxsize=1)
def code_version() -> str:
    versions = [metadata.version(name) for name in ("mkdocs", "markdown", "mkdocs-material", "pymdown-extensions")]
    return digest(sys.version, versions, folder_digest(Path(__file__).resolve().parents[1]))


def text_memo(store: ContentCache) -> _Memo:
    """Sanitized Markdown of policies and submissions (huimin.site.sanitize.use_memo)."""
    return _Memo(store, digest("text", code_version()))


class _Log(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[list] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append([record.name, record.levelno, record.getMessage()])


class PageCache:
    """Hooks for the plugin: ``markdown`` (on_page_markdown), ``env`` (on_env), ``finish``."""

    def __init__(self, store: ContentCache, config, files) -> None:
        self.store = store
        self.config = config
        self.files = files
        self._code = code_version()
        self.md_key = digest(self._code, {k: config[k] for k in _MD_SETTINGS},
                             sorted((f.src_uri, f.dest_uri, f.url) for f in files))
        self._template_key: str | None = None
        self.helper = None  # a forked process rendering some pages into the store (mkdocs_parallel)
        self.restored: set[str] = set()  # pages whose themed page came from the store

    # ------------------------------------------------------------ Markdown → HTML

    def markdown(self, page: Page, markdown: str) -> None:
        """Make ``page.render`` restore a kept rendering, or render and keep it."""
        if self.helper is not None:
            self.helper.wait_for(page.file.src_uri)
        key = digest("md", self.md_key, page.file.src_uri, markdown)
        found = self.store.get(key)
        if found is not None:
            page.render = lambda config, files: self._restore(page, found, files)
            return

        def render_and_keep(config, files):
            log = logging.getLogger("mkdocs")
            said = _Log()
            log.addHandler(said)
            try:
                md_toc = render_markdown(page, config, files)
            finally:
                log.removeHandler(said)
            links = page.links_to_anchors
            self.store.put(key, {
                "content": page.content,
                "toc": _toc_tokens(page.toc),
                "title": page._title_from_render,
                "anchors": sorted(page.present_anchor_ids or ()),
                "links": None if links is None else {f.src_uri: v for f, v in links.items()},
                "log": said.records,
            })
            return md_toc

        page.render = render_and_keep

    def _restore(self, page: Page, found: dict, files) -> None:
        page.content = found["content"]
        page.toc = get_toc(found["toc"])
        page._title_from_render = found["title"]
        page.present_anchor_ids = set(found["anchors"])
        if found["links"] is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): v for uri, v in found["links"].items()}
        for name, level, message in found["log"]:
            logging.getLogger(name).log(level, message)

    # ------------------------------------------------------------ the theme's template

    def env(self, env):
        """Page templates answered from the cache; compiled templates kept in .huimin-cache/jinja
        (Jinja checks each against its source)."""
        import jinja2

        folder = self.store.folder.parent / "jinja"
        try:
            folder.mkdir(exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        except OSError:
            pass
        return _CachingEnv(env, self)

    def template_key(self, nav) -> str:
        if self._template_key is None:
            theme = self.config.theme
            settings = {k: v for k, v in self.config.items() if k not in _SKIPPED}
            self._template_key = digest(
                self.md_key, settings, theme.name, dict(theme.items()),
                folder_digest(*self._own_theme_dirs()), _nav_signature(nav.items),
            )
        return self._template_key

    def _own_theme_dirs(self) -> list[Path]:
        """The theme folders not installed as packages (custom_dir): installed themes are known
        by their version (code_version), not read file by file (Material has some 14,000 files)."""
        installed = {Path(sysconfig.get_paths()[k]).resolve() for k in ("purelib", "platlib")}
        return [Path(d) for d in self.config.theme.dirs
                if not any(Path(d).resolve().is_relative_to(p) for p in installed)]

    def render_page(self, template, name: str, context) -> str:
        page = context["page"]
        if self.helper is not None:
            self.helper.wait_for(page.file.src_uri)
        key = digest("page", self.template_key(context["nav"]), name, page.url, page.title, page.content or "",
                     page.meta, _toc_tokens(page.toc),
                     [(p.url, p.title) if p else None for p in (page.previous_page, page.next_page)])
        found = self.store.get(key)
        if found is not None:
            self.restored.add(page.file.src_uri)
            return found
        output = template.render(context)
        self.store.put(key, output)
        return output

    def memo(self, kind: str) -> _Memo:
        """A ``get``/``put`` memo for engine-neutral steps (the search index's terms per page)."""
        return _Memo(self.store, digest(kind, self._code))

    def finish(self) -> None:
        self.store.prune()
        self.store.close()


_converters: dict[int, python_markdown.Markdown] = {}  # one per build's config, in this process


def render_markdown(page: Page, config, files) -> None:
    """What ``Page.render`` of MkDocs 1.6 does, with one Markdown converter per build reset
    before each page (setting one up with the site's extensions costs 0.45 ms: 0.7 s at
    2,000 pages). The page's own steps (anchors, relative links, title) are registered anew
    for each page, replacing the previous page's by name."""
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    md = _converters.get(id(config))
    if md is None:
        _converters.clear()
        md = _converters[id(config)] = python_markdown.Markdown(
            extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
    md.reset()
    raw_html = mkdocs_pages._RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    anchors._register(md)
    relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
    relative._register(md)
    title = mkdocs_pages._ExtractTitleTreeprocessor()
    title._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative.links_to_anchors


class _Memo:
    def __init__(self, store: ContentCache, prefix: str) -> None:
        self._store, self._prefix = store, prefix

    def get(self, key: str):
        return self._store.get(digest(self._prefix, key))

    def put(self, key: str, value) -> None:
        self._store.put(digest(self._prefix, key), value)

    def keep(self, key: str) -> None:
        self._store.keep(digest(self._prefix, key))


class _CachingEnv:
    """The theme's Jinja environment, with page templates answered from the cache."""

    def __init__(self, env, cache: PageCache) -> None:
        self._env, self._cache = env, cache

    def __getattr__(self, name):
        return getattr(self._env, name)

    def get_template(self, name, *args, **kwargs):
        return _CachingTemplate(self._env.get_template(name, *args, **kwargs), name, self._cache)


class _CachingTemplate:
    def __init__(self, template, name: str, cache: PageCache) -> None:
        self._template, self._name, self._cache = template, name, cache

    def __getattr__(self, name):
        return getattr(self._template, name)

    def render(self, *args, **kwargs):
        context = args[0] if args and not kwargs else None
        if isinstance(context, dict) and isinstance(context.get("page"), Page):
            return self._cache.render_page(self._template, self._name, context)
        return self._template.render(*args, **kwargs)


def _toc_tokens(toc) -> list:
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _toc_tokens(a.children)} for a in toc]


def _nav_signature(items) -> list:
    out = []
    for item in items:
        children = getattr(item, "children", None)
        out.append([type(item).__name__, item.title, getattr(item, "url", None),
                    _nav_signature(children) if children else None])
    return out
