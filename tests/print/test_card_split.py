"""Which policies a card prints in full (一、按您家情况) and which in the compact block
(二、每户都能享受): the same split as the 政策自查 page's, and its QR code's preset."""

from __future__ import annotations

from datetime import date

from huimin.model.household import Household
from huimin.print.cards import CardContext
from huimin.read.project import load_project
from huimin.site.self_check import is_specific
from tests.print.test_cards import write_project

RISK = """\
category: 兜底保障
department: 市乡村振兴局
policies:
  - id: p-cleared
    title: 消除风险后巩固庚
    summary: 风险已消除的监测对象。
    targets: [监测对象]
    standard: 每户一次性500元
    eligibility:
      monitor_risk: 已消除
"""


def household(kind: str, monitor: str | None = None, tags=(), cleared: bool = False) -> Household:
    return Household("9", "袁州区", "彬江镇", "东村", "张", kind, monitor, 3, tuple(tags), risk_cleared=cleared)


def test_split_by_member_tags_monitor_type_and_risk_state(tmp_path):
    root = write_project(tmp_path / "p")
    (root / "policy_lists/risk.yaml").write_text(RISK, encoding="utf-8")
    project = load_project(root, date(2024, 6, 1))
    ctx = CardContext(project.settings, project.policies, date(2024, 6, 1))

    def titles(h):
        specific, common = ctx.split(h)
        return ([ctx.card_policies[i].title for i in specific], [ctx.card_policies[i].title for i in common])

    assert titles(household("脱贫户", tags=["义务教育学生"])) == (["教育资助丁"], ["全体补助甲", "脱贫专享乙"])
    assert titles(household("监测对象", "突发严重困难户")) == (["全体补助甲", "突发救助丙"], [])
    assert titles(household("监测对象", "边缘易致贫户", cleared=True)) == (["消除风险后巩固庚"], [])
    for h in (household("脱贫户", tags=["义务教育学生"]), household("监测对象", "突发严重困难户", cleared=True)):
        specific, _ = ctx.split(h)
        for i, p in enumerate(ctx.card_policies):
            if p in ctx.policies_for(h):
                assert (i in specific) == is_specific(ctx.rules[p.id], h.household_type), p.id  # as the page splits
    # the QR code: one per household type, preset to it (risk state included), shared by the cards of that type
    assert ctx.qr_of(household("脱贫户")) == ctx.qr_of(household("脱贫户", tags=["义务教育学生"])) == 0
    assert ctx.qr_of(household("监测对象", "边缘易致贫户", cleared=True)) == 1
    assert ctx.qr_of(household("监测对象", "边缘易致贫户")) == 2
    assert len(ctx.shared["qrs"]) == 3
