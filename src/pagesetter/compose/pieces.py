"""What the composer builds lines from: spans of styled text, and the units and glyphs they are
cut into (segment.py). Widths are in pt."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..textrules import Adjust, PunctStyle


class Metrics(Protocol):
    def advance(self, style: str, ch: str) -> float:
        """Advance of `ch` in ems of `style`."""

    def punctuation(self, style: str) -> PunctStyle:
        """The punctuation style `style` is set in."""

    def face_for(self, style: str, ch: str) -> tuple[str, float]:
        """The fallback face `ch` is set from in `style` and its rise in ems, or ("", 0.0)."""


@dataclass(frozen=True)
class Span:
    """A run of text in one style. `size` is the style's font size in pt (its em)."""

    text: str
    style: str
    size: float


@dataclass(frozen=True)
class Glyph:
    char: str
    dx: float  # origin relative to the unit's left edge as set in a line (before any squeeze), pt
    scale: float = 1.0  # horizontal scale (joins the two halves of a ——)
    style: str = ""  # its own style inside a word of several (CO₂'s subscript); "": the unit's
    size: float = 0.0
    face: str = ""  # a fallback face it is set from (the style's face lacks it); "": the style's
    rise: float = 0.0  # pt up: a fallback's ideographic box set on the face's


@dataclass(frozen=True)
class Unit:
    text: str
    style: str
    size: float
    width: float  # natural width inside a line, pt
    glyphs: tuple[Glyph, ...]
    no_start: bool
    no_end: bool
    squeeze_left: float = 0.0  # blank on the left a squeezed line may take, pt
    squeeze_right: float = 0.0
    stage: Adjust = Adjust.MARKS  # the adjustment stage its squeeze belongs to
    start_trim: float = 0.0  # blank removed on the left when it starts a line, pt
    end_trim: float = 0.0  # blank removed on the right when it ends a line, pt
    gap_before: float = 0.0  # Han–Latin gap or word space before this unit, pt
    gap_min: float = 0.0  # how far that gap may shrink, pt
    gap_max: float = 0.0  # how far the adjustment stages may widen it, pt
    gap_kind: Adjust = Adjust.GAPS  # SPACES for a word space, GAPS for the Han–Latin gap
    gap_text: str = ""  # what the gap prints as in a text dump ("" for the Han–Latin gap)
    is_mark: bool = False  # a punctuation mark (takes part in adjacent-mark compression)
    latin: bool = False  # a run of Latin letters, digits or Western marks
    breaks: tuple[int, ...] = ()  # glyph indexes a long Latin run may break before
    hyphen: bool = False  # breaking it inside a word shows a hyphen …
    hyphen_width: float = 0.0  # … this wide, pt


#: Cell units by (style, size), then by character: units are immutable, so one serves every
#: occurrence.
CellCache = dict[tuple[str, float], dict[str, "Unit"]]
