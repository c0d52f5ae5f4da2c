"""Place stage: composed text and photos → blocks on the page grid (placed.PlacedPage).

Articles and photos occupy whole base columns and whole grid lines. Headlines, subheads,
captions and photos take whole grid lines, so every body line sits on the page's line grid.

    makeup.py     the automatic make-up (stacking.py, arrange.py, realise.py,
                  makeup_messages.py)
    article.py    an article: its head (headline.py), its body poured (pour.py, copyfit.py)
                  through the flow (body.py, flow.py)
    photo.py      photo news: photo, title, caption, credit
    furniture.py  header band, masthead and index, rules between blocks, the grid proof
    checks.py     overlaps, fit reports, copy warnings
    lines.py      composed lines → placed lines and blocks; region.py, what a block puts down
"""
from __future__ import annotations

from dataclasses import replace

from ..compose import Composer
from ..model import Issue, Page
from ..placed import GridArea, PlacedArea, PlacedPage
from .article import place_article
from .checks import check_on_grid, check_overlaps, empty_areas
from .furniture import grid_lines, grid_overlay, header_band, masthead_band, rules_between
from .makeup import NoFit, plan_page
from .photo import place_photo
from .region import Region

__all__ = ["place_page"]


def place_page(issue: Issue, page: Page, composer: Composer, grid: bool = False,
               proof: bool = False, effort: int = 1) -> PlacedPage:
    """One page of `issue`, placed (its `auto` blocks by the make-up, searching `effort` times
    its budget). `grid` adds the proof overlay; with `proof`, a page the make-up cannot close
    is made up as well as it could be and marked (`unplanned`) instead of refused."""
    fmt = issue.format
    unplanned = ""
    before = len(composer.fallbacks)
    try:
        page, planning = planned(issue, page, composer, effort)
    except NoFit as exc:
        if not proof or exc.proof is None:
            raise
        kept = {item.path for item in (*exc.proof.articles, *exc.proof.photos)}
        left = [f"`{item.name}`" for item in page.articles if item.path not in kept] + \
            [f"`{item.name}`" for item in page.photos if item.path not in kept]
        unplanned = str(exc) + (f"; no room left in the proof for {', '.join(left)}"
                                if left else "")
        page, planning = exc.proof, ()
    regions = page_regions(issue, page, composer)
    if page.masthead:
        top, header_rules = masthead_band(issue, page, composer, fmt)
        regions.insert(0, top)
        header = None
    else:
        header, header_rules = header_band(issue, page, composer, fmt)
    check_on_grid(regions, fmt)
    check_overlaps(regions)
    between = rules_between(regions, fmt) if fmt.rules_between else ()
    # the characters this page set from fallback faces: warnings of its own
    fallbacks = tuple(composer.fallback_warnings(composer.fallbacks[before:]))
    del composer.fallbacks[before:]
    return PlacedPage(
        number=page.number, width=fmt.trim_width, height=fmt.trim_height, bleed=fmt.bleed,
        fonts=dict(fmt.fonts), rects=tuple(r for reg in regions for r in reg.rects),
        rules=header_rules + between + tuple(r for reg in regions for r in reg.rules),
        images=tuple(i for reg in regions for i in reg.images),
        blocks=((header,) if header else ()) + tuple(b for reg in regions for b in reg.blocks),
        fit=tuple(reg.fit for reg in regions if reg.fit),
        warnings=planning + tuple(w for reg in regions for w in reg.warnings) + fallbacks
        + empty_areas(regions, fmt, page),
        slug=f"{issue.publication} 第{issue.number}期 第{page.number}版 {issue.date} "
             f"{issue.source.name}",
        grid_overlay=grid_overlay(fmt, regions) if grid else (),
        grid_rules=grid_lines(fmt) if grid else (),
        proof_marks=tuple(r for reg in regions for r in reg.proof),
        title=f"{issue.publication} 第{issue.number}期 第{page.number}版",
        frames=tuple(f for reg in regions for f in reg.frames),
        areas=tuple(_area(region, fmt) for region in regions),
        unplanned=unplanned,
    )


def _area(region: Region, fmt) -> PlacedArea:
    grid = fmt.grid
    box = region.box
    kind = "masthead" if region.name == "masthead" else \
        "photo" if ".photos[" in region.path else "article"
    return PlacedArea(region.name, region.path, kind,
                      f"{region.pos.file}:{region.pos.line}" if region.pos.line else
                      region.pos.file, box.left_pt(grid), grid.line_top(box.line),
                      box.width_pt(grid), box.height * grid.line_pitch,
                      GridArea(box.column + 1, box.span, box.line + 1, box.height))


def page_regions(issue: Issue, page: Page, composer: Composer) -> list[Region]:
    """The regions on `page`: its articles (with their parts on this page), its photos, and
    the parts of articles from other pages that continue here (转版)."""
    fmt = issue.format
    regions: list[Region] = []
    for article in page.articles:
        regions += [r for number, r in place_article(article, composer, fmt)
                    if number == page.number]
    regions += [place_photo(p, composer, fmt) for p in page.photos]
    for other in issue.pages:
        if other.number == page.number:
            continue
        for article in other.articles:
            if any(part.page == page.number for part in article.continues):
                regions += [r for number, r in place_article(article, composer, fmt)
                            if number == page.number]
    return regions


def planned(issue: Issue, page: Page, composer: Composer, effort: int = 1) -> tuple[Page, tuple]:
    """`page` with its `auto` blocks placed by the make-up around the blocks placed by hand
    (and the masthead), and the make-up's warnings."""
    if not any(item.auto for item in page.articles_and_photos):
        return page, ()
    fixed_page = replace(page, articles=tuple(a for a in page.articles if a.place),
                         photos=tuple(p for p in page.photos if p.place))
    fixed = page_regions(issue, fixed_page, composer)
    if page.masthead:
        fixed.append(masthead_band(issue, page, composer, issue.format)[0])
    return plan_page(issue, page, composer, fixed, effort)
