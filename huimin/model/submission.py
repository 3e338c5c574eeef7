"""County submissions and "宜春经验" write-ups: their front matter and the points of measure (十七)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from huimin.model.fields import IsoDate, IsoMonth, OptText, StrictBool, StrictInt, StrictModel, Text, Title

KINDS: tuple[str, ...] = ("经验成效类", "问题调研类")
SUMMARY_MAX = 200

# Points per recognition, from measure (十七): exact decimals, never floats.
LEVEL_POINTS: dict[str, Decimal] = {
    "国家级": Decimal("2"),
    "省级": Decimal("1"),
    "市级": Decimal("0.5"),
    "中央主流媒体": Decimal("0.2"),
    "省主流媒体": Decimal("0.1"),
}
Level = Literal["国家级", "省级", "市级", "中央主流媒体", "省主流媒体"]


def _measure_number(value: int) -> int:
    if not 1 <= value <= 20:
        raise PydanticCustomError("huimin_measure", "bad measure", {"value": value})
    return value


class SubmissionMeta(StrictModel):
    """Front matter of one county submission."""

    title: Title = Field(title="标题", description="标题，不超过 200 个字")
    unit: Text = Field(title="报送单位", description="报送单位：设置中的县市区或“三区”之一")
    month: IsoMonth = Field(title="所属月份", description="所属月份 YYYY-MM，须与所在文件夹一致")
    kind: Literal["经验成效类", "问题调研类"] = Field(title="类别", description="经验成效类 或 问题调研类")
    date: IsoDate = Field(title="收稿日期", description="收稿日期 YYYY-MM-DD")
    summary: Annotated[Text, StringConstraints(max_length=SUMMARY_MAX)] = Field(
        title="简报摘要", description=f"简报摘要，不超过 {SUMMARY_MAX} 个字",
    )
    author: OptText | None = Field(default=None, title="作者", description="作者或供稿单位")
    valid: StrictBool = Field(default=True, title="有效", description="false 表示经审核不算有效信息，不计入任务数")
    public: StrictBool | None = Field(
        default=None, title="公开",
        description="是否上网站；不写时按 huimin.yml 的 public_by_kind（默认经验成效类公开、问题调研类不公开）",
    )


class Recognition(StrictModel):
    level: Level = Field(title="认可级别", description="国家级 2 分、省级 1 分、市级 0.5 分、中央主流媒体 0.2 分、省主流媒体 0.1 分")
    what: Text = Field(title="认可内容", description="交流发言、行文推广或媒体报道的内容")
    date: IsoDate = Field(title="日期", description="日期 YYYY-MM-DD")

    @property
    def points(self) -> Decimal:
        return LEVEL_POINTS[self.level]


class ExperienceMeta(StrictModel):
    """Front matter of one "宜春经验" write-up."""

    title: Title = Field(title="标题", description="标题，不超过 200 个字")
    unit: Text = Field(title="单位", description="县市区或“三区”之一")
    date: IsoDate = Field(title="日期", description="日期 YYYY-MM-DD")
    summary: Annotated[Text, StringConstraints(max_length=SUMMARY_MAX)] = Field(
        title="摘要", description=f"摘要，不超过 {SUMMARY_MAX} 个字",
    )
    measures: list[Annotated[StrictInt, AfterValidator(_measure_number)]] | None = Field(
        default=None, title="服务的措施", description="服务“二十条措施”中的第几条（1–20）",
    )
    recognitions: list[Recognition] = Field(default_factory=list, title="认可情况", description="每项按措施（十七）计分")

    @property
    def points(self) -> Decimal:
        return sum((r.points for r in self.recognitions), Decimal("0"))


@dataclass(frozen=True)
class Submission:
    meta: SubmissionMeta
    body: str
    src_uri: str  # docs-relative path, e.g. submissions/2023-05/yuan-zhou.md
    path: str  # as shown to the user
    images: tuple = ()  # huimin.model.images.BodyImage, checked
    public: bool = True  # on the site; False: counted and in the internal brief only (meta.public or the default)
    links: tuple = ()  # huimin.model.images.BodyLink: the body's links to places of the site


@dataclass(frozen=True)
class Experience:
    meta: ExperienceMeta
    body: str
    src_uri: str
    path: str
    images: tuple = ()  # huimin.model.images.BodyImage, checked
    links: tuple = ()  # huimin.model.images.BodyLink
