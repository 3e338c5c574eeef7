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
    assert out == (
        "检查通过：2 个政策清单文件，4 条政策（有效 2，未生效 1，已失效 1；统计日期 2024-06-01）。\n"
        "已失效 1 条（统计日期 2024-06-01 已过失效日期，网站上标注“已失效”，不进入读本和明白卡）：\n"
        "  policy_lists/jiaoyu.yaml:26:9: 脱贫家庭大学新生一次性奖励（失效日期 2023-12-31）\n"
        "未生效 1 条（统计日期 2024-06-01 尚未到生效日期，网站上标注“尚未生效”，不进入读本和明白卡）：\n"
        "  policy_lists/sub/fanfanpin.yml:12:9: 防返贫保险（生效日期 2024-09-01）\n"
    )
    assert err == ""
    assert not (root / "site_build").exists()  # check writes nothing


def test_check_finds_project_root_upward(make_site, monkeypatch, capsys):
    root = make_site(FILES)
    monkeypatch.chdir(root / "policy_lists" / "sub")
    assert main(["check", "--as-of", "2026-01-01"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "检查通过：2 个政策清单文件，4 条政策（有效 2，未生效 0，已失效 2；统计日期 2026-01-01）。",
        "已失效 2 条（统计日期 2026-01-01 已过失效日期，网站上标注“已失效”，不进入读本和明白卡）：",
    ]


@pytest.mark.parametrize("as_of, settings, warning", [
    ("2025-11-30", "", None),  # 31 days before the last day: not yet
    ("2025-12-01", "", "还有 30 天"),
    ("2025-12-31", "", "今天是最后一天"),
    ("2026-01-01", "", None),  # expired: listed as 已失效, no warning
    ("2025-11-30", "expiry_warning_days: 31\n", "还有 31 天"),
    ("2025-12-01", "expiry_warning_days: 7\n", None),
])
def test_check_warns_about_policies_expiring_soon(make_site, monkeypatch, capsys, as_of, settings, warning):
    root = make_site({**FILES, "huimin.yml": settings})
    monkeypatch.chdir(root)
    assert main(["check", "--as-of", as_of]) == 0  # a warning, not an error
    err = capsys.readouterr().err
    if warning is None:
        assert err == ""
    else:
        assert err == (
            f"提示：policy_lists/jiaoyu.yaml:4:9: 政策“学前教育幼儿资助”将于 2025-12-31 后失效（{warning}）："
            "到期后网站标注“已失效”，不再进入读本和明白卡；如已延续，请修改 effective_until（失效日期）\n")


def test_expiry_warning_days_is_checked(make_site, monkeypatch, capsys):
    monkeypatch.chdir(make_site({**FILES, "huimin.yml": "expiry_warning_days: -1\n"}))
    assert main(["check"]) == 1
    assert capsys.readouterr().err == "huimin.yml:1:22: expiry_warning_days（失效提醒天数）: 应不小于 0，实际为 -1\n"


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


def test_a_build_with_nothing_changed_says_it_put_the_last_site_back(make_site, monkeypatch, capsys):
    root = make_site(FILES)
    monkeypatch.chdir(root)
    assert main(["build", "--as-of", "2024-06-01"]) == 0
    pages = BUILD_LINE.fullmatch(capsys.readouterr().out.splitlines()[0]).group(1)
    assert main(["build", "--as-of", "2024-06-01"]) == 0
    assert re.fullmatch(rf"网站已生成：site_build/（{pages} 个页面，4 条政策，统计日期 2024-06-01，用时 \d+\.\d 秒"
                        r"；源文件都没有改动，沿用上次构建的结果）", capsys.readouterr().out.splitlines()[0])
    assert main(["build", "--as-of", "2024-06-01", "--rebuild"]) == 0
    assert BUILD_LINE.fullmatch(capsys.readouterr().out.splitlines()[0])


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


# ------------------------------------------------------------------ Chinese help

# Names that stay as they are in Chinese text, and the date format's letters.
ALLOWED_ASCII = {"huimin", "YYYY", "MM", "DD", "IP", "PDF", "CSV", "XLSX", "A4", "A5", "Word", "HTML"}


def _help_texts():
    from huimin.cli import parser

    top = parser()
    subs = next(a for a in top._actions if a.dest == "command").choices
    yield "huimin", top.format_help(), top
    for name, sub in subs.items():
        yield name, sub.format_help(), sub


def _english_words(text: str, allowed: set[str]) -> list[str]:
    text = re.sub(r"\b[a-z0-9_-]+\.[a-z]{2,4}\b", " ", text)  # real file names: report.txt (FILE.pdf stays)
    text = re.sub(r"\.[a-z]{2,4}\b", " ", text)  # extensions: 文件.pdf, .md
    text = re.sub(r"[A-Za-z_]*(/[A-Za-z_]+)+/?|[A-Za-z]*_[A-Za-z_]*", " ", text)  # paths, site_build
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text) if w not in allowed]


def test_every_help_text_is_chinese():
    subs = [name for name, _, _ in _help_texts()][1:]
    assert {"check", "build", "serve", "handbook", "cards", "compile", "brief", "new", "import-measures"} <= set(subs)
    for name, text, p in _help_texts():
        allowed = set(ALLOWED_ASCII) | {w for s in subs for w in s.split("-")}
        for action in p._actions:
            allowed |= {w for o in action.option_strings for w in o.strip("-").split("-")}
            allowed |= {str(c) for c in action.choices or ()} if not isinstance(action.choices, dict) else set()
            allowed |= {w for c in action.choices or () for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", str(c))}  # 2up
            allowed |= {w for w in str(action.metavar or "").split("|")}
        assert text.startswith("用法：huimin"), name
        assert "usage" not in text and "options" not in text and "positional arguments" not in text
        assert "show this help message and exit" not in text
        assert _english_words(text, allowed) == [], (name, text)


def test_help_columns_line_up_in_a_terminal(monkeypatch):
    """A Chinese character takes two columns: the help texts start in one column and the
    usage's later lines under its first argument, counted in columns."""
    from huimin.commands.argparse_zh import width, wrap

    monkeypatch.setenv("COLUMNS", "80")
    assert wrap("统计日期：按这一天判断政策是否有效，报送和认可的日期不能晚于它（默认今天）", 20) == [
        "统计日期：按这一天判", "断政策是否有效，报送", "和认可的日期不能晚于", "它（默认今天）"]
    assert wrap("A5 or A4 纸张", 6) == ["A5 or", "A4 纸", "张"]
    for name, text, _ in _help_texts():
        usage, options = text.split("\n\n", 1)[0], text.split("选项：\n", 1)[1]
        rows = [line for line in options.splitlines() if line.startswith("  -")]
        starts = {width(m.group(1)) for line in rows if (m := re.match(r"^(  \S.*?\S  +)\S", line))}
        assert len(starts) == 1, (name, options)  # every help text in one column
        first, *later = usage.splitlines()
        column = width(first[:first.index(" [")]) + 1 if later else None
        assert all(width(line) - width(line.lstrip()) == column for line in later), (name, usage)
        assert all(width(line) <= 80 for line in text.splitlines()), (name, text)


@pytest.mark.parametrize("args", [["--help"], ["new", "--help"], ["cards", "-h"]])
def test_help_is_printed_in_chinese_by_the_real_command(make_site, args):
    result = run(make_site(FILES), *args)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("用法：huimin") and "选项：\n" in result.stdout
    assert "显示本帮助并退出" in result.stdout and "usage" not in result.stdout


@pytest.mark.parametrize("argv, message", [
    ([], "命令行参数有误：缺少必需的参数：命令"),
    (["publish"], "命令行参数有误：命令：“publish”不是可选的值（可选：check、build、serve、handbook、cards"),
    (["check", "--as-of"], "命令行参数有误：--as-of：后面应有一个值"),
    (["build", "--bogus"], "命令行参数有误：不认识的参数：--bogus"),
    (["handbook", "--paper", "B5"], "命令行参数有误：--paper：“B5”不是可选的值（可选：A4、A5）"),
    (["new", "submission"], "命令行参数有误：缺少必需的参数：--unit"),
    (["new", "story", "--unit", "袁州区"], "命令行参数有误：submission|experience：“story”不是可选的值（可选：submission、experience）"),
])
def test_argument_errors_are_chinese(make_site, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(make_site(FILES))
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("用法：huimin") and "usage" not in err
    assert err.splitlines()[-1].startswith(message)
