"""Pages of cards and checklists from measured heights (no Typst here)."""

from __future__ import annotations

import pytest

from huimin.print.pagination import NO_POLICY, SLACK, RowTooLong, Sizes, card_pages, checklist_pages


def card_sizes(**over) -> Sizes:
    # room for rows: 400 - 50 - 20.75 - 1 = 328.25 pt
    base = dict(body=400.0, head=20.75, typical=50.0,
                rows={(n, p): 30.0 for n in range(1, 40) for p in range(40)},
                wide={(n, p): 60.0 for n in range(1, 40) for p in range(40)})
    base.update(over)
    return Sizes(**base)


def test_a_card_that_fits_is_one_segment_numbered_from_one():
    assert card_pages([4, 7, 9], card_sizes(), "1") == [((1, 4, False), (2, 7, False), (3, 9, False))]


def test_a_card_continues_on_a_second_page_and_numbering_goes_on():
    pages = card_pages(list(range(12)), card_sizes(), "1")  # 10 rows of 30 pt fit in 328.25
    assert [len(p) for p in pages] == [10, 2]
    assert pages[1][0] == (11, 10, False)


def test_an_unusual_header_leaves_less_room():
    sizes = card_sizes(unusual={"2": 80.0})  # room 298.25: 9 rows
    assert [len(p) for p in card_pages(list(range(10)), sizes, "2")] == [9, 1]
    assert [len(p) for p in card_pages(list(range(10)), sizes, "1")] == [10]


def test_a_row_taller_than_the_room_is_typeset_wide_and_one_too_tall_even_so_is_refused():
    sizes = card_sizes(rows={(1, 0): 30.0, (2, 5): 400.0}, wide={(2, 5): 200.0})
    assert card_pages([0, 5], sizes, "1") == [((1, 0, False), (2, 5, True))]
    sizes = card_sizes(rows={(1, 5): 400.0}, wide={(1, 5): 329.0})
    with pytest.raises(RowTooLong) as caught:
        card_pages([5], sizes, "1")
    assert caught.value.policy == 5


def test_a_household_without_policy_gets_the_no_policy_segment():
    assert card_pages([], card_sizes(), "1") == [NO_POLICY]


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
