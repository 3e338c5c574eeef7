"""The ``huimin`` command: one-line summaries, every problem located, Chinese, no traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from huimin.cli import main
from tests.conftest import REPO
from tests.helpers import FILES, leftovers, tree_digest

GOOD = FILES["policy_lists/jiaoyu.yaml"]

BROKEN = {
    # Two problems in one file (the good jiaoyu.yaml, edited)…
    "policy_lists/jiaoyu.yaml": GOOD.replace("issued: 2023-03-01", "issued: 2023-13-01")
                               .replace("targets: [脱贫户, 监测对象]", "targets: []"),
    # …one in another…
    "policy_lists/b.yaml": "policies: 1\n",
    # …and a file that is not even YAML.
    "policy_lists/sub/c.yml": "policies:\n  - id: a\n    title: [未闭合\n",
}

BROKEN_LINES = [
    "policy_lists/b.yaml:1:11: policies（政策列表）: 应为列表（如 [脱贫户, 监测对象]），实际为整数",
    "policy_lists/jiaoyu.yaml:7:14: targets（政策对象）: 不能为空列表，至少填写一项",
    "policy_lists/jiaoyu.yaml:15:13: issued（成文日期）: 应为 YYYY-MM-DD 格式的有效日期（如 2023-03-01），实际为“2023-13-01”",
]


def run(root, *args):
    """``python -m huimin.cli ARGS`` in ``root``, as an editor would run it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "huimin.cli", *args], cwd=root, env=env,
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )


# ------------------------------------------------------------------ check


def test_check_valid_project(make_site, monkeypatch, capsys):
    root = make_site(FILES)
    monkeypatch.chdir(root)
    assert main(["check", "--as-of", "2024-06-01"]) == 0
    out, err = capsys.readouterr()
    assert out == "检查通过：2 个政策清单文件，4 条政策（有效 2，未生效 1，已失效 1；统计日期 2024-06-01）。\n"
    assert err == ""
    assert not (root / "site_build").exists()  # check writes nothing


def test_check_finds_project_root_upward(make_site, monkeypatch, capsys):
    root = make_site(FILES)
    monkeypatch.chdir(root / "policy_lists" / "sub")
    assert main(["check", "--as-of", "2026-01-01"]) == 0
    assert capsys.readouterr().out == (
        "检查通过：2 个政策清单文件，4 条政策（有效 2，未生效 0，已失效 2；统计日期 2026-01-01）。\n"
    )


def test_check_lists_every_problem_without_traceback(make_site):
    root = make_site({**FILES, **BROKEN})
    result = run(root, "check")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert lines[:3] == BROKEN_LINES
    assert lines[3].startswith("policy_lists/sub/c.yml:4:1: YAML: YAML 语法错误：")
    assert lines[4:] == ["共 4 个问题，请逐一修改后再试。"]
    for line in lines[:4]:
        assert re.fullmatch(r"policy_lists/[\w/]+\.ya?ml:\d+:\d+: [^:]+: .+", line), line


def test_check_single_problem_has_no_total(make_site, monkeypatch, capsys):
    root = make_site({"policy_lists/b.yaml": "policies: 1\n"})
    monkeypatch.chdir(root)
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == BROKEN_LINES[0] + "\n"


def test_check_outside_a_project(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert err == f"{tmp_path.resolve()}: 找不到 mkdocs.yml：请在项目文件夹（含 mkdocs.yml 的文件夹）中运行\n"


# ------------------------------------------------------------------ build


BUILD_LINE = re.compile(
    r"网站已生成：site_build/（(\d+) 个页面，4 条政策，统计日期 2024-06-01，用时 \d+\.\d 秒）"
)


def test_build(make_site, monkeypatch, capsys):
    root = make_site(FILES)
    monkeypatch.chdir(root)
    assert main(["build", "--as-of", "2024-06-01"]) == 0
    out, err = capsys.readouterr()
    first, second = out.splitlines()
    m = BUILD_LINE.fullmatch(first)
    assert m, first
    assert int(m.group(1)) == sum(1 for _ in (root / "site_build").rglob("index.html"))
    assert second == "本地预览：运行 huimin serve，然后在浏览器打开 http://127.0.0.1:8000/"
    assert err == ""
    assert (root / "site_build/policies/edu-preschool-aid/index.html").is_file()
    assert leftovers(root) == []


def test_build_to_site_dir(make_site, monkeypatch, capsys, tmp_path):
    root = make_site(FILES)
    monkeypatch.chdir(root)
    assert main(["build", "--as-of", "2024-06-01", "--site-dir", "public"]) == 0
    assert capsys.readouterr().out.startswith("网站已生成：public/（")
    assert (root / "public/policies/index.html").is_file()
    assert not (root / "site_build").exists()


def test_build_with_bad_input_keeps_site(make_site, monkeypatch, capsys):
    root = make_site(FILES)
    monkeypatch.chdir(root)
    assert main(["build", "--as-of", "2024-06-01"]) == 0
    before = tree_digest(root / "site_build")
    capsys.readouterr()

    for name, text in BROKEN.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    assert main(["build", "--as-of", "2024-06-01"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[:3] == BROKEN_LINES
    assert err.splitlines()[-1] == "共 4 个问题，请逐一修改后再试。"
    assert tree_digest(root / "site_build") == before
    assert leftovers(root) == []


# ------------------------------------------------------------------ arguments


def test_bad_as_of_date(make_site):
    root = make_site(FILES)
    result = run(root, "build", "--as-of", "2024-13-01")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "日期应为 YYYY-MM-DD，实际为“2024-13-01”" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("命令行参数有误：")
    assert not (root / "site_build").exists()


@pytest.mark.parametrize("argv", [[], ["publish"], ["check", "--as-of"], ["build", "--bogus"]])
def test_bad_arguments(make_site, monkeypatch, capsys, argv):
    monkeypatch.chdir(make_site(FILES))
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[-1].startswith("命令行参数有误：")
