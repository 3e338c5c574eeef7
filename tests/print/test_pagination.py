"""Pages of cards and checklists from measured heights (no Typst here)."""

from __future__ import annotations

import pytest

from huimin.print.pagination import (
    NO_POLICY,
    SLACK,
    CardSizes,
    RowTooLong,
    Sizes,
    card_pages,
    card_pieces,
    checklist_pages,
)


def card_sizes(**over) -> CardSizes:
    # first page: 400 - 50 - 1 = 349 pt; later pages: 400 - 20 - 1 = 379 pt
    pieces = {("h1",): 20.0, ("h2",): 20.0, ("none",): 30.0}
    pieces |= {("row", n, p): 30.0 for n in range(1, 40) for p in range(40)}
    pieces |= {("item", p): 15.0 for p in range(80)}
    base = dict(body=400.0, header=50.0, cont=20.0, pieces=pieces)
    base.update(over)
    return CardSizes(**base)


def test_card_pieces_specific_in_full_then_common_a_line_each():
    assert card_pieces([4, 7], [1, 2, 3]) == [("h1",), ("row", 1, 4), ("row", 2, 7), ("h2",), ("item", 1), ("item", 2), ("item", 3)]
    assert card_pieces([], [1, 2]) == [("h2",), ("item", 1), ("item", 2)]
    assert card_pieces([], []) == [("none",)]


def test_a_card_that_fits_is_one_page():
    pieces = card_pieces([4, 7, 9], [1, 2])
    assert card_pages(pieces, card_sizes(), "1") == [tuple(pieces)]


def test_a_card_continues_and_the_common_block_goes_whole_onto_the_back():
    # 20 + 10 rows of 30 = 320 on page 1 (349); the common block (20 + 5 x 15 = 95) does not fit there
    pieces = card_pieces(list(range(10)), [1, 2, 3, 4, 5])
    pages = card_pages(pieces, card_sizes(), "1")
    assert pages == [tuple(pieces[:11]), tuple(pieces[11:])]
    # 11 rows: the 11th goes on page 2 with the common block
    pieces = card_pieces(list(range(11)), [1, 2])
    pages = card_pages(pieces, card_sizes(), "1")
    assert [len(p) for p in pages] == [11, 4] and pages[1][0] == ("row", 11, 10)


def test_a_heading_never_ends_a_page():
    sizes = card_sizes(pieces={**card_sizes().pieces, ("item", 1): 380.0})
    with pytest.raises(RowTooLong):  # an item taller than a whole continuation page (379)
        card_pages(card_pieces([], [1]), sizes, "1")
    pieces = card_pieces(list(range(10)), list(range(60)))  # a common block longer than a page: split
    pages = card_pages(pieces, card_sizes(), "1")
    # 29 pt left on page 1: not enough for h2 and an item (35), so the heading goes over with it
    assert pages[0][-1] == ("row", 10, 9) and pages[1][0] == ("h2",)
    assert all(page[-1][0] not in ("h1", "h2") for page in pages)
    assert sum(len(p) for p in pages) == len(pieces)


def test_an_unusual_header_leaves_less_room():
    sizes = card_sizes(unusual={"2": 80.0})  # first page 319: h1 + 9 rows
    pieces = card_pieces(list(range(10)), [])
    assert [len(p) for p in card_pages(pieces, sizes, "2")] == [10, 1]
    assert [len(p) for p in card_pages(pieces, sizes, "1")] == [11]


def test_a_row_taller_than_a_page_is_refused_with_its_policy():
    sizes = card_sizes(pieces={**card_sizes().pieces, ("row", 1, 5): 380.0})
    with pytest.raises(RowTooLong) as caught:
        card_pages(card_pieces([5], []), sizes, "1")
    assert caught.value.policy == 5


def test_a_household_without_policy_gets_the_no_policy_piece():
    assert card_pages(card_pieces([], []), card_sizes(), "1") == [(("none",),)]


def checklist_sizes(**over) -> Sizes:
    # room: 300 - 40 - 20.5 - 1 = 238.5 pt; a band is 20.25
    base = dict(body=300.0, head=20.5, typical=20.25, page_head=40.0, no_policy=25.0,
                rows={(n, p): 20.0 for n in range(1, 40) for p in range(40)})
    base.update(over)
    return Sizes(**base)


def test_checklist_households_follow_each_other_and_a_split_household_is_named_again():
    households = [("1", [0, 1, 2]), ("2", list(range(12))), ("3", [5])]
    pages = checklist_pages(households, checklist_sizes(), "a.pdf")
    # page 1: band 1 + 3 rows (80.25), band 2 + 7 rows (160.25) = 240.5 > 238.5 → 6 rows
    assert pages[0] == [
        ("band", 0, False), ("rows", ((1, 0, False), (2, 1, False), (3, 2, False))),
        ("band", 1, False), ("rows", tuple((n, n - 1, False) for n in range(1, 7))),
    ]
    assert pages[1] == [
        ("band", 1, True), ("rows", tuple((n, n - 1, False) for n in range(7, 13))),
        ("band", 2, False), ("rows", ((1, 5, False),)),
    ]
    assert len(pages) == 2


def test_a_band_is_never_left_alone_at_the_foot_of_a_page():
    # page 1 holds band 1 + 10 rows (220.25); 18.25 left: not enough for band 2 and a row
    pages = checklist_pages([("1", list(range(10))), ("2", [0])], checklist_sizes(), "a.pdf")
    assert [item[0] for item in pages[0]] == ["band", "rows"]
    assert pages[1] == [("band", 1, False), ("rows", ((1, 0, False),))]


def test_checklist_household_without_policy_and_unusual_page_head():
    pages = checklist_pages([("1", [])], checklist_sizes(), "a.pdf")
    assert pages == [[("band", 0, False), ("rows", NO_POLICY)]]
    # a taller page head (long village name) leaves room for fewer rows
    sizes = checklist_sizes(page_heads={"b.pdf": 100.0})
    assert len(checklist_pages([("1", list(range(10)))], sizes, "b.pdf")) == 2
    assert len(checklist_pages([("1", list(range(10)))], sizes, "a.pdf")) == 1


def test_pages_never_overflow():
    sizes = checklist_sizes(rows={(n, p): 13.0 + (n * 7 + p) % 11 for n in range(1, 40) for p in range(40)})
    room = sizes.body - sizes.page_head - sizes.head - SLACK
    households = [(str(i), list(range(i % 30))) for i in range(60)]
    for page in checklist_pages(households, sizes, "a.pdf"):
        used = 0.0
        for item in page:
            if item[0] == "band":
                used += sizes.typical
            elif item[1] == NO_POLICY:
                used += sizes.no_policy
            else:
                used += sum(sizes.rows[(n, p)] for n, p, _ in item[1])
        assert used <= room


def test_card_pages_never_overflow():
    sizes = card_sizes()
    sizes.pieces = {k: v + (hash(k) % 17) for k, v in sizes.pieces.items()}
    for n in range(0, 39, 3):
        for m in range(0, 39, 5):
            pages = card_pages(card_pieces(list(range(n)), list(range(m))), sizes, "1")
            for i, page in enumerate(pages):
                room = sizes.body - (sizes.header if i == 0 else sizes.cont) - SLACK
                assert sum(sizes.pieces[p] for p in page) <= room
                assert not page or page[-1][0] not in ("h1", "h2")
