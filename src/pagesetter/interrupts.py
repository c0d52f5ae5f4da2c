"""Ctrl-C and SIGTERM, held back while a file is being put in place or taken away.

A build stops on Ctrl-C (KeyboardInterrupt) or SIGTERM (raised as one, cli.py). Raised between
creating a temporary file and recording it, or half-way through removing the staged files, it
would leave a `.pagesetter-*.tmp` behind — and a batch's workers are interrupted twice (by the
terminal and by the batch), the second often while the first is being cleaned up. Inside
`interrupts_deferred()` such a signal is only noted; it is raised as the block ends.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator

#: The signals that stop a build (cli: Ctrl-C, and SIGTERM raised as Ctrl-C).
STOPS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold STOPS back for a short block, then answer the first that came, as its handler
    would have. Python runs signal handlers only in the main thread, so elsewhere there is
    nothing to hold back; nor is there where a handler was set outside Python (it could not
    be put back)."""
    if threading.current_thread() is not threading.main_thread() or \
            any(signal.getsignal(signum) is None for signum in STOPS):
        yield
        return
    arrived: list[signal.Signals] = []

    def note(signum, frame):
        arrived.append(signal.Signals(signum))

    previous = {signum: signal.signal(signum, note) for signum in STOPS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if arrived:  # answered even if the block failed: the user asked to stop
            handler = previous[arrived[0]]
            if callable(handler):
                handler(arrived[0], None)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(arrived[0])
