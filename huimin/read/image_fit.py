"""Images made small for where they go: the site (weak phone networks), the brief PDF, an
imported Word file. Photos become JPEG, graphics (few colours, transparency) PNG; the
EXIF orientation is applied and every other piece of metadata (GPS position, camera) dropped.

Reusable: ``fit_image(source, max_side)`` for any exporter (site, PDF, WeChat); ``fit_image_file``
with a cache in the project."""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

JPEG_QUALITY = 78  # no visible loss at phone size; ~3x smaller than quality 95
PHOTO_COLOURS = 256  # more distinct colours than this (in a 64 px sample): a photo


class ImageError(ValueError):
    """The image could not be read (the message says why, in Chinese)."""


@dataclass(frozen=True)
class FittedImage:
    data: bytes
    suffix: str  # ".jpg" or ".png"
    width: int
    height: int

    @property
    def photo(self) -> bool:
        return self.suffix == ".jpg"


def is_photo(im) -> bool:
    """Many colours and no transparency: a photo (JPEG); else a graphic (PNG)."""
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        alpha = im.convert("RGBA").getchannel("A")
        if alpha.getextrema()[0] < 255:
            return False
    sample = im.convert("RGB")
    sample.thumbnail((64, 64))
    colours = sample.getcolors(PHOTO_COLOURS + 1)
    return colours is None


def fit_image(source: Path | bytes, max_side: int) -> FittedImage:
    """``source`` with its longest side at most ``max_side`` px, as JPEG (photo) or PNG (graphic).
    An animated GIF keeps its first frame. Raises :class:`ImageError`."""
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            raw = Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)
            with raw:
                if raw.format == "JPEG":
                    raw.draft("RGB", (max_side, max_side))  # decode at a reduced scale: faster, less memory
                im = ImageOps.exif_transpose(raw)
                im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError("像素过多") from exc
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a damaged file
        raise ImageError("无法打开：不是有效的图片文件或已损坏") from exc
    if max(im.size) > max_side:
        im = im.copy()
        im.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    photo = is_photo(im)
    out = io.BytesIO()
    if photo:
        im = im.convert("RGB")
        im.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        suffix = ".jpg"
    else:
        if im.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            im = im.convert("RGBA")
        im.save(out, "PNG", optimize=True)
        suffix = ".png"
    return FittedImage(out.getvalue(), suffix, im.width, im.height)


CACHE_DIR = ".huimin-cache/img"  # fitted images by content hash (git-ignored)
_CACHE_VERSION = f"1-{JPEG_QUALITY}-{PHOTO_COLOURS}"


def fit_image_file(path: Path, max_side: int, root: Path | None = None) -> FittedImage:
    """:func:`fit_image` of a file, kept in ``root/.huimin-cache/img/`` by content: a build
    re-encodes only new or changed photos (a 12-megapixel photo takes about 0.3 s). A cache
    that cannot be written (read-only project, full disk) is simply not used."""
    import hashlib

    from PIL import Image

    data = path.read_bytes()
    key = hashlib.sha256(f"{_CACHE_VERSION}-{max_side}\0".encode() + data).hexdigest()
    folder = root / CACHE_DIR if root is not None else None
    if folder is not None:
        for suffix in (".jpg", ".png"):
            cached = folder / f"{key}{suffix}"
            try:
                stored = cached.read_bytes()
                with Image.open(io.BytesIO(stored)) as im:
                    return FittedImage(stored, suffix, im.width, im.height)
            except OSError:
                continue
    fitted = fit_image(data, max_side)
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{key}.{os.getpid()}.tmp"
            tmp.write_bytes(fitted.data)
            os.replace(tmp, folder / f"{key}{fitted.suffix}")
        except OSError:
            pass
    return fitted
