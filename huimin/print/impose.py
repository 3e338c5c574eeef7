"""Two A5 cards on each A4 landscape sheet (``huimin cards --impose 2up``), cut and stacked.

The print shop prints a village's file, cuts the whole pile once along the middle of the
long side (148.5 mm from the left edge) and puts the right-hand pile under the left-hand
one: the cards are then in 户编号 order, each household's sheet whole. For that, A5 sheet
``i`` of the village goes on the left half of A4 sheet ``i`` and A5 sheet ``i + S`` on its
right half (``S`` = A4 sheets of cards).

Duplex: the A4 sheet is printed on both sides **flipped on the short edge** (短边翻转: the
sheet turns over like a landscape page of a book, around its vertical middle), so what is
printed on the left of the front has its back on the right of the back. The back of an A4
sheet therefore carries the right card's back on its left and the left card's on its right.
(Flipped on the long edge instead, each card's back would land on its neighbour: the job
ticket and the README say which setting to use, and the first sheet shows it at once.)

The first A4 sheet of each file is a separator: the village, its households and sheets,
and on each half which pile it heads, so the two piles of every village are found again
after the cut.
"""

from __future__ import annotations

MODES = ("2up",)
PAPER = "A4横向（两版A5）"   # the manifest's 纸张 of an imposed file


def a5_sheets(pages: list, duplex: bool) -> list[tuple]:
    """The A5 card pages grouped by sheet: (front, back) in duplex, (page,) in simplex."""
    if not duplex:
        return [(page,) for page in pages]
    if len(pages) % 2:
        raise ValueError("duplex pages come in pairs")
    return [(pages[i], pages[i + 1]) for i in range(0, len(pages), 2)]


def impose_2up(pages: list, duplex: bool) -> tuple[list[list], int]:
    """The A4 pages (each [left, right], None for an empty half) of the cards, and how many
    A4 sheets they take (``S``): cut-and-stack order, backs for a short-edge flip."""
    sheets = a5_sheets(pages, duplex)
    half = -(-len(sheets) // 2)
    out: list[list] = []
    for i in range(half):
        left = sheets[i]
        right = sheets[i + half] if i + half < len(sheets) else None
        out.append([left[0], right[0] if right else None])
        if duplex:
            out.append([right[1] if right else None, left[1]])  # short-edge flip: halves swap on the back
    return out, half


def separator(doc_place: dict, households: int, a5: int, half: int, duplex: bool) -> dict:
    """What the separator sheet says: the village, households, sheets; which pile is which."""
    return {**doc_place, "households": households, "a5_sheets": a5, "a4_sheets": half + 1,
            "left": [1, half], "right": [half + 1, a5] if a5 > half else None, "duplex": duplex}
