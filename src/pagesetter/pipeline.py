"""The build pipeline for one issue: load → compose → place → render → finish.

Pages render into one document so that they share font subsets and photos. (Rendering pages in
parallel processes was measured: every page then carries its own font subsets and photo copies
— a 16-page file grew from 1.5 MB to 11 MB.) Placing is what costs most on pages whose copy is
new, and placed pages are plain data, so several pages are placed in two processes; batch mode
spends its processes on whole issues instead (see cli.py).
"""
from __future__ import annotations

import os
import pickle
from typing import Sequence

from .compose import Composer
from .model import Issue, Page
from .place import place_page
from .placed import PlacedPage
from .render.pdf import render_pdf
from .render.pdfx import DocumentInfo, finish_pdfx


def place_pages(issue: Issue, grid: bool = False, workers: int = 1) -> list[PlacedPage]:
    """Every page composed and placed. With two workers or more, the second half of the pages
    is placed by a forked process while this one places the first half; composition is a pure
    function of the copy, so the pages are the same either way."""
    composer = Composer(issue.format)
    pages = issue.pages
    half = (len(pages) + 1) // 2
    if workers < 2 or len(pages) < 2 or not hasattr(os, "fork") \
            or _copy_repeats(pages[:half], pages[half:]):
        return [place_page(issue, page, composer, grid) for page in pages]
    helper = _PlacingProcess(issue, pages[half:], composer, grid)
    try:
        first = [place_page(issue, page, composer, grid) for page in pages[:half]]
    except BaseException:
        helper.abandon()
        raise
    rest = helper.result()
    if rest is None:  # the helper died (killed, out of memory): place its pages here
        rest = [place_page(issue, page, composer, grid) for page in pages[half:]]
    return first + rest


def _copy_repeats(first: Sequence[Page], rest: Sequence[Page]) -> bool:
    """Whether most of the later pages' copy also stands on the earlier ones. Such copy is
    composed once and looked up afterwards, so one process places it faster than two, the
    second composing it all again."""
    seen = {block.text for page in first for article in page.articles
            for block in article.blocks}
    later = [block.text for page in rest for article in page.articles
             for block in article.blocks]
    repeated = sum(len(text) for text in later if text in seen)
    return 2 * repeated > sum(len(text) for text in later)


class _PlacingProcess:
    """A forked process that places some pages and sends them back pickled through a pipe (or
    the exception that stopped it, raised again here)."""

    def __init__(self, issue: Issue, pages: tuple[Page, ...], composer: Composer,
                 grid: bool) -> None:
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the helper: place, send, and leave without running any cleanup
            os.close(read_end)
            try:
                try:
                    payload = ("pages", [place_page(issue, page, composer, grid)
                                         for page in pages])
                    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
                except Exception as exc:  # noqa: BLE001 — raised again in the parent
                    data = _pickled_error(exc)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
            finally:
                os._exit(0)
        os.close(write_end)
        self.read_end = read_end

    def result(self) -> list[PlacedPage] | None:
        """The helper's pages; its error raised again; None if it ended without either."""
        with os.fdopen(self.read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(self.pid, 0)
        try:
            kind, value = pickle.loads(data)
        except Exception:  # noqa: BLE001 — nothing or half a message: no result
            return None
        if kind == "error":
            raise value
        return value

    def abandon(self) -> None:
        import signal

        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.read_end)


def _pickled_error(exc: Exception) -> bytes:
    try:
        return pickle.dumps(("error", exc), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 — an exception that cannot travel: say what it was
        return pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


def issue_pdf(issue: Issue, pages: list[PlacedPage]) -> bytes:
    """The finished PDF/X file of the placed pages."""
    pdf = render_pdf(pages)
    title = pages[0].title if len(pages) == 1 else f"{issue.publication} 第{issue.number}期"
    info = DocumentInfo(title=title, author=issue.publication,
                        subject=f"{issue.publication} 第{issue.number}期 {issue.date}",
                        date=issue.date)
    return finish_pdfx(pdf, info)
