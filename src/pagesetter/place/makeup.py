"""Automatic page make-up: the articles and photos of a page that say `place: auto` get places
of their own, around the blocks placed by hand.

The page is modular, as newspapers are: the free part of the grid is cut into *stacks* — side
by side, each a run of whole base columns — and every block is a module as wide as its stack,
stacked top to bottom with a grid line between modules (where the rule goes). A block's height
at a width is what its copy needs there (composed, as the build will set it); a photo may be
cropped to between ¾ and 1¼ of its natural height; the line between two modules may be one or
two grid lines. A candidate page must satisfy, as the desk requires:

* every block fits (no overset), every stack reaches within MAX_EMPTY lines of its foot;
* no tombstones (two headlines side by side in adjacent stacks, their head bands overlapping)
  where any arrangement avoids them — on a page of articles only, stacks side by side all open
  with a headline, so the fewest are taken and the build warns;
* the lead (priority 1) at the top of the widest stack; priority falls down and across: a more
  important block is never both below and right of a less important one;
* an article's photo (`with_photo`) directly above or below it in its stack;
* the hints: a block's allowed spans, `top` (first in its stack).

Among candidates the score prefers, in this order: fewer tombstones, fewer empty grid lines (per
base column),
headline sizes that follow priority (a less important article never wider than a more important
one: counted pairs), balanced text columns (an article's shortest column as long as its
longest), then the arrangement that reads first (left stacks first, deterministic).

Search: exhaustive branch and bound. Blocks are taken in priority order and each is tried at the
foot of every stack it may join; a branch is cut as soon as a stack overflows, or the blocks
left cannot fill what is left to fill, or even in the best case it would leave more empty lines
than the best page found. For a page of 8 to 10 blocks this visits every arrangement that could
win in well under two seconds (bench/makeup_bench.py), so no heuristic search (simulated
annealing, genetic) with its randomness is needed: the same input gives the same page.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from ..compose import Composer
from ..errors import Diagnostic, warning
from ..model import Article, Issue, Page, Photo, Placement
from .arrange import (GAP, LAST, MAX_EMPTY, MAX_GAP, PHOTO_FLEX, Module, Plan, fixed_heads,
                      search, stack_layouts)
from .checks import MAX_EMPTY_LINES
from .region import Region

__all__ = ["GAP", "MAX_EMPTY", "MAX_GAP", "NoFit", "plan_page"]


class NoFit(Exception):
    """No arrangement fits the page; the message says by how much and what to cut or move."""


def plan_page(issue: Issue, page: Page, composer: Composer, fixed: Sequence[Region]) \
        -> tuple[Page, tuple[Diagnostic, ...]]:
    """`page` with every auto block given its place, and a warning when headlines had to stand
    side by side (raises NoFit when no arrangement fits)."""
    items = [a for a in page.articles if a.auto] + [p for p in page.photos if p.auto]
    if not items:
        return page, ()
    fmt = issue.format
    modules = _modules(items, page, composer, fmt)
    stacks_options = stack_layouts(fmt.grid, fixed, page)
    plan = search(modules, stacks_options, fixed_heads(fixed))
    if plan is None:
        raise NoFit(_why_not(page, modules, stacks_options, fmt))
    warnings: tuple[Diagnostic, ...] = ()
    if plan.score[0]:
        warnings = (warning(page.pos, f"page {page.number}: {plan.score[0]} headline(s) of the "
                            f"make-up stand beside another at the same height (tombstones): no "
                            f"arrangement of these blocks avoids it", page.path,
                            "give one of them another headline look, a photo over it, or a "
                            "place by hand"),)
    return replace(page, articles=tuple(_placed(a, plan) for a in page.articles),
                   photos=tuple(_placed(p, plan) for p in page.photos)), warnings


def _placed(item, plan: Plan):
    if item.place is not None:
        return item
    return replace(item, place=plan.places[item.path])


# --- modules -----------------------------------------------------------------------------------

def _modules(items: Sequence[Article | Photo], page: Page, composer: Composer,
             fmt) -> list[Module]:
    from .article import place_article
    from .photo import photo_block

    grid = fmt.grid
    out = []
    for index, item in enumerate(items):
        hints = item.auto
        heights, low, high, head, imbalance = {}, {}, {}, {}, {}
        for span in hints.spans:
            if isinstance(item, Article):
                article = replace(item, place=Placement(0, span, 0, None, span, item.pos),
                                  auto=None)
                (_, region), = place_article(article, composer, fmt)
                if region.fit is None or region.fit.over:
                    continue  # its copy does not fit the page at this width
                heights[span] = low[span] = high[span] = region.box.height
                head[span] = _head_lines(region)
                imbalance[span] = region.fit.empty  # lines short at its columns' feet
            else:
                block = photo_block(item, composer, fmt, grid.column_x(0),
                                    grid.span_width(span), 0, None, item.pos, item.path)
                image = block.image_lines
                heights[span] = block.lines
                low[span] = block.lines - image + max(3, int(image * PHOTO_FLEX[0]))
                high[span] = block.lines - image + int(image * PHOTO_FLEX[1] + 0.999)
                head[span] = 0
                imbalance[span] = 0
        for span in _unbalanced(imbalance):
            for table in (heights, low, high, head, imbalance):
                del table[span]
        out.append(Module(index, item.name, item.path, item.pos,
                          hints.priority or LAST, heights, low, high, head, imbalance,
                          hints.top))
    partners = _partners(items, out)
    return [replace(m, partner=partners.get(m.index)) for m in out]


def _unbalanced(imbalance: dict[int, int]) -> list[int]:
    """The widths at which an article's text columns would end more than MAX_EMPTY_LINES short
    of each other, when it has a width at which they do not: the hole at an article's foot that
    placement reports of an article placed by hand (checks.MAX_EMPTY_LINES)."""
    if not any(short <= MAX_EMPTY_LINES for short in imbalance.values()):
        return []
    return [span for span, short in imbalance.items() if short > MAX_EMPTY_LINES]


def _head_lines(region: Region) -> int:
    """Grid lines above the article's first body line: its head."""
    lines = [ln.grid_line for b in region.blocks if b.kind == "body" for ln in b.lines
             if ln.grid_line is not None]
    return (min(lines) if lines else region.box.bottom) - region.box.line


def _partners(items, modules: Sequence[Module]) -> dict[int, int]:
    by_name = {}
    for module, item in zip(modules, items, strict=True):
        if isinstance(item, Photo):
            by_name[item.name] = module.index
            if item.title:
                by_name[item.title] = module.index
    out = {}
    for module, item in zip(modules, items, strict=True):
        if isinstance(item, Article) and item.auto.with_photo in by_name:
            photo = by_name[item.auto.with_photo]
            out[module.index] = photo
            out[photo] = module.index
    return out


# --- when nothing fits -------------------------------------------------------------------------

def _why_not(page: Page, modules: Sequence[Module], layouts, fmt) -> str:
    """What keeps the page from fitting, in the desk's terms: grid lines (and characters) too
    many, and the blocks best cut or moved (least important first, then the largest); or too
    little copy; or the rules."""
    grid = fmt.grid
    where = f"page {page.number}"
    unplaceable = [m.name for m in modules if not m.heights]
    if unplaceable:
        return (f"{where}: `{unplaceable[0]}` does not fit the page at any width it may take; "
                f"cut its copy or allow it more columns (`span`)")
    free = max((sum(s.lines * s.span for s in stacks) for stacks in layouts), default=0)
    least = {m.index: min((m.low[s] + GAP) * s for s in m.heights) for m in modules}
    most = {m.index: max((m.high[s] + MAX_GAP) * s for s in m.heights) for m in modules}
    chars = int(grid.column_width / grid.body_size)
    over = sum(least.values()) - free
    if over > 0:
        lines = -(-over // grid.columns)
        ranked = sorted(modules, key=lambda m: (-m.priority, -least[m.index], m.index))
        alone = [m for m in ranked if least[m.index] >= over][:3]
        pick = alone or _cumulative(ranked, least, over)
        names = ", ".join(f"`{m.name}` ({least[m.index] // max(m.heights)} lines at "
                          f"{max(m.heights)} columns)" for m in pick)
        return (f"{where}: the blocks placed automatically need {over} column-lines more than "
                f"the page has free — {lines} grid lines too many across its {grid.columns} "
                f"columns, about {over * chars} characters; best candidates to cut or move to "
                f"another page: {names}")
    short = free - MAX_EMPTY * grid.columns - sum(most.values())
    if short > 0:
        return (f"{where}: too little copy: the automatic blocks leave at least {short} "
                f"column-lines empty (about {short * chars} characters); add copy or a block, "
                f"or give a block a fixed place")
    return (f"{where}: no arrangement keeps the make-up's rules (the lead first in the widest "
            f"stack, no headlines side by side, priority falling down and across, every column "
            f"filled to within {MAX_EMPTY} lines, a photo beside its article); loosen a hint "
            f"(`span`, `top`, `priority`) or place a block by hand")


def _cumulative(ranked: Sequence[Module], least: dict[int, int], over: int) -> list[Module]:
    out, total = [], 0
    for m in ranked:
        out.append(m)
        total += least[m.index]
        if total >= over:
            break
    return out
