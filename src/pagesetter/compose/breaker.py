"""The line breaker: composition units and a measure in, set lines out. Pure; no fonts.

Greedy filling, the way Chinese newspaper systems set body text. A line takes as many units as
fit at their natural width (the punctuation style's widths, segment.py). When the next unit may
not start a line (a mark, a closing bracket), the line first tries to take it by squeezing
(先挤进: clreq 3.1.7) — word spaces, the blanks 全角式 leaves in marks, Han–Latin gaps, then
sentence-final stops, in that order (textrules.Adjust) — and only when that is not enough pushes
its last breakable unit down to the next line (后推出). A line's end mark is set half width where
the style says so (GB/T 15834 §5.1.10); an opening bracket starting a line is set flush.

The same holds when the line would end at a mark that may not end one (an opening quote or
bracket): the line first squeezes to take the mark's character too, and only when it cannot
pushes the mark down: clreq 3.1.7's squeeze-first, push-second serves a line-end prohibition as
it serves a line-start one (the original sets its 之家”和“人 line so).

For an ordinary character a line squeezes only a little: when taking it runs at most ¼ em past
the measure (textrules.MAX_OVERRUN), rather than leaving the line to be spread. That is what the
professional original does (measured: squeezing by up to ½ em for any character sets fewer of its
lines the same way, up to ⅛–¼ em more), and it keeps 。 full or nearly so wherever the rules
allow.

Justified lines are brought to the measure by the same stages: shrinking in the order above,
stretching word spaces first, then Han–Latin gaps, then every gap between units alike. A line
that would be spread by more than ¼ em a gap in front of a long Latin run takes part of the run
instead (a URL breaks after / . - …, a long word at a hyphenation point); a line that stays
loose is flagged.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import Sequence

from ..textrules import MAX_OVERRUN, MAX_STRETCH, Adjust
from ..units import TOLERANCE, fits
from .latin import split_latin, split_overlong
from .pieces import Unit

#: How many no-start units the breaker tries to squeeze in before it pushes instead (e.g. `”。`).
MAX_SQUEEZE_RUN = 3


@dataclass(frozen=True)
class SetLine:
    """One composed line: units[start:end]; unit k's left edge at `cells[k - start]` (pt from
    the line's left edge after its indent), so a glyph's origin is cell + glyph.dx."""

    start: int
    end: int
    indent: float
    cells: tuple[float, ...]
    width: float  # width the line occupies, pt
    natural: float  # its natural width before justification, pt
    squeezed: bool
    last: bool  # last line of the paragraph
    forced: bool = False  # no allowed break fitted: the line ends where the measure ran out
    loose: bool = False  # justified with more than MAX_STRETCH em between its units
    tracking: float = 0.0  # pt added between units by copyfitting (negative: condensed)


@dataclass(frozen=True)
class Broken:
    """A paragraph broken into lines. `units` are the units the lines index: the input's, with
    any Latin run the breaker split at a break point replaced by its two parts."""

    units: tuple[Unit, ...]
    lines: tuple[SetLine, ...]


def break_units(units: Sequence[Unit], measure: float, first_indent: float = 0.0,
                justify: bool = True, adjust: float = 0.0) -> Broken:
    """Break `units` into lines of `measure` pt; the first line is indented by `first_indent`.
    A Latin run wider than a whole line is cut first (split_overlong).

    `adjust` (pt) copyfits the paragraph (缩行/拉行): its lines are broken and justified as if
    they were `adjust` wider (narrower when negative), then brought back to the measure by the
    same tracking change spread over each line's gaps, so every line still ends flush and keeps
    every prohibition (a line with no gap to track, marks only, is broken at the measure). The
    last line takes the tracking of the line before it."""
    units, ends = _line_ends(units, measure, first_indent, justify, adjust)
    lines: list[SetLine] = []
    start = 0
    tracking = 0.0
    for end, squeezed, forced, line_adjust in ends:
        indent = first_indent if not lines else 0.0
        avail = measure - indent + line_adjust
        natural = natural_width(units, start, end)
        last = end == len(units)
        target = avail if (justify and not last) or squeezed else None
        line = _set_line(units, start, end, indent, target, last, natural, forced)
        if adjust:
            gaps = _tracked_gaps(units, start, end)
            if target is not None and gaps[-1]:
                tracking = -line_adjust / gaps[-1]
            line = _tracked(line, tracking, gaps)
            room = measure - indent
            if line.width > room + TOLERANCE and gaps[-1]:  # a ragged last line
                line = _tracked(line, (room - line.width) / gaps[-1], gaps)
        lines.append(line)
        start = end
    return Broken(tuple(units), tuple(lines))


def count_lines(units: Sequence[Unit], measure: float, first_indent: float = 0.0,
                justify: bool = True, adjust: float = 0.0) -> int:
    """How many lines break_units sets `units` in: the same breaks, the lines not set
    (copyfitting asks how many lines a paragraph takes at many adjustments)."""
    return len(_line_ends(units, measure, first_indent, justify, adjust)[1])


def _line_ends(units: Sequence[Unit], measure: float, first_indent: float, justify: bool,
               adjust: float) -> tuple[list[Unit], list[tuple[int, bool, bool, float]]]:
    """Where break_units ends each line (see there): the units, with overlong Latin runs and
    any run a loose line took part of split, and (end, squeezed, forced, the adjustment it
    was broken with) of each line."""
    units = split_overlong(units, measure - max(first_indent, 0.0))
    offsets = _offsets(units)
    ends: list[tuple[int, bool, bool, float]] = []
    start = 0
    while start < len(units):
        room = measure - (first_indent if not ends else 0.0)
        line_adjust = adjust
        end, squeezed, forced = _choose_end(units, start, room + adjust, offsets)
        if adjust and not _has_tracked_gap(units, start, end):
            # Tracking brings a copyfitted line back to the measure; a line with no gap to
            # track (marks only) would stay as wide as it was broken, so it is broken at the
            # measure itself.
            line_adjust = 0.0
            end, squeezed, forced = _choose_end(units, start, room, offsets)
        avail = room + line_adjust
        if justify and not (squeezed or forced) and end < len(units) and units[end].breaks:
            natural = natural_width(units, start, end)
            if _too_loose(units, start, end, avail - natural):
                end = _take_part_of_next(units, start, end, avail, natural)
                if len(offsets) != len(units) + 1:  # a Latin run was cut in two
                    offsets = _offsets(units)
        ends.append((end, squeezed, forced, line_adjust))
        start = end
    return units, ends


def _has_tracked_gap(units: Sequence[Unit], start: int, end: int) -> bool:
    """Whether units[start:end] has a gap copyfitting tracks (_tracked_gaps)."""
    return any(not (units[k - 1].is_mark and units[k].is_mark) for k in range(start + 1, end))


def _tracked_gaps(units: Sequence[Unit], start: int, end: int) -> list[int]:
    """How many gaps tracking widens up to each unit of units[start:end]: every gap but the one
    between two marks (already compressed together; a mark pair keeps its glyphs in order)."""
    counts, count = [0], 0
    for k in range(start + 1, end):
        count += not (units[k - 1].is_mark and units[k].is_mark)
        counts.append(count)
    return counts


def _tracked(line: SetLine, tracking: float, gaps: Sequence[int]) -> SetLine:
    """`line` with `tracking` pt added at each of its tracked gaps (`gaps`: how many lie before
    each unit)."""
    if not tracking or not gaps[-1]:
        return line
    cells = tuple(cell + gap * tracking for gap, cell in zip(gaps, line.cells, strict=True))
    return replace(line, cells=cells, width=line.width + tracking * gaps[-1],
                   tracking=line.tracking + tracking)


def natural_width(units: Sequence[Unit], start: int, end: int) -> float:
    """Width of units[start:end] as a line: no gap and no opening blank at its start, its end
    mark trimmed as the style says."""
    width = sum(u.width + u.gap_before for u in units[start:end])
    first, last = units[start], units[end - 1]
    return width - first.gap_before - first.start_trim - last.end_trim


def _shrink_by_stage(units: Sequence[Unit], start: int, end: int) -> dict[Adjust, float]:
    """What units[start:end] as a line can give up, by adjustment stage."""
    total = dict.fromkeys(Adjust, 0.0)
    for k in range(start, end):
        u = units[k]
        left = u.squeeze_left - (u.start_trim if k == start else 0.0)
        right = u.squeeze_right - (u.end_trim if k == end - 1 else 0.0)
        total[u.stage] += left + right
        if k > start:
            total[u.gap_kind] += u.gap_before - u.gap_min
    return total


def shrinkable(units: Sequence[Unit], start: int, end: int) -> float:
    """How much units[start:end] can give up when squeezed (_shrink_by_stage, summed)."""
    first, last = units[start], units[end - 1]
    total = -first.start_trim - last.end_trim
    for u in units[start:end]:
        total += u.squeeze_left + u.squeeze_right + u.gap_before - u.gap_min
    return total - (first.gap_before - first.gap_min)


def may_break_after(units: Sequence[Unit], k: int) -> bool:
    return k + 1 >= len(units) or not (units[k].no_end or units[k + 1].no_start)


def _offsets(units: Sequence[Unit]) -> list[float]:
    """offsets[k]: the natural width of units[:k] set in one line, untrimmed (so the width of
    units[i:k] is a difference, and a line's greedy end a bisection)."""
    return list(accumulate((u.gap_before + u.width for u in units), initial=0.0))


def _choose_end(units: Sequence[Unit], start: int, avail: float,
                offsets: Sequence[float]) -> tuple[int, bool, bool]:
    """End (exclusive) of the line that starts at `start`, whether it is squeezed, and whether
    the break is forced (no allowed break point fits: a run of units that may not be parted,
    such as `2023，……`, longer than the line)."""
    n = len(units)
    first = units[start]
    base = offsets[start] + first.gap_before + first.start_trim  # no gap or blank at its start
    # The units that fit at natural width (the first always), by bisection (fits() with its
    # tolerance); then one more if its end trim makes it fit (a comma at the end of a line is
    # half a cell in 开明式): none after it can, the trim being at most the unit's width.
    end = max(start + 1, bisect_right(offsets, base + avail + TOLERANCE, start + 1) - 1)
    if end < n and fits(offsets[end + 1] - base - units[end].end_trim, avail):
        end += 1
    width = offsets[end] - base
    if end >= n:
        return end, False, False
    if may_break_after(units, end - 1):
        nxt = units[end]
        # Most lines end a whole character short of taking the next: no overrun to consider.
        if width + nxt.gap_before + nxt.width - nxt.end_trim - avail \
                <= MAX_OVERRUN * nxt.size + TOLERANCE:
            overrun = _overrun_end(units, start, end, avail, width)
            if overrun is not None:
                return overrun, True, False
        return end, False, False
    if units[end].no_start or units[end - 1].no_end:
        squeezed_end = _squeeze_in(units, start, end, avail)
        if squeezed_end is not None:
            return squeezed_end, True, False
    for k in range(end - 1, start, -1):  # push: back to the last allowed break
        if may_break_after(units, k - 1):
            return k, False, False
    return end, False, True


def _overrun_end(units: Sequence[Unit], start: int, end: int, avail: float,
                 width: float) -> int | None:
    """The end of the line when it takes the units up to its next break as well by squeezing,
    which it may when their natural width runs at most MAX_OVERRUN em past the measure; None
    when it may not. `width` is units[start:end]'s natural width before any end trim."""
    stop = end + 1
    while stop < len(units) and not may_break_after(units, stop - 1):
        stop += 1
    natural = width + sum(u.gap_before + u.width for u in units[end:stop]) \
        - units[stop - 1].end_trim
    if natural - avail > MAX_OVERRUN * units[end].size + TOLERANCE:
        return None
    return stop if fits(natural - shrinkable(units, start, stop), avail) else None


def _squeeze_in(units: Sequence[Unit], start: int, end: int, avail: float) -> int | None:
    """先挤进: the end of the line when the no-start units from `end` on can be taken by
    squeezing the line; None when they cannot."""
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


def _too_loose(units: Sequence[Unit], start: int, end: int, leftover: float) -> bool:
    """Whether spreading `leftover` pt over the gaps of units[start:end] puts more than
    MAX_STRETCH em between its units."""
    gaps = end - start - 1
    em = max(u.size for u in units[start:end])
    return gaps == 0 or leftover / gaps > MAX_STRETCH * em


def _take_part_of_next(units: list[Unit], start: int, end: int, avail: float,
                       width: float) -> int:
    """Split units[end] (a Latin run) at its last break point that fits the line (`width` pt
    wide so far), so the line is not letter-spaced; returns the line's new end. Leaves `units`
    alone when no break point fits or the part left over may not start a line."""
    run = units[end]
    for at in sorted(run.breaks, reverse=True):
        head, tail = split_latin(run, at)
        if fits(width + head.gap_before + head.width, avail) and not tail.no_start:
            units[end:end + 1] = [head, tail]
            return end + 1
    return end


def _set_line(units: Sequence[Unit], start: int, end: int, indent: float,
              target: float | None, last: bool, natural: float, forced: bool) -> SetLine:
    if target is None or abs(target - natural) <= TOLERANCE:
        cells = _stretched(units, start, end, 0.0)
        return SetLine(start, end, indent, cells, natural, natural, False, last, forced)
    if natural > target:
        cells = _squeezed(units, start, end, natural - target)
        return SetLine(start, end, indent, cells, target, natural, True, last, forced)
    if end - start == 1:
        cells = _stretched(units, start, end, 0.0)
        return SetLine(start, end, indent, cells, natural, natural, False, last, forced)
    cells, even = _spread(units, start, end, target - natural)
    em = max(u.size for u in units[start:end])
    return SetLine(start, end, indent, cells, target, natural, False, last, forced,
                   loose=even > MAX_STRETCH * em + TOLERANCE)


def _squeezed(units: Sequence[Unit], start: int, end: int, shrink: float) -> tuple[float, ...]:
    """Unit edges when `shrink` pt must go: each stage in turn (textrules.Adjust), in
    proportion to what each unit of the stage can give."""
    totals = _shrink_by_stage(units, start, end)
    ratio = {}
    rest = shrink
    for stage in Adjust:
        ratio[stage] = min(1.0, rest / totals[stage]) if totals[stage] > TOLERANCE else 0.0
        rest = max(0.0, rest - ratio[stage] * totals[stage])
    cells = []
    x = 0.0
    for k in range(start, end):
        u = units[k]
        left = u.squeeze_left - (u.start_trim if k == start else 0.0)
        right = u.squeeze_right - (u.end_trim if k == end - 1 else 0.0)
        cut_left = ratio[u.stage] * left + (u.start_trim if k == start else 0.0)
        cut_right = ratio[u.stage] * right
        if k > start:
            x += u.gap_before - ratio[u.gap_kind] * (u.gap_before - u.gap_min)
        cells.append(x - cut_left)
        x += u.width - cut_left - cut_right
    return tuple(cells)


def _spread(units: Sequence[Unit], start: int, end: int, stretch: float) \
        -> tuple[tuple[float, ...], float]:
    """Unit edges when `stretch` pt must be added: word spaces first (to ½ em), then Han–Latin
    gaps (to ⅓ em), then every gap alike. Returns the edges and that last, even share."""
    rest = stretch
    widen: dict[int, float] = {}
    gapped = [k for k in range(start + 1, end) if units[k].gap_before]
    for kind in (Adjust.SPACES, Adjust.GAPS) if gapped else ():
        room = {k: units[k].gap_max - units[k].gap_before for k in gapped
                if units[k].gap_kind is kind}
        total = sum(room.values())
        if total > TOLERANCE and rest > TOLERANCE:
            share = min(1.0, rest / total)
            for k, r in room.items():
                widen[k] = widen.get(k, 0.0) + share * r
            rest -= share * total
    even = rest / (end - start - 1)
    if not widen:
        return _stretched(units, start, end, even), even
    cells = []
    x = 0.0
    for k in range(start, end):
        u = units[k]
        if k == start:
            x -= u.start_trim
        else:
            x += u.gap_before + widen.get(k, 0.0) + even
        cells.append(x)
        x += u.width
    return tuple(cells), even


def _stretched(units: Sequence[Unit], start: int, end: int,
               stretch: float) -> tuple[float, ...]:
    """Unit edges when each gap between units widens by `stretch` (the common case, so without
    a step per operation)."""
    line = units[start:end]
    steps = [a.width + b.gap_before + stretch for a, b in zip(line, line[1:], strict=False)]
    trim = line[0].start_trim
    return tuple(x - trim for x in accumulate(steps, initial=0.0))
