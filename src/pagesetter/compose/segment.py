"""Text → composition units: the unbreakable pieces a line is built from.

A unit is one Han character, one punctuation mark, a `——`/`……` pair, or a run of Latin letters
and digits (a word or a number such as `16.39`, with a unit symbol set solid after it: 22.6℃).
Each unit knows its natural width in the style's punctuation style (textrules.MARK_WIDTHS), what
each stage of line adjustment may take from it, what it loses at the start or the end of a line,
and whether a line may start or end with it. The gap before a unit (Han–Latin gap, word space)
is part of the unit, because it vanishes at a line start.

Widths are in pt. Nothing here knows about fonts: the caller passes `metrics` with the advance of
a character in ems of its style, and the style's punctuation style.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from .latin import latin_breaks
from .pieces import CellCache, Glyph, Metrics, Span, Unit
from ..textrules import (HAN_LATIN_GAP, HAN_LATIN_GAP_MIN, LINE_END_HALF, MARK_WIDTHS,
                         NO_LINE_END, NO_LINE_START, PAIRED_MARKS, QUOTE_WIDTHS, QUOTES,
                         TYPED_WHITESPACE, Adjust, CharClass, PunctStyle, char_class)


#: Runs of Han ideographs (URO, Extension A, compatibility ideographs, the supplementary planes'
#: extensions): each is one cell unit with no gap, break rule or compression to consider, so a
#: run is looked up at once instead of a character at a time.
HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")

def segment(spans: Sequence[Span], metrics: Metrics, cells: CellCache | None = None) \
        -> list[Unit]:
    """Split styled text into composition units (see module doc). `cells` may be kept by the
    caller across calls with the same `metrics`, so a character is measured once."""
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
                             metrics)
            continue
        ch = text[i]
        cls = char_class(ch)
        if cls is CharClass.SPACE or ch in TYPED_WHITESPACE:
            pending_space = True
            i += 1
            continue
        span = owner[i]
        if cls is CharClass.LATIN or (cls is CharClass.UNIT and units and units[-1].latin
                                      and ch.isascii()):
            j = _latin_end(text, i)
            unit = _latin_unit(text, owner, i, j, metrics)
            if cls is CharClass.UNIT:  # 16 %: the symbol joins the number, the space goes
                units[-1] = _joined(units[-1], unit)
                pending_space = False
                i = j
                continue
        elif cls is CharClass.UNIT and units and units[-1].latin:
            j = i + 1  # 22.6 ℃: set solid after the number, a typed space is not printed
            units[-1] = _joined(units[-1], _latin_unit(text, owner, i, j, metrics))
            pending_space = False
            i = j
            continue
        elif ch * 2 in PAIRED_MARKS and i + 1 < n and text[i + 1] == ch:
            j = i + 2
            unit = _paired_mark(ch, span, metrics)
        else:
            j = i + 1
            table = _cell_table(cells, span)
            cell = table.get(ch)
            if cell is None:
                cell = table[ch] = _cell_unit(ch, span, cls, metrics)
            unit = cell
        if units and (pending_space or unit.latin or units[-1].latin):
            unit = _with_gap(units[-1], unit, pending_space, metrics)
        units.append(unit)
        pending_space = False
        i = j
    return _compress_adjacent_marks(units)


def _latin_end(text: str, start: int) -> int:
    """End of the Latin run at `start`: letters, digits and Western marks, with unit symbols
    directly after it (16%)."""
    j = start + 1
    n = len(text)
    while j < n and char_class(text[j]) in (CharClass.LATIN, CharClass.UNIT):
        j += 1
    return j


def _cell_table(cells: CellCache, span: Span) -> dict[str, Unit]:
    table = cells.get((span.style, span.size))
    if table is None:
        table = cells[(span.style, span.size)] = {}
    return table


def _add_han_run(units: list[Unit], text: str, start: int, end: int, span: Span,
                 cells: CellCache, metrics: Metrics) -> int:
    """Append the cell units of the Han characters text[start:end]; where the run ends."""
    run = text[start:end]
    table = _cell_table(cells, span)
    for ch in set(run).difference(table):
        table[ch] = _cell_unit(ch, span, CharClass.HAN, metrics)
    units.extend(map(table.__getitem__, run))
    return end


def _latin_unit(text: str, owner: list[Span], start: int, end: int, metrics: Metrics) -> Unit:
    glyphs = []
    x = 0.0
    first = owner[start]
    for k in range(start, end):
        span = owner[k]
        if span is first:
            glyphs.append(Glyph(text[k], x))
        else:  # a word of several styles (CO~2~): the glyph keeps its own
            glyphs.append(Glyph(text[k], x, style=span.style, size=span.size))
        x += metrics.advance(span.style, text[k]) * span.size
    word = text[start:end]
    breaks, hyphen = latin_breaks(word)
    return Unit(text=word, style=first.style, size=first.size, width=x, glyphs=tuple(glyphs),
                no_start=word[0] in NO_LINE_START, no_end=word[-1] in NO_LINE_END, latin=True,
                breaks=breaks, hyphen=hyphen,
                hyphen_width=metrics.advance(first.style, "-") * first.size if hyphen else 0.0)


def _joined(number: Unit, symbol: Unit) -> Unit:
    """A unit symbol set solid after a number (22.6℃, 15%)."""
    glyphs = number.glyphs + tuple(Glyph(g.char, g.dx + number.width, g.scale)
                                   for g in symbol.glyphs)
    return replace(number, text=number.text + symbol.text, width=number.width + symbol.width,
                   glyphs=glyphs, no_end=symbol.no_end, breaks=(), hyphen=False)


def _paired_mark(ch: str, span: Span, metrics: Metrics) -> Unit:
    em = span.size
    adv = metrics.advance(span.style, ch) * em
    # Each half fills its cell exactly, so the two halves of —— join into one line.
    scale = em / adv if ch == "—" and adv > 0 else 1.0
    left = 0.0 if ch == "—" else (em - adv) / 2
    glyphs = (Glyph(ch, left, scale), Glyph(ch, em + left, scale))
    return Unit(text=ch * 2, style=span.style, size=em, width=2 * em, glyphs=glyphs,
                no_start=ch in NO_LINE_START, no_end=False, is_mark=True)


def _cell_unit(ch: str, span: Span, cls: CharClass, metrics: Metrics) -> Unit:
    em = span.size
    adv = metrics.advance(span.style, ch) * em
    if cls is CharClass.CENTRED:  # half a cell, the ink centred in it
        return Unit(text=ch, style=span.style, size=em, width=em / 2,
                    glyphs=(Glyph(ch, (em / 2 - adv) / 2),), no_start=ch in NO_LINE_START,
                    no_end=ch in NO_LINE_END, is_mark=True)
    if cls not in MARK_WIDTHS[PunctStyle.KAIMING]:  # Han, symbols, unit symbols after Han
        face, rise = metrics.face_for(span.style, ch)
        return Unit(text=ch, style=span.style, size=em, width=em,
                    glyphs=(Glyph(ch, (em - adv) / 2, face=face, rise=rise * em),),
                    no_start=ch in NO_LINE_START,
                    no_end=ch in NO_LINE_END, is_mark=cls is CharClass.DASH)
    style = metrics.punctuation(span.style)
    mark = QUOTE_WIDTHS.get(style, MARK_WIDTHS[style][cls]) if ch in QUOTES else \
        MARK_WIDTHS[style][cls]
    width = mark.inline * em
    squeeze = mark.squeeze * em
    trims_at_end = style in LINE_END_HALF
    if cls is CharClass.OPENING:  # ink on the right: the blank is on the left
        trimmed = em - width  # already taken by the style
        return Unit(text=ch, style=span.style, size=em, width=width,
                    glyphs=(Glyph(ch, em - adv - trimmed),), no_start=ch in NO_LINE_START,
                    no_end=ch in NO_LINE_END, squeeze_left=squeeze, start_trim=squeeze,
                    is_mark=True)
    # closing marks, pauses and stops: ink on the left, the blank on the right
    stage = Adjust.STOPS if cls is CharClass.STOP else Adjust.MARKS
    return Unit(text=ch, style=span.style, size=em, width=width, glyphs=(Glyph(ch, 0.0),),
                no_start=ch in NO_LINE_START, no_end=ch in NO_LINE_END, squeeze_right=squeeze,
                stage=stage, end_trim=squeeze if trims_at_end else 0.0, is_mark=True)


def _with_gap(prev: Unit, unit: Unit, typed_space: bool, metrics: Metrics) -> Unit:
    prev_latin, next_latin = prev.latin, unit.latin
    if prev_latin and next_latin:
        if not typed_space:
            return unit
        space = metrics.advance(unit.style, " ") * unit.size
        return replace(unit, gap_before=space, gap_min=space * 0.75,
                       gap_max=max(space, unit.size * 0.5), gap_kind=Adjust.SPACES,
                       gap_text=" ")
    if prev_latin != next_latin:
        if prev.is_mark or unit.is_mark:
            return unit  # no Han–Latin gap beside punctuation; a typed space there is dropped
        em = max(prev.size, unit.size)
        return replace(unit, gap_before=HAN_LATIN_GAP * em, gap_min=HAN_LATIN_GAP_MIN * em,
                       gap_max=em / 3)
    if typed_space and not prev.is_mark and not unit.is_mark:
        em = unit.size  # a space typed between two Han characters is a full-width space
        return replace(unit, gap_before=em, gap_min=em, gap_max=em, gap_text="\u3000")
    return unit


def _half_quote(unit: Unit) -> Unit:
    """`unit` without the blank a quote keeps when it is less than half an em."""
    if unit.text not in QUOTES or unit.stage is not Adjust.MARKS:
        return unit
    if 0 < unit.squeeze_right < unit.size / 2:
        return replace(unit, width=unit.width - unit.squeeze_right, squeeze_right=0.0,
                       end_trim=0.0)
    if 0 < unit.squeeze_left < unit.size / 2:
        cut = unit.squeeze_left
        return replace(unit, width=unit.width - cut, squeeze_left=0.0, start_trim=0.0,
                       glyphs=tuple(Glyph(g.char, g.dx - cut, g.scale) for g in unit.glyphs))
    return unit


def _compress_adjacent_marks(units: list[Unit]) -> list[Unit]:
    """Two adjacent marks take 1.5 cells (clreq 3.1.6; GB/T 15834 §5.1.10): the blank between
    them goes, from the first mark if it has one there, else from the second. In 开明式 most
    marks are half already, so only a pair with a stop or a bracket of 全角式 changes."""
    out = list(units)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if not (a.is_mark and b.is_mark) or b.gap_before:
            continue
        # A quote that keeps a little of its blank (开明式's ⅝ em, textrules.QUOTE_WIDTHS) is
        # set half beside another mark, as the other marks are.
        a = out[k] = _half_quote(a)
        b = out[k + 1] = _half_quote(b)
        if a.squeeze_right and a.stage is Adjust.MARKS and (b.squeeze_left or b.squeeze_right):
            out[k] = replace(a, width=a.width - a.squeeze_right, squeeze_right=0.0,
                             end_trim=0.0)
        elif b.squeeze_left:
            cut = b.squeeze_left
            out[k + 1] = replace(b, width=b.width - cut, squeeze_left=0.0, start_trim=0.0,
                                 glyphs=tuple(Glyph(g.char, g.dx - cut, g.scale)
                                              for g in b.glyphs))
        elif a.squeeze_right and b.squeeze_right and a.stage is Adjust.STOPS:
            # 。 or ？ before a closing mark of 全角式: the stop gives up its blank to the pair.
            out[k] = replace(a, width=a.width - a.squeeze_right, squeeze_right=0.0,
                             end_trim=0.0)
    return out
