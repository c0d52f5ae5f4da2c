"""The placed page: everything a renderer needs, in pt from the trim's top-left corner, y down.

Renderers (PDF, PNG, ALTO, text dump) read only this; they never compose or look at the issue.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .errors import Diagnostic, SourcePos
from .model import Colour

#: The CJK em box's height above the baseline, as a share of the size (Noto CJK, LXGW: 880 of
#: 1000): where a line's box starts, for block boxes and ALTO.
ASCENT = 0.88


@dataclass(frozen=True)
class PlacedRun:
    """Glyphs in one face, size, colour and horizontal scale: `text[i]` has its origin
    `xs[i]` pt right of its line's `x` (positions are relative, as in a frame, so a line set
    again elsewhere shares them). Runs, not per-glyph objects, keep a page to a few hundred
    objects per column."""

    text: str
    xs: tuple[float, ...]
    font: str  # face key
    size: float
    colour: Colour
    scale: float = 1.0
    rise: float = 0.0  # baseline shift, pt up (superscripts; negative for subscripts)
    emphasis: bool = False  # 着重号: a dot under each glyph
    # Vertical lines (PlacedLine.vertical): each glyph's origin `ys[i]` pt down from the line's
    # top, and `xs[i]` across from its left edge; `turned`: the glyphs turned a quarter
    # clockwise (their baseline runs down the page).
    ys: tuple[float, ...] = ()
    turned: bool = False
    # Shaped text (Mongolian): the face's glyph ids HarfBuzz chose, each with the text it
    # copies out as ("" after the first glyph of a cluster); xs and ys are theirs.
    glyphs: tuple[int, ...] = ()
    glyph_text: tuple[str, ...] = ()
    drawn: str = ""  # characters whose glyphs are drawn instead of `text`'s (vertical quotes)


@dataclass(frozen=True)
class PlacedLine:
    text: str  # the printed text, for dumps and ALTO
    x: float  # left edge of the line
    baseline: float
    width: float
    size: float  # the line's main size, for ALTO heights
    style: str
    runs: tuple[PlacedRun, ...]
    grid_line: int | None = None  # body lines: the grid line they sit on
    tracking: float = 0.0  # pt added between units by copyfitting (negative: condensed)
    # Set top to bottom: `x` is the strip's left edge, `baseline` the line's top, `width` its
    # length down the page and `size` the strip's width.
    vertical: bool = False

    def bounds(self) -> tuple[float, float, float, float]:
        """Left, top, right and bottom of the line's em boxes (its strip, set vertically)."""
        if self.vertical:
            return self.x, self.baseline, self.x + self.size, self.baseline + self.width
        return (self.x, self.baseline - ASCENT * self.size, self.x + self.width,
                self.baseline + (1 - ASCENT) * self.size)

    def glyph_places(self) -> list[tuple[str, float]]:
        """Each character of the runs with where it starts along the line (pt: from the page's
        left, or from its top when vertical). A shaped run's characters share out its length."""
        out: list[tuple[str, float]] = []
        for run in self.runs:
            along = run.ys if self.vertical else run.xs
            origin = self.baseline if self.vertical else self.x
            if run.glyphs:
                start, end = along[0], along[-1] + (along[-1] - along[0]) / max(len(along) - 1, 1)
                out += [(ch, origin + start + (end - start) * k / len(run.text))
                        for k, ch in enumerate(run.text)]
            else:
                out += [(ch, origin + at) for ch, at in zip(run.text, along, strict=True)]
        return out


def boxes_overlap(a: Sequence[float], b: Sequence[float]) -> bool:
    """Whether two boxes (left, top, right, bottom, pt) share some area; boxes that only touch
    do not."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def lines_bounds(lines: Sequence[PlacedLine]) -> tuple[float, float, float, float]:
    """Left, top, right and bottom of the lines' boxes (PlacedLine.bounds), pt."""
    boxes = [line.bounds() for line in lines]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


@dataclass(frozen=True)
class PlacedBlock:
    """A unit of reading: an article's headline, its body, a caption, the page header …"""

    kind: str  # headline | kicker | deck | author | body | subhead | photo-title | caption | header
    name: str  # the article or photo it belongs to
    x: float
    y: float
    width: float
    height: float
    lines: tuple[PlacedLine, ...]


@dataclass(frozen=True)
class PlacedRect:
    x: float
    y: float
    width: float
    height: float
    colour: Colour


@dataclass(frozen=True)
class PlacedBox:
    """A box round an article: its rule (stroked on this rectangle) and the tint inside."""

    x: float
    y: float
    width: float
    height: float
    rule: float  # pt (0: no rule)
    colour: Colour
    tint: Colour | None = None
    radius: float = 0.0  # rounded corners


@dataclass(frozen=True)
class PlacedRule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    colour: Colour


@dataclass(frozen=True)
class GridArea:
    """Where a block stands on the page grid, as the layout desk counts: base columns and grid
    lines from 1."""

    column: int
    span: int
    line: int
    lines: int
    auto: bool = False  # its height came from its content (`height: auto`)

    @property
    def last_line(self) -> int:
        return self.line + self.lines - 1

    def describe(self) -> str:
        columns = f"column {self.column}" if self.span == 1 else \
            f"columns {self.column}–{self.column + self.span - 1}"
        height = f", auto height {self.lines} lines" if self.auto else ""
        return f"{columns}, lines {self.line}–{self.last_line}{height}"


@dataclass(frozen=True)
class PlacedArea:
    """A block's box on the page, for proofs and the live preview: what it is, where it comes
    from in the issue file, where it stands (pt) and on the grid."""

    name: str
    path: str  # field path of the article or photo
    kind: str  # article | photo | masthead
    source: str  # file:line of its entry in the issue
    x: float
    y: float
    width: float
    height: float
    area: GridArea


@dataclass(frozen=True)
class PlacedImage:
    name: str
    file: Path
    x: float
    y: float
    width: float
    height: float
    crop: tuple[int, int, int, int]  # pixel box of the source image shown: left, top, right, bottom
    ppi: float  # effective resolution on the page
    area: GridArea | None = None  # the photo news block's place (image, title and caption)
    source: SourcePos | None = None  # where the issue names the file, for errors
    field: str = ""  # the field that names it


@dataclass(frozen=True)
class FitReport:
    name: str
    path: str
    lines_available: int  # body lines the article's box holds
    lines_needed: int  # body lines its copy takes (subheads count their grid lines)
    over: int  # lines that did not fit
    empty: int  # lines of its box the copy leaves unused
    chars_over: int  # characters to cut from the end of the copy for it to fit (composed)
    loose: tuple[str, ...] = ()  # lines spread wider than ¼ em a gap (an unbreakable run)
    area: GridArea | None = None
    overset_from: str = ""  # the first words that do not fit
    room: int = 0  # about how many more characters a box with spare lines could take
    taller_by: int | None = None  # grid lines more the box needs to hold it all (None: none do)
    estimated: bool = False  # chars_over estimated (copy far too long to be worth composing)
    closed: int = 0  # lines copyfitting saved (negative: gained, filling the frame)
    adjusted: tuple[tuple[int, float], ...] = ()  # (paragraph number from 1, em per line)
    pos: SourcePos | None = None  # where its place (or, placed by the make-up, it) is written

    def copyfitting(self) -> str:
        """What copyfitting did, as the fit report says it: `closed 1 line (¶3 condensed
        0.5 em)`."""
        if not self.adjusted:
            return ""
        verb = "closed" if self.closed >= 0 else "filled"
        count = abs(self.closed)
        changes = ", ".join(f"¶{n} {'condensed' if em > 0 else 'expanded'} {abs(em):.2g} em"
                            for n, em in self.adjusted)
        return f"{verb} {count} line{'s' if count != 1 else ''} ({changes})"


@dataclass(frozen=True)
class PlacedPage:
    number: int
    width: float  # trim
    height: float
    bleed: float
    fonts: dict[str, Path]
    rects: tuple[PlacedRect, ...]
    rules: tuple[PlacedRule, ...]
    images: tuple[PlacedImage, ...]
    blocks: tuple[PlacedBlock, ...]  # in reading order
    fit: tuple[FitReport, ...]
    warnings: tuple[Diagnostic, ...] = field(default=())
    slug: str = ""  # issue, page and date, printed outside the bleed
    grid_overlay: tuple[PlacedRect, ...] = field(default=())  # --grid proof boxes (stroked)
    grid_rules: tuple[PlacedRule, ...] = field(default=())
    proof_marks: tuple[PlacedRect, ...] = field(default=())  # overset markers (filled)
    title: str = ""
    frames: tuple[PlacedBox, ...] = field(default=())  # boxed articles, under their text
    areas: tuple[PlacedArea, ...] = field(default=())  # every block's box (not drawn)
    unplanned: str = ""  # why the make-up could not close the page (an overset proof), or ""

    @property
    def overset(self) -> bool:
        return bool(self.unplanned) or any(fit.over for fit in self.fit)

    @property
    def has_proof_layer(self) -> bool:
        return bool(self.grid_overlay or self.grid_rules or self.proof_marks)
