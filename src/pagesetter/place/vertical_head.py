"""A head set top to bottom (竖排标题): in a headline look with `vertical: true`, or any head in
Mongolian script. It stands in a strip at the article's left, from the article's top down, its
text columns beside it; kicker, main headline and deck in strips of their own, left to right
(the newspaper custom for a head on the text's left: its lines read left to right)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..compose import Composer
from ..compose.shaping import has_mongolian
from ..errors import InputError
from ..model import Article, PageFormat
from ..placed import PlacedBlock
from .lines import placed_vertical, vertical_block

#: Each vertical line takes its size and this share more across, as leading.
LINE_GAP = 0.2

#: Lines of a vertical head part at most (a longer one is an input error, as horizontally).
MOST_LINES = {"kicker": 2, "headline": 3, "deck": 2}


def wants_vertical_head(article: Article, fmt: PageFormat) -> bool:
    h = article.headline
    if h is None:
        return False
    return fmt.headline_style(h.style).vertical or has_mongolian(h.kicker + h.main + h.deck)


@dataclass(frozen=True)
class VerticalHead:
    blocks: tuple[PlacedBlock, ...]
    strip: float  # pt taken from the article's left, its gutter included
    length: float  # pt from the top of the strip to the foot of its longest line


def place_vertical_head(article: Article, composer: Composer, fmt: PageFormat, left: float,
                        width: float, top: float, room: float, columns: int) -> VerticalHead:
    """The head's strips from `left`, top at `top`, lines at most `room` pt long. The strip is
    widened so that the text columns beside it stay a whole number of characters wide."""
    assert article.headline is not None
    h = article.headline
    look = fmt.headline_style(h.style)
    pos, where = article.at("headline")
    pad = fmt.grid.body_size / 2  # clear of the box's top and bottom
    blocks: list[PlacedBlock] = []
    x = left
    longest = 0.0
    for kind, text, style_name in (("kicker", h.kicker, look.kicker),
                                   ("headline", h.main, look.main), ("deck", h.deck, look.deck)):
        if not text:
            continue
        style = fmt.styles[style_name]
        thickness = style.size * (1 + LINE_GAP)
        # Lines break where the copy breaks them (a list of lines, or two spaces), and then
        # where they must, balanced.
        lines = [line for part in re.split(r"\n| {2,}", text.strip()) if part
                 for line in composer.compose_vertical(part, style_name, h.pos or pos, where,
                                                       room - 2 * pad, thickness)]
        if len(lines) > MOST_LINES[kind]:
            raise InputError(h.pos or pos, f"the vertical {kind} needs {len(lines)} lines "
                             f"{(room - 2 * pad) / style.size:.0f} characters long and "
                             f"may take {MOST_LINES[kind]}", where,
                             "shorten it, or give the article more height")
        placed = [placed_vertical(fmt.styles, line, x + k * thickness, top + pad, style)
                  for k, line in enumerate(lines)]
        blocks.append(vertical_block(kind, article.name, placed))
        x += len(lines) * thickness
        longest = max(longest, 2 * pad + max(line.length for line in lines))
    gutter = fmt.grid.gutter
    body = fmt.grid.body_size
    beside = width - (x - left) - gutter  # what the text columns may take
    measure = (beside - (columns - 1) * gutter) / columns // body * body
    if measure < 4 * body:
        raise InputError(h.pos or pos, f"the vertical head of `{article.name}` leaves its text "
                         f"columns {max(measure, 0) / body:.0f} characters wide", where,
                         "give the article more columns, or fewer text columns")
    strip = width - columns * measure - (columns - 1) * gutter
    return VerticalHead(tuple(blocks), strip, longest)
