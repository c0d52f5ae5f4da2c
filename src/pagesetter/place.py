"""Place stage: composed text and photos → blocks on the page grid (placed.py).

Articles occupy whole base columns and whole grid lines. Headlines, subheads, captions and photos
take whole grid lines, so every body line sits on the page's line grid.
"""
from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field, replace

from .compose import ComposedLine, Composer
from .errors import InputError
from .model import (Article, Colour, Grid, Issue, Page, PageFormat, Paragraph, Photo, Placement,
                    TextStyle)
from .placed import (FitReport, PlacedBlock, PlacedImage, PlacedLine, PlacedPage,
                     PlacedRect, PlacedRule, PlacedRun)
from .textrules import is_stray_western_comma

ASCENT = 0.88  # CJK em box above the baseline (Noto CJK, LXGW: 880/1000)
MIN_PHOTO_PPI = 150  # newsprint: below this the photo prints soft
WEEKDAYS = "一二三四五六日"
OVERSET_MARK = Colour("overset", 0, 1, 0, 0)  # one ink: a rule over it stays in limits


@dataclass
class _Region:
    """What one article or photo put on the page."""

    name: str
    place: Placement
    height: int
    blocks: list[PlacedBlock] = field(default_factory=list)
    rects: list[PlacedRect] = field(default_factory=list)
    images: list[PlacedImage] = field(default_factory=list)
    fit: FitReport | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _FlowItem:
    """A body line or a subhead, in reading order; `lines` grid lines tall."""

    lines: list[ComposedLine]
    grid_lines: int
    style: TextStyle
    keep_with_next: bool
    chars: int


def place_issue(issue: Issue, composer: Composer | None = None, grid: bool = False) \
        -> list[PlacedPage]:
    composer = composer or Composer(issue.format)
    return [place_page(issue, page, composer, grid) for page in issue.pages]


def place_page(issue: Issue, page: Page, composer: Composer, grid: bool = False) -> PlacedPage:
    fmt = issue.format
    regions = [_place_article(a, composer) for a in page.articles]
    regions += [_place_photo(p, composer) for p in page.photos]
    _check_overlaps(regions, [a.path for a in page.articles] + [p.path for p in page.photos],
                    [a.pos for a in page.articles] + [p.pos for p in page.photos])
    header_blocks, header_rules = _header(issue, page, composer)
    rules = header_rules + _rules_between(regions, fmt)
    blocks = header_blocks + [b for r in regions for b in r.blocks]
    return PlacedPage(
        number=page.number, width=fmt.trim_width, height=fmt.trim_height, bleed=fmt.bleed,
        fonts=dict(fmt.fonts), rects=tuple(r for reg in regions for r in reg.rects),
        rules=tuple(rules), images=tuple(i for reg in regions for i in reg.images),
        blocks=tuple(blocks), fit=tuple(r.fit for r in regions if r.fit),
        warnings=tuple(w for r in regions for w in r.warnings),
        slug=f"{issue.publication} 第{issue.number}期 第{page.number}版 {issue.date} "
             f"{issue.source.name}",
        grid_overlay=_grid_overlay(fmt, regions) if grid else (),
        grid_rules=_grid_lines(fmt) if grid else (),
        title=f"{issue.publication} 第{issue.number}期 第{page.number}版",
    )


# --- text lines → placed lines ---------------------------------------------------------------

def _placed_line(composer: Composer, cl: ComposedLine, left: float, baseline: float,
                 style: TextStyle, grid_line: int | None = None) -> PlacedLine:
    styles = composer.format.styles
    origin = left + cl.line.indent
    runs = tuple(PlacedRun(run.text, run.xs, styles[run.style].font, run.size,
                           styles[run.style].colour, run.scale) for run in cl.glyph_runs)
    return PlacedLine(cl.text, origin, baseline, cl.line.width, style.size, style.name, runs,
                      grid_line)


def _aligned_left(left: float, width: float, cl: ComposedLine, align: str) -> float:
    if align == "centre":
        return left + (width - cl.width) / 2
    if align == "right":
        return left + width - cl.width
    return left


def _baseline_in(top: float, height: float, size: float) -> float:
    """Baseline that centres a line's em box in a band `height` tall."""
    return top + (height - size) / 2 + ASCENT * size


def _display_block(composer: Composer, kind: str, name: str, lines: list[ComposedLine],
                   style: TextStyle, left: float, width: float, top: float,
                   grid_lines: int) -> PlacedBlock:
    """Headline-like lines centred as a group in `grid_lines` whole grid lines."""
    pitch = composer.format.grid.line_pitch
    height = grid_lines * pitch
    leading = style.leading or style.size * 1.25
    group = leading * (len(lines) - 1) + style.size
    first = top + (height - group) / 2 + ASCENT * style.size
    placed = tuple(
        _placed_line(composer, cl, _aligned_left(left, width, cl, style.align),
                     first + i * leading, style) for i, cl in enumerate(lines))
    return PlacedBlock(kind, name, left, top, width, height, placed)


def _display_lines_needed(composer: Composer, style: TextStyle, count: int) -> int:
    pitch = composer.format.grid.line_pitch
    leading = style.leading or style.size * 1.25
    needed = math.ceil((leading * (count - 1) + style.size * 1.6) / pitch)
    return max(style.lines, needed)


# --- articles --------------------------------------------------------------------------------

def _place_article(article: Article, composer: Composer) -> _Region:
    """Headline parts, author mark, then the body flowed through the text columns."""
    place = article.place
    region = _Region(article.name, place, 0)
    line = _place_headline(article, composer, region, place.line)
    line = _place_author(article, composer, region, line)
    grid = composer.format.grid
    items = _flow_items(article, composer, _text_column_width(grid, place))
    region.warnings.extend(_stray_comma_warnings(article))
    _flow_body(article, composer, items, region, line, line - place.line)
    return region


def _column_box(grid: Grid, place: Placement) -> tuple[float, float]:
    """Left edge and width of a placement's base columns."""
    return grid.column_x(place.column), grid.span_width(place.span)


def _place_headline(article: Article, composer: Composer, region: _Region, line: int) -> int:
    """Kicker, main headline (with its bar) and deck, each on whole grid lines; returns the
    first grid line below them."""
    if not article.headline:
        return line
    fmt = composer.format
    grid = fmt.grid
    left, width = _column_box(grid, article.place)
    pad = grid.body_size  # headlines keep a character clear of the box's sides
    h = article.headline
    where = f"{article.path}.headline"
    for kind, text, style_name in (("kicker", h.kicker, "kicker"), ("headline", h.main, h.style),
                                   ("deck", h.deck, "deck")):
        if not text:
            continue
        style = fmt.styles[style_name]
        spans = composer.spans([(text, style_name)], h.pos or article.pos, where)
        lines = composer.compose_headline(spans, width - 2 * pad)
        n = _display_lines_needed(composer, style, len(lines))
        top = grid.line_top(line)
        if style.background is not None:
            inset = grid.line_pitch * 0.3
            box = _into_bleed(fmt, left, top + inset, width, n * grid.line_pitch - 2 * inset)
            region.rects.append(PlacedRect(*box, style.background))
        region.blocks.append(_display_block(composer, kind, article.name, lines, style,
                                            left + pad, width - 2 * pad, top, n))
        line += n
    return line


def _place_author(article: Article, composer: Composer, region: _Region, line: int) -> int:
    """The author mark (□包玉莲) on its own grid lines under the headline."""
    if not article.author:
        return line
    grid = composer.format.grid
    left, width = _column_box(grid, article.place)
    style = composer.style("author")
    spans = composer.spans([(article.author, "author")], article.pos, f"{article.path}.author")
    lines = composer.compose_text(spans, width, style)
    n = _display_lines_needed(composer, style, len(lines))
    indent = style.indent * grid.body_size
    region.blocks.append(_display_block(composer, "author", article.name, lines, style,
                                        left + indent, width - indent, grid.line_top(line), n))
    return line + n


def _text_column_width(grid: Grid, place: Placement) -> float:
    _, width = _column_box(grid, place)
    return (width - (place.text_columns - 1) * grid.gutter) / place.text_columns


def _stray_comma_warnings(article: Article) -> list[str]:
    warnings = []
    for i, block in enumerate(article.blocks):
        k = -1
        while (k := block.text.find(",", k + 1)) >= 0:
            if is_stray_western_comma(block.text, k):
                context = block.text[max(0, k - 6):k + 6].strip()
                warnings.append(f"{block.pos}: {article.path}.body[{i}]: half-width comma in "
                                f"Chinese text (“{context}”), printed as typed "
                                f"(hint: GB/T 15834 §4.4 wants “，”)")
    return warnings


def _flow_items(article: Article, composer: Composer, measure: float) -> list[_FlowItem]:
    body = composer.style("body")
    subhead = composer.style("subhead")
    items: list[_FlowItem] = []
    first_paragraph = True
    for i, block in enumerate(article.blocks):
        where = f"{article.path}.body[{i}]"
        if isinstance(block, Paragraph):
            parts = [(block.text, "body")]
            if first_paragraph and article.byline:
                parts.insert(0, (article.byline, "byline"))
            first_paragraph = False
            spans = composer.spans(parts, block.pos, where)
            for cl in composer.compose_text(spans, measure, body):
                items.append(_FlowItem([cl], 1, body, False, len(cl.text)))
        else:
            spans = composer.spans([(block.text, "subhead")], block.pos, where)
            lines = composer.compose_headline(spans, measure)
            n = _display_lines_needed(composer, subhead, len(lines))
            items.append(_FlowItem(lines, n, subhead, True, len(block.text)))
    return items


def _fill(items: list[_FlowItem], columns: int, capacity: int) \
        -> tuple[list[tuple[_FlowItem, int, int]], int]:
    """Fill text columns top to bottom. Returns (item, column, line) placements and the index
    of the first item that did not fit (len(items) when all fit)."""
    placed = []
    col = line = 0
    for idx, item in enumerate(items):
        need = item.grid_lines + (1 if item.keep_with_next else 0)
        if line > 0 and line + need > capacity:
            col, line = col + 1, 0
        if col >= columns or item.grid_lines > capacity:
            return placed, idx
        placed.append((item, col, line))
        line += item.grid_lines
    return placed, len(items)


def _flow_body(article: Article, composer: Composer, items: list[_FlowItem], region: _Region,
               first_line: int, top_lines: int) -> None:
    """Flow the body through the text columns below the headline, and report the fit."""
    grid = composer.format.grid
    place = article.place
    if place.height is None:
        capacity = _auto_capacity(items, place.text_columns, grid.lines - first_line)
        region.height = top_lines + capacity
    else:
        capacity = max(place.height - top_lines, 0)
        region.height = place.height
    fill_to = capacity
    if place.height is not None and grid.balance:
        # Balanced: the columns share the copy evenly; what is left over stays at the foot
        # of every column instead of emptying the last one.
        fill_to = _auto_capacity(items, place.text_columns, capacity)
    placed, stop = _fill(items, place.text_columns, fill_to)
    region.blocks.extend(_flowed_blocks(article, composer, placed, first_line))
    _report_fit(article, grid, items, placed, stop, capacity, region)


def _auto_capacity(items: list[_FlowItem], columns: int, room: int) -> int:
    """The fewest lines per text column that hold every item (balanced columns), but no more
    than the grid has left below the headline."""
    capacity = max(1, math.ceil(sum(i.grid_lines for i in items) / columns))
    while capacity < room and _fill(items, columns, capacity)[1] < len(items):
        capacity += 1
    return min(capacity, max(room, 0))


def _flowed_blocks(article: Article, composer: Composer,
                   placed: list[tuple[_FlowItem, int, int]], first_line: int) \
        -> list[PlacedBlock]:
    """Body lines on the grid, cut into body blocks at each subhead."""
    grid = composer.format.grid
    column_width = _text_column_width(grid, article.place)
    left0 = grid.column_x(article.place.column)
    body_lines: list[PlacedLine] = []
    blocks: list[PlacedBlock] = []
    for item, col, line in placed:
        left = left0 + col * (column_width + grid.gutter)
        top_line = first_line + line
        if item.keep_with_next:  # a subhead: close the body block so far, then the subhead
            if body_lines:
                blocks.append(_body_block(article.name, body_lines))
                body_lines = []
            blocks.append(_display_block(composer, "subhead", article.name, item.lines,
                                         item.style, left, column_width,
                                         grid.line_top(top_line), item.grid_lines))
            continue
        baseline = _baseline_in(grid.line_top(top_line), grid.line_pitch, item.style.size)
        body_lines.append(_placed_line(composer, item.lines[0], left, baseline, item.style,
                                       top_line))
    if body_lines:
        blocks.append(_body_block(article.name, body_lines))
    return blocks


def _report_fit(article: Article, grid: Grid, items: list[_FlowItem],
                placed: list[tuple[_FlowItem, int, int]], stop: int, capacity: int,
                region: _Region) -> None:
    """Fit report, overset marker and the empty-lines warning."""
    place = article.place
    columns = place.text_columns
    used = [0] * columns
    for item, col, line in placed:
        used[col] = max(used[col], line + item.grid_lines)
    over_items = items[stop:]
    empty = 0 if over_items else sum(capacity - u for u in used)
    region.fit = FitReport(article.name, article.path, capacity * columns,
                           sum(i.grid_lines for i in items),
                           sum(i.grid_lines for i in over_items), empty,
                           sum(i.chars for i in over_items))
    if over_items:  # the overset marker: a magenta square in the gutter beside the box's foot
        size = grid.gutter * 2 / 3
        left, width = _column_box(grid, place)
        bottom = grid.line_top(place.line + region.height)
        region.rects.append(PlacedRect(left + width + (grid.gutter - size) / 2, bottom - size,
                                       size, size, OVERSET_MARK))
    if empty > 2 and place.height is not None:
        region.warnings.append(f"{article.pos}: `{article.name}` has {empty} empty lines at "
                               f"its end; it needs about {math.ceil(empty / columns)} fewer "
                               f"lines of height")


def _body_block(name: str, lines: list[PlacedLine]) -> PlacedBlock:
    left = min(ln.x for ln in lines)
    right = max(ln.x + ln.width for ln in lines)
    top = min(ln.baseline - ASCENT * ln.size for ln in lines)
    bottom = max(ln.baseline + (1 - ASCENT) * ln.size for ln in lines)
    return PlacedBlock("body", name, left, top, right - left, bottom - top, tuple(lines))


# --- photos ----------------------------------------------------------------------------------

def _place_photo(photo: Photo, composer: Composer) -> _Region:
    fmt = composer.format
    grid = fmt.grid
    place = photo.place
    left, width = _column_box(grid, place)
    region = _Region(photo.name, place, 0)
    where = photo.path

    title_style, caption_style = fmt.styles["caption-title"], fmt.styles["caption"]
    credit_style = fmt.styles["credit"]
    title_lines = []
    if photo.title:
        title_lines = composer.compose_headline(
            composer.spans([(photo.title, "caption-title")], photo.pos, f"{where}.title"), width)
    caption_lines = []
    if photo.caption:
        caption_lines = composer.compose_text(
            composer.spans([(photo.caption, "caption")], photo.pos, f"{where}.caption"),
            width, caption_style)
    credit_line = None
    if photo.credit:
        credit_line = composer.compose_text(
            composer.spans([(photo.credit, "credit")], photo.pos, f"{where}.credit"),
            width, credit_style)[0]
    credit_own_line = credit_line is not None and (
        not caption_lines or caption_lines[-1].width + credit_line.width + 2 * grid.body_size
        > width)
    n_title = _display_lines_needed(composer, title_style, len(title_lines)) if title_lines else 0
    n_caption = len(caption_lines) + (1 if credit_own_line else 0)

    px_w, px_h = photo.pixel_size
    if place.height is None:
        image_lines = max(3, round(width * px_h / px_w / grid.line_pitch))
        region.height = image_lines + n_title + n_caption
    else:
        region.height = place.height
        image_lines = place.height - n_title - n_caption
    if image_lines < 3:
        raise InputError(place.pos, f"photo `{photo.name}` leaves {image_lines} lines for the "
                         f"image after title and caption", f"{where}.place.height",
                         f"make it at least {n_title + n_caption + 3} lines tall")
    top = grid.line_top(place.line)
    box = _into_bleed(fmt, left, top, width, image_lines * grid.line_pitch - grid.line_pitch / 2)
    crop, ppi = _cover_crop((px_w, px_h), box[2], box[3], photo.focus)
    region.images.append(PlacedImage(photo.name, photo.file, *box, crop, ppi))
    if ppi < MIN_PHOTO_PPI:
        region.warnings.append(f"{photo.pos}: photo `{photo.name}` prints at {ppi:.0f} ppi, "
                               f"below the {MIN_PHOTO_PPI} ppi newsprint needs")
    line = place.line + image_lines
    if title_lines:
        region.blocks.append(_display_block(composer, "photo-title", photo.name, title_lines,
                                            title_style, left, width, grid.line_top(line),
                                            n_title))
        line += n_title
    placed_caption = []
    for cl in caption_lines:
        baseline = _baseline_in(grid.line_top(line), grid.line_pitch, caption_style.size)
        placed_caption.append(_placed_line(composer, cl, left, baseline, caption_style, line))
        line += 1
    if credit_line is not None:
        if not credit_own_line:
            line -= 1
        baseline = _baseline_in(grid.line_top(line), grid.line_pitch, credit_style.size)
        placed_caption.append(_placed_line(composer, credit_line, left + width -
                                           credit_line.width, baseline, credit_style, line))
    if placed_caption:
        region.blocks.append(replace(_body_block(photo.name, placed_caption), kind="caption"))
    return region


def _into_bleed(fmt: PageFormat, x: float, y: float, width: float,
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


def _cover_crop(size: tuple[int, int], width: float, height: float,
                focus: tuple[float, float]) -> tuple[tuple[int, int, int, int], float]:
    """The pixel box that covers width × height pt, centred on the focal point as far as the
    image allows, and the effective resolution it prints at."""
    px_w, px_h = size
    box_aspect = width / height
    if px_w / px_h > box_aspect:
        crop_w, crop_h = px_h * box_aspect, float(px_h)
    else:
        crop_w, crop_h = float(px_w), px_w / box_aspect
    cx = min(max(focus[0] * px_w, crop_w / 2), px_w - crop_w / 2)
    cy = min(max(focus[1] * px_h, crop_h / 2), px_h - crop_h / 2)
    box = (round(cx - crop_w / 2), round(cy - crop_h / 2), round(cx + crop_w / 2),
           round(cy + crop_h / 2))
    ppi = (box[2] - box[0]) / (width / 72)
    return box, ppi


# --- page furniture ----------------------------------------------------------------------------

def _header(issue: Issue, page: Page, composer: Composer) -> tuple[list[PlacedBlock],
                                                                    list[PlacedRule]]:
    fmt = composer.format
    header = fmt.header
    grid = fmt.grid
    name_style = fmt.styles[header.name_style]
    info_style = fmt.styles[header.info_style]
    folio_style = fmt.styles["folio"]
    pos = page.pos
    left, width = grid.left, grid.width
    bottom = header.top + header.height
    year, month, day = (int(p) for p in issue.date.split("-"))
    weekday = WEEKDAYS[datetime.date(year, month, day).weekday()]
    name = composer.compose_headline(composer.spans([(issue.publication, header.name_style)],
                                                    pos, "publication"), width)
    info_text = f"{year}年{month}月{day}日  星期{weekday}  第{issue.number}期"
    if page.editor:
        info_text += f"  责任编辑：{page.editor}"
    info = composer.compose_text(composer.spans([(info_text, header.info_style)], pos,
                                                "pages.editor"), width, info_style)
    folio_text = f"第{page.number}版" + (f"  {page.section}" if page.section else "")
    folio = composer.compose_headline(composer.spans([(folio_text, "folio")], pos,
                                                     "pages.section"), width)
    name_base = bottom - name_style.size * 0.45
    info_base = bottom - info_style.size * 0.9
    blocks = [
        PlacedBlock("header", "page header", left, header.top, width, header.height, tuple(
            [_placed_line(composer, name[0], left, name_base, name_style)]
            + [_placed_line(composer, folio[0], left + width - folio[0].width,
                            name_base, folio_style)]
            + [_placed_line(composer, info[0], left + (width - info[0].width) / 2, info_base,
                            info_style)])),
    ]
    rules = [PlacedRule(left, bottom + header.rule_width / 2 + 2, left + width,
                        bottom + header.rule_width / 2 + 2, header.rule_width, header.rule_colour),
             PlacedRule(left, bottom + header.rule_width + 4.5, left + width,
                        bottom + header.rule_width + 4.5, 0.5, header.rule_colour)]
    return blocks, rules


def _rules_between(regions: list[_Region], fmt: PageFormat) -> list[PlacedRule]:
    """Thin rules in the gutter between side-by-side blocks and on the line between stacked ones."""
    grid = fmt.grid
    rules = []
    for a in regions:
        for b in regions:
            pa, pb = a.place, b.place
            a_end, b_end = pa.line + a.height, pb.line + b.height
            if pa.column + pa.span == pb.column:  # b right of a
                top, bottom = max(pa.line, pb.line), min(a_end, b_end)
                if bottom > top:
                    x = grid.column_x(pb.column) - grid.gutter / 2
                    rules.append(PlacedRule(x, grid.line_top(top), x, grid.line_top(bottom),
                                            fmt.rule_width, fmt.rule_colour))
            if 0 <= pb.line - a_end <= 1:  # b below a
                lo = max(pa.column, pb.column)
                hi = min(pa.column + pa.span, pb.column + pb.span)
                if hi > lo:
                    y = (grid.line_top(a_end) + grid.line_top(pb.line)) / 2
                    x1 = grid.column_x(lo)
                    x2 = grid.column_x(hi - 1) + grid.column_width
                    rules.append(PlacedRule(x1, y, x2, y, fmt.rule_width, fmt.rule_colour))
    return rules


def _check_overlaps(regions: list[_Region], paths: list[str], positions: list) -> None:
    for i, a in enumerate(regions):
        for j in range(i + 1, len(regions)):
            b = regions[j]
            pa, pb = a.place, b.place
            if pa.column < pb.column + pb.span and pb.column < pa.column + pa.span and \
                    pa.line < pb.line + b.height and pb.line < pa.line + a.height:
                raise InputError(positions[j], f"`{b.name}` overlaps `{a.name}` (lines "
                                 f"{pa.line + 1}–{pa.line + a.height} of columns "
                                 f"{pa.column + 1}–{pa.column + pa.span})", f"{paths[j]}.place",
                                 "move one of them or make it smaller")


def _grid_overlay(fmt: PageFormat, regions: list[_Region]) -> tuple[PlacedRect, ...]:
    grid = fmt.grid
    proof = Colour("proof", 1, 0, 0, 0)
    rects = [PlacedRect(grid.column_x(c), grid.top, grid.column_width, grid.height, proof)
             for c in range(grid.columns)]
    article = Colour("proof-article", 0, 1, 0, 0)
    rects += [PlacedRect(grid.column_x(r.place.column), grid.line_top(r.place.line),
                         grid.span_width(r.place.span), r.height * grid.line_pitch, article)
              for r in regions]
    return tuple(rects)


def _grid_lines(fmt: PageFormat) -> tuple[PlacedRule, ...]:
    grid = fmt.grid
    proof = Colour("proof", 0.4, 0, 0, 0)
    return tuple(PlacedRule(grid.left, grid.line_top(i), grid.left + grid.width,
                            grid.line_top(i), 0.1, proof) for i in range(grid.lines + 1))
