"""interrupts.py: Ctrl-C and SIGTERM held back for a block, then answered as their handlers
would have."""
from __future__ import annotations

import signal
import threading

import pytest

from pagesetter.interrupts import interrupts_deferred


def test_an_interrupt_inside_the_block_is_raised_only_as_it_ends():
    steps = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts_deferred():
            signal.raise_signal(signal.SIGINT)
            steps.append("after the signal")
    assert steps == ["after the signal"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_interrupt_is_answered_even_when_the_block_fails():
    with pytest.raises(KeyboardInterrupt) as raised:
        with interrupts_deferred():
            signal.raise_signal(signal.SIGINT)
            raise OSError("disk full")
    assert isinstance(raised.value.__context__, OSError)


@pytest.mark.parametrize("handler, raised", [
    (signal.SIG_IGN, None),  # a batch worker between issues ignores Ctrl-C
    (signal.default_int_handler, KeyboardInterrupt),
])
def test_the_handler_in_place_before_the_block_answers(handler, raised):
    previous = signal.signal(signal.SIGINT, handler)
    try:
        if raised is None:
            with interrupts_deferred():
                signal.raise_signal(signal.SIGINT)
        else:
            with pytest.raises(raised), interrupts_deferred():
                signal.raise_signal(signal.SIGINT)
        assert signal.getsignal(signal.SIGINT) is handler
    finally:
        signal.signal(signal.SIGINT, previous)


def test_sigterm_is_held_back_as_ctrl_c_is():
    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        steps = []
        with pytest.raises(KeyboardInterrupt), interrupts_deferred():
            signal.raise_signal(signal.SIGTERM)
            steps.append("after the signal")
        assert steps == ["after the signal"]
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_outside_the_main_thread_the_block_runs_as_it_is():
    ran = []

    def body():
        with interrupts_deferred():  # signal.signal would raise ValueError here
            ran.append(True)

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    assert ran == [True]
