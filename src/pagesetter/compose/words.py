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
from typing import Any, Callable, Iterable, Sequence

from ..textrules import NO_LINE_END, NO_LINE_START, SHORT_QUOTE, UNIT_WORDS, is_mark, is_wide

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
        self._tokenizer: Any = None  # a jieba.Tokenizer

    def cut(self, text: str) -> list[str]:
        """`text` cut into words (jieba's, with the issue's names), each kept as written."""
        if self._tokenizer is None:
            from ..kept import current

            words = tuple(self.words)
            self._tokenizer = current().segmenters.get(words, lambda: _tokenizer(words))
        return list(self._tokenizer.cut(text, HMM=False))

    def points(self, text: str) -> list[int]:
        """The indexes of `text` a line may start at (0 and len excluded): word boundaries
        outside numbers with their units and short quoted titles, where no mark forbids it."""
        bounds, at = set(), 0
        words = self.cut(text)
        for k, word in enumerate(words):
            at += len(word)
            # jieba gives a word it does not know as single characters (市域 → 市, 域): a run
            # of them is kept together
            if k + 1 < len(words) and _single(word) and _single(words[k + 1]):
                continue
            bounds.add(at)
        locked: set[int] = set()
        for pattern in (_NUMBER, _QUOTED):
            for match in pattern.finditer(text):
                locked.update(range(match.start() + 1, match.end()))
        return [k for k in sorted(bounds) if 0 < k < len(text) and k not in locked
                and text[k] not in NO_LINE_START and text[k - 1] not in NO_LINE_END]


def _single(word: str) -> bool:
    return len(word) == 1 and is_wide(word) and not is_mark(word)


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
    most `most` lines when given), as even as the points allow, a line longer than the one
    before it paying for it; None when no cut fits."""
    import itertools

    widths: dict[tuple[int, int], float | None] = {}

    def line(start: int, end: int) -> float | None:
        if (start, end) not in widths:
            piece = text[start:end].strip()
            w = width(piece) if piece else 0.0
            widths[(start, end)] = w if w <= measure + 1e-3 else None
        return widths[(start, end)]

    points = list(points)[:40]
    for count in range(1, min(most or 6, len(points) + 1) + 1):
        best = None
        for cut in itertools.combinations(points, count - 1):
            edges = (0, *cut, len(text))
            measured = [line(a, b) for a, b in zip(edges, edges[1:], strict=False)]
            lengths = [w for w in measured if w is not None]
            if len(lengths) < len(measured):
                continue
            longest = max(lengths)
            cost = sum((longest - w) ** 2 for w in lengths) + sum(
                2 * (b - a) ** 2 for a, b in zip(lengths, lengths[1:], strict=False) if b > a)
            if best is None or cost < best[0]:
                best = (cost, edges)
        if best is not None:
            edges = best[1]
            return [text[a:b].strip() for a, b in zip(edges, edges[1:], strict=False)]
    return None
