#!/usr/bin/env python3
"""Rebuild the committed fonts in fonts/ from Debian's packages.

ReportLab embeds TrueType (glyf) outlines only (it refuses CFF: "postscript outlines are not
supported"), and Debian's Noto CJK faces are CFF, so the Noto faces are converted to quadratic
outlines (cu2qu). Every face is cut down to the characters a simplified-Chinese newspaper sets:
GB 2312, the 8105 characters of 通用规范汉字表 (2013), Latin and the punctuation of GB/T 15834.
No OpenType layout features are kept: composition positions every glyph itself, and dropping
`locl` keeps the SC forms of the source face.

Fallback faces (Noto Sans CJK SC for the Hei styles, HanaMinA/B from fonts-hanazono for all)
carry the ideographs the body faces lack.

Needs: apt-get install fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai fonts-hanazono
       unicode-data
Run:   python scripts/build_fonts.py [--jobs N]
The output is byte-identical from run to run (no timestamps are recalculated).
"""
from __future__ import annotations

import argparse
import bz2
import hashlib
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
NOTO = Path("/usr/share/fonts/opentype/noto")
WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai")
UNIHAN = Path("/usr/share/unicode/Unihan_Readings.txt.bz2")
SC_INDEX = 2  # face order in the Noto CJK collections: JP, KR, SC, TC, HK

# (output file, source file, face index, package)
FACES = [
    ("NotoSerifSC-Regular.ttf", NOTO / "NotoSerifCJK-Regular.ttc", SC_INDEX, "fonts-noto-cjk"),
    ("NotoSerifSC-Bold.ttf", NOTO / "NotoSerifCJK-Bold.ttc", SC_INDEX, "fonts-noto-cjk"),
    ("NotoSansSC-Medium.ttf", NOTO / "NotoSansCJK-Medium.ttc", SC_INDEX, "fonts-noto-cjk-extra"),
    ("NotoSansSC-Bold.ttf", NOTO / "NotoSansCJK-Bold.ttc", SC_INDEX, "fonts-noto-cjk"),
    ("NotoSansSC-Black.ttf", NOTO / "NotoSansCJK-Black.ttc", SC_INDEX, "fonts-noto-cjk-extra"),
    ("LXGWWenKai-Regular.ttf", WENKAI / "LXGWWenKai-Regular.ttf", None, "fonts-lxgw-wenkai"),
]

HANAZONO = Path("/usr/share/fonts/truetype/hanazono")
IDEOGRAPHS = [(0x2E80, 0x2FDF), (0x31C0, 0x31EF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
              (0xF900, 0xFAFF), (0x20000, 0x2FA1F)]
#: Fallback faces: what the body faces lack of the CJK ideographs (radicals, strokes, the rest of
#: the URO, Extension A, the compatibility ideographs; plane 2 as far as the source has it).
#: Hei (sans) styles first take Noto Sans CJK SC of their weight — the whole URO and Extension A
#: and 2,100 plane-2 name characters, in the body's own design — then Hanazono Mincho. Hanazono
#: (Ming) covers Extensions B–F and is the serif styles' fallback: HanaMinA for planes 0 and 2
#: (HanaMinB lacks some of A's plane-2 characters), HanaMinB for the rest of plane 2.
#: Extension G and later are in no free Debian face and are left out.
FALLBACKS = [
    ("NotoSansSC-Medium-Fallback.ttf", NOTO / "NotoSansCJK-Medium.ttc", SC_INDEX, IDEOGRAPHS,
     "fonts-noto-cjk-extra"),
    ("NotoSansSC-Bold-Fallback.ttf", NOTO / "NotoSansCJK-Bold.ttc", SC_INDEX, IDEOGRAPHS,
     "fonts-noto-cjk"),
    ("HanaMinA-Fallback.ttf", HANAZONO / "HanaMinA.ttf", None, IDEOGRAPHS, "fonts-hanazono"),
    ("HanaMinB-Fallback.ttf", HANAZONO / "HanaMinB.ttf", None, [(0x20000, 0x2FA1F)],
     "fonts-hanazono"),
]

#: Faces copied whole: shaped by HarfBuzz, so their OpenType layout tables (positional forms,
#: ligatures, variation selectors) must stay.
COPIED = [
    ("NotoSansMongolian-Regular.ttf",
     Path("/usr/share/fonts/truetype/noto/NotoSansMongolian-Regular.ttf"), "fonts-noto-core"),
]

EXTRA_RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 (·, ×, ÷, °)
    (0x2010, 0x2027),  # dashes, quotes, ellipsis
    (0x2030, 0x203B),  # ‰ ′ ″ ※
    (0x2100, 0x2122),  # ℃ № ™
    (0x2160, 0x217F),  # Roman numerals
    (0x2190, 0x2199),  # arrows
    (0x2460, 0x249B),  # ① ⑴ ⒈
    (0x25A0, 0x25FF),  # □ ■ ○ ● △ ◆ (author marks, list marks)
    (0x2605, 0x2606),  # ★ ☆
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3220, 0x3229),  # ㈠
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFF5E),  # full-width forms
    (0xFFE0, 0xFFE6),  # ￥ ￡
]


def gb2312_chars() -> set[int]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def tonggui_chars() -> set[int]:
    """The 8105 characters of 通用规范汉字表, from Unihan's kTGHZ2013 field."""
    chars = set()
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as fh:
        for line in fh:
            if "\tkTGHZ2013\t" in line:
                chars.add(int(line.split("\t", 1)[0][2:], 16))
    if len(chars) != 8105:
        sys.exit(f"expected 8105 kTGHZ2013 characters in {UNIHAN}, found {len(chars)}")
    return chars


def charset() -> set[int]:
    chars = gb2312_chars() | tonggui_chars()
    for lo, hi in EXTRA_RANGES:
        chars.update(range(lo, hi + 1))
    return chars


def subset_face(font: TTFont, chars: set[int]) -> None:
    options = subset.Options()
    options.layout_features = []  # composition positions glyphs itself; no locl (keeps SC forms)
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    options.drop_tables += ["VORG", "vhea", "vmtx", "DSIG", "BASE", "GSUB", "GPOS", "GDEF"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(chars & set(font.getBestCmap())))
    subsetter.subset(font)


def cff_to_truetype(font: TTFont) -> None:
    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    del font["CFF "]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def build(job: tuple[str, Path, int | None, str], chars: set[int]) -> str:
    out_name, source, index, _package = job
    font = TTFont(source, fontNumber=index if index is not None else -1, recalcTimestamp=False)
    subset_face(font, chars)
    if "CFF " in font:
        cff_to_truetype(font)
    if out_name.endswith("-Fallback.ttf") and index is not None:
        name_apart(font)
    out = ROOT / "fonts" / out_name
    tmp = out.with_suffix(".tmp")
    font.save(tmp)
    tmp.replace(out)
    return out_name


def name_apart(font: TTFont) -> None:
    """A fallback cut from a body face's collection gets a PostScript name of its own, so
    the PDF lists the body's subsets and the fallback's under different names."""
    names = font["name"]
    for record in names.names:
        if record.nameID in (4, 6):
            text = record.toUnicode()
            record.string = text + ("-Fallback" if record.nameID == 6 else " Fallback")


def fallback_chars(ranges: list[tuple[int, int]], body: set[int]) -> set[int]:
    """The characters of `ranges` the body faces do not have."""
    return {c for a, b in ranges for c in range(a, b + 1)} - body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("only", nargs="*", help="output file names to rebuild (default: all)")
    args = parser.parse_args()
    chars = charset()
    jobs = [(j, chars) for j in FACES if not args.only or j[0] in args.only]
    jobs += [((name, source, index, package), fallback_chars(ranges, chars))
             for name, source, index, ranges, package in FALLBACKS
             if not args.only or name in args.only]
    copied = [name for name, source, _ in COPIED if not args.only or name in args.only
              if shutil.copyfile(source, ROOT / "fonts" / name)]
    with ProcessPoolExecutor(args.jobs) as pool:
        for name in [*copied, *pool.map(build, [j for j, _ in jobs], [c for _, c in jobs])]:
            data = (ROOT / "fonts" / name).read_bytes()
            print(f"{name}  {len(data):>9}  sha256 {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main()
