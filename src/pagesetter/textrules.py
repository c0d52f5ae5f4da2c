"""Chinese composition rules as data: character classes and line-break prohibitions.

Every table names its source. "clreq" is the W3C *Requirements for Chinese Text Layout* (2024
draft); "GB/T 15834" is GB/T 15834-2011 *General rules for punctuation*. Code elsewhere asks these
tables; it does not spell characters itself.
"""
from __future__ import annotations

import unicodedata
from enum import Enum
from functools import lru_cache

# --- Punctuation classes -------------------------------------------------------------------------

#: Opening brackets and quotes (clreq "Punctuation marks" — opening brackets; GB/T 15834 §4.8 引号,
#: §4.9 括号, §4.15 书名号). The mark's ink sits on the right of its character cell; the blank
#: left half is what compression removes.
OPENING = frozenset("“‘（《【〔〈「『〖［｛([{")

#: Closing brackets and quotes (same sources). Ink on the left, blank right half.
CLOSING = frozenset("”’）》】〕〉」』〗］｝)]}")

#: Pause and stop marks (GB/T 15834 §4.1–§4.7 点号: 句号 问号 叹号 逗号 顿号 分号 冒号).
#: Ink on the left.
PAUSE_OR_STOP = frozenset("，。、；：？！")

#: Stops that keep their full width inside a line in the 开明 (kaiming) style (clreq "Punctuation
#: adjustment", kaiming: 句末点号全角). They are trimmed only at the end of a line.
KAIMING_FULL = frozenset("。？！")

#: Marks centred in a half cell (GB/T 15834 §4.14 间隔号, set in half a character's space; clreq
#: "Middle dots").
CENTRED = frozenset("·・")

#: Marks that are a single unbreakable unit of two cells (GB/T 15834 §4.10 破折号 "——" and §4.11
#: 省略号 "……" take two character cells and are never split across lines, §5.1.4–§5.1.5).
PAIRED_MARKS = ("——", "……")

#: Western marks that appear in Chinese copy (half-width, from the font's own advance).
WESTERN_CLOSING = frozenset(",.;:?!%")

# --- Prohibitions ------------------------------------------------------------------------------

#: Characters that may not start a line: clreq "Prohibition rules for line start and line end"
#: (basic level) and GB/T 15834 §5.1.1–§5.1.3 (点号、右引号、右括号不出现在行首), §5.1.5 (省略号),
#: §5.1.7 (间隔号); ％‰℃′″ from the zh-CN kinsoku of ECMA-376 part 4.
NO_LINE_START = (frozenset("，。、；：？！”’）》】〕〉」』〗］｝…·・％‰℃′″") | WESTERN_CLOSING
                 | frozenset(")]}"))

#: Characters that may not end a line: clreq (basic level) and GB/T 15834 §5.1.2 (左引号、左括号、
#: 左书名号不出现在行末); ￥＄ from ECMA-376 part 4.
NO_LINE_END = frozenset("“‘（《【〔〈「『〖［｛￥＄([{")


class CharClass(Enum):
    """What a character is for composition."""

    HAN = "han"            # ideographs, kana, full-width letters: one cell each
    OPENING = "opening"
    CLOSING = "closing"
    PAUSE = "pause"        # ，、；：  (compressible to half width)
    STOP = "stop"          # 。？！    (kaiming: full inside a line)
    CENTRED = "centred"
    DASH = "dash"          # — and …, set as two-cell units
    LATIN = "latin"        # letters, digits and Western marks: set with the font's advances
    SPACE = "space"


@lru_cache(maxsize=None)
def char_class(ch: str) -> CharClass:
    if ch in OPENING and ch not in "([{":
        return CharClass.OPENING
    if ch in CLOSING and ch not in ")]}":
        return CharClass.CLOSING
    if ch in KAIMING_FULL:
        return CharClass.STOP
    if ch in PAUSE_OR_STOP:
        return CharClass.PAUSE
    if ch in CENTRED:
        return CharClass.CENTRED
    if ch in "—…":
        return CharClass.DASH
    if ch == " " or ch == "\u00a0":
        return CharClass.SPACE
    if is_wide(ch):
        return CharClass.HAN
    return CharClass.LATIN


def is_wide(ch: str) -> bool:
    """True for characters set in a full character cell: East Asian Wide or Fullwidth, and the
    ambiguous-width symbols (□ ○ ★ ※ § №) that Chinese text sets in a full cell (UAX #11 leaves
    them to the context; in a Chinese context they are wide)."""
    width = unicodedata.east_asian_width(ch)
    if width in ("W", "F"):
        return True
    return width == "A" and (unicodedata.category(ch) in ("So", "Sm") or ch in "※§№")


def is_stray_western_comma(text: str, index: int) -> bool:
    """A half-width comma typed between Chinese characters (GB/T 15834 §4.4 wants "，")."""
    if text[index] != ",":
        return False
    left = text[:index].rstrip()
    right = text[index + 1:].lstrip()
    return bool(left and right and is_wide(left[-1]) and is_wide(right[0]))
