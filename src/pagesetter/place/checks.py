"""What placement checks and reports: overlaps, each article's fit, copy warnings."""
from __future__ import annotations

from typing import Sequence

from ..errors import Diagnostic, InputError, warning
from ..model import Colour, Page, PageFormat
from ..placed import PlacedRect
from .region import Box, Region, free_runs

OVERSET_MARK = Colour("overset", 0, 1, 0, 0)  # one ink: a rule over it stays in limits
MAX_EMPTY_LINES = 2  # more than this at an article's foot is a hole in the page


def check_on_grid(regions: Sequence[Region], fmt: PageFormat) -> None:
    """Every block ends on the grid: an auto height (a photo's, from its aspect ratio) that
    would run past the last grid line is an error at its `place`."""
    grid = fmt.grid
    lines = grid.lines
    for region in regions:
        left = region.box.left_pt(grid)
        right = left + region.box.width_pt(grid)
        for block in region.blocks:
            for line in block.lines:
                line_left, _, line_right, _ = line.bounds()
                if line_left < left - 0.01 or line_right > right + 0.01:
                    raise InputError(region.pos, f"`{line.text[:20]}` cannot be set in the "
                                     f"{grid.span_width(region.box.span):.0f} pt of "
                                     f"`{region.name}`: it would run outside its columns",
                                     region.path, "give it more columns, or break the text "
                                     "with a space")
        if region.box.bottom > lines:
            raise InputError(region.pos, f"`{region.name}` would run to grid line "
                             f"{region.box.bottom}, past the grid's {lines} lines",
                             f"{region.path}.place.height",
                             f"give it a height of at most {lines - region.box.line} lines, "
                             f"or a photo that is not so tall for its width")


def check_overlaps(regions: Sequence[Region]) -> None:
    """Two blocks on the same grid cells are an error naming both (at the later one)."""
    for i, a in enumerate(regions):
        for b in regions[i + 1:]:
            if a.box.overlaps(b.box):
                box = a.box
                raise InputError(b.pos, f"`{b.name}` overlaps `{a.name}` (lines "
                                 f"{box.line + 1}–{box.bottom} of columns "
                                 f"{box.column + 1}–{box.right})", f"{b.path}.place",
                                 "move one of them or make it smaller")


def overset_mark(fmt: PageFormat, box: Box) -> tuple[PlacedRect, ...]:
    """The overset marker: a magenta square in the gutter beside the box's foot, on the
    proof layer (it shows on screen and never prints: an overset page is not for press)."""
    grid = fmt.grid
    size = grid.gutter * 2 / 3
    right = box.left_pt(grid) + box.width_pt(grid)
    bottom = grid.line_top(box.bottom)
    return (PlacedRect(right + (grid.gutter - size) / 2, bottom - size, size, size,
                       OVERSET_MARK),)


#: Grid lines of a column left blank that make a hole worth a warning (gaps of a line or two
#: between blocks are the page's white space).
MIN_HOLE = 3


def empty_areas(regions: Sequence[Region], fmt: PageFormat, page: Page) \
        -> tuple[Diagnostic, ...]:
    """A warning for every part of the page grid no block covers, MIN_HOLE lines or more: a
    column left blank under a short article or a photo that came out short. Neighbouring
    columns blank over the same lines are one area."""
    holes = [(column, line, end)  # 0-based
             for column, runs in enumerate(free_runs(regions, fmt.grid))
             for line, end in runs if end - line >= MIN_HOLE]
    areas: list[list[int]] = []  # [first column, last column, first line, end line]
    for column, first, end in holes:
        if areas and areas[-1][1] == column - 1 and areas[-1][2:] == [first, end]:
            areas[-1][1] = column
        else:
            areas.append([column, column, first, end])
    out = []
    for first_column, last_column, first, end in areas:
        columns = f"column {first_column + 1}" if first_column == last_column else \
            f"columns {first_column + 1}–{last_column + 1}"
        out.append(warning(page.pos, f"page {page.number}: {columns}, lines {first + 1}–{end} "
                           f"are empty ({end - first} grid lines)", page.path,
                           "lengthen a block above it (an auto-height article grows with its "
                           "copy) or place another block there"))
    return tuple(out)
