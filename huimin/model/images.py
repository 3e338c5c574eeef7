"""Images in county submissions and "宜春经验" write-ups: what a body may show, and the limits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The file types a body may show (SVG is refused: it can carry script, and print fonts).
IMAGE_SUFFIXES: tuple[str, ...] = (".jpg", ".jpeg", ".png", ".gif", ".webp")
IMAGE_MAX_BYTES = 20 * 1024 * 1024  # a phone photo is 2–8 MB
IMAGE_MAX_PIXELS = 60_000_000  # 60 million pixels (a 12-megapixel phone photo is 12)
SITE_MAX_SIDE = 1024  # longest side on the site: sharp on a 360 px phone at 2.8x, ~100–200 KB
SITE_SMALL_SIDE = 720  # a second, smaller copy of each photo for 2x phones (about half the bytes)
PRINT_MAX_SIDE = 1200  # longest side in the brief PDF (text width 160 mm: about 190 dpi; the brief is a download too)
IMPORT_MAX_SIDE = 1600  # longest side of a photo taken from a Word file


@dataclass(frozen=True)
class BodyImage:
    """One ``![alt](file)`` of a body, checked: the file exists beside the Markdown file."""

    src: str  # as written: a bare file name
    alt: str
    path: Path  # the image file
    line: int  # where ``![`` stands in the Markdown file (1-based)
    column: int


@dataclass(frozen=True)
class BodyLink:
    """One link of a body to a place of the site (``[text](../b.md)``, ``[text](/policies/)``),
    as written, and where its address stands in the Markdown file."""

    text: str
    href: str
    line: int  # 1-based
    column: int
