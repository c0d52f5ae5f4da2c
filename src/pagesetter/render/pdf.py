"""Placed pages → PDF: CMYK only, each face embedded once as a CID font, black text 100 % K
overprinting, TrimBox and BleedBox, crop and registration marks and a slug outside the bleed.

The document is built with pikepdf (qpdf keeps the objects and writes the file); this module
writes the content streams itself. The finishing step (pdfx.py) then works on the same document,
without writing and parsing it in between. This is the one place where the page's y-down
coordinates are flipped into PDF's y-up ones.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from itertools import groupby, repeat
from operator import mul, sub
from pathlib import Path
from typing import NamedTuple

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..colour import PressImage, press_image, press_key
from ..fonts import load_face
from ..model import Colour
from ..placed import PlacedImage, PlacedLine, PlacedPage, PlacedRun
from ..units import mm
from .cidfont import CIDFace, DocumentFonts

MARK_AREA = mm(12)  # outside the bleed: crop marks, registration marks and the slug
MARK_GAP = mm(1)
MARK_LENGTH = mm(6)
MARK_WIDTH = 0.25
REGISTRATION = Colour("registration", 1, 1, 1, 1)
SOLID_BLACK = Colour("black", 0, 0, 0, 1)
SLUG_SIZE = 6
#: Four Bézier arcs approximate a circle with control points this far out (× radius).
KAPPA = 0.5522847498

#: Resource name of the optional-content group the proof overlay is drawn in.
PROOF_LAYER = "PagesetterProof"


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


def render_pdf(pages: list[PlacedPage]) -> pikepdf.Pdf:
    """The pages as a PDF document, not yet finished as PDF/X (see pdfx.finish_pdfx)."""
    document = _Document(pikepdf.new(), pages)
    for page in pages:
        document.add_page(page)
    document.complete()
    return document.pdf


def num(value: float) -> str:
    """A PDF number: at most four decimals, no trailing zeros, no `-0`."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _cmyk(colour: Colour) -> str:
    return f"{num(colour.c)} {num(colour.m)} {num(colour.y)} {num(colour.k)}"


class _Piece(NamedTuple):
    """Glyphs of a run set with one Tj: where the first one starts (pt from the line's start),
    their codes as hex, and the extra space after each glyph (Tc)."""

    dx: float
    codes: str
    spacing: float


class _Content:
    """One page's content stream as operators, and the resources they name."""

    def __init__(self, document: _Document) -> None:
        self.document = document
        self.ops: list[str] = []
        self.fonts: dict[str, pikepdf.Object] = {}
        self.states: dict[str, pikepdf.Object] = {}
        self.xobjects: dict[str, pikepdf.Object] = {}
        self.properties: dict[str, pikepdf.Object] = {}  # marked-content property lists

    def fill_ops(self, colour: Colour) -> str:
        """Fill colour, and overprint for solid black only (no knock-out, so no white halo
        when plates misregister); other fills knock out."""
        name, state = self.document.overprint(colour.is_solid_black)
        self.states[name] = state
        return f"{_cmyk(colour)} k {name} gs"

    def stroke(self, colour: Colour, width: float) -> None:
        # No stroke overprint flag: an ExtGState with /OP but no /op sets the fill flag too
        # (PDF 1.7 table 58), which would silently switch text overprint off.
        self.ops.append(f"{_cmyk(colour)} K {num(width)} w")

    def rect(self, x: float, y: float, width: float, height: float, paint: str) -> None:
        self.ops.append(f"{num(x)} {num(y)} {num(width)} {num(height)} re {paint}")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.ops.append(f"{num(x1)} {num(y1)} m {num(x2)} {num(y2)} l S")

    def circle(self, x: float, y: float, r: float) -> None:
        k = KAPPA * r
        self.ops.append(
            f"{num(x + r)} {num(y)} m "
            f"{num(x + r)} {num(y + k)} {num(x + k)} {num(y + r)} {num(x)} {num(y + r)} c "
            f"{num(x - k)} {num(y + r)} {num(x - r)} {num(y + k)} {num(x - r)} {num(y)} c "
            f"{num(x - r)} {num(y - k)} {num(x - k)} {num(y - r)} {num(x)} {num(y - r)} c "
            f"{num(x + k)} {num(y - r)} {num(x + r)} {num(y - k)} {num(x + r)} {num(y)} c S")

    def stream(self, pdf: pikepdf.Pdf) -> pikepdf.Stream:
        stream = pikepdf.Stream(pdf, zlib.compress("\n".join(self.ops).encode("ascii")))
        stream.Filter = Name.FlateDecode
        return stream

    def resources(self) -> Dictionary:
        resources = Dictionary()
        for key, entries in (("/Font", self.fonts), ("/ExtGState", self.states),
                             ("/XObject", self.xobjects), ("/Properties", self.properties)):
            if entries:
                resources[key] = Dictionary(entries)
        return resources


class _Document:
    """What the pages of one PDF share: the embedded faces, the photos, the overprint states,
    and the runs already cut into pieces (a paragraph set again on another page is cut once)."""

    def __init__(self, pdf: pikepdf.Pdf, pages: list[PlacedPage]) -> None:
        self.pdf = pdf
        self.fonts = DocumentFonts(pdf)
        self._pieces: dict[tuple, list[_Piece]] = {}
        self._states: dict[bool, tuple[str, pikepdf.Object]] = {}
        self._photos: dict[tuple, tuple[str, pikepdf.Stream]] = {}
        self._separations = _Separations(pages)
        self._proof_layer: pikepdf.Object | None = None

    def add_page(self, page: PlacedPage) -> None:
        margin = page.bleed + MARK_AREA
        frame = Frame(margin, margin, page.height)
        content = _Content(self)
        _draw_page(content, frame, page)
        pdf_page = self.pdf.add_blank_page(
            page_size=(page.width + 2 * margin, page.height + 2 * margin))
        pdf_page.obj.TrimBox = Array([margin, margin, margin + page.width,
                                      margin + page.height])
        pdf_page.obj.BleedBox = Array([margin - page.bleed, margin - page.bleed,
                                       margin + page.width + page.bleed,
                                       margin + page.height + page.bleed])
        pdf_page.obj.Resources = content.resources()
        pdf_page.obj.Contents = self.pdf.make_indirect(content.stream(self.pdf))

    def complete(self) -> None:
        """Objects whose contents are known only once every page is written: font subsets, and
        photos (awaited here, so separating one overlaps with setting the text)."""
        self.fonts.complete()
        for key, (_, stream) in self._photos.items():
            _write_photo(stream, self._separations.get(key))

    def overprint(self, on: bool) -> tuple[str, pikepdf.Object]:
        """The graphics state that switches fill overprint on (with the nonzero overprint
        mode, so zero components leave the plates below alone) or off."""
        state = self._states.get(on)
        if state is None:
            entries = Dictionary(Type=Name.ExtGState, op=on, OPM=1 if on else 0)
            state = self._states[on] = (f"/GS{len(self._states) + 1}",
                                        self.pdf.make_indirect(entries))
        return state

    def face(self, path: Path) -> CIDFace:
        return self.fonts.face(load_face(path))

    def proof_layer(self) -> pikepdf.Object:
        """The optional-content group of the proof overlay: shown on screen, off in print
        (the finishing step lists it in the catalog; see pdfx.mark_non_printing)."""
        if self._proof_layer is None:
            self._proof_layer = self.pdf.make_indirect(Dictionary(
                Type=Name.OCG, Name=pikepdf.String("pagesetter proof (does not print)"),
                Usage=Dictionary(Print=Dictionary(PrintState=Name.OFF),
                                 View=Dictionary(ViewState=Name.ON))))
        return self._proof_layer

    def photo(self, image: PlacedImage) -> tuple[str, pikepdf.Stream]:
        """The XObject name and stream of a placed photo; a repeated photo is embedded once."""
        key = press_key(image)
        photo = self._photos.get(key)
        if photo is None:
            stream = self.pdf.make_indirect(pikepdf.Stream(self.pdf, b""))
            photo = self._photos[key] = (f"/Im{len(self._photos) + 1}", stream)
        return photo

    def pieces(self, face: CIDFace, run: PlacedRun) -> list[_Piece]:
        """The evenly spaced pieces of `run`."""
        key = (face, run.text, run.xs, run.size, run.scale)
        pieces = self._pieces.get(key)
        if pieces is None:
            codes = face.hex(run.text)  # four hex digits a glyph
            pieces = self._pieces[key] = [
                _Piece(run.xs[start], codes[4 * start:4 * end], extra)
                for start, end, extra in _even_pieces(
                    run.text, run.xs, face.face.widths, face.face.default_width,
                    run.size * run.scale / 1000)]
        return pieces


def _draw_page(content: _Content, frame: Frame, page: PlacedPage) -> None:
    ops = content.ops
    for rect in page.rects:
        ops.append(content.fill_ops(rect.colour))
        content.rect(frame.x(rect.x), frame.y(rect.y + rect.height), rect.width, rect.height,
                     "f")
    for image in page.images:
        _draw_image(content, frame, image)
    for rule in page.rules:
        content.stroke(rule.colour, rule.width)
        content.line(frame.x(rule.x1), frame.y(rule.y1), frame.x(rule.x2), frame.y(rule.y2))
    ops.append("q")
    writer = _TextWriter(content, frame, page.fonts)
    for block in page.blocks:
        for line in block.lines:
            writer.line(line)
    ops.append("Q")
    _draw_proof(content, frame, page)
    _draw_marks(content, frame, page)
    if page.slug:
        ops.append("q")
        writer = _TextWriter(content, frame, page.fonts)
        writer.text(page.slug, next(iter(page.fonts)), SLUG_SIZE, 0.0,
                    page.height + page.bleed + MARK_GAP + 8)
        ops.append("Q")


class _TextWriter:
    """Writes text operators: one BT … ET per line, one Tj per piece of a run with constant
    spacing, and colour, font, Tc and Tz only when they change. Used between q and Q, so the
    text state it leaves behind never reaches later drawing."""

    def __init__(self, content: _Content, frame: Frame, faces: dict[str, Path]) -> None:
        self.content = content
        self.document = content.document
        self.frame = frame
        self.faces = faces  # face key → file
        self._faces: dict[str, CIDFace] = {}
        self.colour: Colour | None = None
        self.font: tuple[str, float] | None = None
        self.spacing = 0.0
        self.scale = 100.0

    def line(self, line: PlacedLine) -> None:
        """Each run is cut where the extra space between glyphs changes; a piece with
        constant spacing is one Tj with a character spacing (Tc), so a justified line is
        usually a single operator."""
        baseline = num(self.frame.y(line.baseline))
        left = self.frame.x(line.x)
        ops = ["BT"]
        for run in line.runs:
            face = self._face(run.font)
            for piece in self.document.pieces(face, run):
                self._state(ops, run, face.resource, piece.spacing)
                ops.append(f"1 0 0 1 {num(left + piece.dx)} {baseline} Tm <{piece.codes}> Tj")
        ops.append("ET")
        self.content.ops.append(" ".join(ops))

    def text(self, text: str, font: str, size: float, x: float, y: float) -> None:
        """A single unjustified string (the slug), in solid black."""
        face = self._face(font)
        ops = ["BT"]
        self._state(ops, PlacedRun(text, (0.0,), font, size, SOLID_BLACK), face.resource, 0.0)
        ops.append(f"1 0 0 1 {num(self.frame.x(x))} {num(self.frame.y(y))} Tm "
                   f"<{face.hex(text)}> Tj ET")
        self.content.ops.append(" ".join(ops))

    def _face(self, key: str) -> CIDFace:
        face = self._faces.get(key)
        if face is None:
            face = self._faces[key] = self.document.face(self.faces[key])
            self.content.fonts[face.resource] = face.font
        return face

    def _state(self, ops: list[str], run: PlacedRun, resource: str, extra: float) -> None:
        """Colour, font, spacing and scale operators for what changed since the last piece.
        (Colour and gs are allowed inside BT … ET: PDF 1.7 §8.2.)"""
        if run.colour != self.colour:
            ops.append(self.content.fill_ops(run.colour))
            self.colour = run.colour
        if (resource, run.size) != self.font:
            ops.append(f"{resource} {num(run.size)} Tf")
            self.font = (resource, run.size)
        if abs(extra - self.spacing) > 1e-9:
            ops.append(f"{num(extra)} Tc")
            self.spacing = extra
        if run.scale * 100 != self.scale:
            self.scale = run.scale * 100
            ops.append(f"{num(self.scale)} Tz")


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


def _draw_image(content: _Content, frame: Frame, image: PlacedImage) -> None:
    name, stream = content.document.photo(image)
    content.xobjects[name] = stream
    content.ops.append(f"q {num(image.width)} 0 0 {num(image.height)} "
                       f"{num(frame.x(image.x))} {num(frame.y(image.y + image.height))} cm "
                       f"{name} Do Q")


class _Separations:
    """The distinct photos of a document, separated by a background thread that starts at
    once (Pillow and LittleCMS release the interpreter lock while they work); `get` waits for
    the thread."""

    def __init__(self, pages: list[PlacedPage]) -> None:
        keys = list(dict.fromkeys(press_key(image) for page in pages for image in page.images))
        self._results: dict[tuple, PressImage | BaseException] = {}
        self._thread = None
        if keys:
            import threading

            self._thread = threading.Thread(target=self._separate, args=(keys,), daemon=True,
                                            name="pagesetter-photos")
            self._thread.start()

    def _separate(self, keys: list[tuple]) -> None:
        for key in keys:
            try:
                self._results[key] = press_image(*key)
            except BaseException as exc:  # noqa: BLE001 — raised again in the waiting thread
                self._results[key] = exc

    def get(self, key: tuple) -> PressImage:
        if self._thread is not None:
            self._thread.join()
        result = self._results[key]
        if isinstance(result, BaseException):
            raise result
        return result


def _write_photo(stream: pikepdf.Stream, press: PressImage) -> None:
    """The image XObject, from the separated samples as they are: a JPEG as DCT, else the
    deflated samples."""
    if press.encoding == "jpeg":
        stream.write(press.data, filter=Name.DCTDecode)
        # Adobe-style CMYK JPEGs store inverted samples (Adobe TN 5116, APP14 transform 0).
        stream.Decode = Array([1, 0, 1, 0, 1, 0, 1, 0])
    else:
        stream.write(press.data, filter=Name.FlateDecode)
    stream.Type = Name.XObject
    stream.Subtype = Name.Image
    stream.Width = press.width
    stream.Height = press.height
    stream.ColorSpace = Name.DeviceCMYK
    stream.BitsPerComponent = 8


def _draw_proof(content: _Content, frame: Frame, page: PlacedPage) -> None:
    if not (page.grid_rules or page.grid_overlay):
        return
    # Marked content in an optional-content group, so the overlay shows on screen and never
    # prints.
    content.properties[f"/{PROOF_LAYER}"] = content.document.proof_layer()
    content.ops.append(f"q /OC /{PROOF_LAYER} BDC")
    for rule in page.grid_rules:
        content.stroke(rule.colour, rule.width)
        content.line(frame.x(rule.x1), frame.y(rule.y1), frame.x(rule.x2), frame.y(rule.y2))
    for rect in page.grid_overlay:
        content.stroke(rect.colour, 0.5)
        content.rect(frame.x(rect.x), frame.y(rect.y + rect.height), rect.width, rect.height,
                     "S")
    content.ops.append("EMC Q")


def _draw_marks(content: _Content, frame: Frame, page: PlacedPage) -> None:
    content.stroke(REGISTRATION, MARK_WIDTH)
    left, right = frame.x(0), frame.x(page.width)
    top, bottom = frame.y(0), frame.y(page.height)
    off = page.bleed + MARK_GAP
    for x, y, sx, sy in ((left, top, -1, 1), (right, top, 1, 1), (left, bottom, -1, -1),
                         (right, bottom, 1, -1)):
        content.line(x + sx * off, y, x + sx * (off + MARK_LENGTH), y)
        content.line(x, y + sy * off, x, y + sy * (off + MARK_LENGTH))
    centre_x = (left + right) / 2
    centre_y = (top + bottom) / 2
    reach = page.bleed + MARK_GAP + MARK_LENGTH / 2
    for x, y in ((centre_x, top + reach), (centre_x, bottom - reach),
                 (left - reach, centre_y), (right + reach, centre_y)):
        content.circle(x, y, mm(1.5))
        content.line(x - mm(2.5), y, x + mm(2.5), y)
        content.line(x, y - mm(2.5), x, y + mm(2.5))
