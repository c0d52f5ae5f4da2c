"""Font faces by key (song, hei, kai …): advances for composition, coverage checks, and the
ReportLab font objects the PDF renderer embeds. Each file is parsed once per process."""
from __future__ import annotations

from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path
from weakref import WeakKeyDictionary

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
    """Parse and register a TrueType file with ReportLab under its file stem. The parsed state
    of the face comes from the on-disk cache when the file has not changed."""
    font = _cached_font(path)
    pdfmetrics.registerFont(font)
    return font


# What ReportLab's TTFontFile keeps besides the file bytes and a scale function; both are
# restored on load. Checked against ReportLab's attributes: a new attribute disables the cache.
_UNPICKLED = ("_ttf_data", "_pdfScale")


def _cached_font(path: Path) -> TTFont:
    if _cache_off():
        return TTFont(path.stem, str(path))
    import reportlab

    from .cache import cached, file_stamp, key

    def parse() -> dict:
        face = TTFont(path.stem, str(path)).face
        state = {k: v for k, v in vars(face).items() if k not in _UNPICKLED}
        # The glyph → characters map only serves ReportLab while it reads the cmap; it is the
        # largest part of the state, so it is not kept.
        state["glyphToChar"] = {}
        return state

    state = cached("faces", key("face", file_stamp(path), reportlab.Version), parse)
    reference = _reference_attributes(path)
    try:
        return _font_from_state(path, state, reference)
    except Exception:  # noqa: BLE001 — a stale or foreign cache entry: parse instead
        return TTFont(path.stem, str(path))


@lru_cache(maxsize=1)
def _reference_attributes(path: Path) -> tuple[str, ...]:
    """What a TTFont built by ReportLab itself holds, once per ReportLab version."""
    import reportlab

    from .cache import cached, key

    return tuple(cached("faces", key("ttfont-attributes", reportlab.Version),
                        lambda: sorted(vars(TTFont(path.stem, str(path))))))


def _font_from_state(path: Path, state: dict, reference: tuple[str, ...]) -> TTFont:
    """A ReportLab TTFont whose face is restored from `state` rather than parsed."""
    face = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
    face.__dict__.update(state)
    face._ttf_data = path.read_bytes()
    scale = 1000 / face.unitsPerEm
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * scale)
    font = TTFont.__new__(TTFont)
    # As TTFont.__init__ does, with the face given instead of parsed.
    font.fontName = path.stem
    font.face = face
    font.encoding = ttfonts.TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = ttfonts.rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(path.stem, glob) for glob in ttfonts.unShapedFontGlob)
    if set(vars(font)) != set(reference) or set(vars(face)) != set(state) | set(_UNPICKLED):
        raise ValueError("ReportLab's TTFont has changed; not using cached faces")
    return font


def _cache_off() -> bool:
    from .cache import cache_dir

    return cache_dir() is None


class FontBook:
    """Faces by key, each parsed when first asked for: a page seldom uses every face."""

    def __init__(self, fonts: dict[str, Path]) -> None:
        self.paths = dict(fonts)
        self._widths: dict[str, dict[int, int]] = {}
        self._default: dict[str, int] = {}

    def _load(self, key: str) -> dict[int, int]:
        face = load_face(self.paths[key]).face
        self._default[key] = face.defaultWidth
        self._widths[key] = face.charWidths
        return face.charWidths

    def advance(self, key: str, ch: str) -> float:
        """Advance of `ch` in ems."""
        widths = self._widths.get(key) or self._load(key)
        return widths.get(ord(ch), self._default[key]) / 1000.0

    def missing(self, key: str, text: str) -> str | None:
        """The first character of `text` the face lacks, if any."""
        widths = self._widths.get(key) or self._load(key)
        for ch in text:
            if ord(ch) not in widths and ch not in " \u3000\n\t":
                return ch
        return None
