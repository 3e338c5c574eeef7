"""The libyaml fast path reads exactly what ruamel (YAML 1.2) reads, or steps aside."""

from __future__ import annotations

import json

import pytest

from huimin.read.project import read_project
from huimin.read.yamlio import load_yaml_fast, load_yaml_text


def plain(x):
    return json.loads(json.dumps(x, ensure_ascii=False, default=str))


@pytest.mark.parametrize("text", [
    "a: yes", "a: on", "a: 010", "a: 10:30", "a: 2023-13-01", "a: 2023-05-18", "a: 2023-05",
    "a: 1e3", "a: .5", "a: ~", "a:", "a: 0o17", "a: 0x1F", "a: 12317", "a: 0795-3999",
    "a: [1, 2]", "a: {b: c}", "a: true", "a: False", "a: |\n  x\n  y\n", "a: “引号”",
])
def test_same_data_as_ruamel(text):
    ok, fast = load_yaml_fast(text)
    slow, problem = load_yaml_text(text, "x")
    assert ok and problem is None
    assert plain(fast) == plain(slow)


@pytest.mark.parametrize("text", ["a: 1\na: 2", "a: [1", "a: b: c", "\ta: 1"])
def test_problems_fall_back_to_ruamel(text):
    assert load_yaml_fast(text) == (False, None)
    assert load_yaml_text(text, "x")[1] is not None


def test_duplicate_key_in_front_matter_is_located(tmp_path):
    path = tmp_path / "content/submissions/2023-05/a.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: 甲\ntitle: 乙\n---\n正文\n", encoding="utf-8")
    (problem,) = read_project(tmp_path).problems
    assert str(problem).startswith("content/submissions/2023-05/a.md:3:1: YAML: YAML 语法错误：同一层出现了重复的字段")
