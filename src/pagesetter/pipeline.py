"""The build pipeline for one issue: load → compose → place → render → finish.

Pages render into one document so that they share font subsets and photos. (Pages in
parallel processes were measured: 12 % faster on two cores for 16 pages, but every page then
carries its own font subsets and photo copies — a 16-page file grew from 1.5 MB to 11 MB — so
parallelism is spent on whole issues in batch mode instead; see cli.py.)
"""
from __future__ import annotations

from .compose import Composer
from .model import Issue
from .place import place_issue
from .placed import PlacedPage
from .render.pdf import render_pdf
from .render.pdfx import DocumentInfo, finish_pdfx


def place_pages(issue: Issue, grid: bool = False) -> list[PlacedPage]:
    return place_issue(issue, Composer(issue.format), grid=grid)


def issue_pdf(issue: Issue, pages: list[PlacedPage]) -> bytes:
    """The finished PDF/X file of the placed pages."""
    pdf = render_pdf(pages)
    title = pages[0].title if len(pages) == 1 else f"{issue.publication} 第{issue.number}期"
    info = DocumentInfo(title=title, author=issue.publication,
                        subject=f"{issue.publication} 第{issue.number}期 {issue.date}",
                        date=issue.date)
    return finish_pdfx(pdf, info)
