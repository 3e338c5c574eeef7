"""Hostile and careless YAML (issue 14, items 1–3 and 5): each case is refused by
``huimin check`` with one located Chinese line, never a traceback, never a slow read."""

from __future__ import annotations

import time

import pytest

import huimin.read.policies as policies_reader
from huimin.cli import main
from huimin.read.project import read_project

POLICY = """\
category: 教育保障
department: 市教体局
policies:
  - id: edu-aid
    title: 学前教育幼儿资助
    summary: 对脱贫家庭在园幼儿给予保育教育费补助
    targets: [脱贫户, 监测对象]
    standard: 每生每年1000元
"""
SUBMISSION = """\
---
title: 袁州区“四定闭环”推动问题整改清零
unit: 袁州区
month: 2023-05
kind: 经验成效类
date: 2023-05-18
summary: 一到两句话的摘要
---
正文
"""
EXPERIENCE = """\
---
title: 铜鼓县的经验
unit: 铜鼓县
date: 2023-05-18
summary: 摘要
---
正文
"""
SUB = "content/submissions/2023-05/a.md"
EXP = "content/experience/a.md"
LIST = "policy_lists/a.yaml"


def check(make_site, monkeypatch, capsys, files: dict[str, str]) -> list[str]:
    """``huimin check`` in a project with ``files``: it fails, and these are its lines."""
    root = make_site(files)
    monkeypatch.chdir(root)
    assert main(["check", "--as-of", "2024-06-01"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    return err.splitlines()


def policy(old: str = "", new: str = "") -> str:
    return POLICY.replace(old, new) if old else POLICY


# ------------------------------------------------------------------ limits


def test_flow_nesting_5000_deep(make_site, monkeypatch, capsys):
    text = policy("category: 教育保障", "category: " + "[" * 5000 + "]" * 5000)
    assert check(make_site, monkeypatch, capsys, {LIST: text}) == [
        "policy_lists/a.yaml:1:30: category（主题分类）: 嵌套太深：列表和映射最多套 20 层，请检查缩进和括号",
    ]


def test_block_nesting_5000_deep(make_site, monkeypatch, capsys):
    text = policy("    standard: 每生每年1000元\n", "    standard:\n      " + "- " * 5000 + "x\n")
    assert check(make_site, monkeypatch, capsys, {LIST: text}) == [
        "policy_lists/a.yaml:9:41: standard（补助标准）: 嵌套太深：列表和映射最多套 20 层，请检查缩进和括号",
    ]


def test_nesting_inside_the_policies_list(make_site, monkeypatch, capsys):
    assert check(make_site, monkeypatch, capsys, {LIST: "policies:\n  - " + "- " * 5000 + "x\n"}) == [
        "policy_lists/a.yaml:2:41: policies（政策列表）: 嵌套太深：列表和映射最多套 20 层，请检查缩进和括号",
    ]


def test_mapping_nesting_in_front_matter(make_site, monkeypatch, capsys):
    deep = "".join(" " * (i + 1) + f"k{i}:\n" for i in range(30)) + " " * 31 + "x\n"
    text = SUBMISSION.replace("summary: 一到两句话的摘要\n", "summary: 一到两句话的摘要\nauthor:\n" + deep)
    assert check(make_site, monkeypatch, capsys, {SUB: text}) == [
        "content/submissions/2023-05/a.md:28:21: author.k0.k1.k2.k3.k4（作者）: 嵌套太深：列表和映射最多套 20 层，请检查缩进和括号",
    ]


BOMB = 'lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join(["*" + chr(97 + i)] * 10) + "]\n" for i in range(9)
)


def test_billion_laughs_in_front_matter(make_site, monkeypatch, capsys):
    text = SUBMISSION.replace("summary: 一到两句话的摘要\n", "summary: 一到两句话的摘要\n" + BOMB)
    assert check(make_site, monkeypatch, capsys, {SUB: text}) == [
        "content/submissions/2023-05/a.md:8:6: lol: 不能使用锚点“&a”：请把内容直接写出来",
    ]


def test_billion_laughs_in_policy_list(make_site, monkeypatch, capsys):
    assert check(make_site, monkeypatch, capsys, {LIST: BOMB + "policies: *j\n"}) == [
        "policy_lists/a.yaml:1:6: lol: 不能使用锚点“&a”：请把内容直接写出来",
    ]


def test_alias_without_anchor_is_refused_too(make_site, monkeypatch, capsys):
    text = policy("    targets: [脱贫户, 监测对象]", "    targets: *t")
    assert check(make_site, monkeypatch, capsys, {LIST: text}) == [
        "policy_lists/a.yaml:7:14: targets（政策对象）: 不能使用引用“*t”：请把内容直接写出来",
    ]


def test_title_of_600_kb_in_a_policy_list(make_site, monkeypatch, capsys):
    text = policy("title: 学前教育幼儿资助", "title: " + "长" * 200_000)
    assert check(make_site, monkeypatch, capsys, {LIST: text}) == [
        "policy_lists/a.yaml:5:12: title（政策名称）: 不能超过 200 个字，现有 200000 个字",
    ]


def test_title_of_600_kb_in_front_matter(make_site, monkeypatch, capsys):
    text = SUBMISSION.replace("title: 袁州区“四定闭环”推动问题整改清零", "title: " + "长" * 200_000)
    assert check(make_site, monkeypatch, capsys, {SUB: text}) == [
        "content/submissions/2023-05/a.md:2:1: front matter: "
        "信息块太大：不能超过 256 KB，现有 586.1 KB（正文请写在第二个“---”之后）",
    ]


def test_long_body_text(make_site, monkeypatch, capsys):
    text = policy() + "    body: " + "文" * 20_001 + "\n"
    assert check(make_site, monkeypatch, capsys, {LIST: text}) == [
        "policy_lists/a.yaml:9:11: body（政策详情）: 不能超过 20000 个字，现有 20001 个字",
    ]


def test_policy_list_over_5_mb(make_site, monkeypatch, capsys):
    text = policy() + "    body: |\n" + ("      " + "文" * 100 + "\n") * 18_000
    assert check(make_site, monkeypatch, capsys, {LIST: text}) == [
        "policy_lists/a.yaml: 文件太大：不能超过 5 MB，现有 5.3 MB",
    ]


def test_20000_policies_in_one_file(make_site, monkeypatch, capsys):
    one = POLICY.split("policies:\n")[1]
    text = "category: 教育保障\ndepartment: 市教体局\npolicies:\n" + "".join(
        one.replace("edu-aid", f"edu-{i}") for i in range(20_000))
    assert check(make_site, monkeypatch, capsys, {LIST: text}) == [
        "policy_lists/a.yaml:5004:5: policies（政策列表）: 列表太长：最多 1000 项，请拆分为几个文件",
    ]


def test_200000_keys(make_site, monkeypatch, capsys):
    text = "".join(f"k{i}: v\n" for i in range(200_000))
    assert check(make_site, monkeypatch, capsys, {LIST: text}) == [
        "policy_lists/a.yaml:1001:1: 字段太多：一层最多 1000 个，请拆分为几个文件",
    ]


# ------------------------------------------------------------------ characters


@pytest.mark.parametrize("title, column, message", [
    ("学前\x1b[31m教育", 14, "含有控制字符 U+001B（ESC），请删去"),
    ("学前\x07教育", 14, "含有控制字符 U+0007（BEL），请删去"),
    ('"学前\\e教育"', 12, "含有控制字符 U+001B（ESC），请删去"),
    ('"学前\\a教育"', 12, "含有控制字符 U+0007（BEL），请删去"),
    ("学前\x00教育", 14, "含有控制字符 U+0000（NUL），请删去"),
    ('"\\ud800"', 12, "含有无效字符 U+D800（孤立的代理码位，不是文字），请删去"),
    ("学前\ue000教育", 14, "含有私用区字符 U+E000（各电脑显示不一，印刷字体中没有），请删去或改用标准汉字"),
])
def test_characters_in_a_title(make_site, monkeypatch, capsys, title, column, message):
    text = policy("title: 学前教育幼儿资助", f"title: {title}")
    assert check(make_site, monkeypatch, capsys, {LIST: text}) == [
        f"policy_lists/a.yaml:5:{column}: title（政策名称）: {message}",
    ]


def test_control_character_in_front_matter(make_site, monkeypatch, capsys):
    text = SUBMISSION.replace("summary: 一到两句话的摘要", "summary: 一到两句话\x1b]0;x\x07的摘要")
    assert check(make_site, monkeypatch, capsys, {SUB: text}) == [
        "content/submissions/2023-05/a.md:7:15: summary（简报摘要）: 含有控制字符 U+001B（ESC），请删去",
    ]


def test_crlf_is_accepted_a_lone_cr_is_not(make_site, monkeypatch, capsys):
    root = make_site({LIST: policy().replace("\n", "\r\n")})
    assert read_project(root).problems == []
    text = policy("summary: 对脱贫家庭", "summary: 对脱贫\r家庭")
    assert check(make_site, monkeypatch, capsys, {LIST: text}) == [
        "policy_lists/a.yaml:6:17: summary（内容概述）: 含有控制字符 U+000D（CR），请删去",
    ]


def test_a_wrong_key_is_never_echoed_raw(make_site, monkeypatch, capsys):
    text = policy() + '    "on\\e[2Jcard": true\n'
    (line,) = check(make_site, monkeypatch, capsys, {LIST: text})
    assert line == "policy_lists/a.yaml:9:5: on<U+001B>[2Jcard: 含有控制字符 U+001B（ESC），请删去"


# ------------------------------------------------------------------ tags and types


@pytest.mark.parametrize("value, tag", [
    ("!!binary aGVsbG8=", "!!binary"),
    ("!!python/object:os.system x", "!!python/object:os.system"),
    ("!!python/name:os.system", "!!python/name:os.system"),
    ("!zhengce x", "!zhengce"),
    ("!!set {a}", "!!set"),
    ("!!omap [a: 1]", "!!omap"),
    ("!!int abc", "!!int"),
])
def test_tags(make_site, monkeypatch, capsys, value, tag):
    text = policy("title: 学前教育幼儿资助", f"title: {value}")
    assert check(make_site, monkeypatch, capsys, {LIST: text}) == [
        f"policy_lists/a.yaml:5:12: title（政策名称）: 不能使用 YAML 标记“{tag}”：请直接写值（文字可加引号）",
    ]


def test_standard_tags_are_read(make_site):
    text = policy("title: 学前教育幼儿资助", "title: !!str 2023").replace("standard:", "standard: !!str")
    (p,) = read_project(make_site({LIST: text})).policies
    assert (p.title, p.standard) == ("2023", "每生每年1000元")


def test_on_card_yes(make_site, monkeypatch, capsys):
    assert check(make_site, monkeypatch, capsys, {LIST: policy() + '    on_card: "yes"\n'}) == [
        "policy_lists/a.yaml:9:14: on_card（印上明白卡）: 应为 true 或 false，实际为“yes”",
    ]


def test_valid_true_quoted_in_a_submission(make_site, monkeypatch, capsys):
    text = SUBMISSION.replace("summary:", 'valid: "true"\nsummary:')
    assert check(make_site, monkeypatch, capsys, {SUB: text}) == [
        "content/submissions/2023-05/a.md:7:8: valid（有效）: 应为 true 或 false，实际为“true”",
    ]


@pytest.mark.parametrize("measures, message", [
    ('"3"', "6:11: measures（服务的措施）: 应为列表（如 [15, 17]），实际为文字"),
    ('["3"]', "6:12: measures（服务的措施）: 应为整数，实际为“3”"),
    ("[true]", "6:12: measures（服务的措施）: 应为整数，实际为 true"),
    ("[3.0]", "6:12: measures（服务的措施）: 应为整数，实际为“3.0”"),
])
def test_measures_are_whole_numbers(make_site, monkeypatch, capsys, measures, message):
    text = EXPERIENCE.replace("summary: 摘要\n", f"summary: 摘要\nmeasures: {measures}\n")
    assert check(make_site, monkeypatch, capsys, {EXP: text}) == [f"content/experience/a.md:{message}"]


def test_dates_stay_dates(make_site):
    (p,) = read_project(make_site({LIST: policy() + "    issued: 2023-03-01\n"})).policies
    assert p.issued.isoformat() == "2023-03-01"


def test_a_key_that_is_not_text(make_site, monkeypatch, capsys):
    assert check(make_site, monkeypatch, capsys, {LIST: policy() + "    1: x\n"}) == [
        "policy_lists/a.yaml:9:5: 字段名应为文字（如 title），实际为整数 1",
    ]


# ------------------------------------------------------------------ identifiers


def test_id_with_a_zero_width_space(make_site, monkeypatch, capsys):
    assert check(make_site, monkeypatch, capsys, {LIST: policy("edu-aid", "edu\u200b-aid")}) == [
        "policy_lists/a.yaml:4:9: id（编号）: 编号“edu<U+200B>-aid”含有看不见的字符 U+200B（零宽空格），请删去",
    ]


def test_full_width_id(make_site, monkeypatch, capsys):
    assert check(make_site, monkeypatch, capsys, {LIST: policy("edu-aid", "ｅｄｕ－ａｉｄ")}) == [
        "policy_lists/a.yaml:4:9: id（编号）: 编号“ｅｄｕ－ａｉｄ”含有全角字符，请改用半角（英文输入法）：edu-aid",
    ]


def test_id_of_300_characters(make_site, monkeypatch, capsys):
    assert check(make_site, monkeypatch, capsys, {LIST: policy("edu-aid", "e" * 300)}) == [
        "policy_lists/a.yaml:4:9: id（编号）: 编号太长：不能超过 64 个字符，现有 300 个",
    ]


def test_unit_with_invisible_characters_is_the_unit(make_site):
    root = make_site({SUB: SUBMISSION.replace("unit: 袁州区", "unit: 袁州区\u200b\u2060")})
    project = read_project(root)
    assert project.problems == []
    assert [s.meta.unit for s in project.submissions] == ["袁州区"]


def test_target_with_invisible_characters_is_known(make_site):
    (p,) = read_project(make_site({LIST: policy("[脱贫户, 监测对象]", "[脱贫户\u200b]")})).policies
    assert p.target_groups == ("脱贫户",)


# ------------------------------------------------------------------ the summary


def test_check_summary_reads_each_policy_list_once(make_site, monkeypatch, capsys):
    one = POLICY.split("policies:\n")[1]
    text = "category: 教育保障\ndepartment: 市教体局\npolicies:\n" + "".join(
        one.replace("edu-aid", f"edu-{i}") for i in range(400))
    root = make_site({LIST: text})
    relocated = []
    real = policies_reader.load_yaml_text
    monkeypatch.setattr(policies_reader, "load_yaml_text", lambda *a: relocated.append(a) or real(*a))
    monkeypatch.chdir(root)
    assert main(["check", "--as-of", "2024-06-01"]) == 0
    assert relocated == []  # the summary names files without reading any again
    assert capsys.readouterr().out.startswith("检查通过：1 个政策清单文件，400 条政策")


def test_duplicate_ids_reread_a_file_once(make_site, monkeypatch):
    text = "policies:\n" + "".join(
        POLICY.split("policies:\n")[1].replace("  - id:", "  - category: 教育\n    department: 局\n    id:")
        for _ in range(50))
    relocated = []
    real = policies_reader.load_yaml_text
    monkeypatch.setattr(policies_reader, "load_yaml_text", lambda *a: relocated.append(a) or real(*a))
    problems = read_project(make_site({LIST: text})).problems
    assert len(problems) == 49
    assert str(problems[0]).startswith("policy_lists/a.yaml:11:9: id（编号）: 编号“edu-aid”重复：policy_lists/a.yaml:4:9 ")
    assert len(relocated) == 1


def test_limits_set_in_huimin_yml(make_site, monkeypatch, capsys):
    files = {"huimin.yml": "limits:\n  policy_list_kb: 1\n  front_matter_kb: 1\n",
             LIST: policy() + "    body: " + "文" * 400 + "\n",
             SUB: SUBMISSION.replace("summary: 一到两句话的摘要", "summary: " + "摘" * 400)}
    assert check(make_site, monkeypatch, capsys, files) == [
        "content/submissions/2023-05/a.md:2:1: front matter: 信息块太大：不能超过 1 KB，现有 1.4 KB（正文请写在第二个“---”之后）",
        "policy_lists/a.yaml: 文件太大：不能超过 1 KB，现有 1.5 KB",
        "共 2 个问题，请逐一修改后再试。",
    ]


def test_limits_are_whole_numbers(make_site, monkeypatch, capsys):
    assert check(make_site, monkeypatch, capsys, {"huimin.yml": 'limits:\n  policy_list_kb: "5"\n'}) == [
        "huimin.yml:2:19: limits.policy_list_kb（政策清单大小上限（KB））: 应为整数，实际为“5”",
    ]


@pytest.mark.parametrize("path, seed", [(LIST, POLICY), ("content/_data/measures.yml", "title: 二十条措施\n")])
def test_a_line_of_300000_control_characters_is_read_in_linear_time(make_site, monkeypatch, capsys, path, seed):
    """Found by make fuzz: each ESC on the first line counted the lines from the file's start
    again (21 s for 300,000 of them in measures.yml); now one finding per line, at once."""
    started = time.perf_counter()
    assert check(make_site, monkeypatch, capsys, {path: "\x1b" * 300_000 + seed}) == [
        f"{path}:1:1: 含有控制字符 U+001B（ESC），请删去"]
    assert time.perf_counter() - started < 5


def test_control_characters_on_many_lines_are_found_once_per_line_in_order():
    from huimin.read.yamlguard import _raw_characters

    text = "a: 1\n" + "\x07x\x07\n" * 3 + "b: \x1b\x1b\n"
    assert _raw_characters(text) == [(2, 1, "\x07"), (3, 1, "\x07"), (4, 1, "\x07"), (5, 4, "\x1b")]


def test_a_body_of_5000_brackets_is_refused_at_once(make_site, monkeypatch, capsys):
    """Found by make fuzz: Python-Markdown pairs each "[" with a scan of the rest, so a
    submission of 5,000 unclosed "[" (12 KB) took 8 s to check and far longer to build."""
    started = time.perf_counter()
    assert check(make_site, monkeypatch, capsys, {SUB: SUBMISSION + "正文" + "[" * 5000 + "\n"}) == [
        f"{SUB}:10:1003: 正文: 方括号“[”过多：不能超过 1000 个，现有 5000 个（每个链接 [文字](网址) 用一个）："
        "请删去多余的方括号"]
    assert time.perf_counter() - started < 5


def test_a_policy_text_of_5000_brackets_is_refused_at_its_field(make_site, monkeypatch, capsys):
    text = policy() + "    procedure: |\n      " + "[a " * 5000 + "\n"
    assert check(make_site, monkeypatch, capsys, {LIST: text}) == [
        f"{LIST}:9:16: procedure（办理流程）: 方括号“[”过多：不能超过 1000 个，现有 5000 个"
        "（每个链接 [文字](网址) 用一个）：请删去多余的方括号"]
