"""Where a headline may break: between words, never inside one.

Words come from jieba (the standard Chinese segmenter, MIT; loaded only when a headline has to
be broken), with the issue's own names added to its dictionary (the publication, article names,
the names in bylines and author marks) and the page format's `words:`. On top of the words, the
rules of textrules (GB/T 15835 and clreq) keep together what a desk never parts: a number with
its unit or measure word (第五次, 2023年, 16.39亿元), a short quoted title (《…》, “…”), and a
mark with the word it belongs to. Balancing then chooses, among those breaks, the lines as even
as the words allow, the longer line first.
"""
from __future__ import annotations

import os
import re
from typing import Callable, Iterable, Sequence

from ..textrules import NO_LINE_END, NO_LINE_START, SHORT_QUOTE, UNIT_WORDS

#: A number (Arabic or Chinese, with an ordinal 第 before it) and the unit or measure word after
#: it: one piece (GB/T 15835 keeps a number and its unit together).
_NUMBER = re.compile(r"第?[0-9０-９.．]+(?:[0-9０-９.．]+)*(?:" + UNIT_WORDS + r")?|"
                     r"第?[〇零一二三四五六七八九十百千万两]+(?:" + UNIT_WORDS + r")")
_QUOTED = re.compile("|".join(f"{re.escape(o)}[^{re.escape(c)}]{{1,{SHORT_QUOTE}}}{re.escape(c)}"
                              for o, c in ("《》", "“”", "‘’", "「」", "〈〉")))


class WordBreaks:
    """Break points of headline text, with a segmenter made when first needed."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.words = sorted({w.strip() for w in words if len(w.strip()) >= 2})
        self._tokenizer = None

    def _cut(self, text: str) -> list[str]:
        if self._tokenizer is None:
            self._tokenizer = _tokenizer(self.words)
        return list(self._tokenizer.cut(text, HMM=False))

    def points(self, text: str) -> list[int]:
        """The indexes of `text` a line may start at (0 and len excluded): word boundaries
        outside numbers with their units and short quoted titles, where no mark forbids it."""
        bounds, at = set(), 0
        for word in self._cut(text):
            at += len(word)
            bounds.add(at)
        locked = set()
        for pattern in (_NUMBER, _QUOTED):
            for match in pattern.finditer(text):
                locked.update(range(match.start() + 1, match.end()))
        return [k for k in sorted(bounds) if 0 < k < len(text) and k not in locked
                and text[k] not in NO_LINE_START and text[k - 1] not in NO_LINE_END]


def _tokenizer(words: Sequence[str]):
    """jieba's tokenizer with `words` added. Its cache goes to a private folder of ours (jieba's
    default, a shared /tmp file, would load whatever another user put there)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = _private_folder()
    for word in words:
        tokenizer.add_word(word, freq=10**6)  # the issue's own names win over the dictionary
    return tokenizer


def _private_folder() -> str:
    from ..cache import cache_dir

    folder = cache_dir()
    if folder is not None:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = os.stat(folder)
            if info.st_uid == os.geteuid() and not info.st_mode & 0o077:
                return str(folder)
        except OSError:
            pass
    import tempfile

    return tempfile.mkdtemp(prefix="pagesetter-words-")


def balanced(text: str, points: Sequence[int], width: Callable[[str], float],
             measure: float, most: int = 0) -> list[str] | None:
    """`text` cut at some of `points` into the fewest lines each at most `measure` wide (at
    most `most` lines when given), as even as the points allow, a longer line never after a
    shorter one in two lines; None when no cut fits."""
    cuts = [0, *points, len(text)]
    fits = {}

    def line(i: int, j: int) -> float | None:
        if (i, j) not in fits:
            piece = text[cuts[i]:cuts[j]].strip()
            w = width(piece) if piece else 0.0
            fits[(i, j)] = w if w <= measure + 1e-3 else None
        return fits[(i, j)]

    n = len(cuts) - 1
    for count in range(1, (most or n) + 1):
        best = _best_split(n, count, line, measure)
        if best is not None:
            return [text[cuts[a]:cuts[b]].strip() for a, b in zip(best, best[1:], strict=False)]
    return None


def _best_split(n: int, count: int, line, measure: float) -> list[int] | None:
    """Cut indexes 0 … n into `count` lines: the least sum of squared room left, the longer
    line first (a two-line head whose second line is longer counts double)."""
    memo: dict[tuple[int, int], tuple[float, list[int]] | None] = {}

    def best(start: int, left: int, previous: float):
        key = (start, left)
        if left == 1:
            w = line(start, n)
            if w is None:
                return None
            cost = (measure - w) ** 2 + (measure ** 2 if w > previous + 1e-3 else 0)
            return cost, [start, n]
        if key in memo and previous == float("inf"):
            return memo[key]
        out = None
        for end in range(start + 1, n - left + 2):
            w = line(start, end)
            if w is None:
                break
            rest = best(end, left - 1, w)
            if rest is None:
                continue
            cost = (measure - w) ** 2 + rest[0] + (measure ** 2 if w > previous + 1e-3 else 0)
            if out is None or cost < out[0]:
                out = (cost, [start] + rest[1])
        if previous == float("inf"):
            memo[key] = out
        return out

    result = best(0, count, float("inf"))
    return None if result is None else result[1]
