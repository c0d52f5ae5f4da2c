"""Font faces by key (song, hei, kai …), as ReportLab `TTFont` objects.

The composer measures with the same object the renderer embeds: advances come from the face's
`charWidths` (thousandths of an em, the numbers that go into the PDF's /Widths), coverage from its
character map. Measuring and drawing therefore cannot disagree. A face is parsed once for as
long as its file holds the same bytes (kept.py), and only when a style that uses it is first
composed or drawn.
"""
from __future__ import annotations

import struct
from typing import Mapping
from pathlib import Path

from reportlab.pdfbase.pdfmetrics import getFont, getRegisteredFontNames, registerFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .errors import InputError, SourcePos
from .face_file import FaceFile
from .face_metrics import KeptFont, read_face
from .textrules import TYPED_WHITESPACE, is_wide

#: Characters that are never looked up in a face: white space is set as space, not drawn.
NOT_DRAWN = frozenset(" \u3000") | TYPED_WHITESPACE


class FaceError(Exception):
    """A font file that cannot be used; the message says why."""


def load_face(path: Path) -> TTFont:
    """The face in `path`, parsed and registered with ReportLab under a name of its own; parsed
    again only when the file's content changed (kept.py).

    The registered name never appears in a PDF (ReportLab names subsets F1+0 …); it is a
    digest of the file's content, so two faces can never be confused, even one saved over the
    other's file."""
    from .cache import kept_digest
    from .kept import current

    faces = current().faces
    try:
        known = kept_digest(path)
        font = None if known is None else faces.known(known) or _registered(known)
        if font is not None:
            return faces.get(known, lambda: font)
        # The face is read from the very file its name and cache key digest (face_file.py).
        source = FaceFile.open(path)
    except OSError as exc:
        raise FaceError(_reason(exc)) from None
    font = faces.known(source.digest) or _registered(source.digest)
    if font is None:
        return faces.get(source.digest, lambda: _parsed(source))
    if not (isinstance(font, KeptFont) and font.read_again_from(source)):
        source.close()
    return faces.get(source.digest, lambda: font)


def _registered(digest: str) -> TTFont | None:
    """The face ReportLab already has under the name of `digest`, registered by another `Kept`
    of this process. ReportLab draws with the font registered under a name, so a face is one
    object in a process: a second parse registered under the same name would draw the private
    codes of shaped glyphs (face_metrics.KeptFont.code_for) that the first assigned."""
    name = f"pagesetter:{digest}"
    return getFont(name) if name in getRegisteredFontNames() else None


def _parsed(source: FaceFile) -> TTFont:
    try:
        font = KeptFont(f"pagesetter:{source.digest}", read_face(source))
    except (TTFError, OSError, struct.error, ValueError, KeyError, IndexError) as exc:
        source.close()
        raise FaceError(_reason(exc)) from None
    except BaseException:
        source.close()
        raise
    _register_apart(font)
    return font


def _register_apart(font: TTFont) -> None:
    """Register `font` under its own name. ReportLab registers a face under the font first
    registered with its PostScript name, so a second face of that name (a fallback cut from
    the body's family, two versions of one face) would be drawn as the first: it registers
    under the name of its content here, then takes its PostScript name back for the PDF."""
    postscript_name = font.face.name
    font.face.name = font.fontName.encode()
    try:
        registerFont(font)
    finally:
        font.face.name = postscript_name


def _reason(exc: BaseException) -> str:
    """Why a face cannot be used, in words (never the file's bytes: a file that is not a font
    may hold anything)."""
    text = str(exc)
    if "postscript outlines" in text.lower():
        return "it has PostScript (CFF) outlines; ReportLab embeds TrueType outlines only"
    if isinstance(exc, OSError):
        return exc.strerror or "it cannot be read"
    if "not a truetype font" in text.lower() or "not a ttf" in text.lower():
        return "it is not a TrueType or OpenType font"
    if isinstance(exc, (struct.error, IndexError, KeyError)) or "unpack" in text:
        return "it is damaged or truncated (a table of the font cannot be read)"
    if "subfont" in text.lower():
        return "it is a collection without the face asked for"
    return "it cannot be read as a TrueType font"


class FontBook:
    """The faces of one page format by key, each parsed when first asked for (a page seldom
    uses every face). A face that cannot be read is an input error at its line in the format."""

    def __init__(self, fonts: dict[str, Path], positions: dict[str, SourcePos] | None = None,
                 field: str = "fonts", fallbacks: Mapping[str, tuple[str, ...]] | None = None) \
            -> None:
        self.paths = dict(fonts)
        #: face key → the keys (in `paths`) of its fallback faces, in order
        self.fallbacks = dict(fallbacks or {})
        self.positions = positions or {}
        self.field = field
        self._widths: dict[str, dict[int, float]] = {}
        self._default: dict[str, float] = {}
        self._faces: dict[str, TTFont] = {}

    def face(self, key: str) -> TTFont:
        """The face of `key`, as the book first read it (one composition measures with one
        face, even if its file is saved over meanwhile)."""
        face = self._faces.get(key)
        if face is None:
            face = self._faces[key] = self._read(key)
        return face

    def _read(self, key: str) -> TTFont:
        path = self.paths[key]
        try:
            return load_face(path)
        except FaceError as exc:
            pos = self.positions.get(key, SourcePos(str(path)))
            raise InputError(pos, f"font file {path.name} cannot be used: {exc}",
                             f"{self.field}.{key}",
                             "fonts are TrueType (.ttf) files; scripts/build_fonts.py makes "
                             "them from OpenType CJK fonts") from None

    def _load(self, key: str) -> dict[int, float]:
        face = self.face(key).face
        self._default[key] = face.defaultWidth
        self._widths[key] = face.charWidths
        return face.charWidths

    def advance(self, key: str, ch: str) -> float:
        """Advance of `ch` in ems (of the fallback face that sets it, if the face lacks it)."""
        widths = self._widths.get(key) or self._load(key)
        code = ord(ch)
        if code not in widths and key in self.fallbacks:
            fallback, _ = self.face_for(key, ch)
            if fallback:
                return self.advance(fallback, ch)
        return widths.get(code, self._default[key]) / 1000.0

    def face_for(self, key: str, ch: str) -> tuple[str, float]:
        """The face `ch` is set from when the face of `key` lacks it — the first of its fallback
        faces that has it — with the rise (in ems) that sets the fallback's ideographic box on
        the face's; ("", 0.0) when the face has it, or no face does. Fallbacks serve wide
        characters only (ideographs): a Latin letter is the face's own or missing."""
        if ord(ch) in self.face(key).face.charToGlyph or not is_wide(ch):
            return "", 0.0
        for fallback in self.fallbacks.get(key, ()):
            face = self.face(fallback).face
            if ord(ch) in face.charToGlyph:
                body = self.face(key).face
                return fallback, (body.descent - face.descent) / 1000.0
        return "", 0.0

    def missing(self, key: str, text: str) -> str | None:
        """The first character of `text` the face lacks, if any."""
        return next(iter(self.missing_all(key, text)), None)

    def has_all(self, key: str, text: str) -> bool:
        """Whether the face itself has every character of `text` (the usual case; at C
        speed)."""
        glyphs = self.face(key).face.charToGlyph
        return all(map(glyphs.__contains__, map(ord, text)))

    def missing_all(self, key: str, text: str) -> list[str]:
        """Every character of `text` the face and its fallbacks lack, in order of first
        appearance."""
        if self.has_all(key, text):
            return []
        return [ch for ch in self.not_in_face(key, text) if not self.face_for(key, ch)[0]]

    def not_in_face(self, key: str, text: str) -> list[str]:
        """Every character of `text` the face itself lacks (its fallbacks aside)."""
        glyphs = self.face(key).face.charToGlyph
        return list(dict.fromkeys(ch for ch in text
                                  if ord(ch) not in glyphs and ch not in NOT_DRAWN))
