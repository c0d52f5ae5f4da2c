"""Compose stage: text in a style → set lines (units with positions), to clreq and GB/T 15834.

`segment` turns styled text into units, `breaker` breaks and justifies them; this module ties
them to a page format's styles and fonts. `break_lines` is the public entry point for tests and
comparisons; the page make-up calls `compose_text` and `compose_headline`, the same code path.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Sequence

from ..errors import InputError, SourcePos
from ..fonts import FontBook
from ..model import PageFormat, TextStyle
from .breaker import SetLine, break_units, natural_width
from .segment import Span, Unit, segment, split_overlong

__all__ = ["ComposedLine", "Composer", "GlyphRun", "break_lines", "line_text", "SetLine", "Span",
           "Unit"]


@dataclass(frozen=True)
class GlyphRun:
    """Glyphs of one style, size and horizontal scale: `text[i]` has its origin at `xs[i]` pt
    from the line's left edge (after its indent)."""

    text: str
    xs: tuple[float, ...]
    style: str
    size: float
    scale: float


@dataclass(frozen=True)
class ComposedLine:
    """A set line with the units it holds (units[line.start:line.end] of `units`)."""

    units: tuple[Unit, ...]
    line: SetLine

    @cached_property
    def text(self) -> str:
        return line_text(self.units, self.line)

    @cached_property
    def glyph_runs(self) -> tuple[GlyphRun, ...]:
        """The line's glyphs where they are drawn, cut where style, size or scale change.
        Cached: a line the composer hands out again (same paragraph, same measure) is
        placed without walking its units again."""
        return glyph_runs(self.units, self.line)

    @property
    def width(self) -> float:
        return self.line.width


def glyph_runs(units: Sequence[Unit], line: SetLine) -> tuple[GlyphRun, ...]:
    runs: list[GlyphRun] = []
    chars: list[str] = []
    xs: list[float] = []
    key = None
    for k in range(line.start, line.end):
        unit = units[k]
        cell = line.cells[k - line.start]
        for g in unit.glyphs:
            glyph_key = (unit.style, unit.size, g.scale)
            if glyph_key != key:
                if chars:
                    runs.append(GlyphRun("".join(chars), tuple(xs), *key))
                chars, xs, key = [], [], glyph_key
            chars.append(g.char)
            xs.append(cell + g.dx)
    if chars:
        runs.append(GlyphRun("".join(chars), tuple(xs), *key))
    return tuple(runs)


def line_text(units: Sequence[Unit], line: SetLine) -> str:
    parts = []
    for k in range(line.start, line.end):
        if k > line.start:
            parts.append(units[k].gap_text)
        parts.append(units[k].text)
    return "".join(parts)


class Composer:
    """Composes text in the styles of one page format."""

    def __init__(self, fmt: PageFormat, fonts: FontBook | None = None) -> None:
        self.format = fmt
        self.fonts = fonts or FontBook(fmt.fonts, fmt.font_positions)
        self._cells: dict = {}  # cell units of this format's styles, see segment()
        # Composed paragraphs by (spans, measure, style, indent). Composition is a pure function
        # of these, so a paragraph set again at the same measure (a rebuilt page, a story
        # repeated across pages or editions) is looked up, not composed again.
        self._paragraphs: dict[tuple, list[ComposedLine]] = {}
        self._headlines: dict[tuple, list[ComposedLine]] = {}
        self._spans: dict[tuple, list[Span]] = {}  # checked spans of (text, style) parts

    def style(self, name: str) -> TextStyle:
        return self.format.styles[name]

    def spans(self, parts: Sequence[tuple[str, str]], pos: SourcePos, where: str) -> list[Span]:
        """Spans for (text, style name) parts, checking every character is in its face."""
        return _memoised(self._spans, tuple(parts),
                         lambda: self._checked_spans(parts, pos, where))

    def _checked_spans(self, parts: Sequence[tuple[str, str]], pos: SourcePos, where: str) \
            -> list[Span]:
        out = []
        for text, style_name in parts:
            style = self.style(style_name)
            missing = self.fonts.missing(style.font, text)
            if missing is not None:
                raise InputError(
                    pos, f"character 「{missing}」 (U+{ord(missing):04X}) is not in the "
                    f"{style.font} face ({self.format.fonts[style.font].name}) used by style "
                    f"`{style_name}`", where,
                    "replace it, or rebuild the fonts with it (scripts/build_fonts.py)")
            out.append(Span(text, style_name, style.size))
        return out

    def advance(self, style_name: str, ch: str) -> float:
        return self.fonts.advance(self.format.styles[style_name].font, ch)

    def units(self, spans: Sequence[Span]) -> list[Unit]:
        return segment(spans, self.advance, self._cells)

    def compose_text(self, spans: Sequence[Span], measure: float, style: TextStyle,
                     indent: float | None = None) -> list[ComposedLine]:
        """Break a paragraph into lines of `measure` pt in `style`'s alignment."""
        return _memoised(self._paragraphs, (tuple(spans), measure, style, indent),
                         lambda: self._compose_text(spans, measure, style, indent))

    def _compose_text(self, spans: Sequence[Span], measure: float, style: TextStyle,
                      indent: float | None) -> list[ComposedLine]:
        first_indent = (style.indent if indent is None else indent) * style.size
        units = tuple(split_overlong(self.units(spans), measure - first_indent))
        if not units:
            return []
        justify = style.align == "justify"
        lines = break_units(units, measure, first_indent, justify=justify)
        return [ComposedLine(units, ln) for ln in lines]

    def compose_headline(self, spans: Sequence[Span], measure: float) -> list[ComposedLine]:
        """Headline lines: a two-part headline (halves split by two or more spaces or a U+3000)
        keeps its halves a full-width space apart on one line, or breaks between them; any
        part too long for the measure is broken into balanced lines."""
        return _memoised(self._headlines, (tuple(spans), measure),
                         lambda: self._compose_headline(spans, measure))

    def _compose_headline(self, spans: Sequence[Span], measure: float) -> list[ComposedLine]:
        halves = _split_halves(spans)
        joined = _join_halves(halves)
        units = tuple(self.units(joined))
        if natural_width(units, 0, len(units)) <= measure + 1e-6:
            return [ComposedLine(units, ln) for ln in break_units(units, measure, justify=False)]
        out: list[ComposedLine] = []
        for half in halves:
            half_units = tuple(self.units(half))
            out.extend(ComposedLine(half_units, ln) for ln in _balanced(half_units, measure))
        return out


def _memoised(table: dict, key: tuple, compute) -> list:
    """A fresh list of what `compute()` gave for `key`, computed once per key."""
    value = table.get(key)
    if value is None:
        value = table[key] = compute()
    return list(value)


#: Where a headline's halves meet: a U+3000, or white space typed between two wide characters.
_HALF_BREAK = re.compile(r"\u3000+|(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def _split_halves(spans: Sequence[Span]) -> list[list[Span]]:
    halves: list[list[Span]] = [[]]
    for span in spans:
        pieces = _HALF_BREAK.split(span.text.strip())
        for i, piece in enumerate(pieces):
            if i > 0:
                halves.append([])
            if piece:
                halves[-1].append(Span(piece, span.style, span.size))
    return [h for h in halves if h]


def _join_halves(halves: list[list[Span]]) -> list[Span]:
    out: list[Span] = []
    for i, half in enumerate(halves):
        if i > 0:
            last = half[0]
            out.append(Span("\u3000", last.style, last.size))
        out.extend(half)
    return out


def _balanced(units: tuple[Unit, ...], measure: float) -> list[SetLine]:
    """The fewest lines, as even as possible: narrow the measure while the line count holds."""
    lines = break_units(units, measure, justify=False)
    count = len(lines)
    if count == 1:
        return lines
    low, high = natural_width(units, 0, len(units)) / count, measure
    for _ in range(20):
        mid = (low + high) / 2
        if len(break_units(units, mid, justify=False)) == count:
            high = mid
        else:
            low = mid
    return break_units(units, high, justify=False)


@lru_cache(maxsize=1)
def _bulletin_composer() -> Composer:
    from ..loader import load_format
    from ..resources import data_dir

    return Composer(load_format(data_dir("layout") / "bulletin.yaml"))


def break_lines(text: str, measure: float, indent: float = 2.0) -> list[str]:
    """Break one paragraph of body text in the bulletin format's body style.

    `measure` and `indent` are in characters (ems of the body size). Returns the printed lines;
    a space typed between Han and Latin text is printed as the Han–Latin gap, so it is not in
    the returned strings."""
    composer = _bulletin_composer()
    style = composer.style("body")
    spans = composer.spans([(text, "body")], SourcePos("<text>"), "text")
    lines = composer.compose_text(spans, measure * style.size, style, indent=indent)
    return [ln.text for ln in lines]
