"""A Word file (.docx) read as a submission: title, summary, Markdown body and its images.

Refused before mammoth opens it, each with a Chinese message naming the file: not a .docx
(.doc, .wps, anything else), encrypted (a password-protected .docx is not a zip), damaged,
too big, a "zip bomb", no text; an image too big or unreadable names its number in the
document. Conversion: mammoth → HTML → :mod:`huimin.read.docx_markdown`.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from huimin.model.errors import HuiminError, Problem
from huimin.model.images import IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS, IMPORT_MAX_SIDE
from huimin.model.submission import SUMMARY_MAX
from huimin.read.docx_markdown import Block, clean_text, escape, to_blocks
from huimin.read.image_fit import FittedImage, ImageError, fit_image

DOCX_MAX_BYTES = 50 * 1024 * 1024
UNZIPPED_MAX_BYTES = 300 * 1024 * 1024
RATIO_MAX = 100  # a part over 1 MB may unzip to at most 100 times its compressed size
TITLE_MAX = 100  # a first paragraph longer than this is not a title
LEAD_MIN = 20  # a shorter paragraph under the title is a byline or a date, not the summary
# a caption as clerks write one under a photo: 图为……, 图1：……, 图 2 ……
CAPTION = re.compile(r"^(?:图为|图\s*[0-9０-９一二三四五六七八九十]+\s*[：:．.、　 ]?\s*|图[：:])\s*(\S.*)$")
CAPTION_MAX = 80
BYLINE_MAX = 40  # a byline: under the title, this long at most, no sentence, a date in it
BYLINE_DATE = re.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
SENTENCE_MARK = re.compile(r"[，。；！？,;!?]")
AUTO_ALT = re.compile(r"自动生成|automatically generated", re.I)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls and encrypted Office files
STYLE_MAP = "\n".join(
    ["p[style-name='Title'] => h1:fresh", "p[style-name='标题'] => h1:fresh"]
    + [f"p[style-name='标题 {n}'] => h{n}:fresh" for n in range(1, 7)]
)


@dataclass
class DocxImage:
    name: str
    fitted: FittedImage
    alt: str  # from Word's alt text (description), or a stand-in
    described: bool  # the alt text came from the document
    from_caption: bool = False  # it came from the caption under the picture ("图为……")


@dataclass
class DocxSubmission:
    source: str  # the .docx as shown
    title: str
    summary: str
    body: str  # Markdown
    images: list[DocxImage] = field(default_factory=list)
    title_from: str = "第一个标题"
    merged_cells: int = 0
    skipped_images: list[str] = field(default_factory=list)  # why each unusable image was left out
    byline: str = ""  # who wrote it, from the byline under the title ("袁州区乡村振兴局　　2026年11月18日")
    written: date | None = None  # the byline's date


def _refuse(shown: str, message: str) -> HuiminError:
    return HuiminError([Problem(shown, 0, 0, "", message)])


def check_docx_file(path: Path, shown: str) -> None:
    """Refuse what is not a readable, reasonable .docx (before any of it is unzipped)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise _refuse(shown, "找不到这个文件")
    if suffix in (".doc", ".wps", ".dot", ".rtf"):
        raise _refuse(shown, f"这是旧版或其他格式的文档（{suffix}），不能直接导入："
                             "请在 Word 或 WPS 中打开，“另存为” Word 文档（.docx）后再导入")
    if suffix != ".docx":
        raise _refuse(shown, "不是 Word 文档（.docx）：只能导入 .docx 文件")
    size = path.stat().st_size
    if size == 0:
        raise _refuse(shown, "文件是空的（0 字节）")
    if size > DOCX_MAX_BYTES:
        raise _refuse(shown, f"文件过大：{size / 1024 / 1024:.1f} MB，不能超过 {DOCX_MAX_BYTES // 1024 // 1024} MB"
                             "（多半是照片太大：请在 Word 中“压缩图片”后另存，或分成几篇）")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise _refuse(shown, "文件设置了打开密码（已加密），无法读取：请在 Word 中“文件 → 信息 → 保护文档 → "
                                 "用密码进行加密”删去密码并保存后再导入")
        raise _refuse(shown, "这其实是旧版 Word 文档（.doc 格式，只是扩展名为 .docx）：请在 Word 或 WPS 中打开，"
                             "“另存为” Word 文档（.docx）后再导入")
    if not zipfile.is_zipfile(path):
        raise _refuse(shown, "不是有效的 Word 文档：文件已损坏或不是 .docx（请在 Word 中打开并重新保存）")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(shown, "不是有效的 Word 文档：文件已损坏（请在 Word 中打开并重新保存）") from None
    if "word/document.xml" not in names:
        raise _refuse(shown, "不是 Word 文档：其中没有 word/document.xml（可能是改了扩展名的 Excel、PowerPoint "
                             "或 WPS 文件）")
    total = sum(i.file_size for i in infos)
    if total > UNZIPPED_MAX_BYTES:
        raise _refuse(shown, f"文档解压后过大：{total / 1024 / 1024:.0f} MB，不能超过 "
                             f"{UNZIPPED_MAX_BYTES // 1024 // 1024} MB，未读取")
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > RATIO_MAX * max(i.compress_size, 1):
            raise _refuse(shown, f"文档异常：其中的 {i.filename} 解压后 {i.file_size / 1024 / 1024:.1f} MB，是压缩后的 "
                                 f"{i.file_size // max(i.compress_size, 1)} 倍（正常的文档不超过 {RATIO_MAX} 倍），"
                                 "疑似“压缩炸弹”，未读取")


class _Images:
    """mammoth's image callback: each image checked, made small and named ``stem-N.jpg``."""

    def __init__(self, shown: str, stem: str, title: str = "") -> None:
        self.shown, self.stem = shown, stem
        self.found: list[DocxImage] = []
        self.skipped: list[str] = []
        self.problems: list[Problem] = []
        self.count = 0

    def __call__(self, image) -> dict:
        self.count += 1
        n = self.count
        try:
            with image.open() as fh:
                data = fh.read(IMAGE_MAX_BYTES + 1)
        except Exception:  # noqa: BLE001 - a missing or damaged part of the zip
            self.skipped.append(f"第 {n} 张图片无法读取（文档中的图片文件缺失或损坏），已略去")
            return {"src": ""}
        where = f"第 {n} 张图片"
        if len(data) > IMAGE_MAX_BYTES:
            self.problems.append(Problem(self.shown, 0, 0, "", f"{where}过大：超过 {IMAGE_MAX_BYTES // 1024 // 1024} MB"
                                                               "（请在 Word 中选中图片，“压缩图片”后再导入）"))
            return {"src": ""}
        kind = (image.content_type or "").lower()
        if kind in ("image/x-emf", "image/x-wmf", "image/emf", "image/wmf", "image/svg+xml"):
            self.skipped.append(f"{where}是 {kind.split('/')[-1].upper()} 矢量图，网站和简报不能显示，已略去：请另存为 PNG，"
                                "放到报送文件旁边，在正文中写 ![说明](文件名.png)")
            return {"src": ""}
        reason = _pixels(data)
        if reason:
            self.problems.append(Problem(self.shown, 0, 0, "", f"{where}{reason}"))
            return {"src": ""}
        try:
            fitted = fit_image(data, IMPORT_MAX_SIDE)
        except ImageError as exc:
            self.skipped.append(f"{where}{exc}（格式 {kind or '未知'}），已略去")
            return {"src": ""}
        alt = _alt(re.sub(r"\s+", " ", (image.alt_text or "")).strip())
        if AUTO_ALT.search(alt):  # Office's machine guess ("图片包含 人员 描述已自动生成"): not a description
            alt = ""
        name = f"{self.stem}-{len(self.found) + 1}{fitted.suffix}"
        self.found.append(DocxImage(name, fitted, alt, bool(alt)))
        return {"src": name}


def _pixels(data: bytes) -> str | None:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                if im.width * im.height > IMAGE_MAX_PIXELS:
                    return f"像素过多：{im.width}×{im.height}，不能超过 {IMAGE_MAX_PIXELS // 10000} 万像素（请缩小后再导入）"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"像素过多：不能超过 {IMAGE_MAX_PIXELS // 10000} 万像素（请缩小后再导入）"
    except Exception:  # noqa: BLE001 - not an image Pillow knows: fit_image says so
        return None
    return None


def read_docx(path: Path, shown: str, stem: str) -> DocxSubmission:
    """The submission in ``path``; its images named ``stem-1.jpg``, ``stem-2.png`` ….
    Raises :class:`HuiminError` (located at ``shown``) for anything it cannot use."""
    import mammoth

    check_docx_file(path, shown)
    images = _Images(shown, stem)
    try:
        with open(path, "rb") as fh:
            result = mammoth.convert_to_html(fh, style_map=STYLE_MAP,
                                             convert_image=mammoth.images.img_element(images))
    except HuiminError:
        raise
    except Exception:  # noqa: BLE001 - mammoth raises many kinds for a damaged file
        raise _refuse(shown, "无法读取：文档内容已损坏（请在 Word 中打开并重新保存为 .docx）") from None
    if images.problems:
        raise HuiminError(images.problems)
    named = {i.name: i for i in images.found}
    blocks, merged = to_blocks(result.value, lambda src, alt: (src, named[src].alt) if src in named else None)
    if not any(b.text.strip() for b in blocks):
        raise _refuse(shown, "文档中没有文字：请确认是否选错了文件（正文是图片或扫描件的，请先转为文字）")
    return _assemble(shown, blocks, merged, images)


def _assemble(shown: str, blocks: list[Block], merged: int, images: _Images) -> DocxSubmission:
    first = next(i for i, b in enumerate(blocks) if b.text.strip())
    head = blocks[first]
    title_from = "第一个标题" if head.kind == "h" else "第一段"
    if head.kind in ("h", "p") and len(head.text) <= TITLE_MAX:
        title = head.text.strip()
        body_blocks = blocks[:first] + blocks[first + 1:]
    else:
        title, title_from = _first_sentence(head.text, 60), "第一句"
        body_blocks = blocks
    byline, written = "", None
    found = _byline(body_blocks)
    if found is not None:  # author and date go into the front matter, not the text
        at, byline, written = found
        body_blocks = body_blocks[:at] + body_blocks[at + 1:]
    if not any(b.kind == "h" for b in body_blocks):
        body_blocks = [_numbered_heading(b) for b in body_blocks]
    top = min((b.level for b in body_blocks if b.kind == "h"), default=1)
    markdown = []
    for b in body_blocks:
        if b.kind == "h":
            markdown.append("#" * min(b.level - top + 2, 6) + " " + b.markdown)
        else:
            markdown.append(b.markdown)
    paragraphs = [b.text.strip() for b in body_blocks if b.kind == "p" and b.text.strip()]
    # the first real paragraph: a byline or date under the title ("袁州区乡村振兴局　　2026年11月18日", 21
    # characters) is not a summary; a paragraph of text has a comma or a full stop
    leads = [t for t in paragraphs if len(t) >= LEAD_MIN]
    lead = next((t for t in leads if SENTENCE_MARK.search(t)), leads[0] if leads else paragraphs[0] if paragraphs else title)
    by_name = {f"![]({i.name})": i for i in images.found if not i.described}
    for b, after in zip(body_blocks, body_blocks[1:]):  # a picture alone in its paragraph, its caption under it
        caption = CAPTION.match(after.text.strip()) if b.kind == "img" and after.kind == "p" else None
        if b.markdown in by_name and caption and len(caption.group(1)) <= CAPTION_MAX:
            image = by_name.pop(b.markdown)
            image.alt, image.described, image.from_caption = _alt(caption.group(1)), True, True
    for image in images.found:
        if not image.described:
            image.alt = _alt(f"{title[:40]}（图{images.found.index(image) + 1}）")
    body = "\n\n".join(markdown) + "\n"
    for image in images.found:  # the stand-in alt text, now that the title is known
        body = body.replace(f"![]({image.name})", f"![{escape(image.alt)}]({image.name})")
    return DocxSubmission(shown, title, _summary(lead), body, images.found, title_from, merged, images.skipped,
                          byline, written)


def _byline(blocks: list[Block]) -> tuple[int, str, date] | None:
    """The byline right under the title — its position, the author before the date, the date."""
    at = next((i for i, b in enumerate(blocks) if b.text.strip()), None)
    if at is None or blocks[at].kind != "p":
        return None
    text = blocks[at].text.strip()
    found = BYLINE_DATE.search(text)
    if len(text) > BYLINE_MAX or SENTENCE_MARK.search(text) or not found:
        return None
    try:
        day = date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None
    author = (text[:found.start()] + " " + text[found.end():]).strip(" 　|｜/、·")
    return at, " ".join(author.split()), day


# 公文 numbering written as text, not as a Word heading style: "一、主要做法" and "（一）对接订单"
_OUTLINE = ((re.compile(r"^[一二三四五六七八九十]{1,3}、"), 1), (re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]"), 2))
OUTLINE_MAX = 30  # a longer paragraph that starts so is text ("一、加强领导。各地要……")


def _numbered_heading(b: Block) -> Block:
    """A short paragraph numbered the 公文 way, as the heading it is (only in documents
    without Word heading styles)."""
    text = b.text.strip()
    if b.kind != "p" or len(text) > OUTLINE_MAX or "。" in text:
        return b
    for pattern, level in _OUTLINE:
        if pattern.match(text):
            return Block("h", b.markdown.replace("**", ""), text, level)
    return b


def _alt(text: str) -> str:
    """Alt text that stays one Markdown image: no brackets, no line breaks, no control characters."""
    return clean_text(text).replace("[", "［").replace("]", "］").replace("\n", " ")


_SENTENCE = re.compile(r"[^。！？!?；;]*[。！？!?；;]?")


def _first_sentence(text: str, most: int) -> str:
    sentence = next((s for s in _SENTENCE.findall(text) if s.strip()), text).strip()
    return sentence if len(sentence) <= most else sentence[: most - 1] + "…"


def _summary(text: str) -> str:
    """Whole sentences of ``text`` up to SUMMARY_MAX characters (a cut one ends in …)."""
    out = ""
    for sentence in _SENTENCE.findall(text):
        if len(out) + len(sentence) > SUMMARY_MAX:
            break
        out += sentence
    if not out.strip():
        out = text[: SUMMARY_MAX - 1] + "…" if len(text) > SUMMARY_MAX else text
    return out.strip()
