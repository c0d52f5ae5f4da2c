"""ReportLab's reading of a TrueType face, kept on disk: the face-metrics cache.

ReportLab's `TTFontFile.extractInfo` walks a face's tables in Python — names, metrics, the
character map, the widths and the glyphs' locations — every time a process opens the face.
What it sets is kept in the on-disk cache (cache.py) as typed arrays (`array`, no pickle, no
eval) under the font file's SHA-256, ReportLab's version and the byte order, MAC-checked like
every entry, and checked again when read (lengths, glyph numbers, locations in order). A face
read from it is ReportLab's own `TTFontFace` with those attributes filled in instead of parsed:
ReportLab reads the file's bytes and table directory as always, subsets from them and embeds
the same bytes (tests/test_fonts.py compares the subsets with and without the cache).
"""
from __future__ import annotations

import io
import sys
from array import array
from itertools import accumulate
from operator import le
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from .cache import cached_blob, key
from .cid_font import add_font_objects, codes_in, resource_name
from .face_file import FaceFile

FORMAT = 1  # of the entries: a change of what is kept makes new keys
NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")
NUMBERS = ("ascent", "descent", "capHeight", "italicAngle", "stemV", "underlinePosition",
           "underlineThickness", "flags", "numGlyphs", "unitsPerEm", "defaultWidth")
#: The arrays, in the order their bytes follow one another, with their element type.
ARRAYS = (("chars", "I"), ("glyphs", "I"),  # charToGlyph, in its order
          ("glyph_keys", "I"), ("glyph_counts", "I"), ("glyph_chars", "I"),  # glyphToChar
          ("width_chars", "I"), ("widths", "d"),  # charWidths
          ("advances", "d"), ("bearings", "H"),  # hmetrics (a face's last advances: scaled)
          ("locations", "I"))  # glyphPos


def read_face(source: FaceFile) -> TTFontFace:
    """The face in `source`, its metrics from the cache when they were kept (then its bytes
    are read as ReportLab asks for them); ReportLab's errors as ReportLab raises them."""
    parsed: list[TTFontFace] = []

    def parse() -> tuple[dict[str, Any], bytes]:
        # ReportLab walks the whole file reading its tables: it reads it from memory.
        face = _KeptFace(_named(source.whole(), source.path))
        parsed.append(face)
        return face.record()

    meta, blob = cached_blob("faces", key("face", source.digest, FORMAT, reportlab.Version,
                                          sys.byteorder), parse, check=_sound)
    if parsed:
        source.close()  # ReportLab keeps the bytes it parsed
        return parsed[0]
    return _KeptFace(source, _facts(meta, blob))


def _named(data: bytes, path: Path) -> io.BytesIO:
    """The bytes as ReportLab reads a file: its name for its messages."""
    stream = io.BytesIO(data)
    stream.name = str(path)
    return stream


class _KeptFace(TTFontFace):
    """ReportLab's face, with what `extractInfo` sets filled in from the cache (or read by
    ReportLab, when `facts` is None, and then recorded for the cache)."""

    _ttf_data: bytes | FaceFile  # ReportLab's: the file's bytes, here or read when asked for

    def __init__(self, source: io.BytesIO | FaceFile, facts: dict[str, Any] | None = None) \
            -> None:
        self._facts = facts
        self._glyph_to_char: dict[int, list[int]] | None = None
        self._glyph_arrays: tuple[array, array, array] | None = None
        super().__init__(source)

    @property
    def glyphToChar(self) -> dict[int, list[int]]:  # noqa: N802 — ReportLab's name
        """Glyph → its characters, made from the cache's arrays when first asked for: only
        ReportLab's own shaping asks, which pagesetter does not use."""
        if self._glyph_to_char is None and self._glyph_arrays is not None:
            self._glyph_to_char = _glyph_to_char(*self._glyph_arrays)
        return self._glyph_to_char or {}

    @glyphToChar.setter
    def glyphToChar(self, value: dict[int, list[int]]) -> None:  # noqa: N802
        self._glyph_to_char = value

    def get_table(self, tag: str) -> bytes | FaceFile:
        """A table's bytes; the glyph table of a face read from its file stays there, and
        ReportLab's subsetting reads the glyphs it takes from it one by one."""
        if tag == "glyf" and isinstance(self._ttf_data, FaceFile):
            start, length = self.get_table_pos(tag)
            return self._ttf_data.part(start, length)
        return super().get_table(tag)

    def read_again_from(self, source: FaceFile) -> bool:
        """KeptFont.read_again_from."""
        kept = self._ttf_data
        if isinstance(kept, FaceFile) and not kept.unchanged():
            self._ttf_data = source
            kept.close()
            return True
        return False

    def makeSubset(self, subset: list[int]) -> bytes:  # noqa: N802 — ReportLab's name
        """ReportLab's subset, from a file that is still what was digested (FaceChanged)."""
        if isinstance(self._ttf_data, FaceFile):
            self._ttf_data.check_unchanged()
        return super().makeSubset(subset)

    def extractInfo(self, charInfo: int = 1) -> None:  # noqa: N802, N803 — ReportLab's names
        if self._facts is None:  # not kept yet: ReportLab reads the face
            super().extractInfo(charInfo)
            return
        for name, value in self._facts.items():
            setattr(self, name, value)
        per_em = self.unitsPerEm
        self._pdfScale = (lambda x: x) if per_em == 1000 else (lambda x: x * 1000 / per_em)

    def record(self) -> tuple[dict[str, Any], bytes]:
        """What `extractInfo` set, as a record and the arrays' bytes."""
        widths = list(self.charWidths.values())
        glyph_to_char = self.glyphToChar
        arrays = {
            "chars": list(self.charToGlyph), "glyphs": list(self.charToGlyph.values()),
            "glyph_keys": list(glyph_to_char),
            "glyph_counts": [len(chars) for chars in glyph_to_char.values()],
            "glyph_chars": [c for chars in glyph_to_char.values() for c in chars],
            "width_chars": list(self.charWidths), "widths": widths,
            "advances": [aw for aw, _ in self.hmetrics],
            "bearings": [lsb for _, lsb in self.hmetrics],
            "locations": self.glyphPos}
        meta: dict[str, Any] = {name: getattr(self, name).ustr for name in NAMES}
        meta.update({name: getattr(self, name) for name in NUMBERS})
        meta.update(bbox=list(self.bbox), fontRevision=list(self.fontRevision),
                    full_font=bool(self._full_font),
                    integer_widths=all(isinstance(w, int) for w in widths),
                    lengths=[len(arrays[name]) for name, _ in ARRAYS])
        blob = b"".join(array(code, arrays[name]).tobytes() for name, code in ARRAYS)
        return meta, blob


class KeptFont(TTFont):
    """ReportLab's `TTFont` around a face read by `read_face`: its __init__, with the face
    given instead of parsed. Not shaped (pagesetter places every glyph itself); written into a
    document as one CID-keyed font (cid_font.py)."""

    def __init__(self, name: str, face: TTFontFace) -> None:
        self.fontName = name
        self.face = face
        self.encoding = TTEncoding()
        self.cid_codes: WeakKeyDictionary = WeakKeyDictionary()  # document → its CidCodes
        self._asciiReadable = False
        self.shapable = False
        # (glyph, its text, its advance) → private code
        self.shaped_codes: dict[tuple[int, str, float], int] = {}
        self.shaped_text: dict[int, str] = {}  # private code → the text it copies out as

    def read_again_from(self, source: FaceFile) -> bool:
        """Whether the face now reads its bytes from `source`, a file of the same digest: it
        does when its own file was written over since it was opened (a face is one object in
        a process, fonts._registered)."""
        return isinstance(self.face, _KeptFace) and self.face.read_again_from(source)

    def code_for(self, glyph: int, text: str, advance: float) -> str:
        """A character that shows `glyph` (a glyph HarfBuzz chose, maybe one no character
        maps to: a positional form) and copies out as `text`; `advance` in thousandths of an
        em. Codes are private (Supplementary Private Use Area-B), one per glyph, text and
        advance (a mark drawn half width, render/text_runs.py), kept for the life of the face;
        `addObjects` writes their text into the ToUnicode maps, so no private code reaches a
        PDF's text."""
        code = self.shaped_codes.get((glyph, text, advance))
        if code is None:
            code = self.shaped_codes[(glyph, text, advance)] = \
                FIRST_SHAPED_CODE + len(self.shaped_codes)
            self.face.charToGlyph[code] = glyph
            self.face.charWidths[code] = advance
            # A glyph that continues its cluster (its first glyph carries the cluster's text)
            # copies out as a zero-width joiner: a ToUnicode entry cannot be empty.
            self.shaped_text[code] = text or "\u200d"
        return chr(code)

    # Drawn as one CID-keyed font a document (cid_font.py), through ReportLab's own hooks.
    def splitString(self, text: str, doc, encoding: str = "utf-8") \
            -> list[tuple[int, bytes]]:  # noqa: N802 — ReportLab's name
        """`text` as this face's two-byte codes in `doc`: one piece, in the font's one
        "subset"."""
        return [(0, codes_in(self, doc).encoded(text))]

    def getSubsetInternalName(self, subset: int, doc) -> str:  # noqa: N802 — ReportLab's name
        return resource_name(self, doc)

    def addObjects(self, doc) -> None:  # noqa: N802 — ReportLab's name
        add_font_objects(self, doc)


#: Shaped glyphs' private codes: U+100000 on, beyond every character a face maps.
FIRST_SHAPED_CODE = 0x100000


def _facts(meta: dict[str, Any], blob: bytes) -> dict[str, Any]:
    """The attributes `extractInfo` sets, from a record and its arrays."""
    arrays = _arrays(meta, blob)
    widths: list = arrays["widths"].tolist()
    if meta["integer_widths"]:
        widths = list(map(int, widths))
    facts = {name: TTFNameBytes(meta[name].encode("utf-8")) for name in NAMES}
    facts.update({name: meta[name] for name in NUMBERS})
    facts.update(
        bbox=list(meta["bbox"]), fontRevision=tuple(meta["fontRevision"]),
        _full_font=meta["full_font"],
        charToGlyph=dict(zip(arrays["chars"], arrays["glyphs"], strict=True)),
        _glyph_arrays=(arrays["glyph_keys"], arrays["glyph_counts"], arrays["glyph_chars"]),
        charWidths=dict(zip(arrays["width_chars"], widths, strict=True)),
        hmetrics=_Metrics(arrays["advances"], arrays["bearings"]),
        glyphPos=arrays["locations"])
    return facts


def _glyph_to_char(keys: array, counts: array, chars: array) -> dict[int, list[int]]:
    flat = chars.tolist()
    if len(flat) == len(keys):  # one character a glyph, as is usual
        return dict(zip(keys, ([c] for c in flat), strict=True))
    ends = accumulate(counts)
    return {glyph: flat[end - count:end]
            for glyph, count, end in zip(keys, counts, ends, strict=True)}


class _Metrics:
    """ReportLab's `hmetrics` (glyph → (advance, left side bearing)) over the cache's two
    arrays, without a list of pairs for every glyph of the face: a page subsets a few
    hundred of them."""

    def __init__(self, advances: array, bearings: array) -> None:
        self.advances, self.bearings = advances, bearings

    def __len__(self) -> int:
        return len(self.advances)

    def __getitem__(self, glyph: int) -> tuple[float, int]:
        return self.advances[glyph], self.bearings[glyph]


def _arrays(meta: dict[str, Any], blob: bytes) -> dict[str, array]:
    out, at = {}, 0
    for (name, code), length in zip(ARRAYS, meta["lengths"], strict=True):
        values = array(code)
        end = at + length * values.itemsize
        values.frombytes(blob[at:end])
        out[name], at = values, end
    if at != len(blob):
        raise ValueError("the arrays do not fill the entry")
    return out


def _sound(meta: dict[str, Any], blob: bytes) -> bool:
    """Whether an entry can be a face's reading: every field of its type, the arrays of the
    lengths the face's glyph count asks for, glyph numbers in range, locations in order."""
    try:
        if not all(isinstance(meta[name], str) for name in NAMES) or \
                not all(isinstance(meta[name], (int, float)) and not isinstance(meta[name], bool)
                        for name in NUMBERS):
            return False
        glyphs = meta["numGlyphs"]
        if not isinstance(glyphs, int) or not 0 < glyphs <= 0xFFFF or meta["unitsPerEm"] <= 0:
            return False
        if not all(isinstance(meta[k], list) and len(meta[k]) == n and
                   all(isinstance(v, (int, float)) for v in meta[k])
                   for k, n in (("bbox", 4), ("fontRevision", 2), ("lengths", len(ARRAYS)))):
            return False
        lengths = dict(zip((name for name, _ in ARRAYS), meta["lengths"], strict=True))
        arrays = _arrays(meta, blob)
        locations = arrays["locations"]
        return (lengths["chars"] == lengths["glyphs"]
                and lengths["glyph_keys"] == lengths["glyph_counts"]
                and sum(arrays["glyph_counts"]) == lengths["glyph_chars"]
                and lengths["width_chars"] == lengths["widths"]
                and lengths["advances"] == lengths["bearings"] == glyphs
                and lengths["locations"] == glyphs + 1
                and max(arrays["glyphs"], default=0) < glyphs
                and max(arrays["glyph_keys"], default=0) < glyphs
                and max(arrays["chars"], default=0) <= 0x10FFFF
                and all(map(le, locations, locations[1:]))
                and isinstance(meta["full_font"], bool)
                and isinstance(meta["integer_widths"], bool))
    except (KeyError, TypeError, ValueError):
        return False
