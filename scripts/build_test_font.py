#!/usr/bin/env python3
"""Rebuild tests/fonts/WenQuanYiMicroHei-test.ttf: a small subset of Debian's WenQuanYi Micro Hei
that keeps what licensed newspaper faces (方正, 汉仪 TrueType) have and our Noto conversions do
not: hinting programs (fpgm, prep, cvt and per-glyph instructions), composite glyphs (most of
its ideographs are built from components) and 2048 units per em. The bring-your-own-font test
(tests/test_fonts.py) sets the test issue in it.

Needs: apt-get install fonts-wqy-microhei
Run:   python scripts/build_test_font.py
"""
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
OUT = ROOT / "tests" / "fonts" / "WenQuanYiMicroHei-test.ttf"
TEXT_FILE = ROOT / "tests" / "fonts" / "test-font-text.txt"


def main() -> None:
    text = TEXT_FILE.read_text(encoding="utf-8")
    characters = set(text) | {chr(c) for c in range(0x20, 0x7F)} | set("□　")
    face = TTCollection(SOURCE).fonts[0]
    options = subset.Options()
    options.hinting = True  # keep fpgm, prep, cvt and glyph instructions
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(map(ord, characters)))
    subsetter.subset(face)
    face.save(OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(face.getGlyphOrder())} glyphs)")


if __name__ == "__main__":
    main()
