"""A small project whose month 2026-09 has what a 公众号 article must handle: links outside
(one twice), links inside the site, an anchor, a phone, pictures beside the file (one
twice), a table, a list, a quotation; and an item that is not public."""

from __future__ import annotations

import io

from PIL import Image

from tests.helpers import FILES

SITE_URL = "https://xczx.example.gov.cn/huimin/"


def png(colour: str, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, kind)
    return out.getvalue()


PUBLIC = """\
---
title: 袁州区“四定闭环”推动问题整改清零
unit: 袁州区
month: 2026-09
kind: 经验成效类
date: 2026-09-12
summary: 袁州区按“四定闭环”整改问题，<b>全部</b>清零。
author: 袁州区乡村振兴局
---
袁州区按[国家乡村振兴局](https://nrra.example.gov.cn/zc/)的要求，参照[省里的做法](https://jx.example.gov.cn/a?b=1&c=2)开展整改。

![整改前的台账](tai-zhang.png)

## 整改情况

| 问题 | 数量 |
| --- | --- |
| 资助未落实 | 11 |
| 送教上门不足 | 5 |

- 再看[国家乡村振兴局](https://nrra.example.gov.cn/zc/)的通知；
- 对照[学前教育幼儿资助](../../../policies/edu-preschool-aid/)政策；
- 见[本文第一节](#zheng-gai-qing-kuang)，咨询 [0795-3999999](tel:07953999999)。

> 群众说：“问题解决得快。”

![整改后](tai-zhang.png)

![现场照片](xian-chang.jpg)

<script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">点我</a>
"""

SECOND = """\
---
title: 铜鼓县“点长制”管好安置点
unit: 铜鼓县
month: 2026-09
kind: 经验成效类
date: 2026-09-20
summary: 铜鼓县推行“点长制”。
---
详见[政策自查](/zi-cha/)和[省里的做法](https://jx.example.gov.cn/a?b=1&c=2)，另见 [邮件](mailto:xczx@example.gov.cn)。

![安置点](dian.png)
"""

PRIVATE = """\
---
title: 丰城市资产闲置情况调研
unit: 丰城市
month: 2026-09
kind: 问题调研类
date: 2026-09-26
summary: 调研发现部分资产闲置。
---
不公开的调研[内部链接](https://internal.example.gov.cn/)。
"""

ONLY_PRIVATE = PRIVATE.replace("2026-09", "2026-10")


def wechat_files(site_url: str | None = SITE_URL) -> dict[str, str | bytes]:
    files = dict(FILES)
    if site_url:
        files["huimin.yml"] = f"site_url: {site_url}\n"
    files.update({
        "content/submissions/2026-09/yuan-zhou.md": PUBLIC,
        "content/submissions/2026-09/tai-zhang.png": png("red"),
        "content/submissions/2026-09/tong-gu.md": SECOND,
        "content/submissions/2026-09/dian.png": png("blue"),
        "content/submissions/2026-09/xian-chang.jpg": png("green", "JPEG"),
        "content/submissions/2026-09/feng-cheng.md": PRIVATE,
        "content/submissions/2026-10/feng-cheng.md": ONLY_PRIVATE,
    })
    return files
