"""QR codes for print, as rows of modules (no raster images, no Typst packages).

The code is computed once per run with :mod:`segno` (pure Python) and a fixed mask, so
the same URL always gives the same code without segno trying all eight masks. Templates
draw it in ink with ``templates/print/qr.typ`` (an SVG image would print in RGB or ICC
grey, not on the K plate); it is part of the footer, typeset once per run.
"""

from __future__ import annotations

from functools import lru_cache

QR_MASK = 0          # fixed mask pattern: computed once, identical on every machine
QR_ERROR = "m"       # error correction level M (15 %): survives a smudge on a printed card
QR_BORDER = 4        # quiet zone in modules, as the standard asks


@lru_cache(maxsize=8)
def qr_rows(text: str) -> tuple[str, ...]:
    """The QR code for ``text`` as rows of "1" (dark) and "0" (light), quiet zone included."""
    return tuple("".join("1" if dark else "0" for dark in row)
                 for row in _code(text).matrix_iter(scale=1, border=QR_BORDER))


def _code(text: str):
    import segno

    return segno.make_qr(text, error=QR_ERROR, mask=QR_MASK, boost_error=False)
