"""Batch mode: several issues built at once (`pagesetter a.yaml b.yaml …`), each by a worker
process running the one build (build.py), their results shown in issue order.

On Ctrl-C (or SIGTERM) the issues not started are dropped and the workers' builds are
interrupted — each keeps the old files or has put all its new ones in place — and the files they
wrote are added to the caller's record, for the message.
"""
from __future__ import annotations

import contextlib
import os
import signal
from dataclasses import replace
from pathlib import Path

from .build import Built, build_issue
from .errors import EXIT_INTERRUPTED
from .kept import Kept
from .options import BuildOptions


def build_batch(issues: list[Path], options: BuildOptions, jobs: int,
                written: list[Path]) -> list[Built]:
    """Each issue built by a worker process (at most `jobs` at once); their results in issue
    order, each light (no pages or bytes cross back), the files they wrote added to
    `written`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    stop = context.Event()
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_idle_worker,
                             initargs=(stop,)) as pool:
        futures = [pool.submit(_build_in_worker, f, options) for f in issues]
        try:
            results = [future.result() for future in futures]
        except KeyboardInterrupt:
            stop.set()
            _stop(futures, written)
            raise
    for result in results:  # first, so that an interrupt while they are shown names them
        written.extend(result.written)
    return results


#: In a batch worker: set by the batch's process once it is interrupted.
#: A worker process's own: the batch's stop event, and what its builds share (kept.py).
_STOP = None
_KEPT: Kept | None = None


def _idle_worker(stop) -> None:
    """A batch worker ignores Ctrl-C between issues (it would die with a traceback); the
    interrupt stops the issue it is building, and no issue starts once `stop` is set."""
    global _STOP, _KEPT
    _STOP, _KEPT = stop, Kept()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The finishing modules are imported here, where Ctrl-C is ignored, not in the middle of
    # the first build: an interrupt inside pikepdf's native import ends the worker with
    # "Critical nanobind error" and a traceback instead of an interrupted build.
    from .render import pdfx  # noqa: F401


def _build_in_worker(issue_file: Path, options: BuildOptions) -> Built:
    # Ctrl-C is let in before `stop` is looked at: the batch's process sets `stop` and then
    # interrupts its workers, so an issue either sees `stop` or is interrupted.
    # Ctrl-C is ignored again before the interrupt is answered, so that the batch's second
    # interrupt cannot escape the answer (the worker's files would go unnamed).
    written: list[Path] = []  # what this issue's build puts in place, even if interrupted
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        try:
            if _STOP is not None and _STOP.is_set():
                raise KeyboardInterrupt
            built = build_issue(issue_file, options, kept=_KEPT, written=written)
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    except KeyboardInterrupt:  # interrupted outside the build's own answer to it
        built = Built(EXIT_INTERRUPTED)
    return _light(built, written)


def _light(built: Built, written: list[Path]) -> Built:
    """`built` without what need not cross back to the batch's process (its pages, the issue,
    the bytes), with the files this worker put in place."""
    return replace(built, issue=None, pdf=None, reports=(), pages=(), written=tuple(written))


def _stop(futures: list, written: list[Path]) -> None:
    """After an interrupt: drop the issues not started, interrupt the builds under way (Ctrl-C
    at a terminal reaches the workers too; SIGTERM reaches only this process), wait for them
    and note every file written. A second interrupt stops the wait."""
    import multiprocessing
    from concurrent.futures import wait

    for future in futures:
        future.cancel()
    for worker in multiprocessing.active_children():
        if worker.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(worker.pid, signal.SIGINT)
    wait([future for future in futures if not future.cancelled()])
    for future in futures:
        if future.done() and not future.cancelled() and future.exception() is None:
            written.extend(future.result().written)
