"""Commands that print only policies (cards, handbook) are not stopped by a submission's mistake."""

from __future__ import annotations

from datetime import date

import pytest

from huimin.model.errors import HuiminError
from huimin.read.project import load_project, read_project
from tests.helpers import FILES
from tests.test_cli import run

LATE = """\
---
title: 袁州区产业帮扶经验
unit: 袁州区
month: 2024-07
kind: 经验成效类
date: 2024-07-18
summary: 袁州区产业帮扶的做法和成效。
---
袁州区发展特色产业，带动脱贫户增收。
"""
AS_OF = "2024-06-01"  # before the submission's date: a check error
LATE_LINE = "content/submissions/2024-07/a.md:6:7: date（收稿日期）: 收稿日期 2024-07-18 晚于统计日期 2024-06-01"
ROSTER = "户编号,县市区,乡镇,村,户主,户类型,监测类型,家庭人口,成员情况\n1001,袁州区,西村镇,新村,张三,脱贫户,,3,\n"


@pytest.fixture
def late_site(make_site):
    return make_site({**FILES, "content/submissions/2024-07/a.md": LATE})


def test_the_whole_project_refuses_the_late_submission(late_site):
    with pytest.raises(HuiminError) as caught:
        load_project(late_site, date.fromisoformat(AS_OF))
    assert any(str(p).startswith(LATE_LINE) for p in caught.value.problems)


def test_policies_only_reads_settings_and_policies(late_site):
    project = read_project(late_site, date.fromisoformat(AS_OF), policies_only=True)
    assert project.problems == []
    assert project.policies and project.submissions == [] and project.experiences == []


def test_cards_and_handbook_are_not_stopped_by_a_submission(late_site):
    (late_site / "roster.csv").write_text(ROSTER, encoding="utf-8")
    cards = run(late_site, "cards", "roster.csv", "--out", "out", "--as-of", AS_OF)
    assert cards.returncode == 0, cards.stderr
    assert (late_site / "out/manifest.csv").is_file()
    handbook = run(late_site, "handbook", "--out", "handbook.pdf", "--as-of", AS_OF)
    assert handbook.returncode == 0, handbook.stderr
    assert (late_site / "handbook.pdf").stat().st_size > 0
    check = run(late_site, "check", "--as-of", AS_OF)
    assert check.returncode == 1
    assert LATE_LINE in check.stdout + check.stderr
