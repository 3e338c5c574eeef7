"""MkDocs as the preview's page renderer: one page at a time, on request.

``huimin serve`` (huimin/commands/serve.py) owns the loop: it watches the files, reads the
project and serves HTTP. This adapter only turns a URL into bytes with MkDocs and the theme:
the files and the navigation are gathered once per change of the project (a fraction of a
second), and a page's Markdown and template are rendered only when the browser asks for it.
A full ``mkdocs build`` of 2,000 pages is never run while previewing.
"""

from __future__ import annotations

import logging
import mimetypes
import threading
from pathlib import Path
from tempfile import TemporaryDirectory

from mkdocs import exceptions
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.files import File, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from huimin.model.errors import HuiminError
from huimin.read.project import Project

SERVED_PAGES = 256  # pages kept as served, per state of the project
_TYPES = {".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml",
          ".xml": "application/xml", ".webmanifest": "application/manifest+json"}


class PreviewSite:
    """The site of one state of the project, rendered page by page."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._lock = threading.Lock()  # MkDocs keeps the page being rendered in the config
        self._served: dict[str, tuple[bytes, str]] = {}  # URL path → what was served, oldest first
        self._tmp = TemporaryDirectory(prefix="huimin-preview-")  # site_dir: never written
        log = logging.getLogger("mkdocs")
        collect = _Errors()
        log.addHandler(collect)
        try:
            config = load_config(str(project.root / "mkdocs.yml"), site_dir=self._tmp.name)
            plugin = config.plugins["huimin"]
            plugin.project, plugin.preview = project, True
            config = config.plugins.on_config(config)
            config.plugins.on_pre_build(config=config)
            files = mkdocs_build.get_files(config)
            env = config.theme.get_env()
            files.add_files_from_theme(env, config)
            files = config.plugins.on_files(files, config=config)
            set_exclusions(files, config)
            nav = get_navigation(files, config)
            nav = config.plugins.on_nav(nav, config=config, files=files)
            for file in files.documentation_pages():
                if file.page is None:
                    Page(None, file, config)
            env = config.plugins.on_env(env, config=config, files=files)
        except exceptions.MkDocsException as exc:
            self.close()
            raise HuiminError(f"站点构建失败：{chr(10).join(collect.messages) or exc}") from None
        finally:
            log.removeHandler(collect)
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.pdfs = {job.uri: job for job in plugin.preview_pdfs}
        self._by_dest = {f.dest_uri: f for f in files if f.inclusion.is_included()}

    def get(self, path: str) -> tuple[bytes, str] | None:
        """The bytes and content type served at URL ``path`` (no leading slash); None: 404.
        A page is rendered once for this state of the project: asked again (a second tab, a
        page that reloads itself), it is served as it was."""
        with self._lock:
            found = self._served.get(path)
        if found is None:
            found = self._get(path)
            if found is not None:
                with self._lock:
                    self._served[path] = found
                    if len(self._served) > SERVED_PAGES:
                        self._served.pop(next(iter(self._served)))
        return found

    def _get(self, path: str) -> tuple[bytes, str] | None:
        dest = path if path and not path.endswith("/") else path + "index.html"
        file = self._by_dest.get(dest) or self._by_dest.get(dest.rstrip("/") + "/index.html")
        if file is None:
            if dest in ("404.html", "sitemap.xml"):
                return self._theme_template(dest)
            return None
        if file.is_documentation_page():
            return self._page(file).encode("utf-8", errors="xmlcharrefreplace"), "text/html; charset=utf-8"
        if file.dest_uri in self.pdfs:
            return self._pdf(file.dest_uri), "application/pdf"
        kind = _TYPES.get(Path(dest).suffix.lower()) or mimetypes.guess_type(dest)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("json", "xml", "javascript")):
            kind += "; charset=utf-8"
        return file.content_bytes, kind

    def _page(self, file: File) -> str:
        config, page = self.config, file.page
        with self._lock:
            mkdocs_build._populate_page(page, config, self.files)
            config._current_page = page
            page.active = True
            try:
                context = mkdocs_build.get_context(self.nav, self.files.documentation_pages(), config, page)
                template = self.env.get_template(page.meta.get("template", "main.html"))
                context = config.plugins.on_page_context(context, page=page, config=config, nav=self.nav)
                output = template.render(context)
                return config.plugins.on_post_page(output, page=page, config=config)
            finally:
                page.active = False
                config._current_page = None

    def _theme_template(self, name: str) -> tuple[bytes, str]:
        with self._lock:
            template = self.env.get_template(name)
            text = mkdocs_build._build_template(name, template, self.files, self.config, self.nav)
        kind = "text/html" if name.endswith(".html") else "application/xml"
        return text.encode("utf-8"), f"{kind}; charset=utf-8"

    def _pdf(self, uri: str) -> bytes:
        """A PDF typeset when asked for (from .huimin-cache/pdf when it was made before)."""
        from huimin.site.pdfs import typeset_pdf

        out = Path(self._tmp.name) / "pdf" / uri
        if not out.is_file():
            out.parent.mkdir(parents=True, exist_ok=True)
            with self._lock:
                error = typeset_pdf(self.project, self.pdfs[uri], out)
            if error:
                raise HuiminError(f"{self.pdfs[uri].label}生成失败：{error}")
        return out.read_bytes()

    def close(self) -> None:
        self._tmp.cleanup()


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
