"""The finishing of a build's documents — PDF/X (render/pdfx.py) and the preflight (preflight/) —
done here, or by a helper process forked as the command starts, which also loads its issue.

Both need pikepdf and the preflight's modules, which take about as long to import as a page takes
to place, and a build needs neither until its pages are drawn. So `pagesetter ISSUE.yaml` forks
a helper before it imports anything else (cli.py): the helper loads the issue (YAML, its checks,
its format) while this process imports composition and drawing, which loading does not need;
then it imports the finishing and waits. Each drawn document is sent to it, finished and
preflighted there (the build sums the layout's ink meanwhile), and only the loaded issue, bytes,
the document's info and the preflight's report cross the pipes. Where the helper cannot start,
has died or fails, the issue is loaded and the document finished here instead: the same issue,
the same bytes, the same report, and an error raised where it always was (docs/performance.md,
"The command's helper").
"""
from __future__ import annotations

import contextlib
import io
import os
import pickle
import signal
import struct
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .interrupts import STOPS
from .parallel import stops_held, widened
from .render.document_info import DocumentInfo

if TYPE_CHECKING:
    from .model import Issue
    from .preflight.report import Report


class Finishing:
    """Finishes documents in this process."""

    def loaded(self, path: Path) -> Issue | None:
        """The issue at `path` as a helper loaded it, or None: here nothing is loaded ahead."""
        return None

    def finish(self, drawn: bytes, info: DocumentInfo, check_as: Path | None = None,
               known_ink: Callable[[], list[str]] = list, workers: int = 1) \
            -> tuple[bytes, Report | None]:
        """The drawn document finished as PDF/X and, when it will be written to `check_as`,
        preflighted there with the total-ink problems `known_ink()` finds in its layout."""
        pdf = self.pdfx(drawn, info)
        if check_as is None:
            return pdf, None
        return pdf, self.preflight(check_as, pdf, known_ink(), workers)

    def pdfx(self, drawn: bytes, info: DocumentInfo) -> bytes:
        """The drawn document finished as PDF/X (render.pdfx.finish_pdfx)."""
        from .render.pdfx import finish_pdfx

        return finish_pdfx(drawn, info)

    def preflight(self, out: Path, pdf: bytes, known_ink: list[str], workers: int) -> Report:
        """`pagesetter check` on the bytes a build is about to write to `out`, with its total
        ink known from the layout and its glyphs from composition (see build._build)."""
        from .preflight import check_pdf

        return check_pdf(out, known_ink=known_ink, data=pdf, glyphs=False, workers=workers)

    def close(self) -> None:
        """Nothing to stop here."""


#: Finishing in this process: what a build uses unless it is given a helper.
HERE = Finishing()


class FinishingHelper(Finishing):
    """Finishes documents in a helper forked when it is made, which first loads `issue` if it is
    given (see the module). Close it (or use it as a context manager) when the build is over:
    the helper is stopped and waited for."""

    def __init__(self, issue: Path | None = None) -> None:
        self.pid: int | None = None
        self.requests = self.replies = -1  # this process's ends of the two pipes
        self.loading: Path | None = None  # the issue whose load is the first reply to come
        if threading.active_count() > 1:
            # A fork copies only the forking thread: a lock another thread holds (an import's,
            # a stream's) would never be released in the helper, which then hangs. The command
            # forks before it starts any thread; a host with threads finishes here.
            return
        try:
            requests_read, requests_write = os.pipe()
        except OSError:
            return
        try:
            replies_read, replies_write = os.pipe()
        except OSError:
            os.close(requests_read)
            os.close(requests_write)
            return
        widened(replies_write)  # a loaded issue of many pages is sent without waiting
        try:
            with stops_held():  # the helper sets its own answer to them first
                pid = os.fork()
        except (OSError, AttributeError):  # no fork here, or no process to be had
            for fd in (requests_read, requests_write, replies_read, replies_write):
                os.close(fd)
            return
        if pid == 0:
            os.close(requests_write)
            os.close(replies_read)
            _serve(requests_read, replies_write, issue)  # never returns
        os.close(requests_read)
        os.close(replies_write)
        self.pid, self.requests, self.replies = pid, requests_write, replies_read
        self.loading = issue

    def __enter__(self) -> FinishingHelper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def finish(self, drawn: bytes, info: DocumentInfo, check_as: Path | None = None,
               known_ink: Callable[[], list[str]] = list, workers: int = 1) \
            -> tuple[bytes, Report | None]:
        """Finishing.finish, by the helper: the layout's ink is summed here while the helper
        makes the PDF/X, and the finished bytes cross back once, with their report."""
        done = self._ask((drawn, info, check_as, workers), known_ink if check_as else None)
        if done is None:  # the helper has no answer: finished here, errors raised here
            return super().finish(drawn, info, check_as, known_ink, workers)
        return done

    def loaded(self, path: Path) -> Issue | None:
        """The issue at `path` as the helper loaded it while this process imported, its input
        errors raised here (InputError); None when it was asked for another issue or has no
        answer, or its load failed otherwise (loaded here again, to raise what it raised)."""
        asked = self.loading
        answer = self._answer(lambda: None) if asked is not None else None
        if asked != path or answer is None:
            return None
        if isinstance(answer, Exception):
            raise answer
        return answer

    def _ask(self, request: tuple, then: Callable[[], list[str]] | None) -> Any:
        """The helper's answer to `request` (sending it what `then()` gives once the request
        is on its way), or None when it has none."""
        if self.loading is not None:  # a load nobody took: its answer comes first
            self._answer(lambda: None)

        def sent() -> None:
            _send(self.requests, request)
            if then is not None:
                _send(self.requests, then())

        return self._answer(sent)

    def _answer(self, ask: Callable[[], None]) -> Any:
        """The helper's next answer once `ask()` has run, or None when it has none. Stopped by
        Ctrl-C half-way through a message, the helper is stopped."""
        self.loading = None
        if self.pid is None:
            return None
        try:
            ask()
            done, value = pickle.loads(_received(self.replies))
        except (OSError, EOFError, pickle.PickleError, struct.error):
            self.close()
            return None
        except BaseException:
            self.close()
            raise
        return value if done else None

    def close(self) -> None:
        """Stop the helper, waiting or not: it holds no file and owes no answer."""
        for fd in (self.requests, self.replies):
            if fd >= 0:
                os.close(fd)
        self.requests = self.replies = -1
        if self.pid is not None:
            pid, self.pid = self.pid, None
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):  # already waited for elsewhere
                os.waitpid(pid, 0)


def _serve(requests: int, replies: int, issue: Path | None) -> None:
    """In the helper: load `issue` and answer with it, import the finishing, then answer each
    request with (True, result), or (False, None) when the work fails or its result does not
    pickle (the caller does it again itself, to raise the error as it would have). Ctrl-C
    reaches the whole process group: the helper ignores it and the caller stops it. It ends at
    the end of the request pipe, without the caller's exit handlers or buffered output."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)
    try:
        if issue is not None:
            _send_bytes(replies, _loaded(issue))
        import multiprocessing  # noqa: F401 — the preflight's page walker (parallel.py)

        from . import preflight  # noqa: F401 — imported now, while the caller does the rest
        from .preflight import content, document  # noqa: F401
        from .render import pdfx  # noqa: F401

        while True:
            try:
                drawn, info, check_as, workers = pickle.loads(_received(requests))
            except (EOFError, OSError):
                return
            _send_bytes(replies, _finished(requests, drawn, info, check_as, workers))
    finally:
        os._exit(0)


def _loaded(path: Path) -> bytes:
    """In the helper: the answer to the load of `path`: the issue, or the InputError that
    stopped it (True, either), or (False, None). What loading would print (the cache folder's
    warning) is left to the caller, which prints it when it uses the cache itself."""
    from .errors import InputError
    from .kept import Kept, keeping
    from .loader import load_issue

    try:
        try:
            # Kept for the load, as a build keeps it: the cache folder's secret and size are
            # looked at once.
            with contextlib.redirect_stderr(io.StringIO()), keeping(Kept()):
                result: Issue | InputError = load_issue(path)
        except InputError as exc:
            result = exc
        return pickle.dumps((True, result), pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 — the caller loads it again and raises it
        return pickle.dumps((False, None))


def _finished(requests: int, drawn: bytes, info: DocumentInfo, check_as: Path | None,
              workers: int) -> bytes:
    """In the helper: the reply to one request, the PDF/X made while the caller sums the ink
    it then sends (read even when the PDF/X failed, so the next request starts clean)."""
    try:
        pdf: bytes | None = HERE.pdfx(drawn, info)
    except Exception:  # noqa: BLE001 — the caller does it again and raises it
        pdf = None
    ink: list[str] = pickle.loads(_received(requests)) if check_as is not None else []
    try:
        if pdf is None:
            return pickle.dumps((False, None))
        report = None if check_as is None else HERE.preflight(check_as, pdf, ink, workers)
        return pickle.dumps((True, (pdf, report)), pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 — as above
        return pickle.dumps((False, None))


def _send(fd: int, message: object) -> None:
    _send_bytes(fd, pickle.dumps(message, pickle.HIGHEST_PROTOCOL))


def _send_bytes(fd: int, data: bytes) -> None:
    view = memoryview(struct.pack("<Q", len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _received(fd: int) -> bytes:
    """The next message from the pipe; EOFError at its end."""
    (length,) = struct.unpack("<Q", _read_exactly(fd, 8))
    return _read_exactly(fd, length)


def _read_exactly(fd: int, length: int) -> bytes:
    chunks = []
    while length:
        chunk = os.read(fd, min(length, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        length -= len(chunk)
    return b"".join(chunks)
