"""Images of a submission or write-up on its page: made small (huimin.read.image_fit), put
beside the built page, shown with width, height, lazy loading and async decoding."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from huimin.model.errors import HuiminError, Problem
from huimin.model.images import SITE_MAX_SIDE, SITE_SMALL_SIDE, BodyImage
from huimin.read.image_checks import project_root
from huimin.read.image_fit import FittedImage, ImageError, fit_image_file

# The text column is at most 688 CSS px wide (Material, 1280 px screen); on a phone, the
# screen less 2 x 16 px. The browser picks the smaller copy when it is sharp enough: a
# 360 px phone at 2x needs 656 px; at 3x (and on a big screen) it takes the larger one.
SIZES = "(max-width: 720px) calc(100vw - 32px), 688px"


@dataclass(frozen=True)
class PageImage:
    name: str  # file name beside the built page
    data: bytes
    width: int
    height: int
    small: tuple[str, bytes, int] | None = None  # (name, bytes, width) of the copy for 2x phones

    @property
    def files(self) -> list[tuple[str, bytes]]:
        return [(self.name, self.data)] + ([self.small[:2]] if self.small else [])


@lru_cache(maxsize=512)
def _fitted(path: str, mtime_ns: int, size: int, side: int) -> FittedImage:
    return fit_image_file(Path(path), side, project_root(Path(path).parent))


def site_image(image: BodyImage, shown: str, side: int = SITE_MAX_SIDE) -> FittedImage:
    """The site's copy of ``image`` (cached while the files do not change: ``huimin serve``)."""
    try:
        stat = image.path.stat()
        return _fitted(str(image.path), stat.st_mtime_ns, stat.st_size, side)
    except (OSError, ImageError) as exc:
        reason = str(exc) if isinstance(exc, ImageError) else "无法读取"
        raise HuiminError([Problem(shown, image.line, image.column, "图片", f"图片“{image.src}”{reason}")]) from None


def page_images(images: tuple[BodyImage, ...], shown: str) -> dict[str, PageImage]:
    """src as written → the page's copy. Names keep the stem; a photo saved as PNG becomes
    ``.jpg`` (``-2`` added when that name is taken)."""
    out: dict[str, PageImage] = {}
    taken: set[str] = set()
    for image in images:
        if image.src in out:
            continue
        fitted = site_image(image, shown)
        stem = re.sub(r"[^\w.-]", "-", image.src.rsplit(".", 1)[0])  # no #, ?, % or blank in a URL
        name = _free(stem, fitted.suffix, taken)
        small = None
        if fitted.photo and max(fitted.width, fitted.height) > SITE_SMALL_SIDE:
            copy = site_image(image, shown, SITE_SMALL_SIDE)
            small = (_free(f"{stem}-{SITE_SMALL_SIDE}", copy.suffix, taken), copy.data, copy.width)
        out[image.src] = PageImage(name, fitted.data, fitted.width, fitted.height, small)
    return out


def _free(stem: str, suffix: str, taken: set[str]) -> str:
    name, n = stem + suffix, 2
    while name.lower() in taken:
        name, n = f"{stem}-{n}{suffix}", n + 1
    taken.add(name.lower())
    return name


_IMG = re.compile(r"<img\b([^>]*)>")
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')


def place_images(clean: str, images: dict[str, PageImage]) -> str:
    """Each ``<img>`` of sanitized HTML pointed at its page copy, with its size and lazy
    loading; an image that was not checked (a reference-style one) is dropped."""

    def one(m: re.Match) -> str:
        attrs = dict(_ATTR.findall(m.group(1)))
        image = images.get(html.unescape(attrs.get("src", "")))
        if image is None:
            return ""
        alt = attrs.get("alt", "")
        src = html.escape(image.name)
        srcset = ""
        if image.small:
            small = html.escape(image.small[0])
            srcset = f' srcset="{small} {image.small[2]}w, {src} {image.width}w" sizes="{SIZES}"'
            src = small
        return (f'<img src="{src}"{srcset} alt="{alt}" width="{image.width}" '
                f'height="{image.height}" loading="lazy" decoding="async">')

    return _IMG.sub(one, clean)
