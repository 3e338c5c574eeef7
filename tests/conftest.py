"""Fixture sites built from dicts of files (after mkdocs' tempdir helper)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

MINIMAL_MKDOCS = """\
site_name: 测试站点
docs_dir: content
site_dir: site_build
theme:
  name: material
  custom_dir: {theme}
  language: zh
  font: false
  features: [navigation.indexes, navigation.prune]
exclude_docs: |
  _data/
plugins:
  - search:
      lang: zh
  - huimin
markdown_extensions: [toc, tables, attr_list, md_in_html, admonition, pymdownx.details, pymdownx.superfences]
"""


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def make_site(tmp_path):
    """``make_site({"policy_lists/a.yaml": "..."})`` → a project folder with mkdocs.yml."""

    def make(files: dict[str, str | bytes], mkdocs: str | None = None) -> Path:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        base = {
            "mkdocs.yml": mkdocs or MINIMAL_MKDOCS.format(theme=(REPO / "templates/theme").as_posix()),
            "content/index.md": "# 首页\n",
        }
        base.update(files)
        return write_tree(root, base)

    return make


def copy_sample(root: Path) -> Path:
    """Copy the repository's sample project (mkdocs.yml, huimin.yml, content, policy_lists,
    templates) into ``root``."""
    root.mkdir(parents=True)
    for name in ("mkdocs.yml", "huimin.yml"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, root / name)
    for name in ("content", "policy_lists", "templates"):
        shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture
def sample_copy(tmp_path):
    """A copy of the repository's sample project, to change or build."""
    return copy_sample(tmp_path / "sample")


SAMPLE_AS_OF = "2026-11-01"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample project built once for the whole run (as of 2026-11-01): its site folder.
    Read it, never change it."""
    from datetime import date

    from huimin.build import build

    root = copy_sample(tmp_path_factory.mktemp("sample-site") / "sample")
    return build(root, as_of=date.fromisoformat(SAMPLE_AS_OF), site_dir=root.parent / "www").site_dir
