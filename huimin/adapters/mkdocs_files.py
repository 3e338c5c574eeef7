"""What the MkDocs adapter does to MkDocs' list of files: the types copied, the images beside
their pages, the originals left out, the titles escaped for the theme."""

from __future__ import annotations

import logging
import os
import posixpath
from dataclasses import replace
from pathlib import Path

from markupsafe import escape
from mkdocs.structure.files import File, Files, InclusionLevel

from huimin.model.errors import display_path
from huimin.read.project import Project
from huimin.read.published import not_copied, site_file
from huimin.site.render import Page

log = logging.getLogger("mkdocs.plugins.huimin")


def leave_out_unknown_types(files: Files, config, root: Path) -> None:
    """Copy from docs_dir only the file types the site uses (huimin.read.published decides)."""
    docs = Path(os.path.abspath(config.docs_dir))
    for f in list(files):
        if f.generated_by or f.inclusion == InclusionLevel.EXCLUDED or site_file(f.src_uri):
            continue
        if f.abs_src_path and Path(os.path.abspath(f.abs_src_path)).is_relative_to(docs):  # not a theme file
            files.remove(f)
            log.warning(str(not_copied(f"{display_path(docs, root)}/{f.src_uri}")))


def add_assets(files: Files, config, page: File, assets: tuple) -> None:
    """A page's images, beside the built page (``submissions/2026-08/x/photo.jpg``)."""
    folder = posixpath.dirname(page.dest_uri)
    for name, data in assets:
        uri = posixpath.join(folder, name)
        taken = files.get_file_from_path(uri)
        if taken is not None:
            files.remove(taken)
        files.append(File.generated(config, uri, content=data))


def leave_out_originals(files: Files, project: Project, docs: Path) -> None:
    """The full-size originals of the images that pages show small are not published."""
    for item in [*project.submissions, *project.experiences]:
        for image in item.images:
            try:
                uri = Path(os.path.abspath(image.path)).relative_to(docs).as_posix()
            except ValueError:
                continue
            original = files.get_file_from_path(uri)
            if original is not None and not original.generated_by:
                files.remove(original)


def html_titles(page: Page) -> Page:
    """MkDocs themes output nav and page titles as HTML: escape the plain-text ones."""
    return replace(
        page, title=str(escape(page.title)), section=tuple(str(escape(s)) for s in page.section)
    )

