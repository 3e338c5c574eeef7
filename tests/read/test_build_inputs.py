"""The digest of what a build reads: the same files give the same digest; any change a build
could show (a byte, a big file rewritten, the as-of day, a commit) gives another; what no build
reads does not count; what cannot be read gives none."""

from __future__ import annotations

import os
from datetime import date

from huimin.read import build_inputs
from huimin.read.build_inputs import inputs_digest
from tests.history_repo import git

FOLDERS = ("content", "policy_lists", "templates", "fonts")


def project(tmp_path):
    root = tmp_path / "site"
    for rel, text in {"mkdocs.yml": "site_name: 惠民\n", "huimin.yml": "city: 宜春市\n",
                      "content/index.md": "# 首页\n", "policy_lists/a.yaml": "policies: []\n",
                      "templates/pages/x.j2": "{{ x }}\n", "rosters/村.csv": "户主,电话\n"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def digest(root, as_of=None):
    return inputs_digest(root, FOLDERS, as_of, [])


def test_the_same_files_give_the_same_digest_and_a_changed_byte_another(tmp_path):
    root = project(tmp_path)
    first = digest(root)
    assert first is not None and digest(root) == first
    os.utime(root / "content/index.md", ns=(1, 1))  # touched, the same bytes: read by their bytes
    assert digest(root) == first
    for rel in ("content/index.md", "policy_lists/a.yaml", "templates/pages/x.j2", "mkdocs.yml"):
        before = (root / rel).read_bytes()
        (root / rel).write_bytes(before.replace(b"\n", b" \n"))
        assert digest(root) != first, rel
        (root / rel).write_bytes(before)
        assert digest(root) == first, rel


def test_a_new_file_a_removed_one_and_a_new_folder_count(tmp_path):
    root = project(tmp_path)
    first = digest(root)
    (root / "content/new.md").write_text("# 新\n", encoding="utf-8")
    second = digest(root)
    (root / "content/new.md").unlink()
    (root / "content/empty").mkdir()
    third = digest(root)
    assert len({first, second, third}) == 3


def test_files_no_build_reads_do_not_count(tmp_path):
    root = project(tmp_path)
    first = digest(root)
    (root / "rosters/村.csv").write_text("户主,电话\n张三,13800000000\n", encoding="utf-8")
    (root / "site_build").mkdir()
    (root / "site_build/index.html").write_text("<p>旧</p>", encoding="utf-8")
    (root / "content/__pycache__").mkdir()
    assert digest(root) == first


def test_a_big_file_rewritten_with_the_same_bytes_counts_by_its_times(tmp_path):
    root = project(tmp_path)
    font = root / "fonts/big.ttf"
    font.parent.mkdir()
    font.write_bytes(b"\0" * (build_inputs.BIG + 1))
    first = digest(root)
    st = font.stat()
    font.write_bytes(b"\1" * (build_inputs.BIG + 1))
    os.utime(font, ns=(st.st_atime_ns, st.st_mtime_ns))  # the old time put back: the change time still tells
    assert digest(root) != first


def test_the_day_asked_for_and_the_environment_count(tmp_path, monkeypatch):
    root = project(tmp_path)
    first = digest(root)
    assert digest(root, date(2024, 6, 1)) not in (first, digest(root, date(2024, 6, 2)))
    monkeypatch.setenv("HUIMIN_AS_OF", "2024-06-01")
    assert digest(root) != first
    monkeypatch.delenv("HUIMIN_AS_OF")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert digest(root) != first


def test_a_new_commit_counts_though_no_file_changed(tmp_path):
    root = project(tmp_path)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "一")
    first = digest(root)
    git(root, "commit", "-q", "--allow-empty", "-m", "二", day="2024-02-01T00:00:00+08:00")
    assert digest(root) not in (first, None)


def test_a_file_that_cannot_be_read_gives_no_digest(tmp_path):
    root = project(tmp_path)
    (root / "content/gone.md").symlink_to(root / "content/nowhere.md")
    assert digest(root) is None
