"""An article on the grid: its head, then its body flowed through its text columns — in one box,
or in several (a continued article, 转版: the copy goes on in another box of this page or of
another page, with jump lines written here). A box round the article (花边/框) insets all of it;
an article's photo takes the top of some of its text columns and the text starts below it.

Every part is a list of text columns (body.Column) and the body is one flow through all of them
(flow.py), so the fit report, the overset and the characters to cut are the article's, whatever
its parts.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Sequence

from ..compose import Composer
from ..errors import Diagnostic, InputError, SourcePos
from ..model import Article, InlinePhoto, PageFormat, Placement, grid_place
from ..placed import FitReport, PlacedBlock, PlacedBox, PlacedImage, PlacedLine, PlacedRule
from .body import Column, flowed_blocks
from .checks import overset_mark
from .copyfit import chars_to_cut, close_article, far_too_long, first_words
from .flow import Item, fill, smallest_depth
from .headline import Head, continuation_head, place_head
from .lines import baseline_in, lines_block, placed_line
from .photo import PhotoBlock, photo_block
from .pour import FRAME_LINES, Pouring
from .mongolian import is_mongolian_article, place_mongolian_article
from .region import Box, Region
from .vertical_head import place_vertical_head, wants_vertical_head

ROUND_CORNER = 0.8  # radius of a round-cornered box, in characters of the body size


@dataclass(frozen=True)
class Part:
    """One box of an article's copy: the first (with the head), or a continuation."""

    index: int
    page: int
    place: Placement
    path: str
    pos: SourcePos
    jump_head: str = ""  # 接题 of a continuation


@dataclass(frozen=True)
class PartLayout:
    part: Part
    left: float  # inside a box round the article
    width: float
    head: Head
    photo: PhotoBlock | None
    photo_columns: frozenset[int]  # text columns under the article's photo
    body_top: int  # grid line of the first body line
    depth: int  # grid lines for the body (a fixed box's, or the room an auto one may take)
    least_depth: int = 1  # grid lines an auto box's body takes however short (a vertical head)


def article_parts(article: Article) -> list[Part]:
    parts = [Part(0, article.page, grid_place(article), article.path, article.pos)]
    for k, c in enumerate(article.continues, 1):
        parts.append(Part(k, c.page, c.place, c.path, c.pos, c.headline or article.name))
    return parts


def place_article(article: Article, composer: Composer, fmt: PageFormat,
                  figures: bool = True) -> list[tuple[int, Region]]:
    """The article's regions, each with the number of the page it stands on. `figures`: when
    its copy does not fit, work out the desk's figures (the characters to cut, how much taller
    its box must be) — the make-up, trying heights, only asks whether it fits."""
    if is_mongolian_article(article):
        return place_mongolian_article(article, composer, fmt)
    grid = fmt.grid
    parts = article_parts(article)
    layouts = [layout_part(article, part, composer, fmt) for part in parts]
    measure = text_column_width(fmt, layouts[0].width, grid_place(article).text_columns)
    for layout in layouts[1:]:
        here = text_column_width(fmt, layout.width, layout.part.place.text_columns)
        if abs(here - measure) > 0.01:
            raise InputError(layout.part.place.pos, f"the continuation's text columns are "
                             f"{here / grid.body_size:.1f} characters wide, the article's "
                             f"{measure / grid.body_size:.1f}", f"{layout.part.path}.place",
                             "give it a span and text_columns that make them as wide")
    columns = _columns(layouts, measure, fmt)
    last = layouts[-1]
    hopeless = far_too_long(article, fmt, measure, sum(c.capacity for c in columns))
    if hopeless is not None:
        return _hopeless(article, layouts, hopeless, fmt)
    full = [c.capacity for c in columns]
    pour = Pouring(article, composer, fmt, measure, columns, layouts)
    limits = fmt.styles["body"].copyfit
    chosen = close_article(pour.settings(), pour.frame_fit, limits,
                           fixed=last.part.place.height is not None)
    poured = pour(chosen)
    lines, columns, layouts, flow = poured.lines, poured.columns, poured.layouts, poured.flow
    fit, hole = poured.fit, poured.hole
    if chosen:
        fit = replace(fit, closed=pour({}).fit.lines_needed - fit.lines_needed,
                      adjusted=tuple(sorted((k + 1, em) for k, em in chosen.items())))
    hole += pour.unmended(poured, chosen, limits)
    if fit.over and figures:
        condensed = pour.most_condensed(limits)
        fit = replace(fit, chars_over=chars_to_cut(article, composer, fmt, measure, full,
                                                   limits),
                      overset_from=first_words(lines[flow.rest]),
                      taller_by=_taller_by(article, [ln.item for ln in condensed.lines],
                                           layouts, columns, fmt))
    regions: list[tuple[int, Region]] = []
    start = 0
    for k, layout in enumerate(layouts):
        count = layout.part.place.text_columns
        mine = range(start, start + count)
        start += count
        regions.append((layout.part.page, _part_region(
            article, layout, layouts, flowed_blocks(article.name, fmt, lines, flow, columns,
                                                    measure, mine),
            [columns[i] for i in mine], measure, composer, fmt,
            fit=fit if k == 0 else None, warnings=hole if k == 0 else (),
            overset=bool(fit.over) and k == len(layouts) - 1)))
    return regions


def layout_part(article: Article, part: Part, composer: Composer, fmt: PageFormat) -> PartLayout:
    grid = fmt.grid
    place = part.place
    left, width = grid.column_x(place.column), grid.span_width(place.span)
    line = place.line
    frame = article.frame
    if frame is not None:
        pad = frame.inset + frame.rule
        left, width, line = left + pad, width - 2 * pad, line + FRAME_LINES // 2
    foot = FRAME_LINES // 2 if frame is not None else 0
    if part.index == 0 and wants_vertical_head(article, fmt):
        down = grid.lines - line - foot if place.height is None else \
            place.line + place.height - foot - line
        vertical = place_vertical_head(article, composer, fmt, left, width, grid.line_top(line),
                                       down * grid.line_pitch, place.text_columns)
        left, width = left + vertical.strip, width - vertical.strip
        head = place_head(replace(article, headline=None), composer, fmt, left, width, line)
        head = replace(head, blocks=vertical.blocks + head.blocks)
        least = math.ceil(vertical.length / grid.line_pitch - 1e-6) - head.lines
    elif part.index == 0:
        head, least = place_head(article, composer, fmt, left, width, line), 1
    else:
        least = 1
        head = continuation_head(article, part.jump_head, part.pos, f"{part.path}.headline",
                                 composer, fmt, left, width, line)
    body_top = line + head.lines
    if place.height is None:
        depth = grid.lines - body_top - foot
    else:
        depth = place.line + place.height - foot - body_top
    if depth < 1:
        raise InputError(place.pos, f"`{article.name}` leaves no line for its text under its "
                         f"head", f"{part.path}.place.height", "make it taller")
    photo: PhotoBlock | None = None
    under: frozenset[int] = frozenset()
    if part.index == 0 and article.photo is not None:
        photo, under = _photo(article, article.photo, composer, fmt, left, width, body_top,
                              depth)
    return PartLayout(part, left, width, head, photo, under, body_top, depth, least)


def _photo(article: Article, photo: InlinePhoto, composer: Composer, fmt: PageFormat,
           left: float, width: float, top: int, depth: int) -> tuple[PhotoBlock, frozenset[int]]:
    """The article's photo at the top of its first or last text columns, and those columns."""
    grid = fmt.grid
    count = grid_place(article).text_columns
    measure = text_column_width(fmt, width, count)
    under = range(count - photo.columns, count) if photo.side == "right" else \
        range(photo.columns)
    x = left + under.start * (measure + grid.gutter)
    span = photo.columns * measure + (photo.columns - 1) * grid.gutter
    lines = None if photo.lines is None else photo.lines
    block = photo_block(photo, composer, fmt, x, span, top, lines, photo.pos,
                        f"{photo.path}.lines")
    if block.lines + 1 >= depth:
        raise InputError(photo.pos, f"the photo of `{article.name}` takes {block.lines} of the "
                         f"{depth} lines its text columns have", f"{photo.path}.lines",
                         "give it fewer lines, or the article more height")
    return block, frozenset(under)


def _columns(layouts: Sequence[PartLayout], measure: float, fmt: PageFormat) -> list[Column]:
    """Every text column of every part, in reading order, with what the photo, the jump lines
    (上接 at the top of a continuation, 下转 at the foot of a part the copy leaves) take."""
    gutter = fmt.grid.gutter
    out = []
    for k, layout in enumerate(layouts):
        count = layout.part.place.text_columns
        for c in range(count):
            top = layout.photo.lines + 1 \
                if layout.photo is not None and c in layout.photo_columns else 0
            top += 1 if k > 0 and c == 0 else 0
            foot = 1 if k < len(layouts) - 1 and c == count - 1 else 0
            out.append(Column(layout.left + c * (measure + gutter), layout.body_top + top,
                              layout.depth - top - foot))
    return out


def _part_region(article: Article, layout: PartLayout, layouts: Sequence[PartLayout],
                 body: list[PlacedBlock], columns: Sequence[Column], measure: float,
                 composer: Composer, fmt: PageFormat, fit: FitReport | None,
                 warnings: tuple[Diagnostic, ...], overset: bool) -> Region:
    part = layout.part
    place = part.place
    frame_lines = FRAME_LINES if article.frame is not None else 0
    height = place.height if place.height is not None else \
        layout.head.lines + layout.depth + frame_lines
    box = Box(place.column, place.span, place.line, height)
    _vertical_head_within(article, layout, fmt.grid.line_top(place.line + height), part.pos,
                          part.path)
    blocks = list(layout.head.blocks)
    images: tuple[PlacedImage, ...] = ()
    if layout.photo is not None:
        blocks += layout.photo.blocks
        images = (layout.photo.image,)
    # Reading order: 上接 (the jump line a continuation opens with) before the body it
    # introduces, 下转 after the body it ends.
    for line in _jump_lines(article, layout, layouts, columns, measure, composer, fmt):
        jump = lines_block("jump", article.name, [line])
        if "上接" in line.text:
            blocks.append(jump)
            blocks += body
        else:
            if body:
                blocks += body
            blocks.append(jump)
        body = []
    blocks += body
    rules = layout.head.rules + _column_rules(article, layout, columns, measure, fmt) + \
        _item_rules(article, blocks, columns, fmt)
    name = article.name if part.index == 0 else f"{article.name} (continued)"
    return Region(name, part.path, part.pos, box, blocks=tuple(blocks),
                  rects=layout.head.rects, images=images, fit=fit,
                  warnings=warnings + (layout.photo.warnings if layout.photo else ()),
                  proof=overset_mark(fmt, box) if overset else (), rules=rules,
                  frames=_frame(article, box, fmt))


def _jump_lines(article: Article, layout: PartLayout, layouts: Sequence[PartLayout],
                columns: Sequence[Column], measure: float, composer: Composer,
                fmt: PageFormat) -> list[PlacedLine]:
    """「（上接第N版）」 at the top of a continuation, 「（下转第N版）」 at the foot of a part the
    copy leaves; on the same page they name the column (第N栏)."""
    grid = fmt.grid
    style_name = "jump" if "jump" in fmt.styles else "byline"
    style = fmt.styles[style_name]
    k = layout.part.index
    out = []
    for other, word, column, line in (
            (layouts[k - 1] if k else None, "上接", columns[0], columns[0].top - 1),
            (layouts[k + 1] if k + 1 < len(layouts) else None, "下转", columns[-1],
             columns[-1].top + columns[-1].capacity)):
        if other is None:
            continue
        target = f"第{other.part.page}版" if other.part.page != layout.part.page else \
            f"第{other.part.place.column + 1}栏"
        spans = composer.spans([(f"（{word}{target}）", style_name)], layout.part.pos,
                               layout.part.path)
        composed = composer.compose_text(spans, measure, style, indent=0.0)[0]
        x = column.x if word == "上接" else column.x + measure - composed.width
        baseline = baseline_in(grid.line_top(line), grid.line_pitch, style.size)
        out.append(placed_line(fmt.styles, composed, x, baseline, style, line))
    return out


def _column_rules(article: Article, layout: PartLayout, columns: Sequence[Column],
                  measure: float, fmt: PageFormat) -> tuple[PlacedRule, ...]:
    """Rules in the gutters between the part's text columns, as deep as its body."""
    if not article.column_rules or len(columns) < 2:
        return ()
    grid = fmt.grid
    top = grid.line_top(layout.body_top)
    bottom = grid.line_top(layout.body_top + layout.depth)
    return tuple(PlacedRule(c.x - grid.gutter / 2, top, c.x - grid.gutter / 2, bottom,
                            fmt.rule_width, fmt.rule_colour) for c in columns[1:])


def _item_rules(article: Article, blocks: Sequence[PlacedBlock], columns: Sequence[Column],
                fmt: PageFormat) -> tuple[PlacedRule, ...]:
    """A thin rule above each item of a briefs column but the first of a column."""
    if not article.briefs:
        return ()
    grid = fmt.grid
    tops = {round(grid.line_top(c.top), 2) for c in columns}
    return tuple(PlacedRule(b.x, b.y + grid.line_pitch * 0.15, b.x + b.width,
                            b.y + grid.line_pitch * 0.15, fmt.rule_width, fmt.rule_colour)
                 for b in blocks if b.kind == "subhead" and round(b.y, 2) not in tops)


def _frame(article: Article, box: Box, fmt: PageFormat) -> tuple[PlacedBox, ...]:
    """The box round the article: its rule centred half a grid line inside the part's box, so
    the text inside keeps to the grid."""
    frame = article.frame
    if frame is None:
        return ()
    grid = fmt.grid
    x = box.left_pt(grid) + frame.rule / 2
    y = grid.line_top(box.line) + grid.line_pitch / 2
    radius = ROUND_CORNER * grid.body_size if frame.corners == "round" else 0.0
    return (PlacedBox(x, y, box.width_pt(grid) - frame.rule,
                        (box.height - 1) * grid.line_pitch, frame.rule, frame.colour,
                        frame.tint, radius),)


def _taller_by(article: Article, items: Sequence[Item], layouts: Sequence[PartLayout],
               columns: Sequence[Column], fmt: PageFormat) -> int | None:
    """Grid lines the last box needs to grow by to hold all the copy (None: the page has not
    that many below it)."""
    last = layouts[-1]
    place = last.part.place
    if place.height is None:
        return None
    count = place.text_columns
    before = fill(items, [c.capacity for c in columns[:-count]]).rest
    taken = [last.depth - c.capacity for c in columns[-count:]]
    foot = FRAME_LINES // 2 if article.frame is not None else 0
    room = fmt.grid.lines - last.body_top - foot
    needed = smallest_depth(items[before:], taken, room)
    if fill(items[before:], [needed - t for t in taken]).rest < len(items) - before:
        return None
    return needed - last.depth


def _hopeless(article: Article, layouts: Sequence[PartLayout], fit: FitReport,
              fmt: PageFormat) -> list[tuple[int, Region]]:
    grid = fmt.grid
    out = []
    for k, layout in enumerate(layouts):
        place = layout.part.place
        box = Box(place.column, place.span, place.line, place.height or grid.lines - place.line)
        out.append((layout.part.page, Region(
            article.name, layout.part.path, layout.part.pos, box, blocks=layout.head.blocks,
            rects=layout.head.rects, proof=overset_mark(fmt, box) if k == len(layouts) - 1
            else (), fit=fit if k == 0 else None)))
    return out


def _vertical_head_within(article: Article, layout: PartLayout, bottom: float, pos: SourcePos,
                          path: str) -> None:
    """A vertical head longer than its article's box is an input error, never a head that
    runs over the blocks below."""
    over = max((block.y + block.height - bottom for block in layout.head.blocks
                if block.lines and block.lines[0].vertical), default=0.0)
    if over > 0.5:
        raise InputError(pos, f"the vertical head of `{article.name}` is "
                         f"{over / layout.head.blocks[0].lines[0].runs[0].size:.1f} characters "
                         f"longer than the article", f"{path}.place.height",
                         "give the article a height of more grid lines, or shorten the head")


def text_column_width(fmt: PageFormat, width: float, count: int) -> float:
    """The width of each of `count` text columns across `width` pt."""
    return (width - (count - 1) * fmt.grid.gutter) / count
