"""A headline's text before it is broken: lines broken by hand, the halves of a two-part
headline, and the most even breaking of a part into the fewest lines."""
from __future__ import annotations

import re
from typing import Sequence

from .breaker import break_units, natural_width
from .pieces import Span, Unit


#: Where a headline's halves meet: a U+3000 or two spaces or more anywhere (2024临江马拉松鸣枪开跑
#: 3万名跑者), or one space typed between two wide characters.
_HALF_BREAK = re.compile(r"[\u3000\s]*\u3000[\u3000\s]*|\s{2,}|(?<=[^\x00-\x7f])\s(?=[^\x00-\x7f])")


def split_at_breaks(spans: Sequence[Span]) -> list[list[Span]]:
    """The spans of each line of a headline broken by hand (at line breaks), blank lines
    dropped."""
    lines: list[list[Span]] = [[]]
    for span in spans:
        pieces = span.text.split("\n")
        for k, piece in enumerate(pieces):
            if k:
                lines.append([])
            if piece.strip():
                lines[-1].append(Span(piece.strip(), span.style, span.size))
    return [line for line in lines if line]


def joined_spans(spans: Sequence[Span]) -> list[Span]:
    """Adjacent spans of the same style and size as one span."""
    out: list[Span] = []
    for span in spans:
        if out and (out[-1].style, out[-1].size) == (span.style, span.size):
            out[-1] = Span(out[-1].text + span.text, span.style, span.size)
        else:
            out.append(span)
    return out


def split_halves(spans: Sequence[Span]) -> list[list[Span]]:
    halves: list[list[Span]] = [[]]
    for span in joined_spans(spans):
        pieces = _HALF_BREAK.split(span.text.strip())
        for i, piece in enumerate(pieces):
            if i > 0:
                halves.append([])
            if piece:
                halves[-1].append(Span(piece, span.style, span.size))
    return [h for h in halves if h]


def join_halves(halves: list[list[Span]]) -> list[Span]:
    out: list[Span] = []
    for i, half in enumerate(halves):
        if i > 0:
            last = half[0]
            out.append(Span("\u3000", last.style, last.size))
        out.extend(half)
    return out


def balanced_lines(units: list[Unit], measure: float):
    """The fewest lines, as even as possible: narrow the measure while the line count holds."""
    broken = break_units(units, measure, justify=False)
    count = len(broken.lines)
    if count == 1:
        return broken
    low, high = natural_width(units, 0, len(units)) / count, measure
    for _ in range(20):
        mid = (low + high) / 2
        if len(break_units(units, mid, justify=False).lines) == count:
            high = mid
        else:
            low = mid
    return break_units(units, high, justify=False)
