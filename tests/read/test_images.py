"""Images in submissions and write-ups: `huimin check` finds every problem at file:line:column."""

from __future__ import annotations

from huimin.read.images import image_refs
from huimin.read.project import read_project
from tests.conftest import write_tree
from tests.images import graphic_bytes, photo_bytes

HEAD = """\
---
title: 袁州区帮扶车间
unit: 袁州区
month: 2023-05
kind: 经验成效类
date: 2023-05-18
summary: 摘要
---
"""
SUB = "content/submissions/2023-05/a.md"


def problems(tmp_path, body: str, files: dict | None = None) -> list[str]:
    write_tree(tmp_path, {SUB: HEAD + body, **(files or {})})
    return [str(p) for p in read_project(tmp_path).problems]


def test_an_image_beside_the_file_passes(tmp_path):
    body = "正文\n\n![帮扶车间里工人在组装](chejian.jpg)\n\n![订单流程图](liucheng.png \"流程\")\n"
    assert problems(tmp_path, body, {"content/submissions/2023-05/chejian.jpg": photo_bytes(400, 300),
                                     "content/submissions/2023-05/liucheng.png": graphic_bytes()}) == []
    (s,) = read_project(tmp_path).submissions
    assert [(i.src, i.alt, i.line, i.column) for i in s.images] == [
        ("chejian.jpg", "帮扶车间里工人在组装", 11, 1), ("liucheng.png", "订单流程图", 13, 1)]


def test_missing_file_and_missing_alt_are_located(tmp_path):
    body = "正文\n\n前文 ![](chejian.jpg)\n\n![车间](chejain.jpg)\n\n![  ](chejian.jpg)\n"
    assert problems(tmp_path, body, {"content/submissions/2023-05/chejian.jpg": photo_bytes(400, 300)}) == [
        f"{SUB}:11:4: 图片: 图片“chejian.jpg”缺少说明文字：请写成 ![说明图片内容的文字](chejian.jpg)"
        "（看不见图片的读者由读屏软件读出它，图片没有加载出来时也显示它）",
        f"{SUB}:13:7: 图片: 找不到图片文件“chejain.jpg”：应放在本文件所在的文件夹 content/submissions/2023-05/ 中"
        "（文件名的大小写也要一致）",
        f"{SUB}:15:1: 图片: 图片“chejian.jpg”缺少说明文字：请写成 ![说明图片内容的文字](chejian.jpg)"
        "（看不见图片的读者由读屏软件读出它，图片没有加载出来时也显示它）",
    ]


def test_case_of_the_file_name_must_match(tmp_path):
    found = problems(tmp_path, "![车间](CheJian.JPG)\n", {"content/submissions/2023-05/chejian.jpg": photo_bytes(40, 30)})
    assert found == [f"{SUB}:9:7: 图片: 找不到图片文件“CheJian.JPG”：应放在本文件所在的文件夹 content/submissions/2023-05/ 中"
                     "（文件名的大小写也要一致）"]


def test_paths_and_urls_are_refused(tmp_path):
    body = "![a](../2023-04/x.jpg)\n![b](/etc/x.jpg)\n![c](https://example.com/x.jpg)\n![d](img/x.jpg)\n" \
           "![e](C:\\x.jpg)\n![f](data:image/png;base64,AAAA)\n![g](.hidden.jpg)\n"
    found = problems(tmp_path, body)
    tail = "只能写文件名：请把图片放在本文件所在的文件夹 content/submissions/2023-05/ 中，写成 ![说明](照片.jpg)" \
           "（不能写网址、“../”、“/”开头的路径或子文件夹）"
    srcs = ["../2023-04/x.jpg", "/etc/x.jpg", "https://example.com/x.jpg", "img/x.jpg", "C:\\x.jpg",
            "data:image/png;base64,AAAA", ".hidden.jpg"]
    assert found == [f"{SUB}:{9 + i}:6: 图片: 图片“{src}”{tail}" for i, src in enumerate(srcs)]


def test_raw_img_tags_svg_and_broken_files(tmp_path):
    body = '<img src="a.jpg" alt="x">\n\n![图](tu.svg)\n\n![图](broken.jpg)\n'
    found = problems(tmp_path, body, {"content/submissions/2023-05/tu.svg": "<svg/>",
                                      "content/submissions/2023-05/broken.jpg": b"not a jpeg"})
    assert found == [
        f"{SUB}:9:1: 图片: 不能用 HTML 的 <img> 插入图片：请写成 ![说明图片内容的文字](照片.jpg)，图片放在本文件所在的文件夹中",
        f"{SUB}:11:6: 图片: 图片“tu.svg”的类型不支持：应为 .jpg、.jpeg、.png、.gif、.webp 文件",
        f"{SUB}:13:6: 图片: 图片“broken.jpg”无法打开：不是有效的图片文件或已损坏（请重新导出为 JPG 或 PNG）",
    ]


def test_reference_style_images_are_located_not_dropped(tmp_path):
    """The site, the brief and the WeChat article print only ![说明](照片.jpg): an image written
    by reference would silently vanish, so check names it."""
    body = "车间![车间全景][quan-jing]\n\n![订单][]\n\n![liucheng]\n\n![不是图片] 只是方括号\n\n" \
           "```\n![代码][quan-jing]\n```\n\n[quan-jing]: chejian.jpg\n[订单]: a.jpg\n[LiuCheng]: b.png\n"
    tail = "：网站、简报和公众号文章只认 ![说明](照片.jpg) 这种写法（图片放在本文件所在的文件夹中），请改写"
    assert problems(tmp_path, body) == [
        f"{SUB}:9:3: 图片: 图片“车间全景”用的是引用式写法 ![车间全景][quan-jing]{tail}",
        f"{SUB}:11:1: 图片: 图片“订单”用的是引用式写法 ![订单][]{tail}",
        f"{SUB}:13:1: 图片: 图片“liucheng”用的是引用式写法 ![liucheng]{tail}",
    ]


def test_too_many_pixels_is_refused_without_decoding(tmp_path):
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (10000, 7000)).save(out, "PNG")  # 70 million pixels in a few KB
    found = problems(tmp_path, "![图](big.png)\n", {"content/submissions/2023-05/big.png": out.getvalue()})
    assert found == [f"{SUB}:9:6: 图片: 图片“big.png”像素过多：10000×7000，不能超过 6000 万像素（请缩小后再放入）"]


def test_experience_images_are_checked_too(tmp_path):
    write_tree(tmp_path, {"content/experience/x.md": "---\ntitle: 铜鼓县\nunit: 铜鼓县\ndate: 2023-06-30\nsummary: 摘要\n---\n"
                                                    "正文\n![](a.png)\n"})
    assert [str(p) for p in read_project(tmp_path).problems] == [
        "content/experience/x.md:8:5: 图片: 找不到图片文件“a.png”：应放在本文件所在的文件夹 content/experience/ 中（文件名的大小写也要一致）"]


def test_images_in_code_are_not_images():
    body = "```\n![](x.jpg)\n```\n\n![说明](y.jpg)\n"
    assert image_refs(body) == [("说明", "y.jpg", body.index("!["  , 20), body.index("y.jpg"))]


def test_sound_images_are_decoded_once(tmp_path):
    import os

    from huimin.read.image_checks import CHECKED_FILE, _known

    files = {"mkdocs.yml": "site_name: x\n", "content/submissions/2023-05/a.jpg": photo_bytes(400, 300)}
    assert problems(tmp_path, "![车间](a.jpg)\n", files) == []
    assert len(__import__("json").loads((tmp_path / CHECKED_FILE).read_text(encoding="utf-8"))) == 1
    image = tmp_path / "content/submissions/2023-05/a.jpg"
    stat = image.stat()
    image.write_bytes(b"x" * stat.st_size)  # same size and time: taken as checked (the cache is trusted)
    os.utime(image, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    _known.clear()  # as a new process would
    assert problems(tmp_path, "![车间](a.jpg)\n") == []
    os.utime(image, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # changed: decoded again
    assert problems(tmp_path, "![车间](a.jpg)\n") == [
        f"{SUB}:9:7: 图片: 图片“a.jpg”无法打开：不是有效的图片文件或已损坏（请重新导出为 JPG 或 PNG）"]
