"""An article's head: kicker, main headline (with its bar) and deck, then the author mark, each
on whole grid lines above the text columns."""
from __future__ import annotations

from dataclasses import dataclass

from ..compose import Composer
from ..model import Article, PageFormat
from ..placed import PlacedBlock, PlacedRect
from .lines import display_block, display_lines_needed, into_bleed
from .region import Box


@dataclass(frozen=True)
class Head:
    blocks: tuple[PlacedBlock, ...]
    rects: tuple[PlacedRect, ...]
    lines: int  # grid lines the head takes


def place_head(article: Article, composer: Composer, fmt: PageFormat, box: Box) -> Head:
    """The headline parts and the author mark from the top of `box` down."""
    grid = fmt.grid
    left, width = box.left_pt(grid), box.width_pt(grid)
    pad = grid.body_size  # headlines keep a character clear of the box's sides
    blocks: list[PlacedBlock] = []
    rects: list[PlacedRect] = []
    line = box.line
    if article.headline:
        h = article.headline
        pos, where = article.at("headline")
        for kind, text, style_name in (("kicker", h.kicker, "kicker"),
                                       ("headline", h.main, h.style), ("deck", h.deck, "deck")):
            if not text:
                continue
            style = fmt.styles[style_name]
            spans = composer.spans([(text, style_name)], h.pos or pos, where)
            lines = composer.compose_headline(spans, width - 2 * pad)
            n = display_lines_needed(fmt, style, len(lines))
            top = grid.line_top(line)
            if style.background is not None:
                inset = grid.line_pitch * 0.3
                bar = into_bleed(fmt, left, top + inset, width, n * grid.line_pitch - 2 * inset)
                rects.append(PlacedRect(*bar, style.background))
            blocks.append(display_block(fmt, kind, article.name, lines, style, left + pad,
                                        width - 2 * pad, top, n))
            line += n
    if article.author:
        style = fmt.styles["author"]
        pos, where = article.at("author")
        spans = composer.spans([(article.author, "author")], pos, where)
        # The style's indent is the first-line indent of the author line, and nothing else.
        lines = composer.compose_text(spans, width, style)
        n = display_lines_needed(fmt, style, len(lines))
        blocks.append(display_block(fmt, "author", article.name, lines, style, left, width,
                                    grid.line_top(line), n))
        line += n
    return Head(tuple(blocks), tuple(rects), line - box.line)
