"""Placed pages → PDF with ReportLab: CMYK only, fonts embedded as subsets, black text 100 % K
overprinting, TrimBox and BleedBox, crop and registration marks and a slug outside the bleed.

This is the one place where the page's y-down coordinates are flipped into PDF's y-up ones.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ..colour import press_image
from ..fonts import load_face
from ..model import Colour
from ..placed import PlacedLine, PlacedPage, PlacedRun
from ..units import mm

# Binary streams, not ASCII85: ReportLab's pure-Python ASCII85 costs seconds per photo, and
# PDF/X files are binary anyway.
rl_config.useA85 = 0

MARK_AREA = mm(12)  # outside the bleed: crop marks, registration marks and the slug
MARK_GAP = mm(1)
MARK_LENGTH = mm(6)
MARK_WIDTH = 0.25
REGISTRATION = (1, 1, 1, 1)


@dataclass(frozen=True)
class Frame:
    """Maps trim coordinates (pt, y down from the trim's top-left) to PDF user space."""

    x0: float  # trim left in PDF space
    y0: float  # trim bottom in PDF space
    height: float  # trim height

    def x(self, x: float) -> float:
        return self.x0 + x

    def y(self, y: float) -> float:
        return self.y0 + self.height - y


def render_pdf(pages: list[PlacedPage], out) -> None:
    """Write `pages` to `out` (a path or a binary file object)."""
    first = pages[0]
    margin = first.bleed + MARK_AREA
    size = (first.width + 2 * margin, first.height + 2 * margin)
    body_font = load_face(next(iter(first.fonts.values())))
    canvas = Canvas(out, pagesize=size, invariant=1, enforceColorSpace="cmyk",
                    initialFontName=body_font.fontName, initialFontSize=9, pdfVersion=(1, 3))
    for page in pages:
        _render_page(canvas, page, margin)
        canvas.showPage()
    canvas.save()


def _render_page(canvas: Canvas, page: PlacedPage, margin: float) -> None:
    frame = Frame(margin, margin, page.height)
    canvas.setPageSize((page.width + 2 * margin, page.height + 2 * margin))
    canvas.setTrimBox((margin, margin, margin + page.width, margin + page.height))
    canvas.setBleedBox((margin - page.bleed, margin - page.bleed,
                        margin + page.width + page.bleed, margin + page.height + page.bleed))
    for rect in page.rects:
        _fill(canvas, rect.colour)
        canvas.rect(frame.x(rect.x), frame.y(rect.y + rect.height), rect.width, rect.height,
                    stroke=0, fill=1)
    for image in page.images:
        _draw_image(canvas, frame, image)
    for rule in page.rules:
        _stroke(canvas, rule.colour, rule.width)
        canvas.line(frame.x(rule.x1), frame.y(rule.y1), frame.x(rule.x2), frame.y(rule.y2))
    used = {run.font for block in page.blocks for line in block.lines for run in line.runs}
    faces = {key: load_face(page.fonts[key]) for key in used}
    canvas.saveState()
    writer = _TextWriter(canvas, frame, faces)
    for block in page.blocks:
        for line in block.lines:
            writer.line(line)
    canvas.restoreState()
    _draw_proof(canvas, frame, page)
    _draw_marks(canvas, frame, page)


def _fill(canvas: Canvas, colour: Colour) -> None:
    canvas.setFillColorCMYK(colour.c, colour.m, colour.y, colour.k)
    # Solid black overprints (no knock-out, so no white halo when plates misregister).
    canvas.setFillOverprint(colour.is_solid_black)
    canvas.setOverprintMask(1 if colour.is_solid_black else 0)


def _stroke(canvas: Canvas, colour: Colour, width: float) -> None:
    # No stroke overprint flag: an ExtGState with /OP but no /op sets the fill flag too
    # (PDF 1.7 table 58), which would silently switch text overprint off.
    canvas.setStrokeColorCMYK(colour.c, colour.m, colour.y, colour.k)
    canvas.setLineWidth(width)


class _TextWriter:
    """Writes text operators straight into the page's content stream: one BT … ET per piece of
    a run with constant spacing, and colour, overprint, Tc and Tz only when they change.
    (ReportLab's text objects cost about as much again per line; the fonts, their subsets and
    the string escaping are still ReportLab's.) Used between saveState and restoreState, so the
    text state it leaves behind never reaches later drawing."""

    def __init__(self, canvas: Canvas, frame: Frame, faces: dict) -> None:
        self.canvas = canvas
        self.frame = frame
        self.faces = faces
        self.code = canvas._code.append
        self.doc = canvas._doc
        self.colour: Colour | None = None
        self.spacing = 0.0
        self.scale = 100.0

    def line(self, line: PlacedLine) -> None:
        """Each run is cut where the extra space between glyphs changes; a piece with
        constant spacing is one Tj with a character spacing (Tc), so a justified line is
        usually a single operator."""
        baseline = self.frame.y(line.baseline)
        for run in line.runs:
            face = self.faces[run.font]
            widths, default = face.face.charWidths, face.face.defaultWidth
            unit = run.size * run.scale / 1000
            advances = [widths.get(ord(ch), default) * unit for ch in run.text]
            start = 0
            n = len(run.text)
            while start < n:
                end = start + 1
                extra = run.xs[end] - run.xs[start] - advances[start] if end < n else 0.0
                while end < n and abs(run.xs[end] - run.xs[end - 1] - advances[end - 1]
                                      - extra) < 0.005:
                    end += 1
                self._show(run, face, run.text[start:end], run.xs[start], baseline, extra)
                start = end

    def _show(self, run: PlacedRun, face, text: str, x: float, baseline: float,
              extra: float) -> None:
        if run.colour != self.colour:
            _fill(self.canvas, run.colour)
            self.colour = run.colour
        ops = ["BT"]
        if abs(extra - self.spacing) > 1e-9:
            ops.append(f"{fp_str(extra)} Tc")
            self.spacing = extra
        if run.scale * 100 != self.scale:
            self.scale = run.scale * 100
            ops.append(f"{fp_str(self.scale)} Tz")
        ops.append(f"1 0 0 1 {fp_str(self.frame.x(x))} {fp_str(baseline)} Tm")
        size = fp_str(run.size)
        escape = self.canvas._escape
        for subset, data in face.splitString(text, self.doc):
            ops.append(f"{face.getSubsetInternalName(subset, self.doc)} {size} Tf "
                       f"({escape(data)}) Tj")
        ops.append("ET")
        self.code(" ".join(ops))


def _draw_image(canvas: Canvas, frame: Frame, image) -> None:
    """Each distinct photo is one form XObject, drawn wherever it appears (a repeated photo is
    embedded once and hashed once)."""
    digest = hashlib.sha1(f"{image.file.name}|{image.crop}|{image.ppi:.1f}".encode()).hexdigest()
    name = f"photo{digest[:16]}"
    if not canvas.hasForm(name):
        buf = io.BytesIO(press_image(image.file, image.crop, round(image.ppi)).data)
        canvas.beginForm(name, lowerx=0, lowery=0, upperx=1, uppery=1)
        canvas.drawImage(ImageReader(buf), 0, 0, 1, 1)
        canvas.endForm()
    canvas.saveState()
    canvas.translate(frame.x(image.x), frame.y(image.y + image.height))
    canvas.scale(image.width, image.height)
    canvas.doForm(name)
    canvas.restoreState()


#: Name of the optional-content group the proof overlay is drawn in (see pdfx.mark_non_printing).
PROOF_LAYER = "PagesetterProof"


def _draw_proof(canvas: Canvas, frame: Frame, page: PlacedPage) -> None:
    if not (page.grid_rules or page.grid_overlay):
        return
    # Marked content, so the finishing step can make the overlay a layer that shows on screen
    # and never prints.
    canvas.saveState()
    canvas._code.append(f"/OC /{PROOF_LAYER} BDC")
    for rule in page.grid_rules:
        _stroke(canvas, rule.colour, rule.width)
        canvas.line(frame.x(rule.x1), frame.y(rule.y1), frame.x(rule.x2), frame.y(rule.y2))
    for rect in page.grid_overlay:
        _stroke(canvas, rect.colour, 0.5)
        canvas.rect(frame.x(rect.x), frame.y(rect.y + rect.height), rect.width, rect.height,
                    stroke=1, fill=0)
    canvas._code.append("EMC")
    canvas.restoreState()


def _draw_marks(canvas: Canvas, frame: Frame, page: PlacedPage) -> None:
    canvas.setStrokeColorCMYK(*REGISTRATION)
    canvas.setLineWidth(MARK_WIDTH)
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
    if page.slug:
        _fill(canvas, Colour("black", 0, 0, 0, 1))
        canvas.setFont(load_face(next(iter(page.fonts.values()))).fontName, 6)
        canvas.drawString(left, bottom - page.bleed - MARK_GAP - 8, page.slug)
