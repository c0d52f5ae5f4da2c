"""parallel: work shared with a forked helper gives what one process gives, whatever the helper
does (finishes, fails, dies, sends what does not pickle)."""
import os
import threading

import pytest

from pagesetter.parallel import ForkedCall, SharedWork


def made_by(index: int) -> tuple[int, int]:
    return index * index, os.getpid()


def shared_items(count: int, first: int, helper_maker=None) -> list:
    shared = SharedWork(count, first, made_by, helper_maker or (lambda: made_by))
    try:
        return list(shared.in_order())
    finally:
        shared.close()


def test_items_come_in_order_the_first_made_here_the_rest_by_the_helper():
    items = shared_items(6, 2)
    assert [value for value, _ in items] == [0, 1, 4, 9, 16, 25]
    here = os.getpid()
    assert [pid == here for _, pid in items] == [True, True, False, False, False, False]


def test_the_items_of_a_helper_that_dies_are_made_here():
    def dying_after_two():
        def make(index):
            if index >= 3:
                os._exit(9)  # as if killed
            return made_by(index)
        return make

    items = shared_items(6, 1, dying_after_two)
    assert [value for value, _ in items] == [0, 1, 4, 9, 16, 25]
    assert [pid == os.getpid() for _, pid in items] == [True, False, False, True, True, True]


def test_a_helper_that_cannot_start_leaves_every_item_to_this_process():
    def broken():
        raise RuntimeError("no maker")

    items = shared_items(4, 0, broken)
    assert [value for value, _ in items] == [0, 1, 4, 9]
    assert {pid for _, pid in items} == {os.getpid()}


def test_an_error_in_the_helper_is_raised_where_its_item_comes():
    def failing_at_three():
        def make(index):
            if index == 3:
                raise ValueError(f"item {index} is bad")
            return made_by(index)
        return make

    shared = SharedWork(6, 1, made_by, failing_at_three)
    got = []
    with pytest.raises(ValueError, match="item 3 is bad"):
        for value, _ in shared.in_order():
            got.append(value)
    shared.close()
    assert got == [0, 1, 4]


class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("not for pickling")


def test_an_error_that_does_not_pickle_is_met_again_here():
    """The helper cannot send it, so this process makes that item itself and meets the error
    (here it makes the item fine: the error was the helper's alone)."""
    def failing_in_the_helper():
        def make(index):
            if index == 2:
                raise Unpicklable()
            return made_by(index)
        return make

    items = shared_items(4, 0, failing_in_the_helper)
    assert [value for value, _ in items] == [0, 1, 4, 9]
    assert [pid == os.getpid() for _, pid in items] == [False, False, True, True]


def test_closing_early_stops_the_helper_and_its_pipe_reader():
    def slow():
        def make(index):
            if index > 1:
                threading.Event().wait(60)
            return made_by(index)
        return make

    shared = SharedWork(5, 0, made_by, slow)
    first = next(shared.in_order())
    shared.close()
    assert first[0] == 0
    assert shared.process is None and shared.reader is None
    assert not [t for t in threading.enumerate() if t.name == "pagesetter-pipe"]


def test_beside_returns_the_helpers_result_or_raises_its_error():
    assert ForkedCall(made_by, 7).result()[0] == 49
    with pytest.raises(ZeroDivisionError):
        ForkedCall(lambda x: 1 / x, 0).result()


def test_the_helpers_pipe_has_room_for_a_placed_page():
    """Regression: a placed page (about 150 kB pickled) did not fit the default 64 kB pipe, so
    the helper waited for this process's reader thread, which gets the interpreter lock only
    at a switch interval while the main thread draws: 13 ms a page on 16 distinct pages."""
    import fcntl

    from pagesetter.parallel import PIPE_ROOM, widened

    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("pipes cannot be widened here")
    with open("/proc/sys/fs/pipe-max-size") as fh:
        if int(fh.read()) < PIPE_ROOM:
            pytest.skip("this system's pipes are limited below PIPE_ROOM")
    read, write = os.pipe()
    try:
        widened(write)
        assert fcntl.fcntl(write, fcntl.F_GETPIPE_SZ) >= PIPE_ROOM > 200_000
    finally:
        os.close(read)
        os.close(write)
