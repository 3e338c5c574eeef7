"""``huimin new`` writes skeletons that are valid once their placeholder text is replaced
(untouched, check refuses them: tests/read/test_mistakes.py)."""

from __future__ import annotations

from datetime import date

import pytest

from huimin.model.errors import HuiminError
from huimin.model.settings import Settings
from huimin.read.mistakes import BODY_PLACEHOLDER, SUMMARY_PLACEHOLDER, TITLE_PLACEHOLDER
from huimin.read.project import read_project
from huimin.skeleton import new_experience, new_submission


def test_new_submission_is_valid_and_named_in_pinyin(tmp_path):
    path = new_submission(tmp_path, Settings(), "袁州区", "问题调研类", "2023-05", date(2023, 5, 18))
    assert path.relative_to(tmp_path).as_posix() == "content/submissions/2023-05/yuan-zhou-qu-wen-ti-0518.md"
    again = new_submission(tmp_path, Settings(), "袁州区", "问题调研类", "2023-05", date(2023, 5, 18))
    assert again.name == "yuan-zhou-qu-wen-ti-0518-2.md"
    for n, p in enumerate((path, again)):
        fill_in(p, n)
    project = read_project(tmp_path, date(2023, 6, 1))
    assert project.problems == []
    assert [s.meta.kind for s in project.submissions] == ["问题调研类", "问题调研类"]


def test_new_experience_is_valid(tmp_path):
    path = new_experience(tmp_path, Settings(), "铜鼓县", date(2023, 6, 30))
    assert path.relative_to(tmp_path).as_posix() == "content/experience/tong-gu-xian-2023-06-30.md"
    fill_in(path)
    assert read_project(tmp_path, date(2023, 7, 1)).problems == []


def fill_in(path, n=0):
    """What an editor does: a title, a summary, a body."""
    text = path.read_text(encoding="utf-8")
    text = text.replace(TITLE_PLACEHOLDER, f"第{n}篇").replace(SUMMARY_PLACEHOLDER, "摘要")
    path.write_text(text.replace(BODY_PLACEHOLDER, "正文") + f"成效{n}。\n", encoding="utf-8")


def test_new_rejects_unknown_unit_and_kind(tmp_path):
    with pytest.raises(HuiminError) as err:
        new_submission(tmp_path, Settings(), "袁州", "经验成效类", None)
    assert str(err.value).startswith("--unit: 未知单位“袁州”，应为：袁州区、")
    with pytest.raises(HuiminError) as err:
        new_submission(tmp_path, Settings(), "袁州区", "经验类", None)
    assert str(err.value) == "--kind: 应为 经验成效类、问题调研类 之一，实际为“经验类”"
