"""A face embedded as one CID-keyed font a document (cid_font.py): codes in order of first use,
the CID → glyph map read from ReportLab's subset, widths and ToUnicode as tables."""
import io

import pytest
from fontTools.ttLib import TTFont

from pagesetter.cid_font import CidCodes, cid_number, glyph_numbers, to_unicode, width_runs
from pagesetter.fonts import load_face
from pagesetter.resources import data_dir

BODY = data_dir("fonts") / "NotoSerifSC-Regular.ttf"


def test_characters_take_two_byte_codes_in_order_of_first_use():
    codes = CidCodes()
    assert codes.encoded("人大人") == b"!!!\"!!"
    assert codes.encoded("，大会") == b"!#!\"!$"
    assert codes.chars == [ord(ch) for ch in "人大，会"]
    assert codes.cids == [0x2121, 0x2122, 0x2123, 0x2124]


@pytest.mark.parametrize("n, cid", [
    (0, 0x2121), (6, 0x2127), (7, 0x212A),  # ( and ) skipped
    (90, 0x217E), (91, 0x2221),  # the next high byte
    (8280, 0x7E7E), (8281, 0x0001),  # then the codes ReportLab escapes, from 1
    (65534, 0xFFFF)])
def test_cids_are_two_plain_bytes_first(n, cid):
    """Regression (a first draft): CIDs 1, 2 … were written by ReportLab as octal escapes,
    `\\000\\001`: eight characters a character, the pages' streams larger to compress and
    to preflight."""
    assert cid_number(n) == cid


def test_a_face_of_more_than_65535_characters_is_refused():
    with pytest.raises(ValueError, match="65,535"):
        cid_number(65535)


def test_the_codes_are_the_same_whatever_the_order_of_a_set():
    """Regression (a first draft): new characters of a string were found with a set, whose order
    changes with Python's string hashing, so the same page got different bytes run to run."""
    text = "全过程人民民主建设，依法保障了人民当家作主"
    assert CidCodes().encoded(text) == CidCodes().encoded(text)
    codes = CidCodes()
    codes.encoded(text)
    assert codes.chars == [ord(ch) for ch in dict.fromkeys(text)]


def test_no_character_is_added_once_the_font_is_written():
    codes = CidCodes()
    codes.encoded("人")
    codes.frozen = True
    assert codes.encoded("人") == b"!!"
    with pytest.raises(ValueError, match="U\\+5927 drawn after"):
        codes.encoded("大")


@pytest.mark.parametrize("widths, runs", [
    ([(0x2121, 1000), (0x2122, 1000)], []),
    ([(0x2121, 500), (0x2122, 500), (0x2123, 1000), (0x2124, 250)],
     [0x2121, [500, 500], 0x2124, [250]]),
    ([(0x2127, 333.5), (0x212A, 600)], [0x2127, [333.5], 0x212A, [600]]),  # not consecutive
])
def test_widths_are_runs_of_consecutive_cids_not_of_the_default_width(widths, runs):
    assert [list(item.sequence) if hasattr(item, "sequence") else item
            for item in width_runs(widths, 1000)] == runs


def test_to_unicode_gives_each_cid_its_text_in_utf16_in_blocks_of_100():
    texts = [(0x2121, "人"), (0x2122, "𠮷"), (0x2123, "\u200d")] + \
        [(0x3000 + k, "字") for k in range(200)]
    cmap = to_unicode(texts)
    assert "<2121> <4EBA>" in cmap
    assert "<2122> <D842DFB7>" in cmap  # beyond U+FFFF: a surrogate pair
    assert "<2123> <200D>" in cmap
    assert [line for line in cmap.splitlines() if line.endswith("beginbfchar")] == \
        ["100 beginbfchar", "100 beginbfchar", "3 beginbfchar"]
    assert "<0000> <FFFF>" in cmap  # two-byte codes


def test_the_glyph_numbers_name_each_characters_glyph_in_the_subset():
    face = load_face(BODY).face
    chars = [ord(ch) for ch in "人大，。会人𠮷A"]  # 人 twice: one glyph
    program = face.makeSubset(chars)
    gids = glyph_numbers(program)
    subset = TTFont(io.BytesIO(program))
    original = TTFont(BODY)
    cmap = original.getBestCmap()
    order = subset.getGlyphOrder()
    for n, code in enumerate(chars):
        gid = int.from_bytes(gids[2 * n:2 * n + 2], "big")
        if code not in cmap:
            assert gid == 0, hex(code)  # the missing glyph
            continue
        drawn, wanted = subset["glyf"][order[gid]], original["glyf"][cmap[code]]
        assert gid and drawn.numberOfContours == wanted.numberOfContours, chr(code)
