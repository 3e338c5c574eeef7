"""QR codes for print, as SVG (no raster images, no Typst packages).

The code is computed once per run with :mod:`segno` (pure Python) and a fixed mask, so
the same URL always gives the same code without segno trying all eight masks. Templates
place the SVG as an image: Typst decodes it once and every page refers to the same object.
"""

from __future__ import annotations

import io
from functools import lru_cache

QR_MASK = 0          # fixed mask pattern: computed once, identical on every machine
QR_ERROR = "m"       # error correction level M (15 %): survives a smudge on a printed card
QR_BORDER = 4        # quiet zone in modules, as the standard asks


@lru_cache(maxsize=8)
def qr_svg(text: str) -> str:
    """The QR code for ``text`` as a small SVG document, quiet zone included."""
    buf = io.BytesIO()
    _code(text).save(buf, kind="svg", border=QR_BORDER, xmldecl=False, svgns=True, scale=1, unit=None)
    return buf.getvalue().decode("ascii")


def _code(text: str):
    import segno

    return segno.make_qr(text, error=QR_ERROR, mask=QR_MASK, boost_error=False)
