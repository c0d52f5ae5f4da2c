"""Copyfitting (缩行/拉行): which paragraphs to set a little tighter or looser, and by how much,
so that an article loses or gains the lines its frame asks for — the way a desk closes a page.

The desk's rule: take the paragraphs whose line count changes with the smallest change of
setting (one whose last line holds two or three characters loses it with a small condensing; one
whose last line is full gains a line with a small expanding), the later paragraph on a tie, each
by one line, as few as there are lines to close, never past the style's limits (em per line,
model.CopyfitLimits). A last line of one character (孤字) is pulled back the same way where the
article's height gives way (lone_fixes), and an expanded paragraph never ends in one.

Pure: a paragraph is given as a function from an adjustment (em per line; positive sets it
tighter) to the texts of its lines, and one to their count (a Setting). The placer and
`fit_measures` both choose through here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from ..model import CopyfitLimits
from ..textrules import is_mark

#: The resolution of an adjustment, em per line.
STEP = 1 / 64


@dataclass(frozen=True)
class Setting:
    """A paragraph as copyfitting sees it: its lines' texts when set `adjust` em per line
    tighter (looser when negative), and how many lines that is. Most of the search asks only
    how many, which the composer counts without setting the lines (breaker.count_lines)."""

    lines: Callable[[float], Sequence[str]]
    counted: Callable[[float], int] | None = None  # None: the lines are set and counted

    def count(self, adjust: float) -> int:
        return self.counted(adjust) if self.counted is not None else len(self.lines(adjust))


def lone_character(line: str) -> bool:
    """Whether a paragraph's last line holds one character, with or without the punctuation
    after it (孤字)."""
    return sum(1 for ch in line if not ch.isspace() and not is_mark(ch)) == 1


def adjustment(setting: Setting, direction: int, limit: float) -> float | None:
    """How far a paragraph chosen to lose a line (`direction` −1) or gain one (+1) is set: the
    style's whole step, `limit` em per line (the same for every paragraph adjusted, so the
    texture stays even), or less where the whole step would move it by two lines; None when it
    cannot move by one within the limit."""
    least = smallest_adjustment(setting, direction, limit)
    if least is None:
        return None
    want = setting.count(least)
    sign = 1 if least > 0 else -1
    k = int(round(limit / STEP))
    while k * STEP > abs(least) and (setting.count(sign * k * STEP) != want or (
            direction > 0 and lone_character(setting.lines(sign * k * STEP)[-1]))):
        k -= 1
    return sign * max(k * STEP, abs(least))


def smallest_adjustment(setting: Setting, direction: int, limit: float) -> float | None:
    """The smallest adjustment, a multiple of STEP within `limit` em per line, that sets the
    paragraph in one line fewer (`direction` −1: condensed, a positive adjustment) or one more
    (+1: expanded, negative), an expanded one not ending in a lone character; None when the
    limit does not reach."""
    base = setting.count(0.0)
    sign = 1 if direction < 0 else -1
    steps = int(round(limit / STEP))

    def moved(k: int) -> bool:
        count = setting.count(sign * k * STEP)
        return count <= base - 1 if direction < 0 else count >= base + 1

    if base == 0 or steps < 1 or not moved(steps):
        return None
    low, high = 0, steps  # not moved at low, moved at high (line counts fall as lines widen)
    while high - low > 1:
        middle = (low + high) // 2
        if moved(middle):
            high = middle
        else:
            low = middle
    if direction > 0:  # a line gained must not be a lone character
        while high <= steps and (not moved(high) or lone_character(
                setting.lines(sign * high * STEP)[-1])):
            high += 1
        if high > steps:
            return None
    return sign * high * STEP


def choose(steps: Sequence[float | None], count: int) -> dict[int, float] | None:
    """The `count` paragraphs with the smallest adjustments (the later on a tie) and their
    adjustments; None when fewer than `count` can move."""
    candidates = sorted((abs(step), -index, index) for index, step in enumerate(steps)
                        if step is not None)
    if len(candidates) < count:
        return None
    return {index: step for _, _, index in candidates[:count]
            if (step := steps[index]) is not None}


def lone_fixes(settings: Sequence[Setting], limits: CopyfitLimits) -> dict[int, float]:
    """The paragraphs whose last line is a lone character (孤字), each condensed by the least
    that pulls it back, where the limit allows."""
    out = {}
    for index, setting in enumerate(settings):
        lines = setting.lines(0.0)
        if len(lines) > 1 and lone_character(lines[-1]):
            step = smallest_adjustment(setting, -1, limits.condense)
            if step is not None:
                out[index] = step
    return out


def close(settings: Sequence[Setting], lines_over: int, limits: CopyfitLimits,
          fixed: Mapping[int, float] | None = None) -> dict[int, float] | None:
    """Adjustments (by paragraph, em per line) that make the paragraphs lose `lines_over` lines
    (gain them when negative) besides those already `fixed`, which stay as they are; None when
    the limits do not allow it."""
    fixed = dict(fixed or {})
    if lines_over == 0:
        return fixed
    if abs(lines_over) > limits.lines:
        return None
    direction = -1 if lines_over > 0 else 1
    limit = limits.condense if lines_over > 0 else limits.expand
    steps = [None if index in fixed else smallest_adjustment(setting, direction, limit)
             for index, setting in enumerate(settings)]
    chosen = choose(steps, abs(lines_over))
    if chosen is None:
        return None
    for index in chosen:
        step = adjustment(settings[index], direction, limit)
        if step is None:  # not so: it was chosen for having a smallest adjustment
            return None
        fixed[index] = step
    return fixed


def fit_depth(settings: Sequence[Setting], depth: int, limits: CopyfitLimits) \
        -> dict[int, float] | None:
    """Adjustments that set the paragraphs in exactly `depth` lines (a frame of fixed height);
    None when the limits do not allow it. Lone last characters are left as they are unless the
    closing picks their paragraphs (they are the cheapest to condense): pulling one back in a
    frame the copy fills would open a line that another paragraph must then fill, which a desk
    does not do (the professional original keeps them)."""
    count = sum(setting.count(0.0) for setting in settings)
    return close(settings, count - depth, limits)
