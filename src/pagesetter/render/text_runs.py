"""A run of placed glyphs cut into pieces that ReportLab draws with one `textOut` each.

ReportLab advances each glyph by its width in the face plus the character spacing, so a run
whose glyphs are evenly spaced is one string with one spacing (a justified line is mostly one).
Where Chinese composition sets a closing mark, pause or stop half width (GB/T 15834 §4, the
开明式 and 全角式 of clreq 3.1.6), the glyph after it no longer falls where the face's width
puts it. Such a mark is drawn by a code of the face's own that advances half an em less
(KeptFont.code_for: the same glyph, and it copies out as the character typed), so a narrowed
mark does not cut its line into pieces. (An opening mark's blank is on its left: the glyph
before it would have to be narrowed, and its ink then runs past its advance, which text
extraction reads as a gap; those still start a piece.) Every piece still starts where its
first glyph is placed: the cut decides only how many strings a line takes, never where a glyph
lands.
"""
from __future__ import annotations

from itertools import groupby
from typing import NamedTuple

from ..face_metrics import KeptFont
from ..placed import PlacedRun
from ..textrules import CLOSING, PAUSES, STOPS

#: How much narrower a half-width mark is drawn, thousandths of an em; it is drawn so only
#: when the glyph after it then falls as evenly as the glyph before or after does (to
#: SAME_SPACING pt, as pieces are cut).
NARROWED = 500
SAME_SPACING = 0.0005
#: Glyphs narrower than this (thousandths of an em: Latin, half-width forms) are left as they are.
WIDE = 750
#: The marks whose ink lies in the left half of their cell (clreq 3.1.6): drawn half an em
#: narrower, the glyph still lies within its advance, so text extraction sees no gap after it.
INK_LEFT = CLOSING | PAUSES | STOPS


class Piece(NamedTuple):
    """Glyphs of a run drawn with one textOut: where the first starts (pt from the line's
    start), the characters that draw them, and the extra space after each glyph (character
    spacing)."""

    dx: float
    text: str
    spacing: float


def run_pieces(face: KeptFont, run: PlacedRun) -> tuple[Piece, ...]:
    """The evenly spaced pieces of a horizontal run (neither shaped nor drawn by other
    glyphs) in `face`."""
    text, extras = _drawn(face, run)
    return tuple(Piece(run.xs[start], text[start:end], extra)
                 for start, end, extra in _cut(extras, len(text)))


def drawn_text(face: KeptFont, run: PlacedRun) -> str:
    """The characters that draw a horizontal run: its own, each half-width mark whose next
    glyph then falls as evenly as its neighbours drawn by the face's narrowed code for it (see
    the module)."""
    return _drawn(face, run)[0]


def _drawn(face: KeptFont, run: PlacedRun) -> tuple[str, list[float]]:
    """drawn_text, and the space after each of its glyphs beyond its width (pt)."""
    widths, default = face.face.charWidths, face.face.defaultWidth
    unit = run.size * run.scale / 1000  # pt per thousandth of an em
    text, xs = run.text, run.xs
    extras = _extras(text, xs, widths, default, unit)
    drawn = list(text)
    for i, extra in enumerate(extras):
        width = widths.get(ord(text[i]), default)
        if text[i] not in INK_LEFT or width < WIDE:
            continue
        narrowed = extra + NARROWED * unit
        glyph = face.face.charToGlyph.get(ord(text[i]))
        # (the glyph before as it is drawn, narrowed or not)
        if glyph is not None and any(abs(narrowed - extras[k]) < SAME_SPACING
                                     for k in (i - 1, i + 1) if 0 <= k < len(extras)):
            drawn[i] = face.code_for(glyph, text[i], width - NARROWED)
            extras[i] = xs[i + 1] - xs[i] - (width - NARROWED) * unit  # as its code's width
    return "".join(drawn), extras


def even_pieces(text: str, xs: tuple[float, ...], widths: dict[int, float], default: float,
                unit: float) -> list[tuple[int, int, float]]:
    """(start, end, extra space after each glyph) of the stretches of `text` whose glyphs are
    evenly spaced. `unit` converts the advances to pt. Spacings are compared to 0.001 pt."""
    return _cut(_extras(text, xs, widths, default, unit), len(text))


def _extras(text: str, xs: tuple[float, ...], widths: dict[int, float], default: float,
            unit: float) -> list[float]:
    """The space after glyph i, before glyph i + 1, beyond its advance (pt)."""
    return [xs[i + 1] - xs[i] - widths.get(ord(ch), default) * unit
            for i, ch in enumerate(text[:-1])]


def _cut(extras: list[float], n: int) -> list[tuple[int, int, float]]:
    """even_pieces of `n` glyphs with the spaces `extras` after them."""
    pieces = []
    start = 0  # first glyph of the next piece
    end_gap = 0
    # Runs of equal spacing; a piece takes a run's glyphs and the glyph after it, and the gap
    # after that glyph is bridged by the next piece's own position.
    for _, gaps in groupby(round(extra * 1000.0) for extra in extras):
        end_gap += len(list(gaps))  # this run is gaps [.., end_gap)
        if end_gap > start:
            pieces.append((start, end_gap + 1, extras[start]))
            start = end_gap + 1
    if start < n:
        pieces.append((start, n, 0.0))
    return pieces
