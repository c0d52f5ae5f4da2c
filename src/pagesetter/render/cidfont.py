"""TrueType faces embedded as CID-keyed fonts: Type0, Identity-H, CIDFontType2, one subset per
face and document.

Simple TrueType fonts hold at most 256 glyphs, so a face embedded that way (as ReportLab does)
is split into many subsets and a column of Chinese text switches subsets every few characters:
a line became six or seven Tf/Tj pairs, and every subset carried its own copy of the font's
tables. Here a face is one font whose codes are two-byte CIDs, so a piece of text is one Tj
whatever it holds (PDF 1.7 §9.7, CID-keyed fonts, available since PDF 1.2). The glyph subset is
cut by truetype.py.
"""
from __future__ import annotations

import hashlib
import zlib
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..fonts import Face

#: PDF caps a bfchar block of a CMap at 100 entries (PDF 1.7 §9.10.3, Adobe TN 5014).
BFCHAR_BLOCK = 100


class CIDFace:
    """One face as it is embedded in one document. Text is encoded with `hex`, which numbers
    characters as they first appear: CID k is glyph k of the subset, so the CIDToGIDMap is
    the identity and the output depends only on the text, in order."""

    def __init__(self, pdf: pikepdf.Pdf, face: Face, resource: str) -> None:
        self.face = face
        self.resource = resource  # the name pages use, e.g. /CF1
        # Pages refer to the font as they are written; what it holds is known only when the
        # last page is done (see complete).
        self.font = pdf.make_indirect(Dictionary())
        self._hex: dict[int, str] = {}  # code point → its CID as four hex digits
        self._glyph_cid: dict[int, int] = {}  # glyph of the full face → CID
        self.code_points: list[int] = []  # the code point of CID k at index k - 1

    def hex(self, text: str) -> str:
        """`text` as a hex string of two-byte CIDs (without the angle brackets)."""
        table = self._hex
        for ch in dict.fromkeys(text):  # in order of appearance (a set's order varies by run)
            if ord(ch) not in table:
                self._add(ord(ch))
        return text.translate(table)

    def _add(self, code_point: int) -> None:
        glyph = self.face.glyphs.get(code_point, 0)
        if glyph == 0:  # not in the face (the loader reports that for copy): .notdef
            self._hex[code_point] = "0000"
            return
        cid = self._glyph_cid.get(glyph)
        if cid is None:
            # Characters that share a glyph share its CID; the first one names it for copying.
            self.code_points.append(code_point)
            cid = self._glyph_cid[glyph] = len(self.code_points)
        self._hex[code_point] = f"{cid:04X}"

    def subset_name(self) -> str:
        """`ABCDEF+Name`: the tag is derived from the glyphs, so the same text gives the same
        name (PDF 1.7 §9.6.4), and different subsets of one face get different names."""
        digest = hashlib.sha1(f"{self.face.name}{self.code_points}".encode()).digest()
        tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
        return f"{tag}+{self.face.name}"

    def widths(self) -> list[float]:
        """Advance of each CID from 1 on, in thousandths of an em, as the subset's hmtx has it."""
        widths, default = self.face.widths, self.face.default_width
        return [widths.get(cp, default) for cp in self.code_points]

    def complete(self, pdf: pikepdf.Pdf) -> None:
        """Write the subset and the font objects for the characters encoded so far."""
        name = Name("/" + self.subset_name())
        glyphs = [0] + [self.face.glyphs[cp] for cp in self.code_points]
        data, order = self.face.subset(glyphs)
        assert order[:len(glyphs)] == glyphs  # CID k is glyph k of the subset
        program = _deflated(pdf, data)
        program.Length1 = len(data)
        metrics = self.face.metrics
        descriptor = Dictionary(
            Type=Name.FontDescriptor,
            FontName=name,
            # Symbolic (4): glyphs are reached by CID, not by a standard encoding; 1: fixed pitch.
            Flags=4 | (1 if metrics.fixed_pitch else 0),
            FontBBox=Array(metrics.bbox),
            ItalicAngle=metrics.italic_angle,
            Ascent=metrics.ascent,
            Descent=metrics.descent,
            CapHeight=metrics.cap_height,
            StemV=metrics.stem_v,
            MissingWidth=self.face.default_width,
            FontFile2=pdf.make_indirect(program),
        )
        descendant = Dictionary(
            Type=Name.Font,
            Subtype=Name.CIDFontType2,
            BaseFont=name,
            CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"),
                                     Ordering=pikepdf.String("Identity"), Supplement=0),
            FontDescriptor=pdf.make_indirect(descriptor),
            DW=self.face.default_width,
            W=Array([1, Array(self.widths())]),
            CIDToGIDMap=Name.Identity,
        )
        self.font.Type = Name.Font
        self.font.Subtype = Name.Type0
        self.font.BaseFont = name
        self.font.Encoding = Name("/Identity-H")
        self.font.DescendantFonts = Array([pdf.make_indirect(descendant)])
        self.font.ToUnicode = pdf.make_indirect(
            _deflated(pdf, to_unicode_cmap(self.code_points).encode("ascii")))


def _deflated(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, zlib.compress(data))
    stream.Filter = Name.FlateDecode
    return stream


def to_unicode_cmap(code_points: list[int]) -> str:
    """The ToUnicode CMap of CIDs 1…n (two-byte codes) to UTF-16BE, so text copies out;
    characters beyond U+FFFF become surrogate pairs (PDF 1.7 §9.10.3)."""
    entries = [f"<{cid:04X}> <{chr(cp).encode('utf-16-be').hex().upper()}>"
               for cid, cp in enumerate(code_points, 1)]
    blocks = []
    for start in range(0, len(entries), BFCHAR_BLOCK):
        chunk = entries[start:start + BFCHAR_BLOCK]
        blocks += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
        *blocks,
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


class DocumentFonts:
    """The CID fonts of one document, one per face file."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self._faces: dict[Path, CIDFace] = {}

    def face(self, face: Face) -> CIDFace:
        embedded = self._faces.get(face.path)
        if embedded is None:
            embedded = self._faces[face.path] = CIDFace(self.pdf, face,
                                                        f"/CF{len(self._faces) + 1}")
        return embedded

    def complete(self) -> None:
        for face in self._faces.values():
            face.complete(self.pdf)
