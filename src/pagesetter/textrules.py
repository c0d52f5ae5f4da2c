"""Chinese composition rules as data: character classes, line-break prohibitions, punctuation
styles and the order of line adjustment.

Every table names its source. "clreq" is the W3C *Requirements for Chinese Text Layout* (2024
draft); "GB/T 15834" is GB/T 15834-2011 *General rules for punctuation*. Code elsewhere asks these
tables; it does not spell characters itself.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum, IntEnum
from functools import lru_cache

# --- Punctuation classes -------------------------------------------------------------------------

#: Opening brackets and quotes (clreq 3.1.2 "Punctuation marks"; GB/T 15834 §4.8 引号, §4.9 括号,
#: §4.15 书名号). The mark's ink sits on the right of its character cell; the blank left half is
#: what compression removes.
OPENING = frozenset("“‘（《【〔〈「『〖［｛([{")

#: Closing brackets and quotes (same sources). Ink on the left, blank right half.
CLOSING = frozenset("”’）》】〕〉」』〗］｝)]}")

#: Pause marks inside a sentence (GB/T 15834 §4.4 逗号, §4.5 顿号, §4.6 分号, §4.7 冒号). Ink on
#: the left.
PAUSES = frozenset("，、；：")

#: Sentence-final stops (GB/T 15834 §4.1 句号, §4.2 问号, §4.3 叹号). Ink on the left. The 开明
#: style keeps them full width inside a line (clreq 3.1.6; "句末点号全宽，句内标点半宽").
STOPS = frozenset("。？！")

#: Marks centred in a half cell: the interpunct (GB/T 15834 §4.14 间隔号, half a character's
#: space) and the ratio sign ∶ (比号, which reads as one item with the numbers it joins).
CENTRED = frozenset("·・∶")

#: Marks that are a single unbreakable unit of two cells (GB/T 15834 §4.10 破折号 "——" and §4.11
#: 省略号 "……" take two character cells and are never split across lines, §5.1.4–§5.1.5).
PAIRED_MARKS = ("——", "……")

#: Western marks that appear in Chinese copy (half-width, from the font's own advance).
WESTERN_CLOSING = frozenset(",.;:?!%")

#: Symbols that belong to the number before them: no Han–Latin gap between (22.6℃, 15％, 3‰,
#: 90°), and a space typed before them is not printed (GB/T 15835 keeps a number and its unit
#: together; clreq 3.4 sets them solid).
UNIT_SYMBOLS = frozenset("℃％‰°′″%")

#: Operators written between two items (合作社 + 农户): they stay with the item before them, so a
#: line may end with one but never start with one (the printed page breaks after "+").
JOINING_OPERATORS = frozenset("+＋")

# --- Prohibitions ------------------------------------------------------------------------------

#: Characters that may not start a line: clreq 3.1.7 "Prohibition rules for line start and line
#: end" (basic level) and GB/T 15834 §5.1.1–§5.1.3 (点号、右引号、右括号不出现在行首),
#: §5.1.5 (省略号), §5.1.7 (间隔号); ％‰℃′″ from the zh-CN kinsoku of ECMA-376 part 4; the
#: joining operators above.
NO_LINE_START = (frozenset("，。、；：？！”’）》】〕〉」』〗］｝…·・∶％‰℃′″°")
                 | WESTERN_CLOSING | frozenset(")]}") | JOINING_OPERATORS)

#: Characters that may not end a line: clreq 3.1.7 (basic level) and GB/T 15834 §5.1.2 (左引号、
#: 左括号、左书名号不出现在行末); ￥＄ from ECMA-376 part 4; the ratio sign binds both sides.
NO_LINE_END = frozenset("“‘（《【〔〈「『〖［｛￥＄([{∶")


class CharClass(Enum):
    """What a character is for composition."""

    HAN = "han"            # ideographs, kana, full-width letters: one cell each
    OPENING = "opening"
    CLOSING = "closing"
    PAUSE = "pause"        # ，、；：
    STOP = "stop"          # 。？！
    CENTRED = "centred"    # · ・ ∶ in a half cell
    DASH = "dash"          # — and …, set as two-cell units
    LATIN = "latin"        # letters, digits and Western marks: set with the font's advances
    UNIT = "unit"          # ℃ ％ ‰ …: set solid after a number
    SPACE = "space"


@lru_cache(maxsize=None)
def char_class(ch: str) -> CharClass:
    if ch in OPENING and ch not in "([{":
        return CharClass.OPENING
    if ch in CLOSING and ch not in ")]}":
        return CharClass.CLOSING
    if ch in STOPS:
        return CharClass.STOP
    if ch in PAUSES:
        return CharClass.PAUSE
    if ch in CENTRED:
        return CharClass.CENTRED
    if ch in "—…":
        return CharClass.DASH
    if ch == " " or ch == "\u00a0":
        return CharClass.SPACE
    if ch in UNIT_SYMBOLS:
        return CharClass.UNIT
    if is_wide(ch):
        return CharClass.HAN
    return CharClass.LATIN


#: Classes of the marks whose width the punctuation style decides.
MARK_CLASSES = (CharClass.OPENING, CharClass.CLOSING, CharClass.PAUSE, CharClass.STOP)


def is_mark(ch: str) -> bool:
    """A punctuation mark of Chinese text (brackets, quotes, pauses, stops, the interpunct,
    dashes and ellipses): emphasis dots (着重号, GB/T 15834 §4.16) mark the characters, not
    these."""
    return char_class(ch) in MARK_CLASSES + (CharClass.CENTRED, CharClass.DASH)


def is_wide(ch: str) -> bool:
    """True for characters set in a full character cell: East Asian Wide or Fullwidth, and the
    ambiguous-width symbols (□ ○ ★ ※ § №) that Chinese text sets in a full cell (UAX #11 leaves
    them to the context; in a Chinese context they are wide)."""
    width = unicodedata.east_asian_width(ch)
    if width in ("W", "F"):
        return True
    return width == "A" and (unicodedata.category(ch) in ("So", "Sm") or ch in "※§№")


#: White space other than the space that copy may carry (a block scalar's line breaks, a CR, the
#: Unicode line and paragraph separators): set as a typed space, never looked up in a face.
TYPED_WHITESPACE = frozenset("\t\n\r\v\f\x85\u2028\u2029")

#: Half-width marks typed in Chinese copy, and the marks GB/T 15834 §4 gives Chinese text
#: instead (§4.1 句号, §4.2 问号, §4.3 叹号, §4.4 逗号, §4.6 分号, §4.7 冒号, §4.9 括号).
#: Quotes (§4.8 引号) are paired by position and the ellipsis (§4.11 省略号) is a run of dots, so
#: both are handled apart (intake.py).
HALF_WIDTH_MARKS = {",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！",
                    "(": "（", ")": "）"}


# --- Punctuation styles ----------------------------------------------------------------------

class PunctStyle(Enum):
    """How wide punctuation is set (clreq 3.1.6 "Punctuation adjustment"; the style names are
    those of GB/T 15834's practice and of xeCJK)."""

    KAIMING = "kaiming"  # 开明式: 。？！ full inside a line, every other mark half
    QUANJIAO = "quanjiao"  # 全角式: every mark full; adjacent marks 1.5 cells
    LINE_END_HALF = "line-end-half"  # 行末半角式: full inside a line, half at its end
    BANJIAO = "banjiao"  # 半角式: every mark half


@dataclass(frozen=True)
class MarkWidth:
    """A mark's width inside a line and how much of it a squeezed line may take, in ems."""

    inline: float
    squeeze: float


_HALF = MarkWidth(0.5, 0.0)
_FULL = MarkWidth(1.0, 0.5)

#: Width of each class of mark in each style. In 开明式 only the sentence-final stops keep a full
#: cell, and a line that must take one more mark may squeeze them to half (clreq 3.1.6). In
#: 全角式 and 行末半角式 every mark is full and may be squeezed to half.
MARK_WIDTHS: dict[PunctStyle, dict[CharClass, MarkWidth]] = {
    PunctStyle.KAIMING: {CharClass.OPENING: _HALF, CharClass.CLOSING: _HALF,
                         CharClass.PAUSE: _HALF, CharClass.STOP: _FULL},
    PunctStyle.QUANJIAO: dict.fromkeys(MARK_CLASSES, _FULL),
    PunctStyle.LINE_END_HALF: dict.fromkeys(MARK_CLASSES, _FULL),
    PunctStyle.BANJIAO: dict.fromkeys(MARK_CLASSES, _HALF),
}

#: Quotation marks “” ‘’ in 开明式 keep an eighth of an em of their blank (⅝ em inside a line,
#: squeezable to half): a house rule, not a clreq one — 开明式 has always been set as house rules,
#: and letterpress shops set quotes on a half body with a space beside it rather than on a bare
#: half body (clreq issue #572); the professional original sets its lines so (lines with two
#: pairs of quotes hold ½–1 em less copy than lines without). Line ends and starts trim them to
#: half, and a quote beside another mark gives up its blank, as every mark does.
QUOTES = frozenset("“”‘’")
QUOTE_WIDTHS: dict[PunctStyle, MarkWidth] = {PunctStyle.KAIMING: MarkWidth(0.625, 0.125)}

#: Styles that set a mark ending a line in half a cell (GB/T 15834 §5.1.10: a mark at the end of
#: a line "shall" be trimmed to half width). 全角式 keeps it full unless the line is squeezed.
LINE_END_HALF = frozenset({PunctStyle.KAIMING, PunctStyle.LINE_END_HALF, PunctStyle.BANJIAO})

# --- Line adjustment ---------------------------------------------------------------------------

#: Han–Latin gap: ¼ em between Han and Latin or digits, shrinkable to ⅛ em, none at the edges of
#: a line (clreq 3.4.2 "Spacing between Chinese and Western text").
HAN_LATIN_GAP = 0.25
HAN_LATIN_GAP_MIN = 0.125
#: How far a justified line may spread each gap between its units, in ems, before it counts as
#: loose (clreq 3.1.5: expansion beyond this reads as letter-spacing).
MAX_STRETCH = 0.25
#: How far past the measure a line's natural width may run, in ems, and still take its next
#: character by squeezing (the stages of Adjust, in order) rather than end before it. clreq 3.1.6
#: prefers compressing to expanding; a small amount only, because a stop squeezed by half inside
#: a line reads as a mistake (measured on the original: allowing ½ em sets fewer of its lines
#: alike, ⅛–¼ em more).
MAX_OVERRUN = 0.25


class Adjust(IntEnum):
    """What a line may shrink or stretch, in the order it is used (clreq 3.1.5 and 3.1.6).

    Shrinking, first to last: Western word spaces (to ¾ of a space), mark blanks 全角式 leaves
    in (brackets, pauses, interpuncts, to half), Han–Latin gaps (to ⅛ em), sentence-final stops
    (to half). The stops come last because 开明式 keeps them full on purpose: a reader sees a
    squeezed 。 first. Stretching: word spaces (to ½ em), Han–Latin gaps (to ⅓ em), then every
    gap between units alike — never inside an unbreakable unit."""

    SPACES = 0
    MARKS = 1
    GAPS = 2
    STOPS = 3


#: Stretch limits, in ems of the space or gap they widen.
SPACE_STRETCH_TO = 0.5
GAP_STRETCH_TO = 1 / 3


# --- Headlines ----------------------------------------------------------------------------------

#: Units and measure words (量词) a number keeps on its line: a number and its unit are one piece
#: (GB/T 15835-2011 §4.1 and §5.1: a number is not parted from its unit; clreq 3.1.7 keeps
#: numbers whole), so a headline never breaks in 第五次, 2023年 or 16.39亿元. The longer words
#: first, so that 人次 is taken before 人.
UNIT_WORDS = "|".join(sorted((
    "年度", "季度", "年", "月", "日", "号", "时", "分", "秒", "天", "周", "岁", "次", "届",
    "个", "项", "件", "名", "位", "人次", "人", "批", "期", "版", "条", "款", "部", "家", "户",
    "所", "座", "辆", "台", "套", "亿元", "万元", "亿", "万", "元", "倍", "%", "％", "‰", "℃",
    "度", "公里", "千米", "平方米", "米", "亩", "公顷", "吨", "千克", "斤", "余", "多"),
    key=len, reverse=True))
#: A quoted title or phrase of at most this many characters stays on one line of a headline
#: (《…》, “…”): parting it reads as two titles.
SHORT_QUOTE = 12
