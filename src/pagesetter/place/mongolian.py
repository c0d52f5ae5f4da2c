"""An article in Mongolian script: its copy set top to bottom, its lines following each other
left to right (the script's own direction), in the article's box beside its vertical head.

Its box is given by hand (`place` with a height): the make-up fits Chinese copy to the grid,
and Mongolian lines run across the grid's columns rather than down them."""
from __future__ import annotations

from ..compose import Composer
from ..compose.shaping import has_mongolian
from ..errors import InputError
from ..model import Article, PageFormat, Subhead
from ..placed import PlacedBlock, PlacedLine
from .lines import lines_block, placed_vertical
from .region import Box, Region
from .vertical_head import place_vertical_head

#: A Mongolian paragraph's first line starts this many ems down (the script's indent).
INDENT = 1.0


def is_mongolian_article(article: Article) -> bool:
    """Whether the article's copy is Mongolian: every paragraph has Mongolian letters."""
    return bool(article.blocks) and all(has_mongolian(block.text) for block in article.blocks)


def place_mongolian_article(article: Article, composer: Composer, fmt: PageFormat) \
        -> list[tuple[int, Region]]:
    place = article.place
    if place is None or place.height is None or article.continues:
        raise InputError(article.pos, f"`{article.name}` is in Mongolian script: give it a place "
                         "with a height, on one page", f"{article.path}.place",
                         "e.g. place: {column: 1, span: 2, line: 40, height: 20}")
    grid = fmt.grid
    style = fmt.styles["body"]
    left, width = grid.column_x(place.column), grid.span_width(place.span)
    top = grid.line_top(place.line)
    room = place.height * grid.line_pitch
    blocks: list[PlacedBlock] = []
    if article.headline is not None:
        head = place_vertical_head(article, composer, fmt, left, width, top, room, 1)
        blocks += head.blocks
        left, width = left + head.strip, width - head.strip
    pitch = grid.line_pitch
    pad = style.size / 2
    lines: list[PlacedLine] = []
    for k, block in enumerate(article.blocks):
        pos, where = block.pos, f"{article.path}.body[{k}]"
        indent = 0.0 if isinstance(block, Subhead) else INDENT * style.size
        set_lines = composer.compose_vertical(
            block.text, style.name, pos, where, room - 2 * pad - indent, pitch, balance=False)
        for n, line in enumerate(set_lines):
            down = top + pad + (indent if n == 0 else 0.0)
            lines.append(placed_vertical(line, left + len(lines) * pitch, down, style))
    over = len(lines) - int((width + 1e-6) // pitch)
    if over > 0:
        raise InputError(article.pos, f"`{article.name}`'s Mongolian copy needs {over} lines "
                         f"more than its box holds", f"{article.path}.place",
                         "give it more columns or more height, or cut the copy")
    if lines:
        blocks.append(lines_block("body", article.name, lines))
    box = Box(place.column, place.span, place.line, place.height)
    return [(article.page, Region(article.name, article.path, article.pos, box,
                                  blocks=tuple(blocks)))]
