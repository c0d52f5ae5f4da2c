"""Placed pages → PDF, drawn by ReportLab: CMYK only, every face embedded (ReportLab's TrueType
subsets), black text 100 % K overprinting, TrimBox and BleedBox, crop and registration marks and
a slug outside the bleed.

Everything goes through ReportLab's public canvas and text-object API; nothing here writes a PDF
operator. pdfx.py then finishes the file as PDF/X. This is the one place where the page's y-down
coordinates are flipped into PDF's y-up ones (`PageSpace`).
"""
from __future__ import annotations

import contextlib
import io
from itertools import groupby
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from ..colour import PhotoUnreadable, photo_error, press_image, press_key
from ..fonts import load_face
from ..kept import current
from ..model import Colour
from ..placed import PlacedBox, PlacedImage, PlacedLine, PlacedPage, PlacedRun
from ..textrules import is_mark
from ..units import mm
from .marks import MARK_AREA, MARK_GAP, draw_marks, draw_proof
from .paint import PageSpace, fill_colour, overprinting_strokes, stroke_colour
from .photos import PhotoSources
from .text_runs import Piece, run_pieces

SOLID_BLACK = Colour("black", 0, 0, 0, 1)
SLUG_SIZE = 6
#: Where the slug starts: clear of the bottom-left crop mark (at the trim's left edge) by 4 mm.
SLUG_LEFT = mm(4)

def render_pdf(pages: Iterable[PlacedPage], marks: bool = True) -> bytes:
    """The pages as one PDF document (one canvas, so pages share font subsets and photos), not
    yet finished as PDF/X (see pdfx.finish_pdfx). Without `marks`, the media is the bleed box:
    no crop or registration marks and no slug, for plants that add their own. Each page is
    drawn as it comes, so `pages` may be placed while the first are drawn (pipeline)."""
    out = io.BytesIO()
    document = None
    try:
        with _binary_streams():
            for page in pages:
                if document is None:
                    document = _Document(out, page, marks)
                document.draw_page(page)
            if document is None:
                raise ValueError("a document needs a page")
            document.save()
    finally:
        if document is not None:
            document.photos_drawn.close()  # its JPEG files, drawn or not
    return out.getvalue()


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """ReportLab's ASCII85 encoding off while we render: a PDF/X file is binary anyway, and
    ASCII85 makes streams a quarter larger."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def media_size(page: PlacedPage, marks: bool = True) -> tuple[float, float]:
    margin = page.bleed + (MARK_AREA if marks else 0.0)
    return page.width + 2 * margin, page.height + 2 * margin


class _Document:
    """One canvas and what its pages share: faces, photos, runs already cut into pieces."""

    def __init__(self, out: io.BytesIO, first: PlacedPage, marks: bool = True) -> None:
        self.marks = marks
        self.faces: dict[Path, TTFont] = {}
        self.slug_face = self.face(next(iter(first.fonts.values())))
        # invariant: no clock or random ID in the file; initialFontName: one of our embedded
        # faces, so no page refers to an unembedded Helvetica.
        self.canvas = Canvas(out, pagesize=media_size(first, marks), invariant=1,
                             pageCompression=1,
                             enforceColorSpace="cmyk", initialFontName=self.slug_face.fontName,
                             initialFontSize=SLUG_SIZE)
        self.photos_drawn = PhotoSources()
        self.photo_forms: dict[tuple, str] = {}  # press key → form name, in order of appearance
        self.placed_photos: dict[tuple, PlacedImage] = {}  # press key → where it is first
        self.pieces = current().pieces  # kept from build to build (kept.py)

    def face(self, path: Path) -> TTFont:
        """The face in `path`, as this document first read it."""
        face = self.faces.get(path)
        if face is None:
            face = self.faces[path] = load_face(path)
        return face

    def draw_page(self, page: PlacedPage) -> None:
        canvas = self.canvas
        width, height = media_size(page, self.marks)
        area = MARK_AREA if self.marks else 0.0
        margin = page.bleed + area
        canvas.setPageSize((width, height))
        canvas.setTrimBox((margin, margin, margin + page.width, margin + page.height))
        canvas.setBleedBox((area, area, width - area, height - area))
        frame = PageSpace(margin, margin, page.height)
        for box in page.frames:  # a box's tint under everything in it (headline bars too)
            self._draw_frame(frame, box)
        for rect in page.rects:
            fill_colour(canvas, rect.colour)
            canvas.rect(frame.x(rect.x), frame.y(rect.y + rect.height), rect.width, rect.height,
                        stroke=0, fill=1)
        for image in page.images:
            self._draw_image(frame, image)
        for black, rules in groupby(page.rules, key=lambda r: r.colour.is_solid_black):
            with overprinting_strokes(canvas, black):
                for rule in rules:
                    stroke_colour(canvas, rule.colour, rule.width)
                    canvas.line(frame.x(rule.x1), frame.y(rule.y1), frame.x(rule.x2),
                                frame.y(rule.y2))
        canvas.saveState()  # the text state (spacing, scale) never reaches later drawing
        writer = _TextWriter(self, frame, page.fonts)
        for block in page.blocks:
            writer.lines(block.lines)
        if page.slug and self.marks:
            writer.slug(page.slug, SLUG_LEFT, page.height + page.bleed + MARK_GAP + 8)
        canvas.restoreState()
        for block in page.blocks:
            _emphasis_dots(canvas, frame, block.lines)
        draw_proof(canvas, frame, page)
        if self.marks:
            draw_marks(canvas, frame, page)
        canvas.showPage()

    def _draw_frame(self, frame: PageSpace, box: PlacedBox) -> None:
        """A box round an article: the tint inside (knocking out what is under it), then the
        rule on its edge (overprinting the tint when it is solid black, so misregistration
        shows no white hairline between them)."""
        canvas = self.canvas
        x, y = frame.x(box.x), frame.y(box.y + box.height)
        shape = (lambda **paint: canvas.roundRect(x, y, box.width, box.height, box.radius,
                                                  **paint)) if box.radius else \
            (lambda **paint: canvas.rect(x, y, box.width, box.height, **paint))
        if box.tint is not None:
            fill_colour(canvas, box.tint)
            shape(stroke=0, fill=1)
        if box.rule:
            with overprinting_strokes(canvas, box.colour.is_solid_black):
                stroke_colour(canvas, box.colour, box.rule)
                shape(stroke=1, fill=0)

    def _draw_image(self, frame: PageSpace, image: PlacedImage) -> None:
        """A photo is a form drawn where it is placed; the form itself (the image) is made
        when the document is saved, so separating the photo overlaps with setting the text,
        and a photo placed twice is embedded once."""
        key = press_key(image)
        if key not in self.photo_forms:
            self.photo_forms[key] = f"photo{len(self.photo_forms) + 1}"
            self.placed_photos[key] = image
            self.photos_drawn.start(key)
        name = self.photo_forms[key]
        canvas = self.canvas
        canvas.saveState()
        canvas.translate(frame.x(image.x), frame.y(image.y + image.height))
        canvas.scale(image.width, image.height)
        canvas.doForm(name)
        canvas.restoreState()

    def save(self) -> None:
        canvas = self.canvas
        for key, name in self.photo_forms.items():
            try:
                source = self.photos_drawn.source(key)
                left, top, right, bottom = press_image(*key).window
            except PhotoUnreadable as exc:
                raise photo_error(self.placed_photos[key], exc) from None
            across, down = right - left, bottom - top
            # The part shown fills the form's unit square; the form clips the rest.
            canvas.beginForm(name, 0, 0, 1, 1)
            canvas.drawImage(source, -left / across, -(1 - bottom) / down, 1 / across, 1 / down)
            canvas.endForm()
        canvas.save()

    def run_pieces(self, face: TTFont, run: PlacedRun) -> tuple[Piece, ...]:
        """The evenly spaced pieces of `run` (text_runs.py), cut once (the face's name digests its
        content, so its widths are known by it)."""
        return self.pieces.get((face.fontName, run.text, run.xs, run.size, run.scale),
                               lambda: run_pieces(face, run))


class _TextWriter:
    """Draws a page's lines with ReportLab text objects: one text object a block, one
    textOut a piece of a run with constant spacing (so a justified line is usually one
    string with a character spacing), and colour, overprint, spacing and scale set only when
    they change. Used between saveState and restoreState."""

    def __init__(self, document: _Document, frame: PageSpace, faces: dict[str, Path]) -> None:
        self.document = document
        self.canvas = document.canvas
        self.frame = frame
        self.faces = faces  # face key → file
        self.colour: Colour | None = None
        self.spacing = 0.0
        self.scale = 100.0
        self.rise = 0.0

    def lines(self, lines: Sequence[PlacedLine]) -> None:
        if not lines:
            return
        text = self.canvas.beginText()
        font: tuple[str, float] | None = None
        # Each piece starts with a move from where the last one started (Td: two numbers)
        # rather than a new text matrix (Tm: six), so the pages are smaller to write, to
        # compress and for the preflight to read. The text object starts at the origin.
        x0 = y0 = 0.0
        for line in lines:
            if line.vertical:
                self._vertical(text, line)
                font, x0, y0 = None, 0.0, 0.0
                continue
            baseline = self.frame.y(line.baseline)
            left = self.frame.x(line.x)
            for run in line.runs:
                face = self.document.face(self.faces[run.font])
                if (face.fontName, run.size) != font:
                    font = (face.fontName, run.size)
                    text.setFont(face.fontName, run.size)
                for piece in self.document.run_pieces(face, run):
                    self._state(text, run, piece.spacing)
                    x = left + piece.dx
                    text.moveCursor(x - x0, y0 - baseline)  # ReportLab's dy points down
                    x0, y0 = x, baseline
                    text.textOut(piece.text)
        self.canvas.drawText(text)

    def _vertical(self, text: PDFTextObject, line: PlacedLine) -> None:
        """A line set top to bottom: each stretch of glyphs that follow one another from a
        text matrix of its own, turned a quarter clockwise or upright; the matrix is set back
        to the origin after, for the Td moves of the lines that follow."""
        for run in line.runs:
            face = self.document.face(self.faces[run.font])
            text.setFont(face.fontName, run.size)
            self._state(text, run, 0.0)
            chars = _drawn_codes(face, run)
            unit = run.size * run.scale / 1000
            k = 0
            while k < len(chars):
                end = k + 1
                while end < len(chars) and abs(run.xs[end] - run.xs[k]) < 1e-3 and \
                        abs(run.ys[end] - run.ys[end - 1] - face.face.getCharWidth(
                            ord(chars[end - 1])) * unit) < 1e-3 and run.turned:
                    end += 1
                x, y = self.frame.x(line.x + run.xs[k]), self.frame.y(line.baseline + run.ys[k])
                if run.turned:
                    text.setTextTransform(0, -1, 1, 0, x, y)
                else:
                    text.setTextTransform(1, 0, 0, 1, x, y)
                text.textOut("".join(chars[k:end]))
                k = end
        text.setTextTransform(1, 0, 0, 1, 0, 0)

    def slug(self, slug: str, x: float, y: float) -> None:
        """The slug line below the bleed, in the first face, starting at `x` (trim
        coordinates)."""
        face = self.document.slug_face
        run = PlacedRun(slug, (0.0,), "", SLUG_SIZE, SOLID_BLACK)
        text = self.canvas.beginText()
        text.setFont(face.fontName, SLUG_SIZE)
        self._state(text, run, 0.0)
        text.setTextOrigin(self.frame.x(x), self.frame.y(y))
        text.textOut(slug)
        self.canvas.drawText(text)

    def _state(self, text: PDFTextObject, run: PlacedRun, spacing: float) -> None:
        if run.rise != self.rise:
            text.setRise(run.rise)
            self.rise = run.rise
        # Runs share their style's colour object: the identity test spares most comparisons.
        if run.colour is not self.colour and run.colour != self.colour:
            fill_colour(text, run.colour)
            self.colour = run.colour
        if abs(spacing - self.spacing) > 1e-9:
            text.setCharSpace(spacing)
            self.spacing = spacing
        if run.scale * 100 != self.scale:
            self.scale = run.scale * 100
            text.setHorizScale(self.scale)


def _drawn_codes(face: TTFont, run: PlacedRun) -> list[str]:
    """The characters that draw `run`'s glyphs: its text; or, for glyphs HarfBuzz chose or
    drawn for another character (vertical quotes), codes of the face's own
    (KeptFont.code_for) that copy out as the text typed."""
    if run.glyphs:
        per_em = 1000 / face.face.unitsPerEm
        return [face.code_for(glyph, text, face.face.hmetrics[glyph][0] * per_em)
                for glyph, text in zip(run.glyphs, run.glyph_text, strict=True)]
    if run.drawn:
        return [face.code_for(face.face.charToGlyph[ord(drawn)], typed,
                              face.face.getCharWidth(ord(drawn)))
                for drawn, typed in zip(run.drawn, run.text, strict=True)]
    return list(run.text)


#: 着重号 (GB/T 15834 §4.16): a dot under the centre of each character, this far below the
#: baseline and this wide, in ems of the text.
DOT_DROP = 0.22
DOT_RADIUS = 0.07


def _emphasis_dots(canvas: Canvas, frame: PageSpace, lines: Sequence[PlacedLine]) -> None:
    for line in lines:
        for run in line.runs:
            if not run.emphasis:
                continue
            fill_colour(canvas, run.colour)
            y = frame.y(line.baseline + DOT_DROP * run.size)
            for char, x in zip(run.text, run.xs, strict=True):
                if char.strip() and not is_mark(char):
                    canvas.circle(frame.x(line.x + x + run.size * run.scale / 2), y,
                                  DOT_RADIUS * run.size, stroke=0, fill=1)
