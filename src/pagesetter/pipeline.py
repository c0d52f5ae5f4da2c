"""The build of one issue, stage by stage: load → compose and place → render → finish.

Pages render into one document so that they share font subsets and photos. Placing is what
costs most on pages whose copy is new, and placed pages are plain data, so a second process
places most of the pages and sends each back as it is placed while this one places the first
few and draws each page as it arrives (draw_issue); batch mode spends its processes on whole
issues instead (see cli.py).
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Generator, Iterator, Sequence

from .compose import Composer
from .errors import InputError
from .finishing import HERE
from .model import Issue, Page
from .parallel import SharedWork
from .place import place_page
from .placed import PlacedPage
from .render.document_info import DocumentInfo


def input_files(issue: Issue) -> list[Path]:
    """Every file the build reads: the issue, its format, its faces and its photos."""
    fmt = issue.format
    photos = [photo.file for page in issue.pages for photo in page.photos]
    return [issue.source, fmt.source, *fmt.fonts.values(), *photos]


def place_pages(issue: Issue, grid: bool = False, workers: int = 1, proof: bool = False,
                effort: int = 1) -> list[PlacedPage]:
    """Every page composed and placed (see placed_pages)."""
    with contextlib.closing(placed_pages(issue, grid, workers, proof=proof,
                                         effort=effort)) as pages:
        return list(pages)


#: This process's share of the pages when it only places them, and when it also draws every
#: page as it comes (draw_issue): drawing a page takes about a third as long as placing new
#: copy, so this process places five sixteenths of the pages and draws them all while the
#: helper places the rest (docs/performance.md, "The placing helper").
PLACING_SHARE = 0.5
DRAWING_SHARE = 0.3125


def placed_pages(issue: Issue, grid: bool = False, workers: int = 1,
                 share: float = PLACING_SHARE, proof: bool = False,
                 effort: int = 1) -> Generator[PlacedPage, None, None]:
    """Every page composed and placed, in order, each as soon as it is ready. With two workers
    or more the pages are shared with a forked helper (parallel.SharedWork): this process places
    the first `share` of them, the helper the rest, sending each back as it is placed.
    Composition is a pure function of the copy, so the pages are the same either way. An error
    on a page is raised where that page would come; characters missing from the faces are
    reported all together once every page has been set. Close the iterator when stopping early
    (it stops the helper). `proof` and `effort`: see place.place_page."""
    pages = issue.pages
    composer = Composer.for_issue(issue)

    def here(index: int) -> tuple[PlacedPage, list]:
        return _placed_with_missing(issue, index, composer, grid, proof, effort)

    first = max(1, round(len(pages) * share))
    if workers < 2 or len(pages) < 2 or _copy_repeats(pages[:first], pages[first:]):
        made: Iterator[tuple[PlacedPage, list]] = map(here, range(len(pages)))
        shared = None
    else:
        shared = SharedWork(len(pages), first, here,
                        lambda: _helper_placer(issue, grid, proof, effort))
        made = shared.in_order()
    try:
        for placed, missing in made:
            composer.missing += missing
            yield placed
    except InputError as exc:
        raise _with_missing(exc, composer, composer.missing) from None
    finally:
        if shared is not None:
            shared.close()
    composer.check_missing()


def _placed_with_missing(issue: Issue, index: int, composer: Composer, grid: bool,
                         proof: bool = False, effort: int = 1) -> tuple[PlacedPage, list]:
    """Page `index` placed, with the characters its faces lacked (taken off the composer's
    list, so that the caller reports them in page order)."""
    before = len(composer.missing)
    try:
        placed = place_page(issue, issue.pages[index], composer, grid, proof, effort)
    except InputError as exc:
        raise _with_missing(exc, composer, composer.missing[before:]) from None
    finally:
        missing = composer.missing[before:]
        del composer.missing[before:]
    return placed, missing


def _with_missing(exc: InputError, composer: Composer, missing: list) -> InputError:
    """`exc` with the characters the faces lacked so far reported beside it: every problem in
    one run, and a character set as a blank may be what made the copy overflow."""
    if not missing:
        return exc
    also = tuple(d for d in composer.missing_error(missing).diagnostics
                 if d not in exc.diagnostics)
    return InputError(exc.pos, exc.message, exc.field, exc.hint, (*exc.also, *also))


def _helper_placer(issue: Issue, grid: bool, proof: bool, effort: int):
    """The helper's page placer, with a composer of its own."""
    composer = Composer.for_issue(issue)
    return lambda index: _placed_with_missing(issue, index, composer, grid, proof, effort)


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


def issue_pdf(issue: Issue, pages: Sequence[PlacedPage], marks: bool = True) -> bytes:
    """The finished PDF/X file of the placed pages (an overset proof when copy does not fit:
    not PDF/X, marked as a proof)."""
    from .render.pdf import render_pdf

    return finish_issue_pdf(issue, pages, render_pdf(pages, marks))


@dataclass(frozen=True)
class Drawn:
    """An issue's pages, placed and drawn into one document not yet finished as PDF/X."""

    pages: tuple[PlacedPage, ...]
    pdf: bytes


def draw_issue(issue: Issue, grid: bool = False, workers: int = 1, marks: bool = True,
               proof: bool = False, effort: int = 1) -> Drawn:
    """Every page placed and drawn into one document, each page drawn as soon as it is placed:
    with two workers, this process places the first pages and draws each page as it comes
    while the helper places the rest (placed_pages with DRAWING_SHARE). Errors are those of
    placed_pages."""
    from .render.pdf import render_pdf

    placed: list[PlacedPage] = []

    def noted(pages: Iterator[PlacedPage]) -> Iterator[PlacedPage]:
        for page in pages:
            placed.append(page)
            yield page

    with contextlib.closing(placed_pages(issue, grid, workers, DRAWING_SHARE, proof,
                                         effort)) as pages:
        pdf = render_pdf(noted(pages), marks)
    return Drawn(tuple(placed), pdf)


def finish_issue_pdf(issue: Issue, pages: Sequence[PlacedPage], drawn: bytes) -> bytes:
    """The drawn document of `pages` finished as PDF/X, with the issue's title and subject (an
    overset proof is marked as one and is not PDF/X)."""
    return HERE.finish(drawn, document_info(issue, pages))[0]


def document_info(issue: Issue, pages: Sequence[PlacedPage]) -> DocumentInfo:
    """What the finished document of `pages` says about itself."""
    title = pages[0].title if len(pages) == 1 else f"{issue.publication} 第{issue.number}期"
    return DocumentInfo(title=title, author=issue.publication,
                        subject=f"{issue.publication} 第{issue.number}期 {issue.date}",
                        date=issue.date,
                        proof="overset" if any(p.overset for p in pages) else "",
                        page_numbers=tuple(p.number for p in pages))
