"""The policy-list model: one schema is the documentation, the validator and the messages.

Field titles are the Chinese labels used in messages and on the site; descriptions are
the reference documentation of the input format (see README).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from huimin.model.fields import Identifier, IsoDate, OptText, StrictBool, StrictModel, Text, Title

HouseholdType = Literal["脱贫户", "监测对象"]
MonitorType = Literal["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"]
Validity = Literal["有效", "未生效", "已失效"]
MonitorRisk = Literal["未消除", "已消除", "不限"]

HOUSEHOLD_TYPES: tuple[str, ...] = ("脱贫户", "监测对象")
MONITOR_TYPES: tuple[str, ...] = ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户")
VALIDITIES: tuple[str, ...] = ("有效", "未生效", "已失效")
MONITOR_RISKS: tuple[str, ...] = ("未消除", "已消除", "不限")

USUAL_CATEGORIES: tuple[str, ...] = (
    "教育保障", "健康医疗", "住房安全", "饮水安全", "产业帮扶", "就业帮扶",
    "兜底保障", "金融帮扶", "防返贫监测", "搬迁后扶", "其他",
)

POLICY_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
SUMMARY_MAX = 100


class Eligibility(StrictModel):
    """Who gets a policy on a household card."""

    household_types: list[HouseholdType] = Field(
        default=list(HOUSEHOLD_TYPES), min_length=1, title="户类型",
        description="享受的户类型：脱贫户、监测对象（默认两类都享受）",
    )
    monitor_types: list[MonitorType] | None = Field(
        default=None, min_length=1, title="监测类型",
        description="只限这些监测类型的监测对象：脱贫不稳定户、边缘易致贫户、突发严重困难户",
    )
    member_tags: list[Text] | None = Field(
        default=None, min_length=1, title="成员情况",
        description="家庭成员至少一人有其中一项情况，如 学前儿童、义务教育学生、慢性病患者",
    )
    monitor_risk: MonitorRisk = Field(
        default="不限", title="监测对象风险",
        description="只限风险未消除（未消除）或风险已消除（已消除）的监测对象；默认不限。脱贫户不受此项限制",
    )


class Policy(StrictModel):
    """One policy of the 政策清单."""

    id: Identifier(POLICY_ID_PATTERN) = Field(
        title="编号", description="小写字母、数字和连字符（不超过 64 个），全部清单中唯一；也是网址 /policies/<id>/",
    )
    title: Title = Field(title="政策名称", description="政策名称，不超过 200 个字")
    category: Text = Field(title="主题分类", description="主题分类，如 教育保障（可由文件开头统一设置）")
    department: Text = Field(title="主管部门", description="发文机关或主管部门（可由文件开头统一设置）")
    summary: Annotated[Text, StringConstraints(max_length=SUMMARY_MAX)] = Field(
        title="内容概述", description=f"内容概述，不超过 {SUMMARY_MAX} 个字",
    )
    targets: list[Text] = Field(min_length=1, title="政策对象", description="政策对象，非空列表")
    standard: Text = Field(title="补助标准", description="补助标准")
    conditions: OptText | None = Field(default=None, title="享受条件", description="享受条件")
    procedure: OptText | None = Field(default=None, title="办理流程", description="办理流程（Markdown）")
    contact: OptText | None = Field(default=None, title="咨询电话", description="咨询电话")
    basis: OptText | None = Field(default=None, title="发文字号", description="政策依据或文号，如 赣教发〔2023〕5号")
    issued: IsoDate | None = Field(default=None, title="成文日期", description="成文日期 YYYY-MM-DD")
    effective_from: IsoDate | None = Field(default=None, title="生效日期", description="生效日期 YYYY-MM-DD")
    effective_until: IsoDate | None = Field(
        default=None, title="失效日期",
        description="失效日期 YYYY-MM-DD；此后为“已失效”：仍然公开并标注，但不进入读本和明白卡",
    )
    eligibility: Eligibility = Field(
        default_factory=Eligibility, title="享受范围", description="明白卡上哪些户享受该政策",
    )
    on_card: StrictBool = Field(default=True, title="印上明白卡", description="是否印在明白卡上（默认 true）")
    body: OptText | None = Field(default=None, title="政策详情", description="政策详情或解读（Markdown）")

    _source: tuple[str, int, int] = PrivateAttr(default=("", 0, 0))
    _locate: Callable[[], tuple[int, int] | None] | None = PrivateAttr(default=None)  # set by the reader
    _target_groups: tuple[str, ...] | None = PrivateAttr(default=None)  # set by the reader

    @property
    def target_groups(self) -> tuple[str, ...]:
        """The 政策对象 groups of the vocabulary (huimin.yml ``targets``) this policy is for.

        ``targets`` keeps the words of the policy list (shown on the policy's page and in
        print); the reader maps each to its group (an alias to its name), once each, in
        the order written. Without a reader (a policy built in code) the targets themselves.
        """
        if self._target_groups is None:
            return tuple(dict.fromkeys(self.targets))
        return self._target_groups

    @field_validator("effective_until")
    @classmethod
    def _until_after_from(cls, value: date | None, info: Any) -> date | None:
        start = info.data.get("effective_from")
        if value is not None and start is not None and value < start:
            raise PydanticCustomError(
                "huimin_date_order", "effective_until before effective_from",
                {"until": value.isoformat(), "start": start.isoformat()},
            )
        return value

    @property
    def source_path(self) -> str:
        """The policy list the policy comes from, as shown to the user (never reads a file)."""
        return self._source[0]

    @property
    def source(self) -> tuple[str, int, int]:
        """(path, line, column) of the policy's id in its policy list.

        A list read on the fast path has no positions: the first time they are asked
        for (a duplicate id to report), the reader's ``_locate`` reads the file again.
        """
        if self._source[1] == 0 and self._locate is not None:
            found = self._locate()
            if found is not None:
                self._source = (self._source[0], *found)
            self._locate = None
        return self._source

    def validity(self, as_of: date) -> Validity:
        """有效 / 未生效 / 已失效 on the given day."""
        if self.effective_from is not None and as_of < self.effective_from:
            return "未生效"
        if self.effective_until is not None and as_of > self.effective_until:
            return "已失效"
        return "有效"


class PolicyFile(StrictModel):
    """One policy-list file: optional defaults, then the policies."""

    category: Text | None = Field(default=None, title="主题分类", description="本文件各政策默认的主题分类")
    department: Text | None = Field(default=None, title="主管部门", description="本文件各政策默认的主管部门")
    policies: list[Any] = Field(title="政策列表", description="政策列表")
