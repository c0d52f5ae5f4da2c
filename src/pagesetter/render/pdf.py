"""Placed pages → PDF with ReportLab: CMYK only, fonts embedded as subsets, black text 100 % K
overprinting, TrimBox and BleedBox, crop and registration marks and a slug outside the bleed.

This is the one place where the page's y-down coordinates are flipped into PDF's y-up ones.
"""
from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from itertools import groupby, repeat
from operator import mul, sub
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from ..colour import PressImage, press_image
from ..fonts import load_face
from ..model import Colour
from ..placed import PlacedImage, PlacedLine, PlacedPage, PlacedRun
from ..units import mm
from .cidfont import CIDFace, DocumentFonts

# Binary streams, not ASCII85: ReportLab's pure-Python ASCII85 costs seconds per photo, and
# PDF/X files are binary anyway.
rl_config.useA85 = 0

MARK_AREA = mm(12)  # outside the bleed: crop marks, registration marks and the slug
MARK_GAP = mm(1)
MARK_LENGTH = mm(6)
MARK_WIDTH = 0.25
REGISTRATION = (1, 1, 1, 1)
SOLID_BLACK = Colour("black", 0, 0, 0, 1)
SLUG_SIZE = 6


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
    canvas = Canvas(out, pagesize=size, invariant=1, enforceColorSpace="cmyk",
                    initialFontName=_no_initial_font(), initialFontSize=9, pdfVersion=(1, 3))
    document = _Document(canvas, pages)
    for page in pages:
        _render_page(document, page, margin)
        canvas.showPage()
    canvas.save()


def _render_page(document: _Document, page: PlacedPage, margin: float) -> None:
    canvas = document.canvas
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
        _draw_image(document, frame, image)
    for rule in page.rules:
        _stroke(canvas, rule.colour, rule.width)
        canvas.line(frame.x(rule.x1), frame.y(rule.y1), frame.x(rule.x2), frame.y(rule.y2))
    canvas.saveState()
    writer = _TextWriter(document, frame, page.fonts)
    for block in page.blocks:
        for line in block.lines:
            writer.line(line)
    canvas.restoreState()
    _draw_proof(canvas, frame, page)
    _draw_marks(canvas, frame, page)
    if page.slug:
        canvas.saveState()
        writer = _TextWriter(document, frame, page.fonts)
        writer.text(page.slug, next(iter(page.fonts)), SLUG_SIZE, 0.0,
                    page.height + page.bleed + MARK_GAP + 8)
        canvas.restoreState()


class _NoFont:
    """Stands in for ReportLab's initial font. ReportLab names its initial font in every
    page's preamble unless the font is "dynamic" (embedded by subsets); naming Helvetica would
    put an unembedded font into a PDF/X file. This one is dynamic and never drawn with: all
    text goes through _TextWriter and the document's CID fonts."""

    fontName = "pagesetter-no-initial-font"
    _dynamicFont = 1
    _multiByte = 0

    class face:  # noqa: N801 — the attribute ReportLab's font registry reads
        name = b"pagesetter-no-initial-font"


def _no_initial_font() -> str:
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFont(_NoFont())
    return _NoFont.fontName


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


class _Document:
    """What the pages of one PDF share: the canvas, the embedded faces, and the runs already
    cut into pieces (a paragraph set again on another page is cut once)."""

    def __init__(self, canvas: Canvas, pages: list[PlacedPage]) -> None:
        self.canvas = canvas
        self.fonts = DocumentFonts(canvas._doc)
        self._pieces: dict[tuple, list[tuple[float, str, float]]] = {}
        self._photos: dict[tuple, str] = {}
        self._separations = _separate_photos(pages)

    def photo(self, image: PlacedImage) -> str:
        """The XObject name of a placed photo, added to the document when first drawn."""
        key = _photo_key(image)
        name = self._photos.get(key)
        if name is None:
            name = self._photos[key] = f"photo{len(self._photos) + 1}"
            self.canvas._doc.Reference(_PhotoStream(self._separations[key]),
                                       pdfdoc.xObjectName(name))
        return name

    def face(self, path: Path) -> CIDFace:
        return self.fonts.face(load_face(path))

    def pieces(self, face: CIDFace, run: PlacedRun) -> list[tuple[float, str, float]]:
        """(x from the line's start, glyph codes, extra space after each glyph) of each evenly
        spaced piece of `run`."""
        key = (face, run.text, run.xs, run.size, run.scale)
        pieces = self._pieces.get(key)
        if pieces is None:
            codes = face.hex(run.text)  # four hex digits a glyph
            pieces = self._pieces[key] = [
                (run.xs[start], codes[4 * start:4 * end], extra)
                for start, end, extra in _even_pieces(
                    run.text, run.xs, face.face.widths, face.face.default_width,
                    run.size * run.scale / 1000)]
        return pieces


class _TextWriter:
    """Writes text operators straight into the page's content stream: one BT … ET per line, one
    Tj per piece of a run with constant spacing, and colour, font, Tc and Tz only when they
    change. (ReportLab's text objects cost about as much again per line.) Used between
    saveState and restoreState, so the text state it leaves behind never reaches later drawing."""

    def __init__(self, document: _Document, frame: Frame, faces: dict[str, Path]) -> None:
        self.document = document
        self.canvas = document.canvas
        self.frame = frame
        self.faces = faces  # face key → file
        self._faces: dict[str, CIDFace] = {}
        self.code = self.canvas._code.append
        self.colour: Colour | None = None
        self.font: tuple[str, float] | None = None
        self.spacing = 0.0
        self.scale = 100.0

    def line(self, line: PlacedLine) -> None:
        """Each run is cut where the extra space between glyphs changes; a piece with
        constant spacing is one Tj with a character spacing (Tc), so a justified line is
        usually a single operator."""
        baseline = fp_str(self.frame.y(line.baseline))
        left = self.frame.x(line.x)
        ops = ["BT"]
        for run in line.runs:
            face = self._face(run.font)
            for dx, codes, extra in self.document.pieces(face, run):
                self._state(ops, run, face.resource, extra)
                ops.append(f"1 0 0 1 {fp_str(left + dx)} {baseline} Tm <{codes}> Tj")
        ops.append("ET")
        self.code(" ".join(ops))

    def _face(self, key: str) -> CIDFace:
        face = self._faces.get(key)
        if face is None:
            face = self._faces[key] = self.document.face(self.faces[key])
        return face

    def _state(self, ops: list[str], run: PlacedRun, resource: str, extra: float) -> None:
        """Colour, font, spacing and scale operators for what changed since the last piece."""
        if run.colour != self.colour:
            # ReportLab writes the colour and overprint operators itself, so what is pending
            # goes first. (Colour and gs are allowed inside BT … ET: PDF 1.7 §8.2.)
            self.code(" ".join(ops))
            ops.clear()
            _fill(self.canvas, run.colour)
            self.colour = run.colour
        if (resource, run.size) != self.font:
            ops.append(f"{resource} {fp_str(run.size)} Tf")
            self.font = (resource, run.size)
        if abs(extra - self.spacing) > 1e-9:
            ops.append(f"{fp_str(extra)} Tc")
            self.spacing = extra
        if run.scale * 100 != self.scale:
            self.scale = run.scale * 100
            ops.append(f"{fp_str(self.scale)} Tz")

    def text(self, text: str, font: str, size: float, x: float, y: float) -> None:
        """A single unjustified string (the slug), in solid black."""
        cid_face = self._face(font)
        ops = ["BT"]
        self._state(ops, PlacedRun(text, (x,), font, size, SOLID_BLACK), cid_face.resource, 0.0)
        ops.append(f"1 0 0 1 {fp_str(self.frame.x(x))} {fp_str(self.frame.y(y))} Tm "
                   f"<{cid_face.hex(text)}> Tj ET")
        self.code(" ".join(ops))


def _even_pieces(text: str, xs: tuple[float, ...], widths: dict[int, float], default: float,
                 unit: float) -> list[tuple[int, int, float]]:
    """(start, end, extra space after each glyph) of the stretches of `text` whose glyphs are
    evenly spaced. `unit` converts the advances to pt. Spacings are compared to 0.001 pt."""
    n = len(text)
    advances = map(mul, map(widths.get, map(ord, text), repeat(default)), repeat(unit))
    extras = list(map(sub, map(sub, xs[1:], xs), advances))  # after glyph i, before i + 1
    pieces = []
    start = 0  # first glyph of the next piece
    end_gap = 0
    # Runs of equal spacing, grouped at C speed; a piece takes a run's glyphs and the glyph
    # after it, and the gap after that glyph is bridged by the next piece's own position.
    for _, gaps in groupby(map(round, map(mul, extras, repeat(1000.0)))):
        end_gap += len(list(gaps))  # this run is gaps [.., end_gap)
        if end_gap > start:
            pieces.append((start, end_gap + 1, extras[start]))
            start = end_gap + 1
    if start < n:
        pieces.append((start, n, 0.0))
    return pieces


def _draw_image(document: _Document, frame: Frame, image: PlacedImage) -> None:
    """Each distinct photo is one image XObject, drawn wherever it appears."""
    canvas = document.canvas
    name = document.photo(image)
    canvas._formsinuse.append(name)  # lists the image in this page's resources
    canvas.saveState()
    canvas.translate(frame.x(image.x), frame.y(image.y + image.height))
    canvas.scale(image.width, image.height)
    canvas._code.append(f"/{pdfdoc.xObjectName(name)} Do")
    canvas.restoreState()


def _separate_photos(pages: list[PlacedPage]) -> dict[tuple, Future]:
    """Start separating every distinct photo of `pages` in a background thread (Pillow and
    LittleCMS release the interpreter lock while they work)."""
    from concurrent.futures import ThreadPoolExecutor

    keys = list(dict.fromkeys(_photo_key(image) for page in pages for image in page.images))
    if not keys:
        return {}
    pool = ThreadPoolExecutor(max_workers=1)
    futures = {key: pool.submit(press_image, *key) for key in keys}
    # Not waiting here: the futures are awaited as the file is written, and the thread ends
    # when its queue is done.
    pool.shutdown(wait=False)
    return futures


def _photo_key(image: PlacedImage) -> tuple:
    return image.file, image.crop, round(image.ppi)


class _PhotoStream(pdfdoc.PDFStream):
    """An image XObject written from the separated samples as they are (JPEG as DCT, else
    Flate); ReportLab's drawImage would decode the JPEG and hash its pixels to name it. The
    samples are awaited only when the file is written, so separating a photo that is not in
    the cache overlaps with setting the text."""

    def __init__(self, separated: Future) -> None:
        super().__init__()
        self.separated = separated

    def format(self, document) -> bytes:
        press: PressImage = self.separated.result()
        self.content = press.data
        entries = self.dictionary
        entries["Type"] = "/XObject"
        entries["Subtype"] = "/Image"
        entries["Width"] = press.width
        entries["Height"] = press.height
        entries["ColorSpace"] = "/DeviceCMYK"
        entries["BitsPerComponent"] = 8
        if press.encoding == "jpeg":
            entries["Filter"] = "/DCTDecode"
            # Adobe-style CMYK JPEGs store inverted samples (Adobe TN 5116, APP14 transform 0).
            entries["Decode"] = pdfdoc.PDFArray([1, 0, 1, 0, 1, 0, 1, 0])
        else:
            entries["Filter"] = "/FlateDecode"
        return super().format(document)


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
