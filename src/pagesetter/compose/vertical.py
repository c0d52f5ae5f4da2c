"""Vertical setting (竖排): Chinese headlines top to bottom, and Mongolian, whose lines run top to
bottom and follow each other left to right.

A vertical line is a strip one size wide. Ideographs stand upright, one cell each; what follows
the rules below is moved or turned a quarter clockwise. Positions are in pt: across from the
strip's left edge, and down from the line's top to the glyph's baseline (an upright glyph) or
to its origin (a turned one, whose baseline runs down the strip).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..textrules import NO_LINE_END, NO_LINE_START
from .shaping import script_runs

if TYPE_CHECKING:
    from . import Composer

#: Marks set below their character and to the right in vertical text: GB/T 15834—2011 §5.2.1
#: (句号、问号、叹号、逗号、顿号、分号、冒号 "置于相应文字之下偏右"). Value: the shift of the
#: horizontal glyph, in ems right and up. Simplified Chinese faces draw 。，、． in the cell's
#: lower left and ：；？！ in its left half: up and right a half for the first, right for the rest.
SHIFTED = {"。": (0.5, 0.5), "，": (0.5, 0.5), "、": (0.5, 0.5), "．": (0.5, 0.5),
           "：": (0.3, 0.0), "；": (0.3, 0.0), "？": (0.25, 0.0), "！": (0.25, 0.0)}

#: Marks turned a quarter clockwise in vertical text: brackets, 书名号, dashes, the ellipsis and
#: the wave dash (GB/T 15834—2011 §5.2.2–§5.2.4; clreq 3.1.2: "in vertical writing mode, the
#: glyphs are rotated 90 degrees clockwise").
TURNED = frozenset("（）《》〈〉【】〔〕〖〗［］｛｝「」『』—…～－")

#: Quotation marks of vertical text: 『』 for “”, 「」 for ‘’, turned (GB/T 15834—2011 §4.1.3,
#: 引号: 竖排文稿用直角引号). The glyph drawn is the corner bracket; the text copies out as typed.
VERTICAL_QUOTES = {"“": "『", "”": "』", "‘": "「", "’": "」"}

#: Digits set upright side by side in one cell (纵中横, clreq 3.6 "tate-chu-yoko"): a number
#: of this many digits at most; longer numbers and Latin are turned.
UPRIGHT_DIGITS = 2

#: The CJK em box's share above the baseline (Noto CJK, LXGW: 880 of 1000).
ASCENT = 0.88


@dataclass(frozen=True)
class VerticalRun:
    """Glyphs drawn alike (upright or turned) in one face: `text[i]`'s origin at `xs[i]` across
    and `ys[i]` down. Shaped runs (Mongolian) carry HarfBuzz's glyph ids, with the text each
    stands for (`glyph_text`); `text` is then the run's text."""

    text: str
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    font: str  # face key
    size: float
    turned: bool
    scale: float = 1.0
    glyphs: tuple[int, ...] = ()
    glyph_text: tuple[str, ...] = ()
    drawn: str = ""  # characters drawn instead of `text` (vertical quotes), same length


@dataclass(frozen=True)
class VerticalLine:
    text: str
    runs: tuple[VerticalRun, ...]
    length: float  # pt down the strip
    thickness: float  # pt across: the strip's width


@dataclass(frozen=True)
class _Piece:
    """A unit of a vertical line: its text and how long it is down the line."""

    text: str
    kind: str  # upright | shifted | turned | pair | latin | mongolian
    length: float


#: A run of Latin letters and digits (with the marks inside it: 16.39, 3:2, www.gov.cn), or any
#: other single character.
_LATIN_OR_CHAR = re.compile(r"[A-Za-z0-9]+(?:[.,\-/%:][A-Za-z0-9]+)*|.", re.DOTALL)


def pieces(composer: Composer, text: str, style_name: str) -> list[_Piece]:
    """`text` cut into the pieces a vertical line is made of."""
    style = composer.style(style_name)
    size = style.size
    out: list[_Piece] = []
    for mongolian, run in script_runs(text):
        if mongolian:
            out += [_Piece(word, "mongolian", composer.shape_mongolian(word, size).width)
                    for word in _words(run)]
            continue
        for match in _LATIN_OR_CHAR.finditer(run):
            token = match.group()
            if len(token) > 1 or token.isascii() and token.isalnum():
                if token.isdigit() and len(token) <= UPRIGHT_DIGITS:
                    out.append(_Piece(token, "pair", size))
                else:
                    out.append(_Piece(token, "latin", sum(
                        composer.advance(style_name, c) for c in token) * size))
            elif token == " ":
                out.append(_Piece(token, "latin", composer.advance(style_name, token) * size))
            elif token in SHIFTED:
                out.append(_Piece(token, "shifted", size))
            elif token in TURNED or token in VERTICAL_QUOTES:
                out.append(_Piece(token, "turned", size))
            else:
                out.append(_Piece(token, "upright", size))
    return out


def _words(run: str) -> list[str]:
    """A Mongolian run's words, each with the spaces after it (the narrow no-break space
    before a case suffix keeps the suffix in its word)."""
    return re.findall(r"[^ ]+ *| +", run)


def break_vertical(parts: list[_Piece], length: float, balance: bool = True) \
        -> list[list[_Piece]]:
    """Lines no longer than `length`: breaks between pieces, never before a mark that may not
    start a line or after one that may not end it (clreq 3.1.7; the mark takes the piece next
    to it along). With `balance`, as many lines as that takes, as even as the pieces allow (a
    headline's): the shortest longest line that needs no more lines."""
    lines = _greedy(parts, length)
    if balance and len(lines) > 1:
        low, high = sum(p.length for p in parts) / len(lines), length
        while high - low > 0.05:
            middle = (low + high) / 2
            if len(_greedy(parts, middle)) <= len(lines):
                high = middle
            else:
                low = middle
        lines = _greedy(parts, high)
    return lines


def _greedy(parts: list[_Piece], length: float) -> list[list[_Piece]]:
    lines: list[list[_Piece]] = [[]]
    used = 0.0
    for piece in parts:
        line = lines[-1]
        if line and used + piece.length > length + 1e-6:
            carried: list[_Piece] = []
            if piece.text[:1] in NO_LINE_START and len(line) > 1:
                carried.append(line.pop())
            while len(line) > 1 and line[-1].text[-1:] in NO_LINE_END:
                carried.insert(0, line.pop())
            lines.append(carried)
            used = sum(p.length for p in carried)
            if not carried and not piece.text.strip():
                continue  # a space does not start a line
        lines[-1].append(piece)
        used += piece.length
    return [line for line in lines if line]


def set_vertical(composer: Composer, parts: list[_Piece], style_name: str,
                 thickness: float) -> VerticalLine:
    """The pieces of one line set down a strip `thickness` pt wide (the style's size centred
    in it)."""
    style = composer.style(style_name)
    size = style.size
    inset = (thickness - size) / 2
    runs: list[VerticalRun] = []
    y = 0.0
    for piece in parts:
        runs += _piece_runs(composer, piece, style_name, size, inset, y)
        y += piece.length
    return VerticalLine("".join(p.text for p in parts), tuple(runs), y, thickness)


def _piece_runs(composer: Composer, piece: _Piece, style_name: str, size: float, inset: float,
                y: float) -> list[VerticalRun]:
    font = composer.style(style_name).font
    text, kind = piece.text, piece.kind
    if kind == "mongolian":
        shaped = composer.shape_mongolian(text, size)
        # The face's line box (ascender to descender) centred across the strip.
        # (Turned a quarter clockwise, a glyph's up points right across the strip.)
        across = inset + (size - shaped.ascent + shaped.descent) / 2 - shaped.descent
        glyphs = shaped.glyphs
        return [VerticalRun(text, tuple(across + g.y for g in glyphs),
                            tuple(y + g.x for g in glyphs), "mongolian", size, True,
                            glyphs=tuple(g.glyph for g in glyphs),
                            glyph_text=tuple(g.text for g in glyphs))]
    if kind in ("turned", "latin"):
        drawn = "".join(VERTICAL_QUOTES.get(c, c) for c in text)
        offsets, at = [], y
        for ch in drawn:
            offsets.append(at)
            at += composer.advance(style_name, ch) * size if kind == "latin" else size
        return [VerticalRun(text, tuple(inset + (1 - ASCENT) * size for _ in text),
                            tuple(offsets), font, size, True,
                            drawn=drawn if drawn != text else "")]
    if kind == "pair":
        advances = [composer.advance(style_name, c) * size for c in text]
        scale = min(1.0, 0.95 * size / sum(advances))
        left = inset + (size - sum(advances) * scale) / 2
        xs = (left,) if len(text) == 1 else (left, left + advances[0] * scale)
        return [VerticalRun(text, xs, tuple(y + ASCENT * size for _ in text), font, size, False,
                            scale=scale)]
    right, up = SHIFTED.get(text, (0.0, 0.0))
    return [VerticalRun(text, (inset + right * size,), (y + (ASCENT - up) * size,), font, size,
                        False)]


def vertical_lines(composer: Composer, text: str, style_name: str, length: float,
                   thickness: float, balance: bool = True) -> list[VerticalLine]:
    """`text` set in vertical lines at most `length` pt long, each `thickness` pt wide."""
    return [set_vertical(composer, line, style_name, thickness)
            for line in break_vertical(pieces(composer, text, style_name), length, balance)]
