"""The punctuation tables, checked against clreq and GB/T 15834-2011 §5.1 as tables."""
import pytest

from pagesetter.textrules import (HALF_WIDTH_MARKS, NO_LINE_END, NO_LINE_START, CharClass,
                                  char_class)

# GB/T 15834 §5.1: 点号 (。，、；：？！), right quotes/brackets never start a line.
GB_NO_START = "，。、；：？！”’）》〕】〉"
# GB/T 15834 §5.1: left quotes/brackets never end a line.
GB_NO_END = "“‘（《〔【〈"
# The house style adds …, ·, ％ to the line-start prohibitions (clreq basic level).
HOUSE_NO_START = "…·％"


@pytest.mark.parametrize("ch", GB_NO_START + HOUSE_NO_START)
def test_cannot_start_a_line(ch):
    assert ch in NO_LINE_START


@pytest.mark.parametrize("ch", GB_NO_END)
def test_cannot_end_a_line(ch):
    assert ch in NO_LINE_END


@pytest.mark.parametrize("ch", "中国人大a1“（《")
def test_han_latin_and_openers_may_start_a_line(ch):
    assert ch not in NO_LINE_START


@pytest.mark.parametrize("ch", "中国人大a1”）》。，")
def test_han_latin_and_closers_may_end_a_line(ch):
    assert ch not in NO_LINE_END


def test_no_character_is_both_an_opener_and_a_closer():
    # The ratio sign alone binds both sides: 1∶2 is one item.
    assert NO_LINE_START & NO_LINE_END == {"∶"}


@pytest.mark.parametrize("ch, cls", [
    ("中", CharClass.HAN), ("“", CharClass.OPENING), ("（", CharClass.OPENING),
    ("”", CharClass.CLOSING), ("》", CharClass.CLOSING), ("，", CharClass.PAUSE),
    ("、", CharClass.PAUSE), ("：", CharClass.PAUSE), ("。", CharClass.STOP),
    ("？", CharClass.STOP), ("！", CharClass.STOP), ("·", CharClass.CENTRED),
    ("—", CharClass.DASH), ("…", CharClass.DASH), ("a", CharClass.LATIN),
    ("7", CharClass.LATIN), (" ", CharClass.SPACE),
])
def test_character_classes(ch, cls):
    assert char_class(ch) is cls


@pytest.mark.parametrize("ch", "□○●★※")
def test_author_marks_and_symbols_take_a_full_cell(ch):
    assert char_class(ch) is CharClass.HAN


def test_half_width_marks_become_the_gb_marks_of_their_own_kind():
    """GB/T 15834 §4: each typed mark has one Chinese counterpart, of the same class."""
    assert HALF_WIDTH_MARKS == {",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！",
                                "(": "（", ")": "）"}
    for typed, mark in HALF_WIDTH_MARKS.items():
        if typed in "(":
            assert char_class(mark) is CharClass.OPENING
        elif typed in ")":
            assert char_class(mark) is CharClass.CLOSING
        else:
            assert char_class(mark) in (CharClass.PAUSE, CharClass.STOP)
