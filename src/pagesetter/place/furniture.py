"""Page furniture: the header band (publication, date, issue, 第N版, section, editor), the thin
rules between blocks, and the --grid proof overlay."""
from __future__ import annotations

import datetime
from typing import Sequence

from ..compose import ComposedLine, Composer
from ..errors import InputError
from ..model import Colour, Issue, Page, PageFormat
from ..placed import ASCENT, PlacedBlock, PlacedBox, PlacedLine, PlacedRect, PlacedRule
from .lines import placed_line, placed_vertical
from .region import Box, Region

WEEKDAYS = "一二三四五六日"
PROOF = Colour("proof", 1, 0, 0, 0)
PROOF_ARTICLE = Colour("proof-article", 0, 1, 0, 0)
PROOF_LINE = Colour("proof", 0.4, 0, 0, 0)


def header_band(issue: Issue, page: Page, composer: Composer, fmt: PageFormat) \
        -> tuple[PlacedBlock, tuple[PlacedRule, ...]]:
    """The publication's name on the left, 第N版 and the section on the right, the date line
    centred, and a thick and a thin rule under them."""
    header = fmt.header
    grid = fmt.grid
    name_style = fmt.styles[header.name_style]
    info_style = fmt.styles[header.info_style]
    folio_style = fmt.styles["folio"]
    left, width = grid.left, grid.width
    bottom = header.top + header.height
    year, month, day, weekday = _date(issue)

    name = composer.compose_headline(
        composer.spans([(issue.publication, header.name_style)], *issue.at("publication")),
        width)
    info_spans = composer.spans(
        [(f"{year}年{month}月{day}日  星期{weekday}  第{issue.number}期", header.info_style)],
        *issue.at("date"))
    if page.editor:
        info_spans += composer.spans([(f"  责任编辑：{page.editor}", header.info_style)],
                                     *page.at("editor"))
    info = composer.compose_text(info_spans, width, info_style, indent=0.0)
    folio_spans = composer.spans([(f"第{page.number}版", "folio")], *page.at("number"))
    if page.section:
        folio_spans += composer.spans([(f"  {page.section}", "folio")], *page.at("section"))
    folio = composer.compose_headline(folio_spans, width)
    _one_line(name, *issue.at("publication"), "the publication's name")
    _one_line(info, *page.at("editor" if page.editor else "number"), "the date line")
    _one_line(folio, *page.at("section" if page.section else "number"), "the folio")
    gap = 2 * grid.body_size
    if name[0].width + gap + folio[0].width > width:
        pos, where = page.at("section") if page.section else issue.at("publication")
        raise InputError(pos, f"the publication's name and the folio (第{page.number}版 "
                         f"{page.section}) are {name[0].width + gap + folio[0].width - width:.0f} "
                         f"pt wider than the header", where, "shorten the section name")

    name_base = bottom - name_style.size * 0.45
    info_base = bottom - info_style.size * 0.9
    info_left = left + (width - info[0].width) / 2
    lines: tuple[PlacedLine, ...] = (
        placed_line(fmt.styles, name[0], left, name_base, name_style),
        placed_line(fmt.styles, folio[0], left + width - folio[0].width, name_base,
                    folio_style),
        placed_line(fmt.styles, info[0], info_left, info_base, info_style))
    if issue.publication_mongolian and header.mongolian_style:
        # beside the name, centred on it, no longer than the header is tall
        centre = name_base + (0.5 - ASCENT) * name_style.size
        reach = min(name_style.size * 1.5, header.height)
        mongolian = _mongolian_name(issue, composer, fmt, header.mongolian_style,
                                    left + name[0].width + name_style.size * 0.12,
                                    max(header.top, centre - reach / 2),
                                    min(bottom, centre + reach / 2))
        _clear_of(issue, mongolian, info_left - info_style.size / 2, "the header's date line")
        lines += tuple(mongolian)
    block = PlacedBlock("header", "page header", left, header.top, width, header.height, lines)
    thick = bottom + header.rule_width / 2 + 2
    thin = bottom + header.rule_width + 4.5
    rules = (PlacedRule(left, thick, left + width, thick, header.rule_width, header.rule_colour),
             PlacedRule(left, thin, left + width, thin, 0.5, header.rule_colour))
    return block, rules


def masthead_band(issue: Issue, page: Page, composer: Composer, fmt: PageFormat) \
        -> tuple[Region, tuple[PlacedRule, ...]]:
    """A front page's 报头 (the format's masthead template the page names): from the header's
    top to the end of the template's grid lines, the publication's name large on the left, the
    issue's facts in the middle (date, 第N期, pages, CN number), the day's index (要目) in a box
    on the right; a thick and a thin rule under it. Its grid lines are a region, so an article
    placed over it is an overlap."""
    template = fmt.mastheads[page.masthead]
    grid = fmt.grid
    top = fmt.header.top
    bottom = grid.line_top(template.lines) - grid.line_pitch * 0.6
    left, width = grid.left, grid.width
    name_style = fmt.styles[template.name_style]
    info_style = fmt.styles[template.info_style]
    year, month, day, weekday = _date(issue)

    name = composer.compose_headline(
        composer.spans([(issue.publication, template.name_style)], *issue.at("publication")),
        width * 0.6)
    _one_line(name, *issue.at("publication"), "the publication's name in the masthead")
    lines = [placed_line(fmt.styles, name[0], left, (top + bottom) / 2 + name_style.size * 0.35,
                         name_style)]
    # The Mongolian name stands beside the Chinese one, centred on it, its lines no longer
    # than twice the Chinese name is tall, and a little.
    centre = lines[0].baseline + (0.5 - ASCENT) * name_style.size
    reach = min(name_style.size * 2.2, bottom - top)
    if issue.publication_mongolian and not template.mongolian_style:
        pos, where = issue.at("publication_mongolian")
        raise InputError(pos, f"the masthead `{template.name}` has no style for the "
                         f"publication's Mongolian name", where,
                         "give the format's masthead a `mongolian_style`")
    mongolian = _mongolian_name(issue, composer, fmt, template.mongolian_style,
                                left + name[0].width + name_style.size * 0.12, centre - reach / 2,
                                centre + reach / 2) if issue.publication_mongolian else []
    lines += mongolian
    facts = [(f"{year}年{month}月{day}日  星期{weekday}", *issue.at("date")),
             (f"第{issue.number}期  今日{len(issue.pages)}版", *issue.at("number"))]
    if issue.cn:
        facts.append((f"国内统一连续出版物号 {issue.cn}", *issue.at("cn")))
    index_width = grid.span_width(1) if page.index else 0.0
    facts_right = left + width - index_width - (grid.gutter if page.index else 0)
    step = info_style.size * 1.7
    baseline = (top + bottom) / 2 - step * (len(facts) - 1) / 2 + info_style.size * 0.35
    for text, pos, where in facts:
        composed = composer.compose_text(composer.spans([(text, template.info_style)], pos,
                                                        where), width * 0.4, info_style,
                                         indent=0.0)
        _one_line(composed, pos, where, "a line of the masthead")
        lines.append(placed_line(fmt.styles, composed[0], facts_right - composed[0].width,
                                 baseline, info_style))
        _clear_of(issue, mongolian, facts_right - composed[0].width - info_style.size / 2,
                  f"the masthead's line 「{text}」")
        baseline += step
    rects: tuple[PlacedRect, ...] = ()
    frames: tuple[PlacedBox, ...] = ()
    if page.index:
        lines += _index_lines(page, composer, fmt, template, left + width - index_width,
                              index_width, top, bottom)
        frames = (PlacedBox(left + width - index_width, top, index_width, bottom - top, 0.75,
                              template.rule_colour),)
    block = PlacedBlock("masthead", "masthead", left, top, width, bottom - top, tuple(lines))
    thick = bottom + template.rule / 2 + 2
    thin = thick + template.rule / 2 + 2.5
    rules = (PlacedRule(left, thick, left + width, thick, template.rule, template.rule_colour),
             PlacedRule(left, thin, left + width, thin, 0.5, template.rule_colour))
    region = Region("masthead", f"{page.path}.masthead", page.at("masthead")[0],
                    Box(0, grid.columns, 0, template.lines), blocks=(block,), rects=rects,
                    frames=frames)
    return region, rules


def _mongolian_name(issue: Issue, composer: Composer, fmt: PageFormat, style_name: str,
                    left: float, top: float, bottom: float) -> list[PlacedLine]:
    """The publication's name in Mongolian script beside its Chinese name, as the region's
    papers print it (in the masthead and the page header): top to bottom, its lines left to
    right, centred between `top` and `bottom`."""
    pos, where = issue.at("publication_mongolian")
    style = fmt.styles[style_name]
    thickness = style.size * 1.15
    vertical = composer.compose_vertical(issue.publication_mongolian, style.name, pos, where,
                                         bottom - top, thickness)
    longest = max(line.length for line in vertical)
    return [placed_vertical(line, left + k * thickness,
                            top + (bottom - top - longest) / 2, style)
            for k, line in enumerate(vertical)]


def _clear_of(issue: Issue, mongolian: Sequence[PlacedLine], limit: float, what: str) -> None:
    """The Mongolian name must end left of `limit` (where `what` starts)."""
    over = max((line.x + line.size for line in mongolian), default=limit) - limit
    if over > 0:
        at, field = issue.at("publication_mongolian")
        raise InputError(at, f"the publication's Mongolian name runs {over:.0f} pt into "
                         f"{what}", field,
                         "a shorter name, or a smaller `mongolian_style` in the format")


def _index_lines(page: Page, composer: Composer, fmt: PageFormat, template, left: float,
                 width: float, top: float, bottom: float) -> list:
    """The index box's title and entries: each entry hung under its bullet (■), its page
    reference （N版） whole and flush right on its last line (or on a line of its own when the
    line has no room for it); an index that does not fit the box is an error."""
    style = fmt.styles[template.index_style]
    pad = style.size * 0.8
    pos, where = page.at("index")
    step = style.size * 1.45
    baseline = top + pad + style.size * 0.88
    out = []
    title = composer.compose_headline(composer.spans([(template.index_title,
                                                      template.index_style)], pos, where),
                                      width - 2 * pad)
    out.append(placed_line(fmt.styles, title[0], left + (width - title[0].width) / 2, baseline,
                           style))
    baseline += step * 1.3
    measure = width - 2 * pad
    for k, entry in enumerate(page.index):
        at = entry.pos or pos
        bullet = composer.compose_text(composer.spans([("■", template.index_style)], at,
                                                      f"{where}[{k}]"), measure, style,
                                       indent=0.0)[0]
        hang = bullet.width + style.size * 0.25
        text = composer.compose_text(composer.spans([(entry.text, template.index_style)], at,
                                                    f"{where}[{k}]"), measure - hang, style,
                                     indent=0.0)
        ref = composer.compose_text(composer.spans([(f"（{entry.page}版）",
                                                     template.index_style)], at,
                                                   f"{where}[{k}]"), measure, style,
                                    indent=0.0)[0] if entry.page else None
        rows: list[tuple[ComposedLine | None, float]] = [(line, left + pad + hang)
                                                         for line in text]
        if ref is not None:
            last = text[-1]
            if last.width + ref.width + style.size * 0.5 > measure - hang:
                rows.append((None, 0.0))  # the reference on a line of its own
        for n, (line, x) in enumerate(rows):
            if baseline > bottom - pad:
                raise InputError(at, f"the index does not fit the masthead's box (entry "
                                 f"{k + 1} of {len(page.index)} runs out of room)",
                                 f"{where}[{k}]", "fewer or shorter entries, or a taller "
                                 "masthead")
            if n == 0:
                out.append(placed_line(fmt.styles, bullet, left + pad, baseline, style))
            if line is not None:
                out.append(placed_line(fmt.styles, line, x, baseline, style))
            if ref is not None and n == len(rows) - 1:
                out.append(placed_line(fmt.styles, ref, left + width - pad - ref.width,
                                       baseline, style))
            baseline += step
    return out


def _date(issue: Issue) -> tuple[int, int, int, str]:
    """Year, month, day and the weekday (一…日) of the issue's date."""
    year, month, day = (int(p) for p in issue.date.split("-"))
    return year, month, day, WEEKDAYS[datetime.date(year, month, day).weekday()]


def _one_line(lines: list[ComposedLine], pos, where: str, what: str) -> None:
    """Header furniture is one line; copy that needs more is an error, never cut."""
    if len(lines) > 1:
        raise InputError(pos, f"{what} does not fit on the header's one line "
                         f"(it needs {len(lines)})", where, "shorten it")


def rules_between(regions: Sequence[Region], fmt: PageFormat) -> tuple[PlacedRule, ...]:
    """Thin rules in the gutter between side-by-side blocks and on the line between stacked
    ones."""
    grid = fmt.grid
    rules = []
    for a in regions:
        for b in regions:
            pa, pb = a.box, b.box
            if pa.right == pb.column:  # b right of a
                top, bottom = max(pa.line, pb.line), min(pa.bottom, pb.bottom)
                if bottom > top:
                    x = grid.column_x(pb.column) - grid.gutter / 2
                    rules.append(PlacedRule(x, grid.line_top(top), x, grid.line_top(bottom),
                                            fmt.rule_width, fmt.rule_colour))
            if 0 <= pb.line - pa.bottom <= 1:  # b below a
                lo = max(pa.column, pb.column)
                hi = min(pa.right, pb.right)
                if hi > lo:
                    y = (grid.line_top(pa.bottom) + grid.line_top(pb.line)) / 2
                    x1 = grid.column_x(lo)
                    x2 = grid.column_x(hi - 1) + grid.column_width
                    rules.append(PlacedRule(x1, y, x2, y, fmt.rule_width, fmt.rule_colour))
    return tuple(rules)


def grid_overlay(fmt: PageFormat, regions: Sequence[Region]) -> tuple[PlacedRect, ...]:
    """The proof's base columns and block boxes (stroked, on a non-printing layer)."""
    grid = fmt.grid
    rects = [PlacedRect(grid.column_x(c), grid.top, grid.column_width, grid.height, PROOF)
             for c in range(grid.columns)]
    rects += [PlacedRect(grid.column_x(r.box.column), grid.line_top(r.box.line),
                         grid.span_width(r.box.span), r.box.height * grid.line_pitch,
                         PROOF_ARTICLE) for r in regions]
    return tuple(rects)


def grid_lines(fmt: PageFormat) -> tuple[PlacedRule, ...]:
    grid = fmt.grid
    return tuple(PlacedRule(grid.left, grid.line_top(i), grid.left + grid.width,
                            grid.line_top(i), 0.1, PROOF_LINE) for i in range(grid.lines + 1))
