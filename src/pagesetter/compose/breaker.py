"""The line breaker: composition units and a measure in, set lines out. Pure; no fonts.

Greedy filling in the way Chinese newspaper systems set body text (clreq "Line adjustment",
先挤进，后推出): take as many units as fit at natural width; if the next unit may not start a
line, first try to squeeze it onto this line by compressing punctuation and Han–Latin gaps; only
when that fails push the line's last breakable unit down. A line's end mark is set half width
(GB/T 15834 §5.1.10). Justified lines are then brought to the measure by spreading the leftover
space evenly over every gap between units, or by shrinking in the order clreq gives.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import accumulate
from typing import Sequence

from ..units import TOLERANCE, fits
from .segment import Unit

EPS = TOLERANCE
#: How many no-start units the breaker tries to squeeze in before it pushes instead (e.g. `”。`).
MAX_SQUEEZE_RUN = 3


@dataclass(frozen=True)
class SetLine:
    """One composed line: units[start:end], each unit's cell placed at `cells[k]` (pt, from the
    line's left edge after any indent; the untrimmed cell, so glyph origin = cell + glyph.dx)."""

    start: int
    end: int
    indent: float
    cells: tuple[float, ...]
    width: float  # width the line occupies, pt
    natural: float  # its natural width before justification, pt
    squeezed: bool
    last: bool  # last line of the paragraph
    forced: bool = False  # no allowed break fitted: the line ends where the measure ran out


def break_units(units: Sequence[Unit], measure: float, first_indent: float = 0.0,
                justify: bool = True) -> list[SetLine]:
    """Break `units` into lines of `measure` pt; the first line is indented by `first_indent`."""
    lines: list[SetLine] = []
    start = 0
    n = len(units)
    while start < n:
        indent = first_indent if not lines else 0.0
        avail = measure - indent
        end, squeezed, forced = _choose_end(units, start, avail)
        last = end == n
        target = avail if (justify and not last) or squeezed else None
        line = _set_line(units, start, end, indent, target, last)
        lines.append(replace(line, forced=True) if forced else line)
        start = end
    return lines


def natural_width(units: Sequence[Unit], start: int, end: int) -> float:
    """Width of units[start:end] as a line: no gap at its start, its end mark half width."""
    width = sum(u.width + u.gap_before for u in units[start:end]) - units[start].gap_before
    return width - units[end - 1].line_end_trim


def shrinkable(units: Sequence[Unit], start: int, end: int) -> float:
    """How much units[start:end] can give up when squeezed."""
    total = sum(u.blank_left + u.blank_right + (u.gap_before - u.gap_min)
                for u in units[start:end])
    first, last = units[start], units[end - 1]
    total -= first.gap_before - first.gap_min
    if last.line_end_trim:
        total -= last.blank_right  # already gone: the end mark is half width
    return total


def may_break_after(units: Sequence[Unit], k: int) -> bool:
    return k + 1 >= len(units) or not (units[k].no_end or units[k + 1].no_start)


def _choose_end(units: Sequence[Unit], start: int, avail: float) -> tuple[int, bool, bool]:
    """End (exclusive) of the line that starts at `start`, whether it is squeezed, and whether
    the break is forced (no allowed break point fits: a run of units that may not be parted,
    such as `2023，……`, longer than the line)."""
    n = len(units)
    end = start + 1
    width = units[start].width
    # Grow while the next unit fits at natural width (its end trim counts: a comma at the end
    # of a line is half a cell).
    while end < n:
        nxt = units[end]
        if not fits(width + nxt.gap_before + nxt.width - nxt.line_end_trim, avail):
            break
        width += nxt.gap_before + nxt.width
        end += 1
    if end >= n or may_break_after(units, end - 1):
        return end, False, False
    if units[end].no_start:
        squeezed_end = _squeeze_in(units, start, end, avail)
        if squeezed_end is not None:
            return squeezed_end, True, False
    for k in range(end - 1, start, -1):  # push: back to the last allowed break
        if may_break_after(units, k - 1):
            return k, False, False
    return end, False, True


def _squeeze_in(units: Sequence[Unit], start: int, end: int, avail: float) -> int | None:
    n = len(units)
    for extra in range(1, MAX_SQUEEZE_RUN + 1):
        cand = end + extra - 1
        if cand >= n:
            return None
        if not units[cand].no_start and extra > 1:
            return None
        stop = cand + 1
        if stop < n and not may_break_after(units, cand):
            continue
        minimum = natural_width(units, start, stop) - shrinkable(units, start, stop)
        return stop if fits(minimum, avail) else None
    return None


def _set_line(units: Sequence[Unit], start: int, end: int, indent: float,
              target: float | None, last: bool) -> SetLine:
    natural = natural_width(units, start, end)
    if target is None or abs(target - natural) <= EPS:
        cells = _positions(units, start, end, shrink=0.0, stretch=0.0)
        return SetLine(start, end, indent, cells, natural, natural, False, last)
    if natural > target:
        cells = _positions(units, start, end, shrink=natural - target, stretch=0.0)
        return SetLine(start, end, indent, cells, target, natural, True, last)
    gaps = end - start - 1
    if gaps == 0:
        cells = _positions(units, start, end, shrink=0.0, stretch=0.0)
        return SetLine(start, end, indent, cells, natural, natural, False, last)
    cells = _positions(units, start, end, shrink=0.0, stretch=(target - natural) / gaps)
    return SetLine(start, end, indent, cells, target, natural, False, last)


def _positions(units: Sequence[Unit], start: int, end: int, shrink: float,
               stretch: float) -> tuple[float, ...]:
    """Cell origins of units[start:end]. `shrink` pt is taken first from punctuation blanks, then
    from Han–Latin gaps, each stage in proportion; `stretch` pt is added at every gap."""
    if shrink <= EPS:
        return _stretched_positions(units, start, end, stretch)
    punct = sum(u.blank_left + u.blank_right for u in units[start:end])
    last = units[end - 1]
    if last.line_end_trim:
        punct -= last.blank_right
    gap_total = sum(u.gap_before - u.gap_min for u in units[start + 1:end])
    punct_ratio = min(1.0, shrink / punct) if punct > EPS else 0.0
    rest = max(0.0, shrink - punct_ratio * punct)
    gap_ratio = min(1.0, rest / gap_total) if gap_total > EPS else 0.0

    cells = []
    x = 0.0
    for k in range(start, end):
        u = units[k]
        if k > start:
            x += u.gap_before - gap_ratio * (u.gap_before - u.gap_min) + stretch
        cut_left = punct_ratio * u.blank_left
        cut_right = punct_ratio * u.blank_right
        if k == end - 1 and u.line_end_trim:
            cut_right = 0.0  # the end trim is not drawn as a shift; only the width shrinks
        cells.append(x - cut_left - u.trimmed_left)
        x += u.width - cut_left - cut_right
    return tuple(cells)


def _stretched_positions(units: Sequence[Unit], start: int, end: int,
                         stretch: float) -> tuple[float, ...]:
    """Cell origins when nothing is squeezed: each unit follows the one before it at its
    width, its gap and `stretch` (the common case, so without a step per operation)."""
    line = units[start:end]
    steps = [a.width + b.gap_before + stretch for a, b in zip(line, line[1:], strict=False)]
    return tuple(x - u.trimmed_left
                 for x, u in zip(accumulate(steps, initial=0.0), line, strict=True))
