"""An article's body as flow items, and the items placed where the flow put them.

A body line is one item of one grid line; a subhead is one item of its grid lines that keeps
with the line after it. Where the flow puts them (flow.py) decides their columns and grid lines,
so every body line sits on the page's line grid.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from ..compose import ComposedLine, Composer, Span
from ..model import Article, Block, PageFormat, Paragraph, TextStyle
from ..placed import PlacedBlock, PlacedLine
from .flow import Flow, Item
from .lines import baseline_in, display_block, display_lines_needed, lines_block, markup_parts
from .lines import placed_line


@dataclass(frozen=True)
class Line:
    """A flow item with what it holds: one body line, or a subhead's lines."""

    item: Item
    lines: tuple[ComposedLine, ...]
    style: TextStyle
    chars: int  # characters of copy it carries
    block: int = 0  # the body block it comes from (its index)

    @property
    def is_subhead(self) -> bool:
        return self.item.keep_with_next


@dataclass(frozen=True)
class Column:
    """One text column the body flows into: its left edge, the grid line its first body line
    sits on, and how many grid lines it holds."""

    x: float
    top: int
    capacity: int


def body_lines(article: Article, composer: Composer, fmt: PageFormat, measure: float,
               blocks: Sequence[Block] | None = None,
               adjust: Mapping[int, float] | None = None) -> list[Line]:
    """The article's body (or `blocks` in its place) as flow items. The byline runs in at the
    start of the first paragraph; inline markup (markup.py) sets runs bold, with emphasis
    dots, or as sub- and superscripts. `adjust`: copyfitting, em per line by block index
    (positive: set tighter)."""
    body = fmt.styles["body"]
    subhead = fmt.styles[head_style(article, fmt)]
    out: list[Line] = []
    for i, spans in enumerate(block_spans(article, composer, blocks)):
        block = (article.blocks if blocks is None else blocks)[i]
        if isinstance(block, Paragraph):
            em = (adjust or {}).get(i, 0.0)
            out += [Line(Item(1), (cl,), body, len(cl.text), i)
                    for cl in composer.compose_text(spans, measure, body, adjust=em * body.size)]
        else:
            heads = tuple(composer.compose_headline(spans, measure))
            n = display_lines_needed(fmt, subhead, len(heads))
            out.append(Line(Item(n, keep_with_next=True), heads, subhead, len(block.text), i))
    return out


def block_spans(article: Article, composer: Composer,
                blocks: Sequence[Block] | None = None) -> list[list[Span]]:
    """The spans of each of the article's body blocks (or of `blocks`): the byline runs in at
    the start of the first paragraph."""
    out = []
    first_paragraph = True
    for i, block in enumerate(article.blocks if blocks is None else blocks):
        where = f"{article.path}.body[{i}]"
        if isinstance(block, Paragraph):
            spans = composer.spans(markup_parts(block.text, "body", composer), block.pos, where)
            if first_paragraph and article.byline:  # its characters blamed on its own field
                spans = composer.spans([(article.byline, "byline")], *article.at("byline")) \
                    + spans
            first_paragraph = False
            out.append(spans)
        else:
            out.append(composer.spans([(block.text, head_style(article, composer))],
                                      block.pos, where))
    return out


def head_style(article: Article, fmt) -> str:
    """The style of the article's subheads: a briefs column's item heads in `brief-head` when
    the format has it. `fmt`: the format, or a composer (both know the styles)."""
    return "brief-head" if article.briefs and "brief-head" in fmt.styles else "subhead"


def flowed_blocks(name: str, fmt: PageFormat, lines: Sequence[Line], flow: Flow,
                  columns: Sequence[Column], measure: float, regions: range) -> list[PlacedBlock]:
    """The lines the flow put in `regions` (indexes into `columns`), cut into body blocks at
    each subhead."""
    grid = fmt.grid
    current: list[PlacedLine] = []
    blocks: list[PlacedBlock] = []
    for slot in flow.slots:
        if slot.region not in regions:
            continue
        line = lines[slot.item]
        column = columns[slot.region]
        grid_line = column.top + slot.line
        if line.is_subhead:  # close the body block so far, then the subhead
            if current:
                blocks.append(lines_block("body", name, current))
                current = []
            blocks.append(display_block(fmt, "subhead", name, line.lines, line.style,
                                        column.x, measure, grid.line_top(grid_line),
                                        line.item.lines))
            continue
        baseline = baseline_in(grid.line_top(grid_line), grid.line_pitch, line.style.size)
        current.append(placed_line(fmt.styles, line.lines[0], column.x, baseline, line.style,
                                   grid_line))
    if current:
        blocks.append(lines_block("body", name, current))
    return blocks
