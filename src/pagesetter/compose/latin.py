"""Runs of Latin letters and digits inside Chinese text: where a long word, a URL or an e-mail
address may break, and a unit cut in two at such a break (with a hyphen when it breaks inside a
word)."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from ..textrules import NO_LINE_END, NO_LINE_START
from .pieces import Glyph, Unit


#: Where a URL, a path or an e-mail address may break (Chicago Manual of Style 14.18): after a
#: colon or a double slash; before a single slash, a dot, comma, hyphen, underscore, tilde,
#: number sign, percent sign, question mark or at sign; before or after = and &.
_URL_BREAK_BEFORE = frozenset("/.,-_~#%?@=&")
_URL_BREAK_AFTER = frozenset(":=&")
_LOOKS_LIKE_URL = re.compile(r"(?i)^(?:https?://|www\.|\S+@\S+\.\S+$|\S*/\S)")
#: A word this long may be hyphenated when a line would otherwise be loose.
MIN_HYPHENATED = 7


def latin_breaks(word: str) -> tuple[tuple[int, ...], bool]:
    """Where a Latin run may break when a line would otherwise be loose: a URL, path or e-mail
    address after / . - _ ? & = # @ :, a long word at its hyphenation points (with a hyphen)."""
    if len(word) < 4:
        return (), False
    if _LOOKS_LIKE_URL.match(word):
        return tuple(k for k in range(2, len(word) - 1) if _url_break_before(word, k)), False
    if len(word) >= MIN_HYPHENATED and word.isalpha():
        return _hyphenation_points(word), True
    return tuple(k for k in range(2, len(word) - 1) if word[k - 1] == "-"), False


def _url_break_before(word: str, k: int) -> bool:
    if word[k - 1:k + 1] == "//" or (word[k] == "/" and word[k + 1:k + 2] == "/"):
        return False  # never inside //, nor before it
    if word[k - 2:k] == "//" or word[k - 1] in _URL_BREAK_AFTER:
        return word[k] not in _URL_BREAK_BEFORE or word[k] in "=&"
    return word[k] in _URL_BREAK_BEFORE


def _hyphenation_points(word: str) -> tuple[int, ...]:
    import pyphen  # only for a long word: the dictionaries load once

    return tuple(k for k in _hyphenator(pyphen).positions(word) if 2 <= k <= len(word) - 3)


_HYPHENATORS: dict = {}


def _hyphenator(pyphen):
    if "en" not in _HYPHENATORS:
        _HYPHENATORS["en"] = pyphen.Pyphen(lang="en_US")
    return _HYPHENATORS["en"]


def split_overlong(units: Sequence[Unit], limit: float) -> list[Unit]:
    """Latin runs wider than `limit` with no break point of their own split into single
    characters, so a line can break inside them rather than run into the gutter: the emergency
    break every layout program makes when a word cannot fit a line of its own."""
    if not any(unit.latin and unit.width > limit for unit in units):
        return list(units)
    out: list[Unit] = []
    for unit in units:
        if not unit.latin or unit.width <= limit or len(unit.glyphs) < 2:
            out.append(unit)
            continue
        pieces = [unit]
        while pieces[-1].width > limit and len(pieces[-1].glyphs) > 1:
            last = pieces.pop()
            cut = _fitting_break(last, limit) or _widest_cut(last, limit)
            head, tail = split_latin(last, cut, hyphen=False)
            pieces += [head, tail]
        out += pieces
    return out


def _fitting_break(unit: Unit, limit: float) -> int:
    """The last break point of `unit` whose head fits `limit` (0: none)."""
    edges = [g.dx for g in unit.glyphs] + [unit.width]
    fitting = [k for k in unit.breaks if edges[k] <= limit]
    return max(fitting, default=0)


def _widest_cut(unit: Unit, limit: float) -> int:
    edges = [g.dx for g in unit.glyphs] + [unit.width]
    return max(1, max((k for k in range(1, len(unit.glyphs)) if edges[k] <= limit), default=1))


def split_latin(unit: Unit, at: int, hyphen: bool | None = None) -> tuple[Unit, Unit]:
    """`unit` broken before glyph `at`: the head (with a hyphen when a word is broken inside)
    and the tail, which starts a line."""
    hyphen = unit.hyphen if hyphen is None else hyphen
    edges = [g.dx for g in unit.glyphs] + [unit.width]
    head_glyphs = unit.glyphs[:at]
    head_width = edges[at]
    head_text = unit.text[:at]
    if hyphen:
        head_glyphs += (Glyph("-", head_width),)
        head_text += "-"
        head_width += unit.hyphen_width
    tail_glyphs = tuple(Glyph(g.char, g.dx - edges[at], g.scale) for g in unit.glyphs[at:])
    head = replace(unit, text=head_text, width=head_width, glyphs=head_glyphs,
                   no_end=head_text[-1] in NO_LINE_END,
                   breaks=tuple(k for k in unit.breaks if k < at))
    # A break point is a place the run may break, whatever character follows it (a URL's
    # tail may start with "." or "/"); only an emergency cut obeys the kinsoku table.
    at_break_point = at in unit.breaks
    tail = replace(unit, text=unit.text[at:], width=unit.width - edges[at], glyphs=tail_glyphs,
                   gap_before=0.0, gap_min=0.0, gap_max=0.0, gap_text="",
                   no_start=not at_break_point and unit.text[at] in NO_LINE_START,
                   breaks=tuple(k - at for k in unit.breaks if k > at))
    return head, tail
