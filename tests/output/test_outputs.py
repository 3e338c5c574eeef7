"""Outputs never destroy sources: every command's --site-dir / --out, markers, staging,
the swap, permissions of personal data, and disk errors as messages."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from huimin.cli import main
from huimin.output.guard import PACKAGE_MARKER, SITE_MARKER
from huimin.output.staging import remove_stale, staging_dir, swap_in
from tests.conftest import REPO
from tests.helpers import FILES
from tests.print.test_cards import ROWS, csv_text
from tests.read.test_measures import FULL_WIDTH


def digest(root: Path) -> dict[str, str]:
    """Every file and folder under ``root``, .git included."""
    found = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        found[rel] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
    return found


@pytest.fixture
def project(make_site, monkeypatch):
    root = make_site({**FILES, "README.md": "# 说明\n", "huimin.yml": "city: 宜春市\n"})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root.parent / "r.csv").write_text(csv_text(ROWS[:2]), encoding="utf-8")
    (root.parent / "measures.txt").write_text(FULL_WIDTH, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> int:
    return main([*args])


SOURCE = "是项目的源文件或在源文件夹 {label} 内：编辑人员的文件不能被输出覆盖。请换一个位置"
ROOT = "是项目文件夹本身或包含项目文件夹：写在这里会删除或覆盖政策清单等源文件。请换一个项目以外的位置（如 ../网站）"
NOT_OURS_DIR = "已存在，里面有其他文件，且不是 huimin 生成的（没有标记文件 {marker}）：为免删除其他文件，请换一个新的或空的文件夹，或先自行清空它"
NOT_DIR = "已存在且不是文件夹：为免覆盖，请换一个新的或空的文件夹"
NOT_OURS_FILE = "已存在，且不是 huimin 生成的文件：为免覆盖，请换一个文件名，或先自行删除它"
PUBLIC = ("输出目录 {out} 位于网站内容目录 content/内：户名单含个人信息，明白卡和排查表不得放入公开网站，"
          "请改用网站以外的文件夹（如 --out ../明白卡）")

COMMANDS = {
    "build": (["build", "--as-of", "2024-06-01", "--site-dir"], "网站输出目录", SITE_MARKER),
    "cards": (["cards", "../r.csv", "--as-of", "2024-06-01", "--out"], "输出目录", PACKAGE_MARKER),
    "handbook": (["handbook", "--as-of", "2024-06-01", "--out"], "输出文件", None),
    "import-measures": (["import-measures", "../measures.txt", "--out"], "输出文件", None),
}

CASES = [
    # (command, --out, the reason after "<what> <out> ")
    ("build", ".", ROOT),
    ("build", "..", ROOT),
    ("build", "content", SOURCE.format(label="content/")),
    ("build", "content/site", SOURCE.format(label="content/")),
    ("build", "policy_lists", SOURCE.format(label="policy_lists/")),
    ("build", "templates", SOURCE.format(label="templates/")),
    ("build", ".git", SOURCE.format(label=".git/")),
    ("build", "mkdocs.yml", SOURCE.format(label="mkdocs.yml")),
    ("build", "huimin.yml", SOURCE.format(label="huimin.yml")),
    ("build", "README.md", NOT_DIR),
    ("build", "../mine", NOT_OURS_DIR.format(marker=SITE_MARKER)),
    ("cards", ".", ROOT),
    ("cards", "..", ROOT),
    ("cards", "policy_lists", SOURCE.format(label="policy_lists/")),
    ("cards", "templates/x", SOURCE.format(label="templates/")),
    ("cards", ".git", SOURCE.format(label=".git/")),
    ("cards", "README.md", NOT_DIR),
    ("cards", "../mine", NOT_OURS_DIR.format(marker=PACKAGE_MARKER)),
    ("handbook", "policy_lists/jiaoyu.yaml", "的扩展名应为 .pdf"),
    ("handbook", "README.md", "的扩展名应为 .pdf"),
    ("handbook", "policy_lists/x.pdf", SOURCE.format(label="policy_lists/")),
    ("handbook", "templates/x.pdf", SOURCE.format(label="templates/")),
    ("handbook", "../mine/notes.pdf", NOT_OURS_FILE),
    ("handbook", "../mine/dir.pdf", "是一个文件夹：请给出文件名"),
    ("import-measures", "policy_lists/jiaoyu.yaml", SOURCE.format(label="policy_lists/")),
    ("import-measures", "mkdocs.yml", SOURCE.format(label="mkdocs.yml")),
    ("import-measures", "huimin.yml", SOURCE.format(label="huimin.yml")),
    ("import-measures", "README.md", "的扩展名应为 .yml 或 .yaml"),
    ("import-measures", "../mine/notes.yml", NOT_OURS_FILE),
]


@pytest.mark.parametrize("command,out,reason", CASES, ids=[f"{c}:{o}" for c, o, _ in CASES])
def test_output_that_would_destroy_files_is_refused(project, capsys, command, out, reason):
    mine = project.parent / "mine"
    (mine / "dir.pdf").mkdir(parents=True)
    (mine / "manifest.csv").write_text("file\n", encoding="utf-8")  # a manifest alone is no package
    (mine / "notes.pdf").write_bytes(b"%PDF-1.7 someone else's")
    (mine / "notes.yml").write_text("a: 1\n", encoding="utf-8")
    before, before_mine = digest(project), digest(mine)
    args, what, _ = COMMANDS[command]
    assert run(*args, out) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"{what} {out} {reason}"
    assert "Traceback" not in err
    assert digest(project) == before
    assert digest(mine) == before_mine


def test_cards_in_content_is_refused_as_public(project, capsys):
    assert run(*COMMANDS["cards"][0], "content/明白卡") == 1
    assert capsys.readouterr().err.splitlines()[-1] == PUBLIC.format(out="content/明白卡")


def test_build_twice_replaces_its_own_site_and_an_earlier_unmarked_one(project, capsys):
    out = project.parent / "web"
    assert run(*COMMANDS["build"][0], str(out)) == 0
    assert (out / SITE_MARKER).is_file() and (out / "index.html").is_file()
    (out / SITE_MARKER).unlink()  # a site built before sites carried the marker
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert run(*COMMANDS["build"][0], str(out)) == 0
    assert (out / SITE_MARKER).is_file() and not (out / "stale.html").exists()
    capsys.readouterr()


def test_handbook_and_measures_overwrite_their_own_files(project, capsys):
    hb = project.parent / "读本.pdf"
    assert run(*COMMANDS["handbook"][0], str(hb)) == 0
    first = hb.stat().st_mtime_ns
    assert run(*COMMANDS["handbook"][0], str(hb)) == 0
    assert hb.stat().st_mtime_ns >= first
    assert run("import-measures", "../measures.txt") == 0  # the default, inside content/_data/
    assert run("import-measures", "../measures.txt") == 0
    assert (project / "content/_data/measures.yml").is_file()
    capsys.readouterr()


# ---------------------------------------------------------------- the card package


def test_package_is_private_and_names_the_roster_by_file_name(project, capsys):
    out = project.parent / "明白卡"
    stale = project.parent / f".明白卡.building-{dead_pid()}-0badc0de"
    (stale / "袁州区").mkdir(parents=True)
    (stale / "袁州区/东村.pdf").write_bytes(b"%PDF household data")
    assert run(*COMMANDS["cards"][0], str(out)) == 0
    capsys.readouterr()
    assert not stale.exists(), "a killed run's staging folder is removed"
    assert (out.stat().st_mode & 0o777) == 0o700
    for path in out.rglob("*"):
        assert (path.stat().st_mode & 0o777) == (0o700 if path.is_dir() else 0o600), path
    report = (out / "report.txt").read_text(encoding="utf-8")
    assert "户名单：r.csv\n" in report
    assert str(project.parent) not in report
    assert [p.name for p in project.parent.iterdir() if p.name.startswith(".明白卡")] == []


def dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_earlier_unmarked_package_is_replaced_but_not_a_folder_with_extra_files(project, capsys):
    out = project.parent / "pkg"
    assert run(*COMMANDS["cards"][0], str(out)) == 0
    (out / PACKAGE_MARKER).unlink()  # as an earlier version wrote it
    assert run(*COMMANDS["cards"][0], str(out), "--replace") == 0
    (out / PACKAGE_MARKER).unlink()
    (out / "我的笔记.docx").write_bytes(b"mine")
    assert run(*COMMANDS["cards"][0], str(out), "--replace") == 1
    assert (out / "我的笔记.docx").read_bytes() == b"mine"
    capsys.readouterr()


# ---------------------------------------------------------------- staging and the swap


def test_swap_exchanges_without_a_moment_without_output(tmp_path, monkeypatch):
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old")
    new = staging_dir(target)
    (new / "new.txt").write_text("new")
    renamed = []
    monkeypatch.setattr(os, "rename", lambda *a: renamed.append(a))  # the two-rename fallback
    swap_in(new, target, SITE_MARKER)
    assert renamed == [], "on Linux both names are exchanged in one step"
    assert sorted(p.name for p in target.iterdir()) == [SITE_MARKER, "new.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


KILLED_DURING_CLEANUP = """
import shutil, sys, time
from pathlib import Path
from huimin.output.staging import staging_dir, swap_in
target = Path(sys.argv[1])
new = staging_dir(target)
(new / "new.txt").write_text("new")
shutil.rmtree = lambda *a, **k: (print("swapped", flush=True), time.sleep(60))
swap_in(new, target, ".huimin-site")
"""


def test_a_kill_after_the_swap_leaves_the_new_output_and_the_next_run_cleans_up(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old")
    child = subprocess.Popen([sys.executable, "-c", KILLED_DURING_CLEANUP, str(target)], stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert child.stdout.readline().strip() == "swapped"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert (target / "new.txt").is_file()
    left = [p for p in tmp_path.iterdir() if p.name != "out"]
    assert len(left) == 1 and (left[0] / "old.txt").is_file()
    assert remove_stale(target) == left
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_live_runs_staging_folder_is_left_alone(tmp_path):
    target = tmp_path / "out"
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        live = tmp_path / f".out.building-{sleeper.pid}-00aa00aa"
        live.mkdir()
        assert remove_stale(target) == []
        assert live.is_dir()
    finally:
        sleeper.kill()
        sleeper.wait()


# ---------------------------------------------------------------- disk errors


def _mount(*args: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a read-only or a small file system")
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"mount is not allowed here: {done.stderr.strip()}")


@pytest.fixture
def read_only(tmp_path):
    """``make(folder)``: bind-mount ``folder`` read-only onto itself; unmounted afterwards."""
    mounted = []

    def make(folder: Path) -> Path:
        _mount("--bind", str(folder), str(folder))
        mounted.append(folder)
        _mount("-o", "remount,bind,ro", str(folder))
        return folder

    yield make
    for folder in reversed(mounted):
        subprocess.run(["umount", str(folder)], check=False)


RO = "所在的磁盘是只读的，无法写入。已有的输出保持原样，请换一个位置或腾出空间后再试"
FULL = "所在的磁盘空间已满，无法写入。已有的输出保持原样，请换一个位置或腾出空间后再试"


def test_read_only_output_folder_is_a_message_and_the_old_output_stays(project, read_only, capsys):
    out = project.parent / "ro/site"
    assert run(*COMMANDS["build"][0], str(out)) == 0
    before = digest(out.parent)
    read_only(out.parent)
    for command, target in (("build", out), ("cards", out.parent / "pkg"), ("handbook", out.parent / "读本.pdf"),
                            ("import-measures", out.parent / "measures.yml")):
        capsys.readouterr()
        assert run(*COMMANDS[command][0], str(target)) == 1, command
        err = capsys.readouterr().err
        assert err.splitlines()[-1].endswith(f": {RO}"), err
        assert str(out.parent) in err and "Traceback" not in err
    assert digest(out.parent) == before


def test_read_only_project_builds_elsewhere_without_its_cache(project, read_only, capsys):
    read_only(project)
    out = project.parent / "web"
    assert run(*COMMANDS["build"][0], str(out)) == 0
    captured = capsys.readouterr()
    assert "提示：缓存文件夹 .huimin-cache/pdf 无法写入（项目文件夹只读或磁盘已满），本次未使用 PDF 缓存" in captured.err
    assert (out / "index.html").is_file()


def test_full_disk_is_a_message_and_the_old_file_stays(project, tmp_path, capsys):
    small = tmp_path / "small"
    small.mkdir()
    _mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", str(small))
    try:
        old = small / "读本.pdf"
        old.write_bytes(b"%PDF-1.7 made by Typst, the earlier handbook")
        assert run(*COMMANDS["handbook"][0], str(old)) == 1
        err = capsys.readouterr().err
        assert err.splitlines()[-1] == f"{old}: {FULL}"
        assert old.read_bytes() == b"%PDF-1.7 made by Typst, the earlier handbook"
        assert sorted(p.name for p in small.iterdir()) == ["读本.pdf"]
    finally:
        subprocess.run(["umount", str(small)], check=False)
