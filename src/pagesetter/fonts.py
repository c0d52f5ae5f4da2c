"""Font faces by key (song, hei, kai …): advances for composition, coverage checks, and the
ReportLab font objects the PDF renderer embeds. Each file is parsed once per process."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont


def _utf16_hex(code_point: int) -> str:
    return code_point_to_utf16(code_point).hex().upper()


def code_point_to_utf16(code_point: int) -> bytes:
    return chr(code_point).encode("utf-16-be")


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, but with UTF-16BE destinations: ReportLab writes
    `<%04X>`, which gives five hex digits (an invalid entry) for characters beyond U+FFFF such
    as the Extension B characters of 通用规范汉字表; copied text then loses them."""
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ]
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = to_unicode_cmap


@lru_cache(maxsize=None)
def load_face(path: Path) -> TTFont:
    """Parse and register a TrueType file with ReportLab under its file stem."""
    font = TTFont(path.stem, str(path))
    pdfmetrics.registerFont(font)
    return font


class FontBook:
    def __init__(self, fonts: dict[str, Path]) -> None:
        self.paths = dict(fonts)
        self._widths = {key: load_face(path).face.charWidths for key, path in fonts.items()}
        self._default = {key: load_face(path).face.defaultWidth for key, path in fonts.items()}

    def advance(self, key: str, ch: str) -> float:
        """Advance of `ch` in ems."""
        return self._widths[key].get(ord(ch), self._default[key]) / 1000.0

    def covers(self, key: str, ch: str) -> bool:
        return ord(ch) in self._widths[key] or ch in " \u3000\n\t"

    def missing(self, key: str, text: str) -> str | None:
        """The first character of `text` the face lacks, if any."""
        widths = self._widths[key]
        for ch in text:
            if ord(ch) not in widths and ch not in " \u3000\n\t":
                return ch
        return None

    def ps_name(self, key: str) -> str:
        return self.paths[key].stem
