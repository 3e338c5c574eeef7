"""The printable brief of a monthly compilation (每月汇编简报, "宜春声音"), A4, with Typst."""

from __future__ import annotations

import hashlib
import tempfile
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path

from huimin.model.errors import HuiminError, Problem
from huimin.model.images import PRINT_MAX_SIDE
from huimin.model.settings import Settings
from huimin.print.blocks import markdown_blocks
from huimin.print.fonts import font_dirs, font_families
from huimin.print.handbook import useful_warnings
from huimin.print.typst_engine import PdfResult, compile_pdf, culprit_finder, stage_template
from huimin.read.image_fit import FittedImage, ImageError, fit_image_file
from huimin.rules.compilation import Compilation

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "print" / "brief.typ"
TITLE = "宜春声音"


PRINT_DPI = 150  # an image is printed no larger than this many pixels per inch (then fitted to the text)
IMAGE_MAX_HEIGHT_PT = 380  # about 134 mm: a portrait photo leaves room for its caption and text


def brief_images(items, root: Path | None = None) -> dict[tuple[str, str], FittedImage]:
    """The images of ``items`` as printed: (file shown, src as written) → image (cached in ``root``)."""
    out = {}
    for s in items:
        for image in s.images:
            try:
                out[s.path, image.src] = fit_image_file(image.path, PRINT_MAX_SIDE, root)
            except (OSError, ImageError) as exc:
                reason = str(exc) if isinstance(exc, ImageError) else "无法读取"
                raise HuiminError([Problem(s.path, image.line, image.column, "图片", f"图片“{image.src}”{reason}")]) from None
    return out


def image_file(f: FittedImage) -> str:
    """Where an image goes in Typst's root: named by its content."""
    return f"/img/{hashlib.sha256(f.data).hexdigest()[:20]}{f.suffix}"


def _image_blocks(s, fitted: dict[tuple[str, str], FittedImage]) -> dict[str, dict]:
    blocks = {}
    for image in s.images:
        f = fitted.get((s.path, image.src))
        if f is not None:
            width = min(f.width * 72 / PRINT_DPI, IMAGE_MAX_HEIGHT_PT * f.width / f.height)  # points
            blocks[image.src] = {"kind": "img", "src": image_file(f), "alt": image.alt, "width": round(width, 2),
                                 "text": image.alt}
    return blocks


def _captioned(blocks: list[dict]) -> list[dict]:
    """A picture prints its alt text under it, unless the paragraph under it already says it
    (a Word import's caption, 图为……, is both the alt text and that paragraph)."""
    def squeeze(text: str) -> str:
        return "".join(text.split())

    for b, after in zip(blocks, blocks[1:]):
        if b["kind"] == "img" and after["kind"] == "p" and squeeze(b["alt"]):
            b["caption"] = squeeze(b["alt"]) not in squeeze("".join(span["text"] for span in after["spans"]))
    return blocks


def brief_data(c: Compilation, settings: Settings, fitted: dict[str, FittedImage] | None = None) -> dict:
    """Everything the brief prints, as JSON-ready data (valid items only, grouped by kind).
    ``fitted``: the items' images (:func:`brief_images`); without them no image is printed."""
    fitted = fitted or {}
    groups = []
    for kind, by_unit in c.groups.items():
        items = [s for items in by_unit.values() for s in items]
        if items:
            groups.append({"kind": kind, "items": [{
                "title": s.meta.title,
                "unit": s.meta.unit,
                "date": s.meta.date.isoformat(),
                "author": s.meta.author,
                "summary": s.meta.summary,
                "blocks": _captioned(markdown_blocks(s.body, _image_blocks(s, fitted))),
            } for s in items]})
    return {
        # with items that are not public (huimin brief, never the site's): 内部资料 on every page
        "internal": any(not s.public for s in c.items),
        "title": TITLE,
        "issue_label": f"{c.year}年第{c.issue}期（{c.month}）",
        "date_label": f"{c.date.year}年{c.date.month}月{c.date.day}日",
        "bureau": settings.bureau,
        "fonts": font_families(getattr(settings, "print_fonts", None)),
        "groups": groups,
    }


def write_brief(c: Compilation, settings: Settings, out: Path, root: Path | None = None,
                cache_dir: Path | None = None, stage: Path | None = None) -> PdfResult:
    """Typeset the brief of ``c`` into ``out`` (PDF/UA-1, CMYK); raise HuiminError on failure.

    ``stage``: a folder the caller keeps for many briefs (and removes) as Typst's root, so
    that one Typst compiler typesets them all; by default a temporary folder for this one."""
    items = [s for by_unit in c.groups.values() for group in by_unit.values() for s in group]
    fitted = brief_images(items, root)
    data = brief_data(c, settings, fitted)
    with _stage_folder(out, stage) as folder:
        # Typst reads only its root: the template and the briefs' images (named by content), nothing else
        template = stage_template(TEMPLATE, Path(folder))
        for f in fitted.values():
            target = Path(folder) / image_file(f).lstrip("/")
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(f.data)
        result = compile_pdf(template, data, out, font_dirs=font_dirs(root), cache_dir=cache_dir,
                             day=c.date,  # the brief's date, not the clock: same input, same PDF
                             culprit=culprit_finder([(s.path, [s.meta.title, s.meta.summary, s.meta.author or "", s.body])
                                                     for s in items]),
                             keep_compiler=stage is not None)
    return replace(result, warnings=tuple(useful_warnings(result.warnings, data["fonts"])))


def _stage_folder(out: Path, stage: Path | None):
    if stage is None:
        return tempfile.TemporaryDirectory(prefix=".huimin-brief-", dir=out.parent)
    stage.mkdir(exist_ok=True)
    return nullcontext(str(stage))
