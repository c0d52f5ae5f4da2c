"""What is drawn on a page besides its copy: crop and registration marks outside the bleed, and
the proof overlay (grid, overset markers) on a layer that never prints."""
from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from ..model import Colour
from ..placed import PlacedPage
from ..units import mm
from .document_info import PROOF_LAYER
from .paint import PageSpace, fill_colour, stroke_colour

MARK_AREA = mm(12)  # outside the bleed: crop marks, registration marks and the slug
MARK_GAP = mm(1)
MARK_LENGTH = mm(6)
MARK_WIDTH = 0.25
REGISTRATION = Colour("registration", 1, 1, 1, 1)


def draw_proof(canvas: Canvas, frame: PageSpace, page: PlacedPage) -> None:
    """The --grid overlay and the overset markers, drawn in a form of their own; finishing
    makes the form optional content that shows on screen and never prints."""
    if not page.has_proof_layer:
        return
    name = f"{PROOF_LAYER}{page.number}"
    canvas.beginForm(name)
    for rule in page.grid_rules:
        stroke_colour(canvas, rule.colour, rule.width)
        canvas.line(frame.x(rule.x1), frame.y(rule.y1), frame.x(rule.x2), frame.y(rule.y2))
    for rect in page.grid_overlay:
        stroke_colour(canvas, rect.colour, 0.5)
        canvas.rect(frame.x(rect.x), frame.y(rect.y + rect.height), rect.width, rect.height,
                    stroke=1, fill=0)
    for rect in page.proof_marks:
        fill_colour(canvas, rect.colour)
        canvas.rect(frame.x(rect.x), frame.y(rect.y + rect.height), rect.width, rect.height,
                    stroke=0, fill=1)
    canvas.endForm()
    canvas.doForm(name)


def draw_marks(canvas: Canvas, frame: PageSpace, page: PlacedPage) -> None:
    stroke_colour(canvas, REGISTRATION, MARK_WIDTH)
    left, right = frame.x(0), frame.x(page.width)
    top, bottom = frame.y(0), frame.y(page.height)
    off = page.bleed + MARK_GAP
    for x, y, sx, sy in ((left, top, -1, 1), (right, top, 1, 1), (left, bottom, -1, -1),
                         (right, bottom, 1, -1)):
        canvas.line(x + sx * off, y, x + sx * (off + MARK_LENGTH), y)
        canvas.line(x, y + sy * off, x, y + sy * (off + MARK_LENGTH))
    centre_x = (left + right) / 2
    centre_y = (top + bottom) / 2
    reach = page.bleed + MARK_GAP + MARK_LENGTH / 2
    for x, y in ((centre_x, top + reach), (centre_x, bottom - reach),
                 (left - reach, centre_y), (right + reach, centre_y)):
        canvas.circle(x, y, mm(1.5), stroke=1, fill=0)
        canvas.line(x - mm(2.5), y, x + mm(2.5), y)
        canvas.line(x, y - mm(2.5), x, y + mm(2.5))
