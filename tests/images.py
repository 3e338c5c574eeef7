"""Test images made with Pillow: a noisy "photo" and a flat "graphic"."""

from __future__ import annotations

import io
import random


def photo_bytes(width: int = 2400, height: int = 1800, fmt: str = "JPEG", seed: int = 1) -> bytes:
    """A photo-like image (thousands of colours, fine detail)."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    im = Image.new("RGB", (width, height), (90, 140, 60))
    draw = ImageDraw.Draw(im)
    for _ in range(1500):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(10, max(width // 10, 11))
        draw.ellipse((x, y, x + r, y + r), fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    im = im.filter(ImageFilter.GaussianBlur(2))
    out = io.BytesIO()
    im.save(out, fmt, **({"quality": 92} if fmt == "JPEG" else {}))
    return out.getvalue()


def graphic_bytes(width: int = 800, height: int = 500) -> bytes:
    """A chart-like PNG: a few flat colours."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(im)
    for i, colour in enumerate([(200, 0, 0), (0, 90, 160), (240, 180, 0)]):
        draw.rectangle((60 + i * 220, 400 - i * 120, 220 + i * 220, 460), fill=colour)
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()
