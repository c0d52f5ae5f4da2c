"""A small TrueType reader and subsetter: what composition and PDF embedding need of a face.

Reads the character map (format 12, else format 4), advances, the metrics a PDF font
descriptor asks for, and cuts a glyph subset for embedding as a CIDFontType2 (glyphs renumbered
in the order given, composite glyphs' parts added and their references rewritten). Table layouts
are those of the OpenType specification (ISO/IEC 14496-22); section names are given where a
field is read. Only glyf-flavoured TrueType is handled: the committed faces are all TrueType
(scripts/build_fonts.py converts the CFF originals).

Parsing a face takes about 3 ms (fontTools takes 0.1 s, ReportLab's TTFont 0.06 s), and what it
keeps is a few flat arrays, so the on-disk cache (fonts.py) restores a face in well under a
millisecond.
"""
from __future__ import annotations

import mmap
import struct
import sys
from array import array
from itertools import chain
from operator import add, sub
from dataclasses import dataclass
from pathlib import Path

# Composite glyph flags (OpenType 'glyf': composite glyph description).
ARG_1_AND_2_ARE_WORDS = 0x0001
WE_HAVE_A_SCALE = 0x0008
MORE_COMPONENTS = 0x0020
WE_HAVE_AN_X_AND_Y_SCALE = 0x0040
WE_HAVE_A_TWO_BY_TWO = 0x0080

#: Tables copied unchanged into a subset when the face has them (hinting programs and the
#: descriptive tables a RIP may look at); 'cmap' is left out: a CIDFontType2 is reached by glyph.
COPIED_TABLES = ("OS/2", "cvt ", "fpgm", "name", "prep")


class FontFormatError(ValueError):
    """The file is not a TrueType face this reader handles."""


@dataclass(frozen=True)
class FaceMetrics:
    """What a PDF font descriptor needs, in thousandths of an em (PDF 1.7 §9.8)."""

    ps_name: str
    units_per_em: int
    ascent: float
    descent: float
    cap_height: float
    bbox: tuple[float, float, float, float]
    italic_angle: float
    stem_v: int
    fixed_pitch: bool


@dataclass(frozen=True)
class FaceTables:
    """A parsed face: code points (sorted) with their glyphs, and every glyph's advance in
    font units. Flat arrays, so the face pickles small and loads fast."""

    metrics: FaceMetrics
    codes: array  # 'I', sorted code points
    glyphs: array  # 'I', the glyph of codes[i]
    advances: array  # 'H', advance of each glyph, font units
    num_glyphs: int


def _table_directory(data: bytes | mmap.mmap) -> dict[str, tuple[int, int]]:
    """Tag → (offset, length) (OpenType "Table directory")."""
    if len(data) < 12:
        raise FontFormatError("file too short for a font")
    version = bytes(data[:4])
    if version not in (b"\x00\x01\x00\x00", b"true"):
        raise FontFormatError("not a TrueType font (collections and CFF are not read)")
    count = struct.unpack_from(">H", data, 4)[0]
    tables = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tables[tag.decode("latin-1")] = (offset, length)
    for required in ("cmap", "head", "hhea", "hmtx", "maxp", "glyf", "loca"):
        if required not in tables:
            raise FontFormatError(f"no '{required}' table")
    return tables


def probe_font(path: Path) -> None:
    """Raise FontFormatError unless `path` starts like a TrueType face this reader handles."""
    with path.open("rb") as fh:
        head = fh.read(12)
        count = struct.unpack_from(">H", head, 4)[0] if len(head) == 12 else 0
        _table_directory(head + fh.read(16 * count))


def _big_endian(kind: str, raw: bytes) -> array:
    values = array(kind, raw)
    if sys.byteorder == "little":
        values.byteswap()
    return values


class TrueTypeFile:
    """One font file, mapped into memory; tables are read as they are asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as fh:
            try:
                self.data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError as exc:  # an empty file cannot be mapped
                raise FontFormatError("empty file") from exc
        self.tables = _table_directory(self.data)

    def table(self, tag: str) -> bytes:
        offset, length = self.tables[tag]
        return self.data[offset:offset + length]

    def close(self) -> None:
        self.data.close()

    def __enter__(self) -> TrueTypeFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- reading ------------------------------------------------------------------------------

    def parse(self) -> FaceTables:
        num_glyphs = struct.unpack_from(">H", self.table("maxp"), 4)[0]
        codes, glyphs = self._character_map()
        return FaceTables(self._metrics(), codes, glyphs, self._advances(num_glyphs),
                          num_glyphs)

    def _character_map(self) -> tuple[array, array]:
        """Code points and glyphs from the Unicode full-repertoire subtable (format 12), else
        the BMP one (format 4) (OpenType 'cmap')."""
        cmap = self.table("cmap")
        count = struct.unpack_from(">H", cmap, 2)[0]
        subtables = {}
        for i in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
            subtables[(platform, encoding)] = offset
        for key in ((3, 10), (0, 4), (0, 6)):
            if key in subtables and struct.unpack_from(">H", cmap, subtables[key])[0] == 12:
                return _format_12(cmap, subtables[key])
        for key in ((3, 1), (0, 3), (0, 1), (0, 0)):
            if key in subtables and struct.unpack_from(">H", cmap, subtables[key])[0] == 4:
                return _format_4(cmap, subtables[key])
        raise FontFormatError("no Unicode character map (cmap format 12 or 4)")

    def _advances(self, num_glyphs: int) -> array:
        """Advance of every glyph (OpenType 'hmtx': glyphs past numberOfHMetrics repeat the
        last advance)."""
        metrics_count = struct.unpack_from(">H", self.table("hhea"), 34)[0]
        pairs = _big_endian("H", self.table("hmtx")[:4 * metrics_count])
        advances = pairs[0::2]
        advances.extend([advances[-1]] * (num_glyphs - metrics_count))
        return advances

    def _metrics(self) -> FaceMetrics:
        head, hhea = self.table("head"), self.table("hhea")
        units = struct.unpack_from(">H", head, 18)[0]
        scale = 1000 / units
        x_min, y_min, x_max, y_max = struct.unpack_from(">hhhh", head, 36)
        ascent, descent = struct.unpack_from(">hh", hhea, 4)
        cap_height, weight = ascent, 400
        if "OS/2" in self.tables:
            os2 = self.table("OS/2")
            weight = struct.unpack_from(">H", os2, 4)[0]
            if struct.unpack_from(">H", os2, 0)[0] >= 2 and len(os2) >= 90:
                cap_height = struct.unpack_from(">h", os2, 88)[0]
        italic_angle, fixed = 0.0, False
        if "post" in self.tables:
            post = self.table("post")
            italic_angle = struct.unpack_from(">i", post, 4)[0] / 65536
            fixed = struct.unpack_from(">I", post, 12)[0] != 0
        return FaceMetrics(
            ps_name=self._postscript_name(), units_per_em=units,
            ascent=round(ascent * scale), descent=round(descent * scale),
            cap_height=round(cap_height * scale),
            bbox=(round(x_min * scale), round(y_min * scale), round(x_max * scale),
                  round(y_max * scale)),
            italic_angle=italic_angle,
            # PDF has no stem width in TrueType; this estimate from the weight class is the
            # one ReportLab and others use.
            stem_v=50 + int((weight / 65.0) ** 2),
            fixed_pitch=fixed,
        )

    def _postscript_name(self) -> str:
        """Name ID 6, Windows (UTF-16) record first, else Macintosh (OpenType 'name')."""
        if "name" not in self.tables:
            return self.path.stem
        name = self.table("name")
        count, storage = struct.unpack_from(">HH", name, 2)
        found = {}
        for i in range(count):
            record = struct.unpack_from(">HHHHHH", name, 6 + 12 * i)
            platform, name_id, length, offset = record[0], record[3], record[4], record[5]
            if name_id == 6:
                raw = name[storage + offset:storage + offset + length]
                found[platform] = raw.decode("utf-16-be" if platform in (0, 3) else "latin-1")
        text = found.get(3) or found.get(1) or found.get(0) or self.path.stem
        return "".join(ch for ch in text if 33 <= ord(ch) < 127 and ch not in "[](){}<>/%")

    # --- subsetting ---------------------------------------------------------------------------

    def subset(self, glyphs: list[int]) -> tuple[bytes, list[int]]:
        """A TrueType program holding `glyphs` (glyph 0, .notdef, first) as glyphs 0, 1, …,
        followed by the parts of composite glyphs; and the original glyph of each new one."""
        if not glyphs or glyphs[0] != 0:
            raise ValueError("a subset starts with glyph 0 (.notdef)")
        loca = self._glyph_offsets()
        glyf_offset = self.tables["glyf"][0]
        order = list(dict.fromkeys(glyphs))
        new_id = {old: new for new, old in enumerate(order)}
        outlines = []
        k = 0
        while k < len(order):  # `order` grows as composites name their parts
            start, end = loca[order[k]], loca[order[k] + 1]
            outline = self.data[glyf_offset + start:glyf_offset + end]
            if len(outline) >= 10 and struct.unpack_from(">h", outline, 0)[0] < 0:
                outline = _renumber_components(outline, order, new_id)
            outlines.append(outline)
            k += 1
        return self._assemble(order, outlines), order

    def _glyph_offsets(self) -> array:
        long_offsets = struct.unpack_from(">h", self.table("head"), 50)[0] == 1
        offsets = _big_endian("I" if long_offsets else "H", self.table("loca"))
        if not long_offsets:
            offsets = array("I", (2 * v for v in offsets))
        return offsets

    def _assemble(self, order: list[int], outlines: list[bytes]) -> bytes:
        count = len(order)
        glyf = bytearray()
        loca = array("I")
        for outline in outlines:
            loca.append(len(glyf))
            glyf += outline
            glyf += b"\0" * (-len(glyf) % 4)
        loca.append(len(glyf))
        if sys.byteorder == "little":
            loca.byteswap()

        metrics_count = struct.unpack_from(">H", self.table("hhea"), 34)[0]
        hmtx_old = self.table("hmtx")
        lsb_base = 4 * metrics_count
        hmtx = bytearray()
        for old in order:
            if old < metrics_count:
                hmtx += hmtx_old[4 * old:4 * old + 4]
            else:  # advance of the last full record, left side bearing from the tail
                hmtx += hmtx_old[lsb_base - 4:lsb_base - 2]
                hmtx += hmtx_old[lsb_base + 2 * (old - metrics_count):
                                 lsb_base + 2 * (old - metrics_count) + 2]

        head = bytearray(self.table("head"))
        struct.pack_into(">I", head, 8, 0)  # checkSumAdjustment, set once the file is whole
        struct.pack_into(">h", head, 50, 1)  # indexToLocFormat: long offsets
        hhea = bytearray(self.table("hhea"))
        struct.pack_into(">H", hhea, 34, count)
        maxp = bytearray(self.table("maxp"))
        struct.pack_into(">H", maxp, 4, count)
        tables = {"glyf": bytes(glyf), "head": bytes(head), "hhea": bytes(hhea),
                  "hmtx": bytes(hmtx), "loca": loca.tobytes(), "maxp": bytes(maxp)}
        if "post" in self.tables:  # version 3: no glyph names
            tables["post"] = b"\x00\x03\x00\x00" + self.table("post")[4:32]
        for tag in COPIED_TABLES:
            if tag in self.tables:
                tables[tag] = self.table(tag)
        return _font_file(tables)


def _format_12(cmap: bytes, offset: int) -> tuple[array, array]:
    groups_count = struct.unpack_from(">I", cmap, offset + 12)[0]
    groups = _big_endian("I", cmap[offset + 16:offset + 16 + 12 * groups_count])
    firsts, stops, glyphs = groups[0::3], [last + 1 for last in groups[1::3]], groups[2::3]
    # Each group maps a run of code points to a run of glyphs; the runs are expanded by
    # chained ranges, without a Python step per character.
    codes = array("I", chain.from_iterable(map(range, firsts, stops)))
    glyph_stops = map(add, glyphs, map(sub, stops, firsts))
    return codes, array("I", chain.from_iterable(map(range, glyphs, glyph_stops)))


def _format_4(cmap: bytes, offset: int) -> tuple[array, array]:
    length, _, seg_x2 = struct.unpack_from(">HHH", cmap, offset + 2)
    segs = seg_x2 // 2
    words = _big_endian("H", cmap[offset + 14:offset + length])
    ends = words[:segs]
    starts = words[segs + 1:2 * segs + 1]  # after the reserved pad
    deltas = words[2 * segs + 1:3 * segs + 1]
    range_offsets = words[3 * segs + 1:4 * segs + 1]
    codes, glyphs = array("I"), array("I")
    for i in range(segs):
        for code in range(starts[i], min(ends[i], 0xFFFE) + 1):
            if range_offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                # idRangeOffset counts bytes from its own place in the table.
                index = 3 * segs + 1 + i + range_offsets[i] // 2 + (code - starts[i])
                glyph = words[index] if index < len(words) else 0
                if glyph:
                    glyph = (glyph + deltas[i]) & 0xFFFF
            if glyph:
                codes.append(code)
                glyphs.append(glyph)
    return codes, glyphs


def _renumber_components(outline: bytes, order: list[int], new_id: dict[int, int]) -> bytes:
    """A composite glyph with its component references rewritten to the subset's numbering;
    components not yet in the subset are added to it."""
    data = bytearray(outline)
    pos = 10
    flags = MORE_COMPONENTS
    while flags & MORE_COMPONENTS:
        flags, component = struct.unpack_from(">HH", data, pos)
        if component not in new_id:
            new_id[component] = len(order)
            order.append(component)
        struct.pack_into(">H", data, pos + 2, new_id[component])
        pos += 4 + (4 if flags & ARG_1_AND_2_ARE_WORDS else 2)
        if flags & WE_HAVE_A_SCALE:
            pos += 2
        elif flags & WE_HAVE_AN_X_AND_Y_SCALE:
            pos += 4
        elif flags & WE_HAVE_A_TWO_BY_TWO:
            pos += 8
    return bytes(data)


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(_big_endian("I", padded)) & 0xFFFFFFFF


def _font_file(tables: dict[str, bytes]) -> bytes:
    """An sfnt file of `tables`, with table checksums and the head checkSumAdjustment."""
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1,
                         count * 16 - power * 16)
    offset = 12 + 16 * count
    directory = bytearray()
    body = bytearray()
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data),
                                 offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    head_offset = offset + sum(len(tables[t]) + (-len(tables[t]) % 4)
                               for t in tags[:tags.index("head")])
    adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    struct.pack_into(">I", font, head_offset + 8, adjustment)
    return bytes(font)
