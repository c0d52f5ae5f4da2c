"""Mongolian script, shaped by HarfBuzz (uharfbuzz).

Traditional Mongolian joins its letters and picks each letter's form (initial, medial, final,
isolated, and the variants the free variation selectors FVS1–4 choose) from its neighbours: only
a shaper knows the glyphs. The face is Noto Sans Mongolian, which draws the script lying on its
side, as fonts for it do: a line shaped left to right and turned a quarter clockwise reads top to
bottom (render/pdf.py turns it).

ReportLab can shape (`TTFont(shapable=True)`), but the glyphs it makes for positional forms copy
out of the PDF as private-use characters, not as the text typed; so shaping is done here and each
glyph drawn with the text of its cluster (render/pdf.py, face_metrics.KeptFont.code_for).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..memo import Memo

#: The page format's face key for Mongolian script (layout/*.yaml `fonts:`).
MONGOLIAN_FACE = "mongolian"

#: What belongs to a Mongolian run (Unicode 15, ch. 13.5 Mongolian): the block's letters, the
#: free variation selectors and the vowel separator (U+180B–U+180F), the narrow no-break space
#: before case suffixes (U+202F), the joiners, and spaces between Mongolian words.
MONGOLIAN_LETTERS = (0x1800, 0x18AF)
MONGOLIAN_JOINING = frozenset({0x202F, 0x200C, 0x200D})


def is_mongolian(ch: str) -> bool:
    code = ord(ch)
    return MONGOLIAN_LETTERS[0] <= code <= MONGOLIAN_LETTERS[1]


def has_mongolian(text: str) -> bool:
    return any(is_mongolian(ch) for ch in text)


def script_runs(text: str) -> list[tuple[bool, str]]:
    """`text` cut into (is Mongolian, piece) runs: a Mongolian run keeps its joining
    characters, and the spaces between two Mongolian words."""
    runs: list[tuple[bool, str]] = []
    for k, ch in enumerate(text):
        mongolian = is_mongolian(ch) or ord(ch) in MONGOLIAN_JOINING or \
            (ch == " " and bool(runs) and runs[-1][0] and
             has_mongolian(text[k + 1:k + 2]))
        if runs and runs[-1][0] == mongolian:
            runs[-1] = (mongolian, runs[-1][1] + ch)
        else:
            runs.append((mongolian, ch))
    return runs


@dataclass(frozen=True)
class ShapedGlyph:
    """One glyph of a shaped run: its id in the face, the text it stands for (its cluster's
    text on the cluster's first glyph, "" on the others), and its origin and advance in pt
    along the line."""

    glyph: int
    text: str
    x: float
    y: float  # pt up from the baseline (HarfBuzz's y offset)
    advance: float


@dataclass(frozen=True)
class Shaped:
    text: str
    size: float
    glyphs: tuple[ShapedGlyph, ...]
    width: float
    ascent: float  # pt above the baseline (the face's ascender)
    descent: float  # pt, negative: below the baseline


def harfbuzz():
    """uharfbuzz, imported on first use (pagesetter/__init__.py keeps ReportLab from importing
    it)."""
    import sys

    if "uharfbuzz" in sys.modules and sys.modules["uharfbuzz"] is None:
        del sys.modules["uharfbuzz"]
    import uharfbuzz

    return uharfbuzz


class Shaper:
    """HarfBuzz faces of the files it was asked for, read once; owned by the composer."""

    def __init__(self) -> None:
        self._fonts: Memo[Any] = Memo()
        self._shaped: Memo[Shaped] = Memo()

    def shape(self, path: Path, text: str, size: float) -> Shaped:
        return self._shaped.get((path, text, size), lambda: self._shape(path, text, size))

    def _shape(self, path: Path, text: str, size: float) -> Shaped:
        hb = harfbuzz()
        font = self._fonts.get(path, lambda: hb.Font(hb.Face(hb.Blob.from_file_path(str(path)))))
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        hb.shape(font, buffer, {})
        scale = size / font.face.upem
        # Cluster values are character offsets into `text` (add_str counts code points); a
        # cluster's text runs to the next higher cluster value.
        starts = sorted({info.cluster for info in buffer.glyph_infos}) + [len(text)]
        end_of = dict(zip(starts, starts[1:], strict=False))
        glyphs = []
        x = 0.0
        seen: set[int] = set()
        space = font.get_nominal_glyph(0x20)
        for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
            first = info.cluster not in seen
            seen.add(info.cluster)
            if not first and info.codepoint == space and not pos.x_advance:
                continue  # a variation selector HarfBuzz hid: nothing to draw or copy
            glyphs.append(ShapedGlyph(
                info.codepoint, text[info.cluster:end_of[info.cluster]] if first else "",
                x + pos.x_offset * scale, pos.y_offset * scale, pos.x_advance * scale))
            x += pos.x_advance * scale
        extents = font.get_font_extents("ltr")
        return Shaped(text, size, tuple(glyphs), x, extents.ascender * scale,
                      extents.descender * scale)
