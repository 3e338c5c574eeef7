"""Two cold builds of the same input and as-of day give the same PDFs (issue 14, item 7), and a
killed build's print folder is removed by the next build, said so (item 8)."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date

from huimin.build import build
from huimin.site.pdfs import CACHE_DIR
from tests.helpers import FILES, write_project
from tests.rules.test_compilation import sub

AS_OF = date(2024, 6, 1)


def pdfs(site) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*.pdf")}


def test_two_cold_builds_give_identical_pdfs(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = write_project(tmp_path / "site", {
        **FILES, "content/submissions/2024-05/a.md": sub("袁州区", "2024-05", title="五月经验")})
    first = pdfs(build(root, AS_OF).site_dir)
    shutil.rmtree(root / CACHE_DIR)
    stale = root / ".huimin-print.building-999999999-0badf00d"  # a killed build's (no such pid)
    stale.mkdir()
    result = build(root, AS_OF, reuse=False)  # typeset again, not the last site put back
    assert len(first) == 2 and pdfs(result.site_dir) == first
    assert "已删除上次中断留下的临时文件夹 .huimin-print.building-999999999-0badf00d" in result.warnings
    assert not stale.exists() and not list(root.glob(".huimin-print.*"))
