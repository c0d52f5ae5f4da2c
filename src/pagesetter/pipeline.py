"""The build of one issue, stage by stage: load → compose and place → render → finish.

Pages render into one document so that they share font subsets and photos. Placing is what
costs most on pages whose copy is new, and placed pages are plain data, so the later half of an
issue's pages is placed by a second process while this one places the first half; batch mode
spends its processes on whole issues instead (see cli.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .compose import Composer
from .model import Issue, Page
from .parallel import Beside
from .place import place_page
from .placed import PlacedPage


@dataclass(frozen=True)
class BuildOptions:
    """What the command line asked for, as the build sees it."""

    output: Path | None = None  # the PDF; default out/<issue stem>.pdf
    output_dir: bool = False  # `output` is a folder to write <issue stem>.pdf in
    allow_overset: bool = False
    grid: bool = False  # proof overlay on a non-printing layer
    dump: Path | None = None
    png: Path | None = None  # folder of page images
    alto: Path | None = None  # folder of ALTO files
    dpi: int = 300
    check: bool = True  # preflight the written PDF
    marks: bool = True  # crop and registration marks and a slug outside the bleed
    workers: int = 1  # processes placing one issue's pages
    split: bool = False  # one PDF per page (<stem>-p<N>.pdf) instead of one for the issue

    def output_for(self, issue_file: Path) -> Path:
        """The PDF to write: `output`, or <stem>.pdf inside it when it names a folder, or
        out/<stem>.pdf."""
        name = f"{issue_file.stem}.pdf"
        if self.output is None:
            return Path("out") / name
        return self.output / name if self.output_dir else self.output

    def pdfs_for(self, issue_file: Path, page_numbers: Sequence[int]) -> list[Path]:
        """The PDFs one build writes: the issue's, or with `split` one per page beside it."""
        whole = self.output_for(issue_file)
        if not self.split:
            return [whole]
        return [whole.with_name(f"{issue_file.stem}-p{n}.pdf") for n in page_numbers]


def input_files(issue: Issue) -> list[Path]:
    """Every file the build reads: the issue, its format, its faces and its photos."""
    fmt = issue.format
    photos = [photo.file for page in issue.pages for photo in page.photos]
    return [issue.source, fmt.source, *fmt.fonts.values(), *photos]


def place_pages(issue: Issue, grid: bool = False, workers: int = 1) -> list[PlacedPage]:
    """Every page composed and placed. With two workers or more, the second half of the pages
    is placed by another process while this one places the first half; composition is a pure
    function of the copy, so the pages are the same either way. Characters missing from the
    faces are reported all together, once every page has been set."""
    pages = issue.pages
    composer = Composer.for_format(issue.format)
    half = (len(pages) + 1) // 2
    if workers < 2 or len(pages) < 2 or _copy_repeats(pages[:half], pages[half:]):
        placed = [place_page(issue, page, composer, grid) for page in pages]
    else:
        later = Beside(_place_from, issue, half, grid)
        try:
            placed = [place_page(issue, page, composer, grid) for page in pages[:half]]
            rest, missing = later.result()
        finally:
            later.close()
        placed += rest
        composer.missing += missing
    composer.check_missing()
    return placed


def _place_from(issue: Issue, start: int, grid: bool) -> tuple[list[PlacedPage], list]:
    """Pages `start`… of `issue`, placed in a worker process with a composer of its own, and
    the characters its faces lacked."""
    composer = Composer.for_format(issue.format)
    pages = [place_page(issue, page, composer, grid) for page in issue.pages[start:]]
    return pages, composer.missing


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
    from .render.pdfx import DocumentInfo, finish_pdfx

    title = pages[0].title if len(pages) == 1 else f"{issue.publication} 第{issue.number}期"
    info = DocumentInfo(title=title, author=issue.publication,
                        subject=f"{issue.publication} 第{issue.number}期 {issue.date}",
                        date=issue.date,
                        proof="overset" if any(p.overset for p in pages) else "")
    return finish_pdfx(render_pdf(pages, marks), info)
