"""Material's navigation rendered once per folder for the pages not in it
(huimin/adapters/mkdocs_nav.py, templates/theme/partials/nav.html): the site is byte for
byte the one Material's own navigation template writes."""

from __future__ import annotations

import shutil
from datetime import date

from huimin.adapters import mkdocs_nav
from huimin.build import build
from tests.conftest import MINIMAL_MKDOCS, REPO, write_tree
from tests.helpers import tree_digest
from tests.site.wechat_fixture import wechat_files

AS_OF = date(2026, 11, 1)


def _project(root, theme):
    files = wechat_files()
    files["mkdocs.yml"] = MINIMAL_MKDOCS.format(theme=theme.as_posix())
    files["content/index.md"] = "# 首页\n"
    files["content/guide/a.md"] = "# 指南甲\n\n## 办理流程\n\n先申请。\n"
    files["content/guide/b.md"] = "# 指南乙\n\n见[指南甲](a.md)。\n"
    return write_tree(root, files)


def test_the_navigation_is_material_s_own_and_made_once_per_folder(tmp_path, monkeypatch):
    material_theme = tmp_path / "material-theme"
    shutil.copytree(REPO / "templates/theme", material_theme)
    (material_theme / "partials/nav.html").unlink()  # Material's own partials/nav.html for every page
    plain = build(_project(tmp_path / "plain", material_theme), AS_OF, tmp_path / "plain-site")

    keys, made = [], []
    key, put = mkdocs_nav.NavMemo.key, mkdocs_nav.NavMemo.put
    monkeypatch.setattr(mkdocs_nav.NavMemo, "key", lambda self, page: keys.append(key(self, page)) or keys[-1])
    monkeypatch.setattr(mkdocs_nav.NavMemo, "put", lambda self, k, html: made.append(k) or put(self, k, html))
    memo = build(_project(tmp_path / "memo", REPO / "templates/theme"), AS_OF, tmp_path / "memo-site")

    assert tree_digest(memo.site_dir) == tree_digest(plain.site_dir)
    shared = [k for k in keys if k is not None]
    assert len(made) == len(set(made)) == len(set(shared)) < len(shared)  # once per folder
    assert ("submissions/2026-09", True) in made  # the month's write-ups share one
    assert None in keys  # the pages in the navigation are rendered each for itself
