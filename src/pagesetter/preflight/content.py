"""Rules about what the pages draw, found by walking every content stream with its graphics
state the way a RIP does: through forms (which inherit the state at their `Do`), tiling patterns
and Type 3 glyphs, each with its own resources.

Bounded before any work is done: each draw of a content stream is charged its decoded bytes and
an estimate of its tokens (counted while it is inflated, never kept) against one budget per walk,
before it is parsed, so a bomb ends in a "skipped: too large" finding. A form is parsed once and
walked once per page for each graphics state it is drawn in (what it finds depends on nothing
else), so a form drawn a hundred thousand times costs one walk.
"""
from __future__ import annotations
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from ..parallel import ForkedCall
from .font_rules import check_fonts
from .report import Finding, Report, Where
from .state import State, TooLarge, Walk, as_dict, transparency_group
from .walk import walk_stream

PARALLEL_FROM = 4
CONTENT_RULES = ("colour.spaces", "colour.overprint", "text.black", "transparency",
                 "fonts.embedded", "fonts.glyphs")


@dataclass(frozen=True)
class PartResult:
    """What walking some of the pages found."""

    findings: tuple[Finding, ...]
    operators: int
    stopped: str = ""  # why the walk stopped before the end ("" when it did not)
    drawing: tuple[int, int] = (0, 0)  # operators and bytes a renderer would go through


@dataclass(frozen=True)
class Drawing:
    """How much a renderer would go through to draw the pages: operators and decoded bytes,
    with every draw of a form counted (what Ghostscript's ink measurement would cost)."""

    operators: int
    bytes: int
    stopped: str = ""  # why the walk stopped (and the counts are not whole), or ""


def check_content(pdf: pikepdf.Pdf, report: Report, glyphs: bool = True,
                  source: bytes | Path | None = None, workers: int = 1) -> Drawing:
    """The content rules over every page. The pages are walked in two halves, each with its
    own memory of what it has checked and its own budget, so the findings are the same however
    many processes do the work; with `workers` > 1 and the document's `source` (its bytes or
    file) to reopen, a helper walks the second half."""
    halves = _halves(len(pdf.pages))
    later = None
    if len(halves) == 2 and workers > 1 and source is not None \
            and len(pdf.pages) >= PARALLEL_FROM:
        later = ForkedCall(_walk_part_of, source, halves[1], glyphs)
        halves = halves[:1]
    try:
        parts = [_walk_part(pdf, pages, glyphs, report.file) for pages in halves]
        if later is not None:
            parts.append(later.result())
    finally:
        if later is not None:
            later.close()
    for part in parts:
        report.findings.extend(part.findings)
    stopped = next((part.stopped for part in parts if part.stopped), "")
    drawing = Drawing(sum(p.drawing[0] for p in parts), sum(p.drawing[1] for p in parts),
                      stopped)
    if stopped:
        for rule in CONTENT_RULES:
            report.skip(rule, f"skipped: {stopped}")
        return drawing
    for rule, passed in (("colour.spaces", "CMYK, grey and spot colours only"),
                         ("colour.overprint", "nothing overprints that vanishes or knocks "
                                              "out"),
                         ("text.black", "black text is 100% K, overprinting"),
                         ("transparency", "no transparency"),
                         ("fonts.embedded", "every font used is embedded"),
                         ("fonts.glyphs", "every glyph shown is in its font" if glyphs
                          else "known from composition: every character was found in its "
                               "face")):
        report.close_rule(rule, passed)
    return drawing


def _halves(count: int) -> list[range]:
    if count < 2:
        return [range(count)]
    half = (count + 1) // 2
    return [range(half), range(half, count)]


def _walk_part_of(source: bytes | Path, pages: range, glyphs: bool) -> PartResult:
    """`_walk_part` in a helper process, on its own copy of the document."""
    with pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source) as pdf:
        return _walk_part(pdf, pages, glyphs, Path())


def _walk_part(pdf: pikepdf.Pdf, pages: range, glyphs: bool, file: Path) -> PartResult:
    """The content rules over `pages` (numbers from 0), with the fonts they use."""
    walk = Walk(Report(file), glyphs=glyphs)
    try:
        _walk_pages(pdf, walk, pages)
        check_fonts(walk, glyphs)
    except TooLarge as exc:
        stopped = f"too large ({exc})"
    except (pikepdf.PdfError, RecursionError) as exc:
        walk.report.fail("file.structure", f"the file's objects cannot be read: {exc}")
        stopped = "the file's objects cannot be read"
    else:
        stopped = ""
    finally:
        walk.parsed.clear()
    return PartResult(tuple(walk.report.findings), walk.operators, stopped,
                      (walk.drawing[0], walk.drawing[1]))


def _walk_pages(pdf: pikepdf.Pdf, walk: Walk, numbers: range) -> None:
    for index in numbers:
        page = pdf.pages[index]
        number = index + 1
        resources = as_dict(page.obj.get("/Resources"))
        if transparency_group(page.obj):
            walk.report.fail("transparency", "a transparency group on the page",
                             Where(page=number))
        walk_stream(walk, page.obj, resources, State(), Where(page=number), 0)
