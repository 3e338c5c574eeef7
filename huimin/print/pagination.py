"""Which rows go on which page of the cards and checklists, decided here from measured sizes.

Cards: :func:`card_pages` flows a card's *pieces* (headings, policies in full, common
policies a line each) over pages; checklists: :func:`checklist_pages`, below.

Typst measures, once per run (the templates' "measure" mode), every row a card or checklist
of the run will show (序号, policy), the column titles, a typical household header and band,
and the unusual ones (a value long enough to wrap). From those heights this module packs
the rows into pages; the templates then only draw. Consecutive rows of one household on one
page form a *segment*: a card's segment recurs on many households' cards, so it is typeset
once per run and placed as an image (see ``huimin.print.parts``).

All lengths are in points, and are the heights of the parts as placed: a row's includes
the half rule under it, the column titles' the rules above and below them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

Row = tuple[int, int, bool]          # (序号, policy index, wide: typeset across the full width)
Segment = tuple[Row, ...]
NO_POLICY: Segment = ((0, -1, False),)  # the row that says a household has no policy
SLACK = 1.0                          # pt kept free at the foot of every page


class RowTooLong(Exception):
    """A policy's row is taller than a whole page, even typeset across the full width.

    Not a user error itself: the caller knows the policy's file and line, and says so.
    """

    def __init__(self, policy: int):
        self.policy = policy
        super().__init__(policy)


@dataclass
class Sizes:
    """Heights measured by Typst for one kind of document (cards or checklists)."""

    body: float                                  # the page body, without header and footer
    head: float                                  # the column titles
    typical: float                               # a household header (cards) or band (checklists)
    rows: dict[tuple[int, int], float]           # (序号, policy) → height as a row of columns
    wide: dict[tuple[int, int], float] = field(default_factory=dict)  # … across the full width
    unusual: dict[str, float] = field(default_factory=dict)  # 户编号 → its header/band height
    page_heads: dict[str, float] = field(default_factory=dict)  # checklists: document → page head
    page_head: float = 0.0                       # checklists: a typical page head
    no_policy: float = 0.0                       # the row that says "no policy"


# ---------------------------------------------------------------- cards

Piece = tuple  # ("h1",) | ("row", 序号, policy) | ("h2",) | ("item", policy) | ("none",)
HEADINGS = ("h1", "h2")


@dataclass
class CardSizes:
    """Heights measured by Typst for the cards of one run (see templates/print/cards.typ)."""

    body: float                                   # the page body, without the footer
    header: float                                 # a typical household header (page 1)
    cont: float                                   # the continuation header (pages 2, 3 …)
    pieces: dict[Piece, float]                    # every piece the run's cards show
    unusual: dict[str, float] = field(default_factory=dict)  # 户编号 → its header's height


def card_pieces(specific: Sequence[int], common: Sequence[int]) -> list[Piece]:
    """What one card shows, in order: the specific policies in full (numbered from 1) under
    their heading, then the common ones (title and phone, a line each) under theirs."""
    pieces: list[Piece] = []
    if specific:
        pieces += [("h1",), *(("row", n, p) for n, p in enumerate(specific, 1))]
    if common:
        pieces.append(("h2",))
        pieces += [("item", p) for p in common]
    return pieces or [("none",)]


def card_pages(pieces: Sequence[Piece], sizes: CardSizes, number: str) -> list[tuple[Piece, ...]]:
    """The pieces of each page of one household's card (at least one page).

    A heading never ends a page (it goes on with the piece after it); the common block
    (heading "h2" and its items) starts a new page rather than being split, when it fits
    on one (the family reads its own policies on the front, the common ones on the back);
    a piece taller than a whole continuation page raises :class:`RowTooLong`.
    """
    room = sizes.body - sizes.unusual.get(number, sizes.header) - SLACK
    later = sizes.body - sizes.cont - SLACK
    pages: list[list[Piece]] = [[]]
    used = 0.0
    for i, piece in enumerate(pieces):
        height = sizes.pieces[piece]
        if height > later:
            raise RowTooLong(piece[2] if piece[0] == "row" else piece[1])
        need = height + (sizes.pieces[pieces[i + 1]] if piece[0] in HEADINGS and i + 1 < len(pieces) else 0.0)
        if piece[0] == "h2":
            block = sum(sizes.pieces[p] for p in pieces[i:] if p[0] in ("h2", "item"))
            if block <= later:
                need = block
        if used + need > room and (pages[-1] or room < later):
            pages.append([])
            used, room = 0.0, later
        pages[-1].append(piece)
        used += height
    return [tuple(page) for page in pages]


Item = tuple  # ("band", household index, continued) | ("rows", Segment)


def checklist_pages(households: Sequence[tuple[str, Sequence[int]]], sizes: Sizes, document: str) -> list[list[Item]]:
    """The items of each page of one checklist: household bands, each followed by a segment.

    ``households`` are (户编号, policy indexes) in print order. A band always comes with at
    least one of its rows; a household that runs over a page gets its band again, marked
    continued, on the next one.
    """
    head = sizes.page_heads.get(document, sizes.page_head)
    room = sizes.body - head - sizes.head - SLACK
    pages: list[list[Item]] = [[]]
    used = 0.0
    for index, (number, policies) in enumerate(households):
        band = sizes.unusual.get(number, sizes.typical)
        rows = [((n, p, False), sizes.rows[(n, p)]) for n, p in enumerate(policies, 1)]
        if not rows:
            rows = [(NO_POLICY[0], sizes.no_policy)]
        segment: list[Row] = []
        placed = False
        for row, height in rows:
            if placed and used + height <= room:
                segment.append(row)
                used += height
                continue
            continued = placed
            if segment:
                pages[-1].append(("rows", tuple(segment)))
                segment = []
            if placed or used + band + height > room:
                if pages[-1]:
                    pages.append([])
                    used = 0.0
            pages[-1].append(("band", index, continued))
            used += band + height
            placed = True
            segment.append(row)
        pages[-1].append(("rows", tuple(segment)))
    return pages
