"""Two processes taking one list's items from both ends (huimin.output.both_ends)."""

from __future__ import annotations

import os
import time

import pytest

from huimin.output.both_ends import BothEnds


def test_in_one_process_the_back_takes_from_the_last_item_down_until_the_front():
    ends = BothEnds(5)
    assert ends.take_front(0) and ends.take_front(1)
    assert [ends.take_back(), ends.take_back()] == [4, 3]
    assert ends.take_front(2)
    assert ends.take_back() is None  # they have met
    assert not ends.take_front(3) and not ends.take_front(4)
    assert ends.met_at() == 3


def test_an_empty_list_has_nothing_for_either_end():
    ends = BothEnds(0)
    assert ends.take_back() is None and not ends.take_front(0) and ends.met_at() == 0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX only")
def test_a_forked_copy_and_its_parent_take_every_item_once_and_the_slower_takes_fewer(tmp_path):
    count = 200
    ends = BothEnds(count)
    log = tmp_path / "back.txt"
    pid = os.fork()
    if pid == 0:  # the copy: fast
        try:
            taken = []
            while (n := ends.take_back()) is not None:
                taken.append(n)
            log.write_text(" ".join(map(str, taken)))
        finally:
            os._exit(0)
    front = []
    for n in range(count):  # the parent: slow
        if not ends.take_front(n):
            break
        front.append(n)
        time.sleep(0.001)
    os.waitpid(pid, 0)
    back = [int(n) for n in log.read_text().split()]
    assert sorted(front + back) == list(range(count))  # each item once
    assert back == sorted(back, reverse=True) and front == list(range(len(front)))
    assert len(back) > len(front)
    assert ends.met_at() == len(front)
