"""An article's head: kicker, main headline (with its bar) and deck in the article's headline
style, then the author mark, each on whole grid lines above the text columns; and the
continuation headline (接题) of a continued article's later parts."""
from __future__ import annotations

from dataclasses import dataclass

from ..compose import ComposedLine, Composer
from ..errors import InputError
from ..model import Article, PageFormat, TextStyle
from ..placed import PlacedBlock, PlacedRect, PlacedRule
from .lines import display_block, display_lines_needed, into_bleed


@dataclass(frozen=True)
class Head:
    blocks: tuple[PlacedBlock, ...]
    rects: tuple[PlacedRect, ...]
    lines: int  # grid lines the head takes
    rules: tuple[PlacedRule, ...] = ()


def place_head(article: Article, composer: Composer, fmt: PageFormat, left: float,
               width: float, line: int) -> Head:
    """The headline parts and the author mark from grid line `line` down, `width` pt wide."""
    grid = fmt.grid
    pad = grid.body_size  # headlines keep a character clear of the box's sides
    blocks: list[PlacedBlock] = []
    rects: list[PlacedRect] = []
    rules: list[PlacedRule] = []
    start = line
    if article.headline:
        h = article.headline
        look = fmt.headline_style(h.style)
        pos, where = article.at("headline")
        for kind, text, style_name in (("kicker", h.kicker, look.kicker),
                                       ("headline", h.main, look.main),
                                       ("deck", h.deck, look.deck)):
            if not text:
                continue
            style = fmt.styles[style_name]
            spans = composer.spans([(text, style_name)], h.pos or pos, where)
            lines = composer.compose_headline(spans, width - 2 * pad)
            _within_lines(kind, text, style, lines, width - 2 * pad, composer,
                          h.pos or pos, where)
            n = display_lines_needed(fmt, style, len(lines))
            rects += _bar(fmt, style, left, width, line, n)
            blocks.append(display_block(fmt, kind, article.name, lines, style, left + pad,
                                        width - 2 * pad, grid.line_top(line), n))
            line += n
        if look.rule:
            y = grid.line_top(line) - grid.line_pitch * 0.25
            rules.append(PlacedRule(left, y, left + width, y, look.rule, look.rule_colour))
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
    return Head(tuple(blocks), tuple(rects), line - start, tuple(rules))


def continuation_head(article: Article, text: str, pos, where: str, composer: Composer,
                      fmt: PageFormat, left: float, width: float, line: int) -> Head:
    """The 接题 over a later part of a continued article, in the format's `jump-headline` style
    (else the deck style of the article's headline look)."""
    grid = fmt.grid
    name = "jump-headline" if "jump-headline" in fmt.styles else \
        fmt.headline_style(article.headline.style if article.headline else
                           fmt.headline_styles[0].name).deck
    style = fmt.styles[name]
    pad = grid.body_size
    lines = composer.compose_headline(composer.spans([(text, name)], pos, where), width - 2 * pad)
    n = display_lines_needed(fmt, style, len(lines))
    block = display_block(fmt, "headline", article.name, lines, style, left + pad,
                          width - 2 * pad, grid.line_top(line), n)
    return Head((block,), tuple(_bar(fmt, style, left, width, line, n)), n)


def _bar(fmt: PageFormat, style: TextStyle, left: float, width: float, line: int,
         lines: int) -> list[PlacedRect]:
    """The tint behind a headline set in a style with a background (a bar, or a reversed
    headline's solid colour)."""
    if style.background is None:
        return []
    grid = fmt.grid
    inset = grid.line_pitch * 0.3
    bar = into_bleed(fmt, left, grid.line_top(line) + inset, width,
                     lines * grid.line_pitch - 2 * inset)
    return [PlacedRect(*bar, style.background)]


#: The most lines a part of a head takes unless its style says (`max_lines`).
MAX_LINES = {"headline": 3, "kicker": 2, "deck": 2}


def _within_lines(kind: str, text: str, style: TextStyle, lines: list[ComposedLine],
                  measure: float, composer: Composer, pos, where: str) -> None:
    """A head part that needs more lines than its style allows is an input error (never a bar
    grown past its look), saying how many characters too long it is at this width."""
    most = style.max_lines or MAX_LINES.get(kind, 0)
    if not most or len(lines) <= most:
        return
    from ..errors import SourcePos

    def fits(count: int) -> bool:
        spans = composer.spans([(text[:count], style.name)], SourcePos("<headline>"), "")
        return len(composer.compose_headline(spans, measure)) <= most

    low, high = 1, len(text)  # the longest start of the text that fits
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    over = len(text.replace("\n", "")) - low
    raise InputError(pos, f"the {kind} needs {len(lines)} lines {measure / style.size:.0f} "
                     f"characters wide, and style `{style.name}` allows {most}: it is about "
                     f"{max(over, 1)} characters too long", where,
                     "shorten it, widen the block, or break it by hand (a list of lines); "
                     "`max_lines` in the format's style sets the limit")
