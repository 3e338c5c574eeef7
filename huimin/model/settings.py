"""The bureau's settings (``huimin.yml``): every default comes from the seed policy."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, RootModel, field_validator
from pydantic_core import PydanticCustomError

from huimin.model.fields import IsoDate, StrictBool, StrictInt, StrictModel, Text
from huimin.model.member_tags import DEFAULT_MEMBER_TAGS, DEFAULT_ROSTER_TAGS

# Print fonts: licensed 公文 fonts first, free Noto/AR PL fonts (Debian) as fallback.
DEFAULT_FONTS: dict[str, list[str]] = {
    # 正文：仿宋 as in 公文, else 宋体 (Noto Serif CJK SC)
    "body": ["FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "Noto Serif CJK SC"],
    # 标题：黑体 (Noto Sans CJK SC)
    "heading": ["SimHei", "黑体", "Noto Sans CJK SC"],
    # 楷体：小标题和强调
    # (Typst calls fonts-arphic-ukai's simplified face "AR PL UKai", fontconfig "AR PL UKai CN")
    "kai": ["KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "AR PL UKai", "Noto Serif CJK SC"],
}

REPORTING_UNITS = [
    "袁州区", "樟树市", "丰城市", "高安市", "奉新县", "万载县", "上高县", "宜丰县", "靖安县", "铜鼓县",
]
OTHER_UNITS = ["宜春经济技术开发区", "宜阳新区", "明月山温泉风景名胜区"]


# The default vocabulary of policy targets (政策对象), in the order citizens look for them:
# the two household types of the seed policy first, then the groups the sample policy
# lists name most, then businesses and the offices a policy can be addressed to.
DEFAULT_TARGETS: list[tuple[str, list[str]]] = [
    ("脱贫户", ["脱贫人口", "脱贫家庭"]),
    ("监测对象", ["防返贫监测对象", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户", "风险已消除的监测对象",
              "返贫致贫人口", "因病因灾因意外出现困难的农户", "因病因灾因意外陷入困境的家庭", "受灾困难家庭"]),
    ("低保对象", ["农村低保对象", "低保户", "低保家庭", "农村低保户", "农村低保家庭"]),
    ("农村低收入人口", ["低收入人口", "低收入家庭", "农村低收入家庭", "低保边缘家庭", "低保边缘家庭成员"]),
    ("特困人员", ["特困供养人员", "特困供养家庭", "特困供养户", "农村特困人员", "农村分散供养特困人员"]),
    ("残疾人", ["持证残疾人", "重度残疾人", "有劳动能力的残疾人", "低保家庭残疾人", "残疾儿童",
             "0至6岁残疾儿童", "孤独症儿童", "适龄重度残疾儿童少年"]),
    ("大病慢病患者", ["大病患者", "重病患者", "因病致贫重病患者", "慢性病患者", "严重精神障碍患者"]),
    ("学生", ["在校学生", "残疾学生", "大学生", "家庭经济困难大学生", "农村户籍学生", "涉农专业学生",
            "义务教育学生", "普通高中学生", "高中学生", "中职学生", "中高职学生", "普通高校新生"]),
    ("儿童", ["学前儿童", "留守儿童", "农村留守儿童", "困境儿童", "事实无人抚养儿童", "孤儿"]),
    ("老年人", ["老人", "65岁以上老年人", "80周岁以上老年人", "农村留守老年人"]),
    ("农村劳动力", ["劳动力", "务工人员", "脱贫劳动力", "监测对象劳动力", "搬迁劳动力", "农民工",
               "外出务工人员", "返乡创业农民工", "返乡创业人员", "高校毕业生", "零就业家庭"]),
    ("易地搬迁群众", ["易地扶贫搬迁户", "搬迁户", "搬迁群众"]),
    ("种养殖户和经营主体", ["种养殖户", "经营主体", "企业", "各类企业", "农业企业", "龙头企业", "农民专业合作社", "合作社",
                   "家庭农场", "新型农业经营主体", "帮扶车间", "就业帮扶基地", "村集体经济组织"]),
    ("农村居民", ["农民", "农户", "农村群众", "农村一般户", "城乡居民", "参保城乡居民"]),
    ("有关部门和单位", ["县市区人民政府", "集中安置点所在乡镇", "县市区财政部门", "县乡村振兴部门",
                 "乡镇乡村振兴工作站", "村级网格员", "合作银行", "县级农村供水管理单位", "农村供水工程管理单位", "村级供水管护组织"]),
]


class TargetGroup(StrictModel):
    """One group of the 政策对象 vocabulary: the name shown on the site and other ways to write it."""

    name: Text = Field(title="名称", description="网站“按政策对象”中显示的名称，如 低保对象")
    aliases: list[Text] = Field(
        default_factory=list, title="别名",
        description="政策清单中也可以这样写，网站归入本组，如 农村低保户、低保家庭",
    )


def _default_targets() -> list[TargetGroup]:
    return [TargetGroup(name=name, aliases=aliases) for name, aliases in DEFAULT_TARGETS]


_SEARCHABLE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]")


def _searchable(word: str) -> str:
    if not _SEARCHABLE.search(word):
        raise PydanticCustomError(
            "huimin_search_word", "“{word}”中没有汉字、字母或数字，搜索用不上：请写一个词，如 医疗", {"word": word},
        )
    return word


SearchWord = Annotated[Text, AfterValidator(_searchable)]
"""A word of the search synonym list: text with at least one character the search matches."""


class SearchSynonyms(RootModel[dict[SearchWord, list[SearchWord]]]):
    """群众的说法 → 政策用语 (huimin/data/search_synonyms.yml and huimin.yml's search_synonyms)."""


class PrintFonts(StrictModel):
    """Font families for print, tried in order; the free Noto/AR PL fonts are the fallback."""

    body: list[Text] = Field(default_factory=lambda: list(DEFAULT_FONTS["body"]), min_length=1, title="正文字体",
                             description="读本正文字体，依次查找，如 仿宋_GB2312")
    heading: list[Text] = Field(default_factory=lambda: list(DEFAULT_FONTS["heading"]), min_length=1, title="标题字体",
                                description="标题字体，如 黑体、方正小标宋简体")
    kai: list[Text] = Field(default_factory=lambda: list(DEFAULT_FONTS["kai"]), min_length=1, title="楷体字体",
                            description="小标题和强调用字体，如 楷体_GB2312")


class InputLimits(StrictModel):
    """How big an input may be: anything bigger is refused by check (see README)."""

    policy_list_kb: StrictInt = Field(default=5120, ge=1, le=102_400, title="政策清单大小上限（KB）",
                                      description="一个政策清单文件最大多少 KB（默认 5120，即 5 MB）")
    front_matter_kb: StrictInt = Field(default=256, ge=1, le=10_240, title="信息块大小上限（KB）",
                                       description="报送信息和“宜春经验”开头信息块最大多少 KB（默认 256）")
    roster_mb: StrictInt = Field(default=100, ge=1, le=2048, title="户名单大小上限（MB）",
                                 description="户名单（CSV 或 XLSX）文件最大多少 MB（默认 100）")
    roster_rows: StrictInt = Field(default=200_000, ge=1, le=1_000_000, title="户名单行数上限",
                                   description="一个户名单最多多少户（行）（默认 200000）")


class PublicByKind(StrictModel):
    """Whether each kind of submission is published on the site when its file does not say (``public``)."""

    经验成效类: StrictBool = Field(default=True, title="经验成效类是否公开", description="经验成效类默认公开（true）")
    问题调研类: StrictBool = Field(default=False, title="问题调研类是否公开",
                              description="问题调研类默认不公开（false）：只收入内部简报，不上网站")

    def of(self, kind: str) -> bool:
        return bool(getattr(self, kind))


class Settings(StrictModel):
    """The bureau's settings."""

    city: Text = Field(default="宜春市", title="城市", description="城市名称")
    bureau: Text = Field(default="宜春市乡村振兴局", title="主办单位", description="网站主办单位")
    site_title: Text = Field(default="宜春市惠民政策清单", title="网站名称", description="网站名称")
    units: list[Text] = Field(
        default=REPORTING_UNITS, min_length=1, title="报送单位",
        description="县市区：每月须报送不少于 monthly_quota 篇",
    )
    other_units: list[Text] = Field(
        default=OTHER_UNITS, title="其他报送单位", description="可以报送但不设任务数的单位（“三区”）",
    )
    monthly_quota: StrictInt = Field(default=2, ge=0, title="每月报送任务数", description="每个县市区每月至少报送的有效篇数")
    hotline: Text = Field(default="12317", title="监督举报电话", description="印在明白卡上的监督举报电话")
    site_url: Text | None = Field(default=None, title="网站地址", description="公开网站地址（明白卡二维码指向这里）")
    policy_dir: Text = Field(default="policy_lists", title="政策清单目录", description="政策清单 YAML 所在目录")
    print_fonts: PrintFonts = Field(
        default_factory=PrintFonts, title="印刷字体",
        description="读本和明白卡的字体；授权字体文件可放在项目的 fonts/ 文件夹",
    )
    targets: list[TargetGroup] = Field(
        default_factory=_default_targets, min_length=1, title="政策对象",
        description="政策清单的 targets 只能用这里的名称或别名；网站“按政策对象”按这个顺序列出各组",
    )
    search_synonyms: dict[SearchWord, list[SearchWord]] = Field(
        default_factory=dict, title="搜索同义词",
        description="群众的说法 → 政策用语，如 看病: [医疗, 医保]：搜索左边的词时也找含右边任一个词的页面；"
                    "加在系统自带的同义词表上，同一个词以这里为准，写成 [] 则不再扩展",
    )
    public_by_kind: PublicByKind = Field(
        default_factory=PublicByKind, title="报送默认是否公开",
        description="没有写 public 的报送是否上网站，按类别：默认 经验成效类 true、问题调研类 false",
    )
    expiry_warning_days: StrictInt = Field(
        default=30, ge=0, le=366, title="失效提醒天数",
        description="huimin check 提醒在统计日期之后多少天内失效的政策（默认 30，0 表示只提醒当天失效的）",
    )
    limits: InputLimits = Field(
        default_factory=InputLimits, title="输入大小上限", description="政策清单、信息块和户名单的大小上限，一般不用改",
    )
    member_tags: list[Text] = Field(
        default_factory=lambda: list(DEFAULT_MEMBER_TAGS), min_length=1, title="成员情况",
        description="成员情况词表：政策清单的 eligibility.member_tags、户名单的成员情况和 roster_tags 对应出的成员情况"
                    "都只能用这里的词",
    )
    roster_tags: dict[Text, dict[Text, list[Text]]] = Field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_ROSTER_TAGS.items()}, title="成员情况对应表",
        description="全国防返贫监测信息系统导出名单的列 → 列中的值 → 成员情况，如 健康状况: {长期慢性病: [慢性病患者]}；"
                    "写了就完全取代默认对应表",
        validate_default=True,
    )
    as_of: IsoDate | None = Field(
        default=None, title="统计日期",
        description="判断政策是否有效所用的日期；默认为构建当天，命令行 --as-of 优先",
    )

    @field_validator("targets")
    @classmethod
    def _each_term_once(cls, groups: list[TargetGroup]) -> list[TargetGroup]:
        seen: dict[str, str] = {}
        for group in groups:
            for term in (group.name, *group.aliases):
                if term in seen:
                    raise PydanticCustomError(
                        "huimin_target_twice",
                        "“{term}”出现了两次（在“{first}”组和“{second}”组中）：每个名称或别名只能属于一组",
                        {"term": term, "first": seen[term], "second": group.name},
                    )
                seen[term] = group.name
        return groups

    @field_validator("roster_tags")
    @classmethod
    def _tags_in_vocabulary(cls, table: dict[str, dict[str, list[str]]], info) -> dict[str, dict[str, list[str]]]:
        vocabulary = info.data.get("member_tags")
        if vocabulary is None:
            return table  # member_tags itself is wrong: said there
        known = set(vocabulary)
        for column, values in table.items():
            for value, tags in values.items():
                for tag in tags:
                    if tag not in known:
                        raise PydanticCustomError(
                            "huimin_roster_tag",
                            "{column} 的“{value}”对应的成员情况“{tag}”不在 member_tags（成员情况词表）中：请改为词表中的词，"
                            "或在 member_tags 中增加（没有写 roster_tags 时用的是默认对应表，见 README）",
                            {"column": column, "value": value, "tag": tag},
                        )
        return table

    def target_group_of(self) -> dict[str, str]:
        """Every name and alias of the 政策对象 vocabulary → its group name."""
        return {term: g.name for g in self.targets for term in (g.name, *g.aliases)}

    def target_order(self) -> tuple[str, ...]:
        """The group names in vocabulary order (how 按政策对象 lists them)."""
        return tuple(g.name for g in self.targets)
