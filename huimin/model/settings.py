"""The bureau's settings (``huimin.yml``): every default comes from the seed policy."""

from __future__ import annotations

from pydantic import Field

from huimin.model.fields import IsoDate, StrictModel, Text

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


class PrintFonts(StrictModel):
    """Font families for print, tried in order; the free Noto/AR PL fonts are the fallback."""

    body: list[Text] = Field(default_factory=lambda: list(DEFAULT_FONTS["body"]), min_length=1, title="正文字体",
                             description="读本正文字体，依次查找，如 仿宋_GB2312")
    heading: list[Text] = Field(default_factory=lambda: list(DEFAULT_FONTS["heading"]), min_length=1, title="标题字体",
                                description="标题字体，如 黑体、方正小标宋简体")
    kai: list[Text] = Field(default_factory=lambda: list(DEFAULT_FONTS["kai"]), min_length=1, title="楷体字体",
                            description="小标题和强调用字体，如 楷体_GB2312")


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
    monthly_quota: int = Field(default=2, ge=0, title="每月报送任务数", description="每个县市区每月至少报送的有效篇数")
    hotline: Text = Field(default="12317", title="监督举报电话", description="印在明白卡上的监督举报电话")
    site_url: Text | None = Field(default=None, title="网站地址", description="公开网站地址（明白卡二维码指向这里）")
    policy_dir: Text = Field(default="policy_lists", title="政策清单目录", description="政策清单 YAML 所在目录")
    print_fonts: PrintFonts = Field(
        default_factory=PrintFonts, title="印刷字体",
        description="读本和明白卡的字体；授权字体文件可放在项目的 fonts/ 文件夹",
    )
    as_of: IsoDate | None = Field(
        default=None, title="统计日期",
        description="判断政策是否有效所用的日期；默认为构建当天，命令行 --as-of 优先",
    )
