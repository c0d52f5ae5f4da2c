"""Page furniture: the header band (publication, date, issue, 第N版, section, editor), the thin
rules between blocks, and the --grid proof overlay."""
from __future__ import annotations

import datetime
from typing import Sequence

from ..compose import ComposedLine, Composer
from ..errors import InputError
from ..model import Colour, Issue, Page, PageFormat
from ..placed import PlacedBlock, PlacedRect, PlacedRule
from .lines import placed_line
from .region import Region

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
    year, month, day = (int(p) for p in issue.date.split("-"))
    weekday = WEEKDAYS[datetime.date(year, month, day).weekday()]

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
    lines = (placed_line(fmt.styles, name[0], left, name_base, name_style),
             placed_line(fmt.styles, folio[0], left + width - folio[0].width, name_base,
                         folio_style),
             placed_line(fmt.styles, info[0], left + (width - info[0].width) / 2, info_base,
                         info_style))
    block = PlacedBlock("header", "page header", left, header.top, width, header.height, lines)
    thick = bottom + header.rule_width / 2 + 2
    thin = bottom + header.rule_width + 4.5
    rules = (PlacedRule(left, thick, left + width, thick, header.rule_width, header.rule_colour),
             PlacedRule(left, thin, left + width, thin, 0.5, header.rule_colour))
    return block, rules


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
