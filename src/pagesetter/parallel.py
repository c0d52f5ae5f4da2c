"""Work shared with a helper process while this one does its own part.

Both stages that split a document use it: placing pages (pipeline) and walking their content
in the preflight (check). The helper is forked, so it starts with everything this
process has loaded (faces, parsed copy) and only its result crosses back, pickled through a
pipe. Where fork is not available, or the helper dies (killed, out of memory), the work is done
here instead: the result is the same, only slower.

A bare process and pipe rather than a process pool: a pool's result crosses through a thread
of this process that unpickles it while the main thread is still at its own half (the two
fight over the interpreter lock), and starting the pool's threads and queues costs more than
the fork (docs/performance.md, "The placing helper"). Results are
sent one by one as they are made, so a caller can use the first while the helper makes the
next (pipeline.draw_issue).
"""
from __future__ import annotations

import contextlib
import pickle
import queue
import signal
import threading
from typing import Callable, Generic, Iterator, TypeVar

from .interrupts import STOPS

T = TypeVar("T")


class ForkedCall(Generic[T]):
    """`work(*args)`, started in a forked helper at once; `result()` waits for it (a SharedWork
    of one item)."""

    def __init__(self, work: Callable[..., T], *args) -> None:
        def run(_index: int) -> T:
            return work(*args)

        self.shared = SharedWork(1, 0, run, lambda: run)

    def result(self) -> T:
        try:
            return next(self.shared.in_order())
        finally:
            self.shared.close()

    def close(self) -> None:
        self.shared.close()


class SharedWork(Generic[T]):
    """Items 0 … count−1, shared with a forked helper: this process makes the first `first`
    when they are wanted, the helper makes the rest in order and sends each back as soon as it
    is made, so this process can use one item while the helper makes the next. `in_order`
    yields them all in order.

    `make_here(i)` makes item i in this process; `helper_maker()` is called once in the helper
    and returns its own maker (with its own caches). A thread here drains the pipe as items
    arrive (it waits in the kernel, not for the interpreter lock), so the helper never waits for
    this process; an item is unpickled when it is wanted. An exception the helper's maker
    raises is raised where its item would come; when the helper dies or cannot start, this
    process makes the items it did not send."""

    def __init__(self, count: int, first: int, make_here: Callable[[int], T],
                 helper_maker: Callable[[], Callable[[int], T]]) -> None:
        self.count, self.first, self.make_here = count, first, make_here
        self.process = self.reader = None
        self.arrived: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        try:
            import multiprocessing

            context = multiprocessing.get_context("fork")
            receiver, sender = context.Pipe(duplex=False)
            widened(sender.fileno())
            self.process = context.Process(target=_make_and_send,
                                           args=(sender, helper_maker, first, count),
                                           daemon=True, name="pagesetter-helper")
            with stops_held():  # the helper sets its own answer to them first
                self.process.start()
            sender.close()  # so that a helper that dies is seen as the end of the pipe
        except (ValueError, OSError):  # no fork on this system, or no process to be had
            self.close()
            self.arrived.put(None)
            return
        self.reader = threading.Thread(target=_drain, args=(receiver, self.arrived),
                                       daemon=True, name="pagesetter-pipe")
        self.reader.start()

    def in_order(self) -> Iterator[T]:
        for index in range(self.first):
            yield self.make_here(index)
        sent = self.first  # the next item the helper sends
        while sent < self.count and (message := self.arrived.get()) is not None:
            try:
                ok, value = pickle.loads(message)
            except Exception:  # noqa: BLE001 — does not unpickle here: made here instead
                break
            if not ok and value is None:  # an exception that does not pickle: made here
                break
            if not ok:
                raise value
            yield value
            sent += 1
        for index in range(sent, self.count):  # what the helper did not send
            yield self.make_here(index)

    def close(self) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()
            self.process = None
        if self.reader is not None:
            self.reader.join()  # the pipe is at its end once the helper is gone
            self.reader = None


def _make_and_send(sender, helper_maker: Callable, first: int, count: int) -> None:
    """In the helper: (True, item) for items first … count−1 in order, or (False, exception)
    for the first that fails — (False, None) when the exception or item does not pickle — and
    stop there. The caller stops the helper (on Ctrl-C, SIGTERM or an error): it ignores Ctrl-C,
    which reaches the whole process group, and dies quietly on SIGTERM instead of raising the
    caller's KeyboardInterrupt (which would print a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)
    try:
        make = helper_maker()
        for index in range(first, count):
            try:
                message = (True, make(index))
            except Exception as exc:  # noqa: BLE001 — raised again in the caller
                message = (False, exc)
            try:
                sender.send(message)
            except Exception:  # noqa: BLE001 — does not pickle: the caller makes it
                sender.send((False, None))
                return
            if not message[0]:
                return
    finally:  # a maker that cannot start ends the pipe at once: the caller makes every item
        sender.close()


@contextlib.contextmanager
def stops_held() -> Iterator[None]:
    """STOPS held back from this thread while it forks: the helper starts with them blocked
    and unblocks them once it has set its own handlers, so that a Ctrl-C at the moment of the
    fork cannot reach the helper while it still has the build's handler (a traceback). Held
    signals reach this process as soon as the fork is done."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _drain(receiver, arrived: queue.SimpleQueue) -> None:
    try:
        while True:
            arrived.put(receiver.recv_bytes())
    except (EOFError, OSError):
        pass
    finally:
        receiver.close()
        arrived.put(None)


#: Room in the helper's pipe (Linux: at most /proc/sys/fs/pipe-max-size, 1 MiB by default).
PIPE_ROOM = 1 << 20


def widened(fd: int) -> None:
    """Room in the pipe `fd` for a few placed pages (or a loaded issue), so a helper sends one
    and goes on at once: in a pipe of the default size a page does not fit, and the helper
    waited for this process's reader thread, which takes the interpreter lock only at a switch
    interval while the main thread draws (docs/performance.md). Where the system cannot widen
    pipes (not Linux, or a lower limit), the pipe stays as it is."""
    import fcntl

    setter = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setter is None:
        return
    try:
        fcntl.fcntl(fd, setter, PIPE_ROOM)
    except OSError:
        pass
