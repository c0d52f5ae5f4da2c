"""A face embedded as one CID-keyed font a document (Type0, Identity-H, CIDFontType2), not as
ReportLab's simple TrueType subsets of 256 codes.

A Chinese page sets some 1,500 characters of its body face: as 256-code subsets that is six
fonts, and a line switches between them at most characters (a font change, a string and a
leading each time: 1,340 switches a broadsheet page), so ReportLab writes, and the preflight
reads, three times the operators. Two-byte codes (CIDs) let a face be one font: each character
gets the next CID as it is first drawn (two printable bytes, which ReportLab writes as they are),
the glyphs are subset by ReportLab (`makeSubset`, in that order), the CIDToGIDMap comes from the
subset's own character map, and the ToUnicode map gives each CID its text (a shaped glyph's,
face_metrics.KeptFont.code_for). PDF/X-1a allows CID-keyed TrueType fonts, embedded; this is how
InDesign and typst embed CJK faces.

`KeptFont` (face_metrics.py) calls these from ReportLab's own hooks: `splitString` (text →
codes, one "subset"), `getSubsetInternalName` (the font's resource name) and `addObjects` (its
PDF objects, written when the document is saved).
"""
from __future__ import annotations

import hashlib
import struct
from functools import cache
from typing import TYPE_CHECKING

from reportlab.pdfbase import pdfdoc

if TYPE_CHECKING:
    from .face_metrics import KeptFont

#: Flags of a font descriptor (PDF 1.7 table 123): symbolic, not nonsymbolic.
SYMBOLIC, NONSYMBOLIC = 4, 32
#: The width of a CID the W array does not name: a CJK face's full em.
DEFAULT_WIDTH = 1000
#: A ToUnicode map's entries per bfchar block (the CMap format allows at most 100).
ENTRIES_PER_BLOCK = 100


class CidCodes:
    """One face's codes in one document: each character's two-byte CID, handed out in order of
    first use (`cid_number`)."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}  # character → its CID, big-endian
        self.chars: list[int] = []  # code points, in the order their CIDs were handed out
        self.cids: list[int] = []  # … and their CIDs
        self.resource = ""  # the font's name in the pages' resources (F1 …)
        self.frozen = False  # written: no more characters

    def encoded(self, text: str) -> bytes:
        codes = self.codes
        try:  # most strings drawn hold no new character
            return b"".join([codes[ch] for ch in text])
        except KeyError:
            pass
        for ch in [ch for ch in dict.fromkeys(text) if ch not in codes]:  # in order: the same bytes
            if self.frozen:
                raise ValueError(f"U+{ord(ch):04X} drawn after the font was written")
            cid = cid_number(len(self.cids))
            codes[ch] = cid.to_bytes(2, "big")
            self.chars.append(ord(ch))
            self.cids.append(cid)
        return b"".join([codes[ch] for ch in text])


#: Bytes ReportLab writes into a string of a content stream as they are; any other becomes a
#: four-character octal escape (`\000`): printable ASCII but a string's delimiters and escape.
PLAIN_BYTES = bytes(b for b in range(0x21, 0x7F) if b not in b"()\\")
PLAIN_PAIRS = len(PLAIN_BYTES) ** 2


def cid_number(n: int) -> int:
    """The CID handed out n-th (from 0): two plain bytes first, so that a character is written
    as two bytes, not eight characters of escapes (8,281 of them, more than a face sets in an
    issue); then the other codes from 1 (CID 0 is the face's missing glyph)."""
    if n < PLAIN_PAIRS:
        high, low = divmod(n, len(PLAIN_BYTES))
        return PLAIN_BYTES[high] << 8 | PLAIN_BYTES[low]
    others = _other_cids()
    if n - PLAIN_PAIRS >= len(others):
        raise ValueError("a face draws more than 65,535 characters in one document")
    return others[n - PLAIN_PAIRS]


@cache
def _other_cids() -> list[int]:
    return [cid for cid in range(1, 0x10000)
            if not (cid >> 8 in PLAIN_BYTES and cid & 0xFF in PLAIN_BYTES)]


def codes_in(font: KeptFont, doc) -> CidCodes:
    """The codes `font` has in `doc` (made when first asked for)."""
    codes = font.cid_codes.get(doc)
    if codes is None:
        codes = font.cid_codes[doc] = CidCodes()
    return codes


def resource_name(font: KeptFont, doc) -> str:
    """The font's resource name in `doc` (/F1 …), registered with ReportLab's document the
    first time, so that `addObjects` is called when it is saved."""
    codes = codes_in(font, doc)
    if not codes.resource:
        codes.resource = f"F{len(doc.fontMapping) + 1}"
        doc.fontMapping[font.fontName] = "/" + codes.resource
        doc.delayedFonts.append(font)
    return "/" + codes.resource


def add_font_objects(font: KeptFont, doc) -> None:
    """The Type0 font of the characters `doc` drew in `font`, and what it refers to: the CID
    font, its descriptor and embedded subset, the CID → glyph map, widths and ToUnicode. Its
    subset tag is derived from the subset's content, so the same subset has the same name in
    every file, and a different one another."""
    codes = codes_in(font, doc)
    codes.frozen = True
    face = font.face
    program = face.makeSubset(codes.chars)
    glyphs = glyph_numbers(program)  # the n-th character's glyph in the subset
    gid_map = bytearray(2 * (max(codes.cids, default=0) + 1))
    for n, cid in enumerate(codes.cids):
        gid_map[2 * cid:2 * cid + 2] = glyphs[2 * n:2 * n + 2]
    by_cid = sorted(zip(codes.cids, codes.chars, strict=True))
    widths = [(cid, float(face.getCharWidth(code))) for cid, code in by_cid]
    texts = [(cid, font.shaped_text.get(code) or chr(code)) for cid, code in by_cid]
    digest = hashlib.sha256(program)
    digest.update(repr(widths).encode())
    digest.update(repr(texts).encode("utf-8", "surrogatepass"))
    tag = "".join(chr(ord("A") + b % 26) for b in digest.digest()[:6])
    base = pdfdoc.PDFName(f"{tag}+{face.name.decode('latin-1')}")
    key = codes.resource

    def stream(content: bytes | str, **entries) -> pdfdoc.PDFStream:
        out = pdfdoc.PDFStream(pdfdoc.PDFDictionary(entries), content)
        if doc.compression:
            out.filters = [pdfdoc.PDFZCompress]
        return out

    descriptor = pdfdoc.PDFDictionary({
        "Type": "/FontDescriptor", "FontName": base, "Flags": face.flags & ~NONSYMBOLIC | SYMBOLIC,
        "FontBBox": pdfdoc.PDFArray(face.bbox), "ItalicAngle": face.italicAngle,
        "Ascent": face.ascent, "Descent": face.descent, "CapHeight": face.capHeight,
        "StemV": face.stemV,
        "FontFile2": doc.Reference(stream(program, Length1=len(program)), f"cidFontFile:{key}")})
    cid_font = pdfdoc.PDFDictionary({
        "Type": "/Font", "Subtype": "/CIDFontType2", "BaseFont": base,
        "CIDSystemInfo": pdfdoc.PDFDictionary({"Registry": pdfdoc.PDFString("Adobe"),
                                               "Ordering": pdfdoc.PDFString("Identity"),
                                               "Supplement": 0}),
        "FontDescriptor": doc.Reference(descriptor, f"cidFontDescriptor:{key}"),
        "DW": DEFAULT_WIDTH, "W": pdfdoc.PDFArray(width_runs(widths, DEFAULT_WIDTH)),
        "CIDToGIDMap": doc.Reference(stream(bytes(gid_map)), f"cidToGidMap:{key}")})
    type0 = pdfdoc.PDFDictionary({
        "Type": "/Font", "Subtype": "/Type0", "BaseFont": base, "Encoding": "/Identity-H",
        "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid_font, f"cidFont:{key}")]),
        "ToUnicode": doc.Reference(stream(to_unicode(texts)), f"cidToUnicode:{key}")})
    doc.idToObject["BasicFonts"].dict[key] = doc.Reference(type0, key)


def glyph_numbers(program: bytes) -> bytes:
    """The glyph of each character of the list ReportLab made a subset from, in the subset, as
    two-byte numbers: the subset's character map (format 6, from code 0) maps the n-th
    character to it, and these are the map's own bytes."""
    tables, = struct.unpack_from(">H", program, 4)
    for k in range(tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", program, 12 + 16 * k)
        if tag == b"cmap":
            subtable, = struct.unpack_from(">I", program, offset + 8)
            at = offset + subtable
            form, _, _, first, count = struct.unpack_from(">5H", program, at)
            if form != 6 or first != 0:
                raise ValueError(f"a subset's character map of format {form} from {first}")
            return program[at + 10:at + 10 + 2 * count]
    raise ValueError("a subset without a character map")


def width_runs(widths: list[tuple[int, float]], default: float) -> list:
    """The W array (PDF 1.7 §9.7.4.3) of (CID, width) pairs in CID order: each run of
    consecutive CIDs not of the default width as `first [w1 w2 …]`."""
    out: list = []
    run: list[float] = []
    first = last = -2
    for cid, width in widths:
        if width == default:
            continue
        if cid != last + 1 and run:
            out += [first, pdfdoc.PDFArray(run)]
            run = []
        if not run:
            first = cid
        run.append(width)
        last = cid
    if run:
        out += [first, pdfdoc.PDFArray(run)]
    return out


def to_unicode(texts: list[tuple[int, str]]) -> str:
    """A ToUnicode CMap giving each CID its text, as UTF-16 (pairs beyond U+FFFF)."""
    entries = [f"<{cid:04X}> <{text.encode('utf-16-be', 'surrogatepass').hex().upper()}>"
               for cid, text in texts]
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    for k in range(0, len(entries), ENTRIES_PER_BLOCK):
        block = entries[k:k + ENTRIES_PER_BLOCK]
        lines += [f"{len(block)} beginbfchar", *block, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines) + "\n"
