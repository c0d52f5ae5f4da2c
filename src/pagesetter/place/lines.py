"""Composed lines → placed lines and blocks: baselines on the grid, alignment, display blocks.

SharedWork by the article, photo and furniture modules; every function returns what it placed.
"""
from __future__ import annotations

import math
from typing import Mapping, Sequence

from ..compose import ComposedLine, VerticalLine
from ..markup import parse
from ..model import PageFormat, TextStyle
from ..placed import ASCENT, PlacedBlock, PlacedLine, PlacedRun, lines_bounds


def placed_line(styles: Mapping[str, TextStyle], cl: ComposedLine, left: float,
                baseline: float, style: TextStyle, grid_line: int | None = None) -> PlacedLine:
    """`cl` with its line's left edge at `left` (its indent is added here)."""
    origin = left + cl.line.indent
    runs = tuple(PlacedRun(run.text, run.xs, run.face or styles[run.style].font, run.size,
                           styles[run.style].colour, run.scale,
                           styles[run.style].rise + run.rise, styles[run.style].emphasis)
                 for run in cl.glyph_runs)
    return PlacedLine(cl.text, origin, baseline, cl.line.width, style.size, style.name, runs,
                      grid_line, cl.line.tracking)


def placed_vertical(vl: VerticalLine, left: float, top: float, style: TextStyle) -> PlacedLine:
    """A vertical line with its strip's left edge at `left` and its top at `top`."""
    runs = tuple(PlacedRun(run.text, run.xs, run.font, run.size, style.colour, run.scale,
                           ys=run.ys, turned=run.turned, glyphs=run.glyphs,
                           glyph_text=run.glyph_text, drawn=run.drawn)
                 for run in vl.runs)
    return PlacedLine(vl.text, left, top, vl.length, vl.thickness, style.name, runs,
                      vertical=True)


def aligned_left(left: float, width: float, cl: ComposedLine, align: str) -> float:
    if align == "centre":
        return left + (width - cl.width - cl.line.indent) / 2
    if align == "right":
        return left + width - cl.width - cl.line.indent
    return left


def baseline_in(top: float, height: float, size: float) -> float:
    """Baseline that centres a line's em box in a band `height` tall."""
    return top + (height - size) / 2 + ASCENT * size


def leading(style: TextStyle) -> float:
    return style.leading or style.size * 1.25


def display_lines_needed(fmt: PageFormat, style: TextStyle, count: int) -> int:
    """Whole grid lines a display block of `count` lines in `style` takes: its lines at the
    style's leading with a margin of 0.6 em, at least the style's `lines`."""
    needed = math.ceil((leading(style) * (count - 1) + style.size * 1.6) / fmt.grid.line_pitch)
    return max(style.lines, needed)


def display_block(fmt: PageFormat, kind: str, name: str, lines: Sequence[ComposedLine],
                  style: TextStyle, left: float, width: float, top: float,
                  grid_lines: int) -> PlacedBlock:
    """Headline-like lines centred as a group in `grid_lines` whole grid lines."""
    height = grid_lines * fmt.grid.line_pitch
    step = leading(style)
    group = step * (len(lines) - 1) + style.size
    first = top + (height - group) / 2 + ASCENT * style.size
    placed = tuple(
        placed_line(fmt.styles, cl, aligned_left(left, width, cl, style.align),
                    first + i * step, style) for i, cl in enumerate(lines))
    return PlacedBlock(kind, name, left, top, width, height, placed)


def lines_block(kind: str, name: str, lines: Sequence[PlacedLine]) -> PlacedBlock:
    """A block around placed lines (body text, a caption, vertical strips): the box of their
    em boxes."""
    left, top, right, bottom = lines_bounds(lines)
    return PlacedBlock(kind, name, left, top, right - left, bottom - top, tuple(lines))


def into_bleed(fmt: PageFormat, x: float, y: float, width: float,
               height: float) -> tuple[float, float, float, float]:
    """A tint or photo that touches the trim runs on into the bleed, so trimming never leaves
    a white sliver."""
    edge = 0.01
    left, top, right, bottom = x, y, x + width, y + height
    if left <= edge:
        left = -fmt.bleed
    if top <= edge:
        top = -fmt.bleed
    if right >= fmt.trim_width - edge:
        right = fmt.trim_width + fmt.bleed
    if bottom >= fmt.trim_height - edge:
        bottom = fmt.trim_height + fmt.bleed
    return left, top, right - left, bottom - top


def markup_parts(text: str, style: str, composer) -> list[tuple[str, str]]:
    """(text, style) parts of copy with inline markup (markup.py): `body+bold` … for marked
    runs; a variant the format lacks (no bold face) is set in the plain style."""
    return [(run, f"{style}+{variant}" if variant and f"{style}+{variant}" in composer.styles
             else style) for run, variant in parse(text)]
