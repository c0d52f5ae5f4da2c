"""Text → composition units: the unbreakable pieces a line is built from.

A unit is one Han character, one punctuation mark, a `——`/`……` pair, or a run of Latin letters
and digits (a word or a number such as `16.39`). Each unit knows its natural width, the blank it
may give up (punctuation compression) and whether a line may start or end with it. The gap before
a unit (Han–Latin gap, word space) is part of the unit, because it vanishes at a line start.

Widths are in pt. Nothing here knows about fonts: the caller passes `advance(style, ch)`, the
advance of a Latin character in ems of its style.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum
from typing import Callable, Sequence

from ..textrules import NO_LINE_END, NO_LINE_START, PAIRED_MARKS, CharClass, char_class

#: Han–Latin gap (clreq "Mixed text composition": ¼ em, shrinkable to ⅛ em; none at line edges).
HAN_LATIN_GAP = 0.25
HAN_LATIN_GAP_MIN = 0.125


class Ink(Enum):
    """Where a mark's ink sits in its character cell; decides where the glyph is drawn."""

    LEFT = "left"
    RIGHT = "right"
    CENTRE = "centre"


@dataclass(frozen=True)
class Span:
    """A run of text in one style. `size` is the style's font size in pt (its em)."""

    text: str
    style: str
    size: float


@dataclass(frozen=True)
class Glyph:
    char: str
    dx: float  # origin relative to the left edge of the untrimmed cell, pt
    scale: float = 1.0  # horizontal scale (joins the two halves of a ——)


@dataclass(frozen=True)
class Unit:
    text: str
    style: str
    size: float
    width: float  # natural width, pt, after adjacent-mark compression
    blank_left: float  # blank at the left that squeezing may remove, pt
    blank_right: float
    trimmed_left: float  # blank already removed on the left (adjacent marks), pt
    no_start: bool
    no_end: bool
    glyphs: tuple[Glyph, ...]
    gap_before: float = 0.0  # Han–Latin gap or word space before this unit, pt
    gap_min: float = 0.0  # how far that gap may shrink, pt
    gap_text: str = ""  # what the gap prints as in a text dump ("" for the Han–Latin gap)
    is_mark: bool = False  # a punctuation mark (takes part in adjacent-mark compression)
    line_end_trim: float = 0.0  # blank removed when this unit ends a line, pt
    latin: bool = False  # a run of Latin letters, digits or Western marks


Advance = Callable[[str, str], float]

#: Cell units by (style, size), then by character: units are immutable, so one serves every
#: occurrence.
CellCache = dict[tuple[str, float], dict[str, "Unit"]]

#: Runs of Han ideographs (URO, Extension A, compatibility ideographs, the supplementary planes'
#: extensions): each is one cell unit with no gap, break rule or compression to consider, so a
#: run is looked up at once instead of a character at a time.
HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")


def segment(spans: Sequence[Span], advance: Advance, cells: CellCache | None = None) \
        -> list[Unit]:
    """Split styled text into composition units (see module doc). `cells` may be kept by the
    caller across calls with the same `advance`, so a character is measured once."""
    cells = {} if cells is None else cells
    # The text as one string, and for each character the span it comes from (no object a
    # character: a Han character's unit comes from `cells`).
    text = "".join(span.text for span in spans)
    owner: list[Span] = []
    span_end: list[int] = []  # where the span of each character ends
    for span in spans:
        owner += [span] * len(span.text)
        span_end += [len(owner)] * len(span.text)
    units: list[Unit] = []
    pending_space = False
    han_run = HAN_RUN.match
    i = 0
    n = len(text)
    while i < n:
        run = han_run(text, i)
        if run is not None and not (pending_space or (units and units[-1].latin)):
            i = _add_han_run(units, text, i, min(run.end(), span_end[i]), owner[i], cells,
                             advance)
            continue
        ch = text[i]
        cls = char_class(ch)
        if cls is CharClass.SPACE or ch in "\t\n":
            pending_space = True
            i += 1
            continue
        span = owner[i]
        if cls is CharClass.LATIN:
            j = i + 1
            while j < n and char_class(text[j]) is CharClass.LATIN:
                j += 1
            unit = _latin_unit(text, owner, i, j, advance)
        elif ch * 2 in PAIRED_MARKS and i + 1 < n and text[i + 1] == ch:
            j = i + 2
            unit = _paired_mark(ch, span, advance)
        else:
            j = i + 1
            table = _cell_table(cells, span)
            unit = table.get(ch)
            if unit is None:
                unit = table[ch] = _cell_unit(ch, span, cls, advance)
        if units and (pending_space or unit.latin or units[-1].latin):
            unit = _with_gap(units[-1], unit, pending_space, advance)
        units.append(unit)
        pending_space = False
        i = j
    return _compress_adjacent_marks(units)


def _cell_table(cells: CellCache, span: Span) -> dict[str, Unit]:
    table = cells.get((span.style, span.size))
    if table is None:
        table = cells[(span.style, span.size)] = {}
    return table


def _add_han_run(units: list[Unit], text: str, start: int, end: int, span: Span,
                 cells: CellCache, advance: Advance) -> int:
    """Append the cell units of the Han characters text[start:end]; where the run ends."""
    run = text[start:end]
    table = _cell_table(cells, span)
    for ch in set(run).difference(table):
        table[ch] = _cell_unit(ch, span, CharClass.HAN, advance)
    units.extend(map(table.__getitem__, run))
    return end


def _latin_unit(text: str, owner: list[Span], start: int, end: int, advance: Advance) -> Unit:
    glyphs = []
    x = 0.0
    for k in range(start, end):
        span = owner[k]
        glyphs.append(Glyph(text[k], x))
        x += advance(span.style, text[k]) * span.size
    first = owner[start]
    return Unit(
        text=text[start:end], style=first.style, size=first.size, width=x,
        blank_left=0.0, blank_right=0.0, trimmed_left=0.0,
        no_start=text[start] in NO_LINE_START, no_end=text[end - 1] in NO_LINE_END,
        glyphs=tuple(glyphs), latin=True,
    )


def _paired_mark(ch: str, span: Span, advance: Advance) -> Unit:
    em = span.size
    adv = advance(span.style, ch) * em
    # Each half fills its cell exactly, so the two halves of —— join into one line.
    scale = em / adv if ch == "—" and adv > 0 else 1.0
    left = 0.0 if ch == "—" else (em - adv) / 2
    glyphs = (Glyph(ch, left, scale), Glyph(ch, em + left, scale))
    return Unit(
        text=ch * 2, style=span.style, size=em, width=2 * em, blank_left=0.0, blank_right=0.0,
        trimmed_left=0.0, no_start=ch in NO_LINE_START, no_end=False, glyphs=glyphs,
        is_mark=True,
    )


def split_overlong(units: Sequence[Unit], limit: float) -> list[Unit]:
    """Latin runs wider than `limit` (a URL, a long code) split into single characters, so a
    line can break inside them rather than run into the gutter: the emergency break every
    layout program makes when a word cannot fit a line of its own."""
    out: list[Unit] = []
    for unit in units:
        if not unit.latin or unit.width <= limit or len(unit.glyphs) < 2:
            out.append(unit)
            continue
        edges = [g.dx for g in unit.glyphs] + [unit.width]
        for i, glyph in enumerate(unit.glyphs):
            out.append(replace(
                unit, text=glyph.char, width=edges[i + 1] - edges[i],
                glyphs=(Glyph(glyph.char, 0.0, glyph.scale),),
                gap_before=unit.gap_before if i == 0 else 0.0,
                gap_min=unit.gap_min if i == 0 else 0.0, gap_text=unit.gap_text if i == 0 else "",
                no_start=glyph.char in NO_LINE_START, no_end=glyph.char in NO_LINE_END))
    return out


def _cell_unit(ch: str, span: Span, cls: CharClass, advance: Advance) -> Unit:
    em = span.size
    adv = advance(span.style, ch) * em
    half = em / 2
    cell = em
    blank_left = blank_right = 0.0
    line_end_trim = 0.0
    ink = Ink.CENTRE
    if cls is CharClass.OPENING:
        ink, blank_left = Ink.RIGHT, half
    elif cls is CharClass.CLOSING or cls is CharClass.PAUSE:
        ink, blank_right, line_end_trim = Ink.LEFT, half, half
    elif cls is CharClass.STOP:
        ink, line_end_trim = Ink.LEFT, half  # kaiming: full width inside a line
    elif cls is CharClass.CENTRED:
        cell = half  # the interpunct takes half a cell (GB/T 15834 §5.1)
    if ink is Ink.LEFT:
        dx = 0.0
    elif ink is Ink.RIGHT:
        dx = cell - adv
    else:
        dx = (cell - adv) / 2
    is_mark = cls in (CharClass.OPENING, CharClass.CLOSING, CharClass.PAUSE, CharClass.STOP,
                      CharClass.CENTRED, CharClass.DASH)
    return Unit(
        text=ch, style=span.style, size=em, width=cell, blank_left=blank_left,
        blank_right=blank_right, trimmed_left=0.0, no_start=ch in NO_LINE_START,
        no_end=ch in NO_LINE_END, glyphs=(Glyph(ch, dx),), is_mark=is_mark,
        line_end_trim=line_end_trim,
    )


def _with_gap(prev: Unit, unit: Unit, typed_space: bool, advance: Advance) -> Unit:
    prev_latin, next_latin = prev.latin, unit.latin
    if prev_latin and next_latin:
        if not typed_space:
            return unit
        space = advance(unit.style, " ") * unit.size
        return replace(unit, gap_before=space, gap_min=space * 0.75, gap_text=" ")
    if prev_latin != next_latin:
        if prev.is_mark or unit.is_mark:
            return unit  # no Han–Latin gap beside punctuation; a typed space there is dropped
        em = max(prev.size, unit.size)
        return replace(unit, gap_before=HAN_LATIN_GAP * em, gap_min=HAN_LATIN_GAP_MIN * em)
    if typed_space and not prev.is_mark and not unit.is_mark:
        em = unit.size  # a space typed between two Han characters is a full-width space
        return replace(unit, gap_before=em, gap_min=em, gap_text="\u3000")
    return unit


def _compress_adjacent_marks(units: list[Unit]) -> list[Unit]:
    """Two adjacent marks take 1.5 cells (clreq "Punctuation adjustment"; GB/T 15834 §5.1.10):
    the blank between them goes, from the first mark if it has one, else from the second."""
    out = list(units)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if not (a.is_mark and b.is_mark) or b.gap_before:
            continue
        if a.blank_right and (b.blank_left or b.blank_right or b.line_end_trim):
            cut = a.blank_right
            out[k] = replace(a, width=a.width - cut, blank_right=0.0, line_end_trim=0.0)
        elif b.blank_left:
            cut = b.blank_left
            out[k + 1] = replace(b, width=b.width - cut, blank_left=0.0, trimmed_left=cut)
        elif a.line_end_trim and b.blank_right:
            # 。 or ？ before a closing mark: the stop gives up its blank to the pair.
            cut = a.line_end_trim
            out[k] = replace(a, width=a.width - cut, line_end_trim=0.0)
    return out
