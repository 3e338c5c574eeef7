"""Run MkDocs builds for huimin (the preview renders page by page: mkdocs_preview.py)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs import exceptions
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config

from huimin.model.errors import HuiminError
from huimin.read.project import Project

# MkDocs' English words for a link to a missing PDF: huimin.site.pdf_links says it in Chinese,
# with the line, once the PDFs are in place (a PDF made by the build is missing until then).
_MISSING_PDF = re.compile(r"contains a link '[^']*\.pdf', but the target is not found", re.IGNORECASE)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.ERROR and _MISSING_PDF.search(record.getMessage()):
            return
        (self.errors if record.levelno >= logging.ERROR else self.messages).append(record.getMessage())


@dataclass
class Built:
    warnings: list[str]  # MkDocs' warnings
    finished: set[str]  # pages written with their phone numbers linked and their .gz (absolute paths)


def build_site(project: Project, site_dir: Path, pdf_pool=None, file_store=None, before_pdfs=None) -> Built:
    """Build the site of ``project`` into ``site_dir``. ``pdf_pool``: a PDF worker started
    before the project was read (huimin.site.pdfs.pdf_worker); the build ends it.
    ``file_store``: pages are written as links to bytes kept there (huimin.output.file_store).
    ``before_pdfs``: called with the finished pages once the site is written, before its PDFs are in."""
    log = logging.getLogger("mkdocs")
    collect = _Collect()
    log.addHandler(collect)
    previous = log.level
    log.setLevel(logging.WARNING)
    try:
        config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(site_dir))
        config.plugins["huimin"].project = project
        config.plugins["huimin"].glyphs_checked = True  # huimin.build did, before anything was touched
        config.plugins["huimin"].pdf_pool, pdf_pool = pdf_pool, None
        config.plugins["huimin"].file_store = file_store
        config.plugins["huimin"].before_pdfs = before_pdfs
        mkdocs_build.build(config)
        finished = config.plugins["huimin"].finished
    except exceptions.MkDocsException as exc:
        # MkDocs logs the real reason (e.g. a plugin's message) and raises a bare "Aborted".
        reason = "\n".join(collect.errors) or str(exc)
        raise HuiminError(f"站点构建失败：{reason}") from None
    finally:
        if pdf_pool is not None:  # not handed to the plugin (the configuration could not be read)
            pdf_pool.shutdown(wait=True, cancel_futures=True)
        log.removeHandler(collect)
        log.setLevel(previous)
    return Built(collect.messages, finished)

