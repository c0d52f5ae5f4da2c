"""A head set top to bottom (竖排标题): in a headline look with `vertical: true`, or any head in
Mongolian script. It stands in a strip at the article's left, from the article's top down, its
text columns beside it. Chinese set vertically reads in lines from right to left (clreq §2.1,
vertical writing mode): kicker, main headline and deck follow each other leftwards, the kicker
nearest the text, each line of a part left of the one before. Mongolian lines follow each other
rightwards, as the script's own do; a head all in Mongolian reads left to right."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..compose import Composer
from ..compose.shaping import has_mongolian
from ..errors import InputError
from ..textrules import is_wide
from ..model import Article, PageFormat
from ..placed import PlacedBlock
from .lines import lines_block, placed_vertical

#: Each vertical line takes its size and this share more across, as leading.
LINE_GAP = 0.2

#: Lines of a vertical head part at most (a longer one is an input error, as horizontally).
MOST_LINES = {"kicker": 2, "headline": 3, "deck": 2}


def _reads_rightwards(text: str) -> bool:
    """Whether `text`'s vertical lines follow each other rightwards: Mongolian with no Chinese
    in it (Chinese vertical lines follow each other leftwards)."""
    return has_mongolian(text) and not any(is_wide(ch) for ch in text)


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
    parts = []  # (kind, reads rightwards, style, lines, thickness)
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
        parts.append((kind, _reads_rightwards(text), style, lines, thickness))
    across = sum(len(lines) * thickness for *_, lines, thickness in parts)
    rightwards = all(part_rightwards for _, part_rightwards, *_ in parts)
    blocks: list[PlacedBlock] = []
    x = left if rightwards else left + across  # the edge the next part starts from
    for kind, part_rightwards, style, lines, thickness in parts:
        span = len(lines) * thickness
        start = x if rightwards else x - span  # the part's left edge
        columns_of = range(len(lines)) if part_rightwards else \
            range(len(lines) - 1, -1, -1)  # each line's place from the part's left edge
        placed = [placed_vertical(line, start + column * thickness, top + pad, style)
                  for line, column in zip(lines, columns_of, strict=True)]
        blocks.append(lines_block(kind, article.name, placed))  # in reading order
        x = start + span if rightwards else start
    longest = max((2 * pad + max(line.length for line in lines) for *_, lines, _ in parts),
                  default=0.0)
    gutter = fmt.grid.gutter
    body = fmt.grid.body_size
    beside = width - across - gutter  # what the text columns may take
    measure = (beside - (columns - 1) * gutter) / columns // body * body
    if measure < 4 * body:
        raise InputError(h.pos or pos, f"the vertical head of `{article.name}` leaves its text "
                         f"columns {max(measure, 0) / body:.0f} characters wide", where,
                         "give the article more columns, or fewer text columns")
    strip = width - columns * measure - (columns - 1) * gutter
    return VerticalHead(tuple(blocks), strip, longest)
