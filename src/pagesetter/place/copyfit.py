"""Copyfitting figures for the desk: the characters to cut from an overset article (found by
composing the shortened copy), where the overset starts, the room a box has left, and the quick
estimate for copy far too long to be worth composing."""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from ..compose import Composer
from ..model import Article, Block, PageFormat
from ..placed import FitReport
from .body import Line, body_lines
from .flow import fill


def chars_to_cut(article: Article, composer: Composer, fmt: PageFormat, measure: float,
                 capacity: Sequence[int]) -> int:
    """The fewest characters to cut from the end of the copy for it to fit columns of
    `capacity` lines: found by composing the shortened copy (a binary search; removing
    characters never adds lines)."""
    total = sum(len(block.text) for block in article.blocks)

    def fits(cut: int) -> bool:
        lines = body_lines(article, composer, fmt, measure, _cut_from_end(article.blocks, cut))
        items = [line.item for line in lines]
        return fill(items, capacity).rest == len(items)

    low, high = 1, total  # fits(high) holds: no copy at all
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _cut_from_end(blocks: Sequence[Block], cut: int) -> tuple[Block, ...]:
    """`blocks` without their last `cut` characters (whole blocks dropped as needed)."""
    kept = list(blocks)
    while kept and cut > 0:
        last = kept.pop()
        if cut < len(last.text):
            kept.append(replace(last, text=last.text[:len(last.text) - cut]))
        cut -= len(last.text)
    return tuple(kept)


def first_words(line: Line, count: int = 12) -> str:
    text = "".join(cl.text for cl in line.lines)
    return text[:count] + ("…" if len(text) > count else "")


def room_left(lines: Sequence[Line], empty: int, measure: float, fmt: PageFormat) -> int:
    """About how many more body characters the box takes: its `empty` lines at the body's
    measure, and what is left of the copy's last line."""
    size = fmt.styles["body"].size
    tail = 0
    if lines and not lines[-1].is_subhead:
        last = lines[-1].lines[0]
        tail = int((measure - last.width - last.line.indent) // size)
    return max(0, empty * int(measure // size) + tail)


#: Copy longer than this many times what its box can hold is reported without being composed:
#: a misplaced file or a pasted book would otherwise take minutes and gigabytes to say so.
HOPELESS = 4


def far_too_long(article: Article, fmt: PageFormat, measure: float, lines: int) \
        -> FitReport | None:
    """A fit report estimated from the character count, for copy HOPELESS times longer than
    its box holds; None for copy that is worth composing."""
    per_line = max(1, int(measure / fmt.styles["body"].size))
    chars = len(article.byline) + sum(len(block.text) for block in article.blocks)
    holds = per_line * lines
    if chars <= HOPELESS * holds + 2000:
        return None
    needed = -(-chars // per_line)
    return FitReport(article.name, article.path, lines, needed, needed - lines, 0,
                     chars - holds, estimated=True)
