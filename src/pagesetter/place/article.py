"""An article on the grid: its head, then its body flowed through its text columns.

Body lines and subheads become flow items (flow.py); where the flow puts them decides their
columns and grid lines, so every body line sits on the page's line grid.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from ..compose import ComposedLine, Composer
from ..model import Article, Block, PageFormat, Paragraph, Placement, TextStyle
from ..placed import FitReport, GridArea, PlacedBlock, PlacedLine
from .checks import fit_report, overset_mark, taller_by
from .flow import Flow, Item, balanced_depth, fill
from .headline import place_head
from .lines import baseline_in, display_block, display_lines_needed, lines_block, placed_line
from .region import Box, Region


@dataclass(frozen=True)
class Line:
    """A flow item with what it holds: one body line, or a subhead's lines."""

    item: Item
    lines: tuple[ComposedLine, ...]
    style: TextStyle
    chars: int  # characters of copy it carries

    @property
    def is_subhead(self) -> bool:
        return self.item.keep_with_next


def place_article(article: Article, composer: Composer, fmt: PageFormat) -> Region:
    grid = fmt.grid
    place = article.place
    head = place_head(article, composer, fmt, Box(place.column, place.span, place.line, 0))
    measure = text_column_width(fmt, place)
    room = grid.lines - place.line - head.lines
    box_depth = room if place.height is None else max(place.height - head.lines, 0)
    hopeless = far_too_long(article, fmt, measure, place.text_columns * box_depth)
    if hopeless is not None:
        box = Box(place.column, place.span, place.line, place.height or grid.lines - place.line)
        return Region(article.name, article.path, article.pos, box, blocks=head.blocks,
                      rects=head.rects, proof=overset_mark(fmt, box), fit=hopeless)
    lines = body_lines(article, composer, fmt, measure)
    items = [line.item for line in lines]
    if place.height is None:
        depth = balanced_depth(items, place.text_columns, room)
        height = head.lines + depth
        fill_to = depth
    else:
        height = place.height
        depth = max(place.height - head.lines, 0)
        # Balanced: the columns share the copy evenly, and what is left over stays at the foot
        # of every column instead of emptying the last one.
        fill_to = balanced_depth(items, place.text_columns, depth) if grid.balance else depth
    flow = fill(items, [fill_to] * place.text_columns)
    box = Box(place.column, place.span, place.line, height)
    first_line = place.line + head.lines
    body = flowed_blocks(article, fmt, lines, flow, first_line, measure)
    fit, marks, warnings = fit_report(article, fmt, box, lines, flow, depth)
    fit = replace(fit, area=GridArea(place.column + 1, place.span, place.line + 1, height,
                                     auto=place.height is None))
    if fit.over:
        fit = replace(fit, chars_over=chars_to_cut(article, composer, fmt, measure, depth),
                      overset_from=_first_words(lines[flow.rest]),
                      taller_by=taller_by(lines, place.text_columns, depth, room))
    elif place.height is not None:
        fit = replace(fit, room=room_left(lines, fit.empty, measure, fmt))
    return Region(article.name, article.path, article.pos, box,
                  blocks=head.blocks + tuple(body), rects=head.rects, proof=marks, fit=fit,
                  warnings=warnings)


#: Copy longer than this many times what its box can hold is reported without being composed:
#: a misplaced file or a pasted book would otherwise take minutes and gigabytes to say so.
HOPELESS = 4


def far_too_long(article: Article, fmt: PageFormat, measure: float, lines: int) \
        -> FitReport | None:
    """A fit report estimated from the character count, for copy HOPELESS times longer than
    its box holds; None for copy that is worth composing."""
    per_line = max(1, int(measure / fmt.styles["body"].size))
    chars = len(article.byline) + sum(len(block.text) for block in article.blocks)
    holds = per_line * lines
    if chars <= HOPELESS * holds + 2000:
        return None
    needed = -(-chars // per_line)
    return FitReport(article.name, article.path, lines, needed, needed - lines, 0,
                     chars - holds, estimated=True)


def chars_to_cut(article: Article, composer: Composer, fmt: PageFormat, measure: float,
                 depth: int) -> int:
    """The fewest characters to cut from the end of the copy for it to fit its columns
    `depth` lines deep: found by composing the shortened copy (a binary search; removing
    characters never adds lines)."""
    columns = article.place.text_columns
    total = sum(len(block.text) for block in article.blocks)

    def fits(cut: int) -> bool:
        lines = body_lines(article, composer, fmt, measure, _cut_from_end(article.blocks, cut))
        items = [line.item for line in lines]
        return fill(items, [depth] * columns).rest == len(items)

    low, high = 1, total  # fits(high) holds: no copy at all
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _cut_from_end(blocks: Sequence[Block], cut: int) -> tuple[Block, ...]:
    """`blocks` without their last `cut` characters (whole blocks dropped as needed)."""
    kept = list(blocks)
    while kept and cut > 0:
        last = kept.pop()
        if cut < len(last.text):
            kept.append(replace(last, text=last.text[:len(last.text) - cut]))
        cut -= len(last.text)
    return tuple(kept)


def _first_words(line: Line, count: int = 12) -> str:
    text = "".join(cl.text for cl in line.lines)
    return text[:count] + ("…" if len(text) > count else "")


def room_left(lines: Sequence[Line], empty: int, measure: float, fmt: PageFormat) -> int:
    """About how many more body characters the box takes: its `empty` lines at the body's
    measure, and what is left of the copy's last line."""
    size = fmt.styles["body"].size
    tail = 0
    if lines and not lines[-1].is_subhead:
        last = lines[-1].lines[0]
        tail = int((measure - last.width - last.line.indent) // size)
    return max(0, empty * int(measure // size) + tail)


def text_column_width(fmt: PageFormat, place: Placement) -> float:
    grid = fmt.grid
    width = grid.span_width(place.span)
    return (width - (place.text_columns - 1) * grid.gutter) / place.text_columns


def body_lines(article: Article, composer: Composer, fmt: PageFormat, measure: float,
               blocks: Sequence[Block] | None = None) -> list[Line]:
    """The article's body (or `blocks` in its place) as flow items: one per body line, one per
    subhead. The byline runs in at the start of the first paragraph."""
    body = fmt.styles["body"]
    subhead = fmt.styles["subhead"]
    out: list[Line] = []
    first_paragraph = True
    for i, block in enumerate(article.blocks if blocks is None else blocks):
        where = f"{article.path}.body[{i}]"
        if isinstance(block, Paragraph):
            parts = [(block.text, "body")]
            if first_paragraph and article.byline:
                parts.insert(0, (article.byline, "byline"))
            first_paragraph = False
            spans = composer.spans(parts, block.pos, where)
            out += [Line(Item(1), (cl,), body, len(cl.text))
                    for cl in composer.compose_text(spans, measure, body)]
        else:
            spans = composer.spans([(block.text, "subhead")], block.pos, where)
            heads = tuple(composer.compose_headline(spans, measure))
            n = display_lines_needed(fmt, subhead, len(heads))
            out.append(Line(Item(n, keep_with_next=True), heads, subhead, len(block.text)))
    return out


def flowed_blocks(article: Article, fmt: PageFormat, lines: Sequence[Line], flow: Flow,
                  first_line: int, measure: float) -> list[PlacedBlock]:
    """Body lines where the flow put them, cut into body blocks at each subhead."""
    grid = fmt.grid
    left0 = grid.column_x(article.place.column)
    current: list[PlacedLine] = []
    blocks: list[PlacedBlock] = []
    for slot in flow.slots:
        line = lines[slot.item]
        left = left0 + slot.region * (measure + grid.gutter)
        grid_line = first_line + slot.line
        if line.is_subhead:  # close the body block so far, then the subhead
            if current:
                blocks.append(lines_block("body", article.name, current))
                current = []
            blocks.append(display_block(fmt, "subhead", article.name, line.lines, line.style,
                                        left, measure, grid.line_top(grid_line),
                                        line.item.lines))
            continue
        baseline = baseline_in(grid.line_top(grid_line), grid.line_pitch, line.style.size)
        current.append(placed_line(fmt.styles, line.lines[0], left, baseline, line.style,
                                   grid_line))
    if current:
        blocks.append(lines_block("body", article.name, current))
    return blocks
