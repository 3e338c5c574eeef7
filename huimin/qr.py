"""QR codes for print, as a plain module matrix (no images, no Typst packages).

The matrix is computed once per run with :mod:`segno` (pure Python) and a fixed mask, so
the same URL always gives the same code without segno trying all eight masks. Templates
draw the dark modules as filled rectangles.
"""

from __future__ import annotations

from functools import lru_cache

QR_MASK = 0          # fixed mask pattern: computed once, identical on every machine
QR_ERROR = "m"       # error correction level M (15 %): survives a smudge on a printed card


@lru_cache(maxsize=8)
def qr_matrix(text: str) -> tuple[str, ...]:
    """The modules of a QR code for ``text``, one string per row, "1" = dark; no quiet zone."""
    import segno

    code = segno.make_qr(text, error=QR_ERROR, mask=QR_MASK, boost_error=False)
    return tuple("".join("1" if module else "0" for module in row) for row in code.matrix)


def qr_runs(text: str) -> list[list[int]]:
    """The dark modules as horizontal runs ``[row, column, length]``: fewer shapes to draw."""
    runs = []
    for y, row in enumerate(qr_matrix(text)):
        x = 0
        while x < len(row):
            if row[x] == "1":
                start = x
                while x < len(row) and row[x] == "1":
                    x += 1
                runs.append([y, start, x - start])
            else:
                x += 1
    return runs
