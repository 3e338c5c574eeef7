"""Images in a Markdown body: ``![说明](照片.jpg)`` beside the Markdown file, checked and located.

Used for county submissions and "宜春经验" write-ups (huimin.read.submissions); the site,
the brief PDF and other exports take the checked :class:`BodyImage` values.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from huimin.model.errors import Problem
from huimin.model.images import IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS, IMAGE_SUFFIXES, BodyImage, BodyLink
from huimin.read.image_checks import checked, remember

FIELD = "图片"
_TITLE = r"""(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?"""
# ![alt](src "title"): alt without brackets or line breaks; src bare or in <...>.
MD_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\(\s*(<[^<>\n]*>|[^\s()]*)" + _TITLE + r"\s*\)")
# [text](href "title"), not an image; text without brackets (an image inside a link is left out)
MD_LINK = re.compile(r"(?<!!)\[([^\[\]\n]*)\]\(\s*(<[^<>\n]*>|[^\s()]*)" + _TITLE + r"\s*\)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
RAW_IMG = re.compile(r"<img\b", re.I)
# ![alt][ref], ![alt][] and ![ref] with a definition "[ref]: photo.jpg" somewhere in the body
REF_IMAGE = re.compile(r"!\[([^\[\]\n]*)\](?:\[([^\[\]\n]*)\]|(?![(\[]))")
REF_DEFINITION = re.compile(r"^ {0,3}\[([^\[\]\n]+)\]:[ \t]*\S", re.M)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def image_refs(body: str) -> list[tuple[str, str, int, int]]:
    """``(alt, src, offset of "![", offset of src)`` of each Markdown image outside code fences."""
    found = []
    for m in MD_IMAGE.finditer(body):
        src = m.group(2)
        start = m.start(2)
        if src.startswith("<"):
            src, start = src[1:-1], start + 1
        found.append((m.group(1), src, m.start(), start))
    fenced = _fenced_ranges(body)
    return [f for f in found if not any(a <= f[2] < b for a, b in fenced)]


def body_links(body: str, first_line: int) -> tuple[BodyLink, ...]:
    """The links of ``body`` (from line ``first_line`` of its file) to places of the site:
    relative or site-absolute addresses, outside code fences; not web, mail or phone links."""
    fenced = _fenced_ranges(body)
    found = []
    for m in MD_LINK.finditer(body):
        href, start = m.group(2), m.start(2)
        if href.startswith("<"):
            href, start = href[1:-1], start + 1
        if (not href or href.startswith(("#", "//")) or _SCHEME.match(href)
                or any(a <= m.start() < b for a, b in fenced)):
            continue
        line, column = _position(body, start, first_line)
        found.append(BodyLink(m.group(1), href, line, column))
    return tuple(found)


def _fenced_ranges(body: str) -> list[tuple[int, int]]:
    ranges, at, opened = [], 0, None
    for line in body.splitlines(keepends=True):
        if _FENCE.match(line):
            if opened is None:
                opened = at
            else:
                ranges.append((opened, at + len(line)))
                opened = None
        at += len(line)
    if opened is not None:
        ranges.append((opened, len(body)))
    return ranges


def _position(body: str, offset: int, first_line: int) -> tuple[int, int]:
    line = body.count("\n", 0, offset)
    return first_line + line, offset - (body.rfind("\n", 0, offset) + 1) + 1


def path_like(src: str) -> bool:
    """A URL, an absolute path or anything with a folder in it: not a bare file name."""
    return (not src or "/" in src or "\\" in src or ":" in src or src.startswith(".")
            or src.startswith("~") or "%" in src)


def body_images(md_path: Path, shown: str, body: str, first_line: int) -> tuple[list[BodyImage], list[Problem]]:
    """The images of ``body`` (the Markdown file ``md_path``, shown as ``shown``, body from
    line ``first_line``) and every problem with them, each at its line and column."""
    images: list[BodyImage] = []
    problems: list[Problem] = []
    names: set[str] | None = None  # the folder's file names, exact case
    sound: list[Path] = []  # decoded now without a problem: remembered
    folder = md_path.parent
    shown_folder = shown.rsplit("/", 1)[0] + "/" if "/" in shown else "./"
    for alt, src, at, src_at in image_refs(body):
        line, column = _position(body, at, first_line)
        src_line, src_column = _position(body, src_at, first_line)

        def problem(message: str, where=(src_line, src_column)) -> None:
            problems.append(Problem(shown, where[0], where[1], FIELD, message))

        if path_like(src):
            problem(f"图片“{src}”只能写文件名：请把图片放在本文件所在的文件夹 {shown_folder} 中，"
                    f"写成 ![说明](照片.jpg)（不能写网址、“../”、“/”开头的路径或子文件夹）")
            continue
        if not src.lower().endswith(IMAGE_SUFFIXES):
            problem(f"图片“{src}”的类型不支持：应为 {'、'.join(IMAGE_SUFFIXES)} 文件")
            continue
        path = folder / src
        if names is None:
            names = _names(folder)
        if src not in names or not _is_file(path):
            problem(f"找不到图片文件“{src}”：应放在本文件所在的文件夹 {shown_folder} 中（文件名的大小写也要一致）")
            continue
        known = checked(path)
        reason = None if known else image_problem(path)
        if reason:
            problem(f"图片“{src}”{reason}")
            continue
        if not known:
            sound.append(path)
        if not alt.strip():
            problem(f"图片“{src}”缺少说明文字：请写成 ![说明图片内容的文字]({src})"
                    "（看不见图片的读者由读屏软件读出它，图片没有加载出来时也显示它）", (line, column))
            continue
        images.append(BodyImage(src, re.sub(r"\\(.)", r"\1", alt.strip()), path, line, column))
    fenced = _fenced_ranges(body)
    defined = {d.group(1).strip().lower() for d in REF_DEFINITION.finditer(body)} if "]:" in body else set()
    for m in REF_IMAGE.finditer(body):
        alt, ref = m.group(1), m.group(2)
        if ref is None and alt.strip().lower() not in defined or any(a <= m.start() < b for a, b in fenced):
            continue  # "![text]" with no definition: Markdown prints it as it is
        line, column = _position(body, m.start(), first_line)
        problems.append(Problem(shown, line, column, FIELD,
                                f"图片“{alt}”用的是引用式写法 {m.group(0)}：网站、简报和公众号文章只认 ![说明](照片.jpg) "
                                "这种写法（图片放在本文件所在的文件夹中），请改写"))
    for m in RAW_IMG.finditer(body):
        if any(a <= m.start() < b for a, b in fenced):
            continue
        line, column = _position(body, m.start(), first_line)
        problems.append(Problem(shown, line, column, FIELD,
                                "不能用 HTML 的 <img> 插入图片：请写成 ![说明图片内容的文字](照片.jpg)，图片放在本文件所在的文件夹中"))
    if sound:
        remember(sound)
    return images, problems


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the file system
        return False


def _names(folder: Path) -> set[str]:
    try:
        return {p.name for p in folder.iterdir()}
    except OSError:
        return set()


def image_problem(path: Path) -> str | None:
    """Why the image file ``path`` cannot be used (in words that follow its name), or None.
    Decodes it once (JPEG at a reduced scale): a damaged file is found here, not in the build."""
    from PIL import Image

    try:
        size = path.stat().st_size
    except OSError:
        return "无法读取"
    if size > IMAGE_MAX_BYTES:
        return (f"过大：{size / 1024 / 1024:.1f} MB，不能超过 {IMAGE_MAX_BYTES // 1024 // 1024} MB"
                "（请用手机或电脑把照片缩小后再放入）")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                fmt = im.format
                if im.width * im.height > IMAGE_MAX_PIXELS:
                    return (f"像素过多：{im.width}×{im.height}，不能超过 {IMAGE_MAX_PIXELS // 10000} 万像素"
                            "（请缩小后再放入）")
                if fmt == "JPEG":
                    im.draft("RGB", (im.width // 8 or 1, im.height // 8 or 1))
                im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"像素过多：不能超过 {IMAGE_MAX_PIXELS // 10000} 万像素（请缩小后再放入）"
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a damaged file
        return "无法打开：不是有效的图片文件或已损坏（请重新导出为 JPG 或 PNG）"
    if fmt not in ("JPEG", "PNG", "GIF", "WEBP", "MPO"):
        return f"的实际格式是 {fmt}，不是 JPG、PNG、GIF 或 WebP（请另存为 JPG 或 PNG）"
    return None
