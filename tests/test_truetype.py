"""The TrueType reader and subsetter, checked against fontTools' reading of the same files."""
import io
import struct

import pytest
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

from pagesetter.resources import data_dir
from pagesetter.truetype import FontFormatError, TrueTypeFile, _format_4, probe_font

SERIF = data_dir("fonts") / "NotoSerifSC-Regular.ttf"
KAI = data_dir("fonts") / "LXGWWenKai-Regular.ttf"


@pytest.fixture(scope="module")
def serif():
    with TrueTypeFile(SERIF) as font:
        yield font


def test_character_map_and_advances_match_fonttools(serif):
    tables = serif.parse()
    reference = TTFont(SERIF)
    order = reference.getGlyphOrder()
    best = reference.getBestCmap()
    ours = dict(zip(tables.codes, tables.glyphs, strict=True))
    assert ours == {code: order.index(name) for code, name in best.items()}
    hmtx = reference["hmtx"]
    assert list(tables.advances) == [hmtx[name][0] for name in order]
    assert tables.num_glyphs == len(order)


def test_metrics_for_the_font_descriptor(serif):
    metrics = serif.parse().metrics
    reference = TTFont(SERIF)
    assert metrics.ps_name == reference["name"].getDebugName(6)
    assert metrics.units_per_em == reference["head"].unitsPerEm == 1000
    assert metrics.ascent == reference["hhea"].ascent
    assert metrics.descent == reference["hhea"].descent
    assert metrics.bbox == (reference["head"].xMin, reference["head"].yMin,
                            reference["head"].xMax, reference["head"].yMax)
    assert metrics.cap_height == reference["OS/2"].sCapHeight


def test_subset_keeps_outlines_and_advances_of_the_chosen_glyphs(serif):
    tables = serif.parse()
    cmap = dict(zip(tables.codes, tables.glyphs, strict=True))
    chosen = [0] + [cmap[ord(ch)] for ch in "人大代表，A1"]
    data, order = serif.subset(chosen)
    assert order == chosen
    subset = TTFont(io.BytesIO(data), checkChecksums=2)  # raises on a bad table checksum
    reference = TTFont(SERIF)
    old_names, new_names = reference.getGlyphOrder(), subset.getGlyphOrder()
    assert subset["maxp"].numGlyphs == len(chosen)
    for new, old in enumerate(chosen):
        a = reference["glyf"][old_names[old]]
        b = subset["glyf"][new_names[new]]
        assert a.numberOfContours == b.numberOfContours
        if a.numberOfContours > 0:
            assert list(a.getCoordinates(reference["glyf"])[0]) == \
                list(b.getCoordinates(subset["glyf"])[0])
        assert subset["hmtx"][new_names[new]] == reference["hmtx"][old_names[old]]


def test_subset_file_checksum_adjustment_is_right(serif):
    data, _ = serif.subset([0, 5, 6])
    padded = data + b"\0" * (-len(data) % 4)
    total = sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF
    assert total == 0xB1B0AFBA


def test_composite_glyph_brings_its_parts_renumbered():
    reference = TTFont(KAI)
    glyf = reference["glyf"]
    names = reference.getGlyphOrder()
    composite = next(n for n in names if glyf[n].isComposite())
    parts = [c.glyphName for c in glyf[composite].components]
    with TrueTypeFile(KAI) as font:
        data, order = font.subset([0, names.index(composite)])
    assert order[:2] == [0, names.index(composite)]
    assert sorted(order[2:]) == sorted({names.index(p) for p in parts})
    subset = TTFont(io.BytesIO(data))
    new_names = subset.getGlyphOrder()
    new_parts = [c.glyphName for c in subset["glyf"][new_names[1]].components]
    assert [order[new_names.index(p)] for p in new_parts] == [names.index(p) for p in parts]


def test_format_4_character_map():
    table = CmapSubtable.newSubtable(4)
    table.platformID, table.platEncID, table.language = 3, 1, 0
    table.cmap = {0x41: "A", 0x42: "B", 0x4E00: "uni4E00", 0x4E01: "uni4E01", 0x3000: "space2"}
    font = TTFont()
    font.setGlyphOrder([".notdef", "A", "B", "uni4E00", "uni4E01", "space2"])
    cmap = newTable("cmap")
    cmap.tableVersion, cmap.tables = 0, [table]
    raw = cmap.compile(font)
    offset = struct.unpack_from(">I", raw, 8)[0]
    codes, glyphs = _format_4(raw, offset)
    assert dict(zip(codes, glyphs, strict=True)) == {0x41: 1, 0x42: 2, 0x4E00: 3, 0x4E01: 4,
                                                     0x3000: 5}


@pytest.mark.parametrize("content, message", [
    (b"", "too short"),
    (b"Copyright notice, not a font\n", "not a TrueType font"),
    (b"OTTO" + b"\0" * 8, "not a TrueType font"),
    (b"\x00\x01\x00\x00\x00\x00" + b"\0" * 6, "no 'cmap' table"),
])
def test_files_that_are_not_truetype_faces_are_refused(tmp_path, content, message):
    path = tmp_path / "font.ttf"
    path.write_bytes(content)
    with pytest.raises(FontFormatError, match=message):
        probe_font(path)
