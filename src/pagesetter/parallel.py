"""One piece of work done by a helper process while this one does another.

Both stages that split a document in two use it: placing pages (pipeline) and walking their
content in the preflight (check). The helper is forked, so it starts with everything this
process has loaded (faces, parsed copy) and only its result crosses back. Where fork is not
available, or the helper dies (killed, out of memory), the work is done here instead: the
result is the same, only slower.
"""
from __future__ import annotations

from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class Beside(Generic[T]):
    """`work(*args)`, started in a forked helper at once; `result()` waits for it."""

    def __init__(self, work: Callable[..., T], *args) -> None:
        self.work, self.args = work, args
        self.pool = self.future = None
        try:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            self.future = self.pool.submit(work, *args)
        except (ValueError, OSError):  # no fork on this system, or no process to be had
            self.close()

    def result(self) -> T:
        from concurrent.futures.process import BrokenProcessPool

        try:
            if self.future is not None:
                return self.future.result()
        except BrokenProcessPool:
            pass
        finally:
            self.close()
        return self.work(*self.args)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self.future = None
