"""Material's interface texts looked up once per build (huimin/adapters/mkdocs_lang.py,
templates/theme/partials/language.html): the site is byte for byte the one Material's own
language template writes."""

from __future__ import annotations

import shutil
from datetime import date

from huimin.adapters import mkdocs_lang
from huimin.build import build
from tests.conftest import MINIMAL_MKDOCS, REPO, write_tree
from tests.helpers import tree_digest
from tests.site.wechat_fixture import wechat_files

AS_OF = date(2026, 11, 1)


def _project(root, theme, language="custom"):
    files = wechat_files()
    files["mkdocs.yml"] = MINIMAL_MKDOCS.format(theme=theme.as_posix()).replace(
        "  language: zh\n", f"  language: {language}\n", 1)
    files["content/index.md"] = "# 首页\n"
    return write_tree(root, files)


def test_the_texts_are_material_s_own_and_worked_out_once(tmp_path, monkeypatch):
    material_theme = tmp_path / "material-theme"
    shutil.copytree(REPO / "templates/theme", material_theme)
    (material_theme / "partials/language.html").unlink()  # Material's own lookups, every time
    plain = build(_project(tmp_path / "plain", material_theme), AS_OF, tmp_path / "plain-site")

    asked, worked_out = [], []
    lookup = mkdocs_lang.LangMemo.lookup

    def counting(self, lang, fallback):
        t = lookup(self, lang, fallback)

        def counted(key):
            asked.append(key)
            if key not in self._texts:
                worked_out.append(key)
            return t(key)

        return counted

    monkeypatch.setattr(mkdocs_lang.LangMemo, "lookup", counting)
    memo = build(_project(tmp_path / "memo", REPO / "templates/theme"), AS_OF, tmp_path / "memo-site")

    assert tree_digest(memo.site_dir) == tree_digest(plain.site_dir)
    assert len(worked_out) == len(set(worked_out)) == len(set(asked)) < len(asked)
    assert {"search", "action.skip"} <= set(asked)
    home = (memo.site_dir / "index.html").read_text(encoding="utf-8")
    assert "跳到正文" in home and 'aria-label="搜索"' in home  # our wording, and Material's zh


def test_a_language_without_our_texts_is_material_s_too(tmp_path):
    material_theme = tmp_path / "material-theme"
    shutil.copytree(REPO / "templates/theme", material_theme)
    (material_theme / "partials/language.html").unlink()
    plain = build(_project(tmp_path / "plain", material_theme, "en"), AS_OF, tmp_path / "plain-site")
    memo = build(_project(tmp_path / "memo", REPO / "templates/theme", "en"), AS_OF, tmp_path / "memo-site")
    assert tree_digest(memo.site_dir) == tree_digest(plain.site_dir)
