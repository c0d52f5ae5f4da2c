"""A face embedded as one CID-keyed font a document (cid_font.py): codes in order of first use,
the CID → glyph map read from ReportLab's subset, widths and ToUnicode as tables."""
import io

import pytest
from fontTools.ttLib import TTFont

from pagesetter.cid_font import CidCodes, glyph_numbers, to_unicode, width_runs
from pagesetter.fonts import load_face
from pagesetter.resources import data_dir

BODY = data_dir("fonts") / "NotoSerifSC-Regular.ttf"


def test_characters_take_two_byte_codes_in_order_of_first_use():
    codes = CidCodes()
    assert codes.encoded("人大人") == b"\x00\x01\x00\x02\x00\x01"
    assert codes.encoded("，大会") == b"\x00\x03\x00\x02\x00\x04"
    assert codes.chars == [0, ord("人"), ord("大"), ord("，"), ord("会")]  # CID 0: .notdef


def test_the_codes_are_the_same_whatever_the_order_of_a_set():
    """Regression (a first draft): new characters of a string were found with a set, whose order
    changes with Python's string hashing, so the same page got different bytes run to run."""
    text = "全过程人民民主建设，依法保障了人民当家作主"
    assert CidCodes().encoded(text) == CidCodes().encoded(text)
    codes = CidCodes()
    codes.encoded(text)
    assert codes.chars[1:] == [ord(ch) for ch in dict.fromkeys(text)]


def test_no_character_is_added_once_the_font_is_written():
    codes = CidCodes()
    codes.encoded("人")
    codes.frozen = True
    assert codes.encoded("人") == b"\x00\x01"
    with pytest.raises(ValueError, match="U\\+5927 drawn after"):
        codes.encoded("大")


@pytest.mark.parametrize("widths, runs", [
    ([0, 1000, 1000], []),
    ([0, 500, 500, 1000, 250], [1, [500, 500], 4, [250]]),
    ([0, 1000, 333.5, 1000, 1000, 600, 600], [2, [333.5], 5, [600, 600]]),
])
def test_widths_are_runs_of_cids_not_of_the_default_width(widths, runs):
    assert [list(item.sequence) if hasattr(item, "sequence") else item
            for item in width_runs(widths, 1000)] == runs


def test_to_unicode_gives_each_cid_its_text_in_utf16_in_blocks_of_100():
    texts = ["人", "𠮷", "\u200d"] + ["字"] * 200
    cmap = to_unicode(texts)
    assert "<0001> <4EBA>" in cmap
    assert "<0002> <D842DFB7>" in cmap  # beyond U+FFFF: a surrogate pair
    assert "<0003> <200D>" in cmap
    assert [line for line in cmap.splitlines() if line.endswith("beginbfchar")] == \
        ["100 beginbfchar", "100 beginbfchar", "3 beginbfchar"]
    assert "<0000> <FFFF>" in cmap  # two-byte codes


def test_the_cid_to_glyph_map_names_each_characters_glyph_in_the_subset():
    face = load_face(BODY).face
    chars = [0] + [ord(ch) for ch in "人大，。会人𠮷A"]  # 人 twice: one glyph, two CIDs
    program = face.makeSubset(chars)
    gids = glyph_numbers(program)
    subset = TTFont(io.BytesIO(program))
    original = TTFont(BODY)
    cmap = original.getBestCmap()
    order, original_order = subset.getGlyphOrder(), original.getGlyphOrder()
    for cid, code in enumerate(chars):
        gid = int.from_bytes(gids[2 * cid:2 * cid + 2], "big")
        if code == 0 or code not in cmap:
            assert gid == 0, hex(code)  # the missing glyph
            continue
        drawn, wanted = subset["glyf"][order[gid]], original["glyf"][cmap[code]]
        assert drawn.numberOfContours == wanted.numberOfContours, chr(code)
        assert original_order.index(cmap[code]) != 0
