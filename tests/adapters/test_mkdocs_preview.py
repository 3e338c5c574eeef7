"""The preview's page renderer (huimin.adapters.mkdocs_preview): a page is rendered once per
state of the project, however often it is asked for."""

from __future__ import annotations

from mkdocs.commands import build as mkdocs_build

from huimin.adapters.mkdocs_preview import PreviewSite
from huimin.read.project import load_project
from tests.helpers import AS_OF, FILES, write_project


def test_a_page_asked_for_again_is_served_as_rendered(tmp_path, monkeypatch):
    rendered = []
    real = mkdocs_build._populate_page

    def populate(page, *args, **kwargs):
        rendered.append(page.file.src_uri)
        return real(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_populate_page", populate)
    site = PreviewSite(load_project(write_project(tmp_path / "p", FILES), AS_OF))
    try:
        first = site.get("policies/edu-preschool-aid/")
        assert first is not None and "学前教育幼儿资助".encode() in first[0]
        assert site.get("policies/edu-preschool-aid/") == first and site.get("") is not None
        assert rendered == ["policies/edu-preschool-aid.md", "index.md"]
        assert site.get("no/such/page/") is None
    finally:
        site.close()
