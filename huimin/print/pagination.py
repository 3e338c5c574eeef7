"""Which rows go on which page of the cards and checklists, decided here from measured sizes.

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


def card_pages(policies: Sequence[int], sizes: Sizes, number: str) -> list[Segment]:
    """The segments of one household's card, a page each (at least one page).

    A row too tall for its columns is typeset across the full width (wide); a row taller
    than a whole page even so raises :class:`RowTooLong`.
    """
    room = sizes.body - sizes.unusual.get(number, sizes.typical) - sizes.head - SLACK
    pages: list[list[Row]] = [[]]
    used = 0.0
    for n, p in enumerate(policies, 1):
        height = sizes.rows[(n, p)]
        wide = height > room
        if wide:
            height = sizes.wide[(n, p)]
            if height > room:
                raise RowTooLong(p)
        if pages[-1] and used + height > room:
            pages.append([])
            used = 0.0
        pages[-1].append((n, p, wide))
        used += height
    return [tuple(rows) if rows else NO_POLICY for rows in pages]


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
