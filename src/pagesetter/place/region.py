"""What one article or photo puts on the page: its box on the grid and everything in it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..errors import Diagnostic, SourcePos
from ..model import Grid
from ..placed import FitReport, PlacedBlock, PlacedBox, PlacedImage, PlacedRect, PlacedRule


@dataclass(frozen=True)
class Box:
    """A rectangle of whole base columns and grid lines (0-based)."""

    column: int
    span: int
    line: int
    height: int  # grid lines

    @property
    def bottom(self) -> int:
        return self.line + self.height

    @property
    def right(self) -> int:
        return self.column + self.span

    def overlaps(self, other: Box) -> bool:
        return (self.column < other.right and other.column < self.right
                and self.line < other.bottom and other.line < self.bottom)

    def left_pt(self, grid: Grid) -> float:
        return grid.column_x(self.column)

    def width_pt(self, grid: Grid) -> float:
        return grid.span_width(self.span)


def free_runs(regions: Sequence[Region], grid: Grid) -> list[list[tuple[int, int]]]:
    """Each base column's runs of grid lines no region covers: [(first line, end line) …]."""
    covered = [[False] * grid.lines for _ in range(grid.columns)]
    for region in regions:
        for column in range(region.box.column, min(region.box.right, grid.columns)):
            for line in range(max(region.box.line, 0), min(region.box.bottom, grid.lines)):
                covered[column][line] = True
    runs = []
    for lines in covered:
        own, line = [], 0
        while line < grid.lines:
            if lines[line]:
                line += 1
                continue
            end = line
            while end < grid.lines and not lines[end]:
                end += 1
            own.append((line, end))
            line = end
        runs.append(own)
    return runs


@dataclass(frozen=True)
class Region:
    name: str
    path: str  # field path of the article or photo
    pos: SourcePos
    box: Box
    blocks: tuple[PlacedBlock, ...] = ()
    rects: tuple[PlacedRect, ...] = ()
    images: tuple[PlacedImage, ...] = ()
    fit: FitReport | None = None
    warnings: tuple[Diagnostic, ...] = ()
    proof: tuple[PlacedRect, ...] = ()  # marks for the non-printing proof layer (overset)
    rules: tuple[PlacedRule, ...] = ()  # its own: under a headline, between text columns
    frames: tuple[PlacedBox, ...] = ()
