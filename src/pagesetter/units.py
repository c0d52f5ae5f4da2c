"""Units at the edges: lengths in pt, mm, 字号 names and 字 (characters of a given size).

Inside the program every length is in PostScript points (pt).

字号 table (pt), as in ctex and most Chinese DTP systems — clreq's letterpress table differs for
一号, 六号 and 七号; this one is the one layout software uses:
初号 42 · 小初 36 · 一号 26 · 小一 24 · 二号 22 · 小二 18 · 三号 16 · 小三 15 · 四号 14 · 小四 12 ·
五号 10.5 · 小五 9 · 六号 7.5 · 小六 6.5 · 七号 5.5 · 八号 5.
"""
from __future__ import annotations

import re

PT_PER_MM = 72 / 25.4

ZIHAO: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16,
    "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5, "小六": 6.5,
    "七号": 5.5, "八号": 5,
}

_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in|字|em)?\s*$")


class UnitError(ValueError):
    """A length that could not be read: what is wrong, and a hint saying what is accepted."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


#: How far one length may exceed another and still count as fitting, pt: far below anything
#: visible (1/1000 pt), far above floating-point noise in sums of glyph advances.
TOLERANCE = 1e-3


def fits(length: float, room: float) -> bool:
    """Whether `length` fits in `room` (the one comparison of lengths used everywhere)."""
    return length <= room + TOLERANCE


def mm(value: float) -> float:
    return value * PT_PER_MM


def parse_length(value: object, *, em: float | None = None, default_unit: str = "pt") -> float:
    """Read a length: a number (in `default_unit`), '12pt', '3mm', '1.5字'/'1.5em' (needs `em`),
    or a 字号 name such as '小五'. Returns pt."""
    if isinstance(value, bool):
        raise UnitError("expected a length", "write a length such as 9pt, 3mm or 小五")
    if isinstance(value, (int, float)):
        number, unit = float(value), default_unit
    elif isinstance(value, str):
        if value.strip() in ZIHAO:
            return float(ZIHAO[value.strip()])
        match = _LENGTH.match(value)
        if not match:
            raise UnitError(f"`{value}` is not a length", f"write e.g. 9pt, 3mm, 2字 or a 字号 "
                            f"name ({', '.join(ZIHAO)})")
        number, unit = float(match.group(1)), match.group(2) or default_unit
    else:
        raise UnitError("expected a length", "write a length such as 9pt, 3mm or 小五")
    if unit == "pt":
        return number
    if unit == "mm":
        return mm(number)
    if unit == "cm":
        return mm(number * 10)
    if unit == "in":
        return number * 72
    if em is None:
        raise UnitError(f"`{value}` is in characters, which have no meaning here",
                        "use pt or mm")
    return number * em
