"""Font faces by key (song, hei, kai …): advances and coverage for composition, glyphs and
subsets for the PDF renderer. Each file is read once per process, and its parsed tables come
from the on-disk cache when the file has not changed."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .truetype import FaceMetrics, FaceTables, TrueTypeFile

#: Bump when FaceTables changes shape, so cached faces of an older layout are not used.
FACE_FORMAT = 1


class Face:
    """One TrueType face: advances in thousandths of an em and glyphs, by code point."""

    def __init__(self, path: Path, tables: FaceTables) -> None:
        self.path = path
        self.metrics: FaceMetrics = tables.metrics
        self.name = tables.metrics.ps_name
        scale = 1000 / tables.metrics.units_per_em
        codes, glyphs, advances = tables.codes, tables.glyphs, tables.advances
        if scale == 1:
            self.widths = dict(zip(codes, map(advances.__getitem__, glyphs), strict=True))
        else:
            self.widths = {c: advances[g] * scale for c, g in zip(codes, glyphs, strict=True)}
        self.glyphs = dict(zip(codes, glyphs, strict=True))
        self.default_width = advances[0] * scale  # .notdef

    def subset(self, glyphs: list[int]) -> tuple[bytes, list[int]]:
        """See TrueTypeFile.subset."""
        with TrueTypeFile(self.path) as font:
            return font.subset(glyphs)


@lru_cache(maxsize=None)
def load_face(path: Path) -> Face:
    from .cache import cached, file_stamp, key

    def parse() -> FaceTables:
        with TrueTypeFile(path) as font:
            return font.parse()

    return Face(path, cached("faces", key("face", FACE_FORMAT, file_stamp(path)), parse))


class FontBook:
    """Faces by key, each read when first asked for: a page seldom uses every face."""

    def __init__(self, fonts: dict[str, Path]) -> None:
        self.paths = dict(fonts)
        self._widths: dict[str, dict[int, float]] = {}
        self._default: dict[str, float] = {}

    def _load(self, key: str) -> dict[int, float]:
        face = load_face(self.paths[key])
        self._default[key] = face.default_width
        self._widths[key] = face.widths
        return face.widths

    def advance(self, key: str, ch: str) -> float:
        """Advance of `ch` in ems."""
        widths = self._widths.get(key) or self._load(key)
        return widths.get(ord(ch), self._default[key]) / 1000.0

    def missing(self, key: str, text: str) -> str | None:
        """The first character of `text` the face lacks, if any."""
        widths = self._widths.get(key) or self._load(key)
        if all(map(widths.__contains__, map(ord, text))):  # the usual case, at C speed
            return None
        for ch in text:
            if ord(ch) not in widths and ch not in " \u3000\n\t":
                return ch
        return None
