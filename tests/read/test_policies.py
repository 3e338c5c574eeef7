"""Every policy-list rule and its exact Chinese message."""

from __future__ import annotations

from pathlib import Path

import pytest

from huimin.read.policies import load_policies
from huimin.read.project import read_project

GOOD = """\
category: 教育保障
department: 市教体局
policies:
  - id: edu-preschool-aid
    title: 学前教育幼儿资助
    summary: 对脱贫家庭在园幼儿给予保育教育费补助
    targets: [脱贫户, 监测对象]
    standard: 每生每年1000元
    issued: 2023-03-01
    effective_from: 2023-01-01
    effective_until: 2025-12-31
"""


def problems(root: Path) -> list[str]:
    return [str(p) for p in read_project(root).problems]


def one_file(tmp_path: Path, text: str | bytes, name: str = "policy_lists/a.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_valid_file_loads_with_defaults(tmp_path):
    policies, errs = load_policies(one_file(tmp_path, GOOD))
    assert errs == []
    (p,) = policies
    assert (p.category, p.department, p.targets) == ("教育保障", "市教体局", ["脱贫户", "监测对象"])
    assert p.eligibility.household_types == ["脱贫户", "监测对象"]
    assert p.on_card is True
    assert p.source == ("policy_lists/a.yaml", 4, 9)


@pytest.mark.parametrize(
    "day, expected",
    [("2022-12-31", "未生效"), ("2023-01-01", "有效"), ("2025-12-31", "有效"), ("2026-01-01", "已失效")],
)
def test_validity(tmp_path, day, expected):
    from datetime import date

    (p,), _ = load_policies(one_file(tmp_path, GOOD))
    assert p.validity(date.fromisoformat(day)) == expected


def test_yaml_syntax_error(tmp_path):
    root = one_file(tmp_path, "policies:\n  - id: a\n    title: [未闭合\n")
    (msg,) = problems(root)
    assert msg.startswith("policy_lists/a.yaml:4:1: YAML: YAML 语法错误：")


def test_yaml_tab_indent(tmp_path):
    root = one_file(tmp_path, "policies:\n\t- id: a\n")
    (msg,) = problems(root)
    assert msg.startswith("policy_lists/a.yaml:2:1: YAML: YAML 语法错误：不能用制表符（Tab）缩进，请改用空格")


def test_not_utf8(tmp_path):
    root = one_file(tmp_path, GOOD.replace("幼儿资助", "幼儿资助X").encode("gb18030"))
    (msg,) = problems(root)
    assert msg == (
        "policy_lists/a.yaml:1:11: 文件编码: 文件不是 UTF-8 编码，请在编辑器中“另存为”UTF-8 编码后再提交"
    )


def test_unknown_key_suggests(tmp_path):
    root = one_file(tmp_path, GOOD.replace("    standard:", "    standrad:"))
    msgs = problems(root)
    assert msgs[0] == (
        "policy_lists/a.yaml:8:5: standard（补助标准）: 缺少必填字段"
    ) or msgs[0].startswith("policy_lists/a.yaml:4:")
    assert "policy_lists/a.yaml:8:5: standrad: 未知字段“standrad”，是否应为“standard”？（可用字段：" in "\n".join(msgs)


def test_unknown_key_in_file_header(tmp_path):
    root = one_file(tmp_path, "categroy: 教育保障\n" + GOOD.split("\n", 1)[1])
    (msg,) = problems(root)
    assert msg == (
        "policy_lists/a.yaml:1:1: categroy: 未知字段“categroy”，是否应为“category”？"
        "（可用字段：category、department、policies）"
    )


def test_missing_required_field(tmp_path):
    root = one_file(tmp_path, GOOD.replace("    standard: 每生每年1000元\n", ""))
    assert problems(root) == ["policy_lists/a.yaml:4:5: standard（补助标准）: 缺少必填字段"]


def test_missing_category_without_default(tmp_path):
    root = one_file(tmp_path, GOOD.replace("category: 教育保障\n", ""))
    assert problems(root) == [
        "policy_lists/a.yaml:3:5: category（主题分类）: 缺少必填字段（文件开头也没有设置默认的 category）"
    ]


def test_wrong_type_targets(tmp_path):
    root = one_file(tmp_path, GOOD.replace("[脱贫户, 监测对象]", "脱贫户"))
    assert problems(root) == [
        "policy_lists/a.yaml:7:14: targets（政策对象）: 应为列表（如 [脱贫户, 监测对象]），实际为文字"
    ]


def test_wrong_type_on_card(tmp_path):
    root = one_file(tmp_path, GOOD + "    on_card: 是\n")
    assert problems(root) == ["policy_lists/a.yaml:12:14: on_card（印上明白卡）: 应为 true 或 false，实际为“是”"]


@pytest.mark.parametrize("bad", ["2023-13-01", "2023/03/01", "2023-02-30", "20230301"])
def test_bad_date(tmp_path, bad):
    root = one_file(tmp_path, GOOD.replace("issued: 2023-03-01", f"issued: {bad}"))
    assert problems(root) == [
        f"policy_lists/a.yaml:9:13: issued（成文日期）: 应为 YYYY-MM-DD 格式的有效日期（如 2023-03-01），实际为“{bad}”"
    ]


def test_until_before_from(tmp_path):
    root = one_file(tmp_path, GOOD.replace("effective_until: 2025-12-31", "effective_until: 2022-12-31"))
    assert problems(root) == [
        "policy_lists/a.yaml:11:22: effective_until（失效日期）: 失效日期 2022-12-31 早于生效日期 2023-01-01"
    ]


def test_summary_too_long(tmp_path):
    root = one_file(tmp_path, GOOD.replace("对脱贫家庭在园幼儿给予保育教育费补助", "很" * 101))
    assert problems(root) == ["policy_lists/a.yaml:6:14: summary（内容概述）: 不能超过 100 个字，现有 101 个字"]


def test_summary_of_exactly_100_is_fine(tmp_path):
    root = one_file(tmp_path, GOOD.replace("对脱贫家庭在园幼儿给予保育教育费补助", "很" * 100))
    assert problems(root) == []


def test_empty_targets(tmp_path):
    root = one_file(tmp_path, GOOD.replace("[脱贫户, 监测对象]", "[]"))
    assert problems(root) == ["policy_lists/a.yaml:7:14: targets（政策对象）: 不能为空列表，至少填写一项"]


def test_empty_title(tmp_path):
    root = one_file(tmp_path, GOOD.replace("title: 学前教育幼儿资助", 'title: ""'))
    assert problems(root) == ["policy_lists/a.yaml:5:12: title（政策名称）: 不能为空"]


@pytest.mark.parametrize("bad", ["Edu-Aid", "edu_aid", "-edu", "教育"])
def test_bad_id(tmp_path, bad):
    root = one_file(tmp_path, GOOD.replace("id: edu-preschool-aid", f"id: {bad}"))
    assert problems(root) == [
        f"policy_lists/a.yaml:4:9: id（编号）: 编号“{bad}”不合格：只能用小写英文字母、数字和连字符“-”，"
        "并以字母或数字开头（如 edu-preschool-aid）"
    ]


def test_duplicate_id_across_files_names_both(tmp_path):
    one_file(tmp_path, GOOD, "policy_lists/a.yaml")
    root = one_file(tmp_path, GOOD.replace("学前教育幼儿资助", "另一条"), "policy_lists/sub/b.yml")
    policies, errs = load_policies(root)
    assert [p.title for p in policies] == ["学前教育幼儿资助"]
    assert [str(e) for e in errs] == [
        "policy_lists/sub/b.yml:4:9: id（编号）: 编号“edu-preschool-aid”重复：policy_lists/a.yaml:4:9 "
        "已使用这个编号，编号在全部政策清单中必须唯一"
    ]


def test_bad_eligibility_value(tmp_path):
    root = one_file(tmp_path, GOOD + "    eligibility:\n      household_types: [低保户]\n")
    assert problems(root) == [
        "policy_lists/a.yaml:13:25: eligibility.household_types（户类型）: 应为 脱贫户、监测对象 之一，实际为“低保户”"
    ]


def test_every_problem_reported_not_only_first(tmp_path):
    bad = GOOD.replace("issued: 2023-03-01", "issued: 2023-13-01").replace("[脱贫户, 监测对象]", "[]")
    one_file(tmp_path, bad, "policy_lists/a.yaml")
    root = one_file(tmp_path, "policies: 1\n", "policy_lists/b.yaml")
    msgs = problems(root)
    assert len(msgs) == 3
    assert msgs[2] == "policy_lists/b.yaml:1:11: policies（政策列表）: 应为列表（如 [脱贫户, 监测对象]），实际为整数"


# ------------------------------------------------------------------ 政策对象 vocabulary (huimin.yml targets)


def test_unknown_target_names_the_closest_groups(tmp_path):
    root = one_file(tmp_path, GOOD.replace("targets: [脱贫户, 监测对象]", "targets: [脱贫户, 农村低保户家]"))
    assert problems(root) == [
        ("policy_lists/a.yaml:7:20: targets（政策对象）: 未知的政策对象“农村低保户家”，最接近的是："
        "低保对象（别名 农村低保户）、农村低收入人口（别名 农村低收入家庭）；"
        "可用的政策对象见 huimin.yml 的 targets（没有设置时见 README 中的默认政策对象）")
    ]


def test_unknown_target_with_nothing_close(tmp_path):
    root = one_file(tmp_path, GOOD.replace("targets: [脱贫户, 监测对象]", "targets:\n      - 各类企业x\n      - 宇航员"))
    where = "可用的政策对象见 huimin.yml 的 targets（没有设置时见 README 中的默认政策对象）"
    assert problems(root) == [
        f"policy_lists/a.yaml:8:9: targets（政策对象）: 未知的政策对象“各类企业x”，最接近的是：种养殖户和经营主体（别名 各类企业）；{where}",
        f"policy_lists/a.yaml:9:9: targets（政策对象）: 未知的政策对象“宇航员”；{where}",
    ]


def test_aliases_map_to_their_group(tmp_path):
    root = one_file(tmp_path, GOOD.replace("targets: [脱贫户, 监测对象]", "targets: [农村低保户, 低保家庭, 脱贫人口]"))
    project = read_project(root)
    assert project.problems == []
    (p,) = project.policies
    assert p.targets == ["农村低保户", "低保家庭", "脱贫人口"]  # as written, for the page and print
    assert p.target_groups == ("低保对象", "脱贫户")


def test_vocabulary_from_huimin_yml(tmp_path):
    one_file(tmp_path, "targets:\n  - name: 群众\n    aliases: [脱贫户, 监测对象]\n", "huimin.yml")
    root = one_file(tmp_path, GOOD.replace("targets: [脱贫户, 监测对象]", "targets: [脱贫户, 低保对象]"))
    assert problems(root) == [
        ("policy_lists/a.yaml:7:20: targets（政策对象）: 未知的政策对象“低保对象”；"
        "可用的政策对象见 huimin.yml 的 targets（没有设置时见 README 中的默认政策对象）")
    ]


def test_vocabulary_word_in_two_groups(tmp_path):
    one_file(tmp_path, "targets:\n  - name: 低保对象\n  - name: 困难群众\n    aliases: [特困人员, 低保对象]\n",
             "huimin.yml")
    root = one_file(tmp_path, GOOD)
    assert problems(root) == [
        ("huimin.yml:2:3: targets（政策对象）: “低保对象”出现了两次（在“低保对象”组和“困难群众”组中）："
        "每个名称或别名只能属于一组")
    ]


def test_sample_policy_lists_use_the_default_vocabulary():
    from huimin.model.settings import Settings
    from tests.conftest import REPO

    project = read_project(REPO)
    assert [str(p) for p in project.problems if "targets" in p.field] == []
    used = {g for p in project.policies for g in p.target_groups}
    assert used <= set(Settings().target_order()) and len(Settings().targets) <= 15


# ------------------------------------------------------------------ 成员情况 vocabulary (huimin.yml member_tags)

TAGS_WHERE = "可用的成员情况见 huimin.yml 的 member_tags（没有设置时见 README 中的默认成员情况）"


def test_unknown_member_tag_is_a_check_error(tmp_path):
    root = one_file(tmp_path, GOOD + "    eligibility:\n      member_tags: [劳动力, 劳动立, 宇航员]\n")
    assert problems(root) == [
        f"policy_lists/a.yaml:13:26: eligibility.member_tags（成员情况）: 未知的成员情况“劳动立”，最接近的是：劳动力、无劳动能力；{TAGS_WHERE}",
        f"policy_lists/a.yaml:13:31: eligibility.member_tags（成员情况）: 未知的成员情况“宇航员”；{TAGS_WHERE}",
    ]


def test_member_tags_from_huimin_yml(tmp_path):
    one_file(tmp_path, "member_tags: [宇航员]\nroster_tags: {}\n", "huimin.yml")
    root = one_file(tmp_path, GOOD + "    eligibility:\n      member_tags: [宇航员]\n")
    assert problems(root) == []
    one_file(tmp_path, "member_tags: [宇航员]\n", "huimin.yml")  # the default mapping gives other tags
    assert problems(root)[0] == (
        "huimin.yml:1:1: roster_tags（成员情况对应表）: 在校生状况 的“学前教育”对应的成员情况“学前儿童”"
        "不在 member_tags（成员情况词表）中：请改为词表中的词，或在 member_tags 中增加（没有写 roster_tags 时用的是默认对应表，见 README）")


def test_monitor_risk_values(tmp_path):
    root = one_file(tmp_path, GOOD + "    eligibility:\n      monitor_risk: 已解除\n")
    assert problems(root) == [
        "policy_lists/a.yaml:13:21: eligibility.monitor_risk（监测对象风险）: 应为 未消除、已消除、不限 之一，实际为“已解除”"]
