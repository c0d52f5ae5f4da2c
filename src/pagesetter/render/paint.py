"""How the renderer paints: the one flip from the page's coordinates (pt, y down from the
trim's top-left) into PDF's (y up), and colours set as the press needs them (solid black
overprints, everything else knocks out)."""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Iterator

from reportlab.pdfgen.canvas import Canvas

from ..model import Colour


@dataclass(frozen=True)
class PageSpace:
    """Maps trim coordinates (pt, y down from the trim's top-left) to PDF user space."""

    x0: float  # trim left in PDF space
    y0: float  # trim bottom in PDF space
    height: float  # trim height

    def x(self, x: float) -> float:
        return self.x0 + x

    def y(self, y: float) -> float:
        return self.y0 + self.height - y


def fill_colour(canvas, colour: Colour) -> None:
    """Fill colour, and overprint for solid black only (no knock-out, so no white halo when
    plates misregister; the nonzero overprint mode leaves the other plates alone); other fills
    knock out. `canvas` may be a text object: it has the same setters."""
    black = colour.is_solid_black
    canvas.setFillColorCMYK(colour.c, colour.m, colour.y, colour.k)
    canvas.setFillOverprint(black)
    canvas.setOverprintMask(black)


def stroke_colour(canvas: Canvas, colour: Colour, width: float) -> None:
    canvas.setStrokeColorCMYK(colour.c, colour.m, colour.y, colour.k)
    canvas.setLineWidth(width)


@contextlib.contextmanager
def overprinting_strokes(canvas: Canvas, black: bool) -> Iterator[None]:
    """Strokes of solid black overprint (the nonzero overprint mode leaves the other plates
    alone), inside a saved graphics state: ReportLab writes the stroke flag /OP in an ExtGState
    without /op, which sets the fill flag too (PDF 1.7 table 58), so only strokes are drawn in
    it and the state before is restored after, fills' overprint with it."""
    if not black:
        yield
        return
    canvas.saveState()
    canvas.setStrokeOverprint(True)
    canvas.setOverprintMask(True)
    try:
        yield
    finally:
        canvas.restoreState()
