"""``huimin new`` writes skeletons that pass validation as they are."""

from __future__ import annotations

from datetime import date

import pytest

from huimin.model.errors import HuiminError
from huimin.model.settings import Settings
from huimin.read.project import read_project
from huimin.skeleton import new_experience, new_submission


def test_new_submission_is_valid_and_named_in_pinyin(tmp_path):
    path = new_submission(tmp_path, Settings(), "袁州区", "问题调研类", "2023-05", date(2023, 5, 18))
    assert path.relative_to(tmp_path).as_posix() == "content/submissions/2023-05/yuan-zhou-qu-wen-ti-0518.md"
    again = new_submission(tmp_path, Settings(), "袁州区", "问题调研类", "2023-05", date(2023, 5, 18))
    assert again.name == "yuan-zhou-qu-wen-ti-0518-2.md"
    project = read_project(tmp_path)
    assert project.problems == []
    assert [s.meta.kind for s in project.submissions] == ["问题调研类", "问题调研类"]


def test_new_experience_is_valid(tmp_path):
    path = new_experience(tmp_path, Settings(), "铜鼓县", date(2023, 6, 30))
    assert path.relative_to(tmp_path).as_posix() == "content/experience/tong-gu-xian-2023-06-30.md"
    assert read_project(tmp_path).problems == []


def test_new_rejects_unknown_unit_and_kind(tmp_path):
    with pytest.raises(HuiminError) as err:
        new_submission(tmp_path, Settings(), "袁州", "经验成效类", None)
    assert str(err.value).startswith("--unit: 未知单位“袁州”，应为：袁州区、")
    with pytest.raises(HuiminError) as err:
        new_submission(tmp_path, Settings(), "袁州区", "经验类", None)
    assert str(err.value) == "--kind: 应为 经验成效类、问题调研类 之一，实际为“经验类”"
