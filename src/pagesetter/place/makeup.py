"""Automatic page make-up: the articles and photos of a page that say `place: auto` get places
of their own, around the blocks placed by hand.

The page is modular, as newspapers are: every block is a rectangle of whole base columns, the
lead wide at the top, the other stories in modules of one to three columns, short items narrow
(a block is never set across more columns than its copy fills: each text column holds at least
MIN_COLUMN_LINES lines, unless even its narrowest width does not), an article's photo
(`with_photo`) directly above it. The desk's slack makes pages close: each article may take any
height its copyfitting closes (model.CopyfitLimits: a line or two more or less), a photo any
crop between ¾ and 1¼ of its natural height, and a column may end up to MAX_EMPTY lines short of
its foot. A page must keep, as the desk requires:

* every block fits (no overset), every column reaches within MAX_EMPTY lines of its foot;
* the lead (priority 1) at the top, no block wider than it; priority falls down and across: a
  more important block is never both below and right of a less important one;
* the hints: a block's allowed spans, `top` (first in its stack).

Among pages that keep them the search (arrange.py) prefers, in this order: fewer tombstones
(headlines side by side), fewer empty lines, less copyfitting and cropping, then the arrangement
tried first. Its work is bounded by a budget of nodes, so the same input always gives the same
page. When no page is found the refusal says, in one line, whether the copy is too much or too
little for the page and by how much, and which blocks to cut, move or add; with `--allow-overset`
the best arrangement found is made up anyway as a marked proof.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from ..compose import Composer
from ..errors import Diagnostic, InputError, warning
from ..model import Article, Issue, Page, Photo, Placement, auto_hints
from .arrange import Runs, search
from .stacking import (GAP, LAST, MAX_EMPTY, MAX_GAP, MAX_STACK, MIN_MODULE, PHOTO_FLEX, Module,
                       Plan)
from .checks import MAX_EMPTY_LINES
from .region import Region, free_runs

__all__ = ["GAP", "MAX_EMPTY", "MAX_GAP", "NoFit", "plan_page"]

#: A text column of an article made up automatically holds at least this many lines, unless
#: the article is too short for that at any width it may take (then its narrowest is used).
MIN_COLUMN_LINES = 6
#: How often the plan is checked by placing its blocks and planned again without the heights
#: that did not hold.
CHECKS = 4


class NoFit(Exception):
    """No arrangement fits the page; the message says by how much and what to cut, move or
    add. `proof` is the page made up as well as it could be (for an overset proof)."""

    def __init__(self, message: str, proof: Page | None = None) -> None:
        super().__init__(message)
        self.proof = proof


def plan_page(issue: Issue, page: Page, composer: Composer, fixed: Sequence[Region],
              effort: int = 1) -> tuple[Page, tuple[Diagnostic, ...]]:
    """`page` with every auto block given its place, and a warning when headlines had to stand
    side by side or the budget ran out (raises NoFit when no arrangement fits)."""
    items = [a for a in page.articles if a.auto] + [p for p in page.photos if p.auto]
    if not items:
        return page, ()
    fmt = issue.format
    modules = _modules(items, page, composer, fmt)
    runs = _free(fmt.grid, fixed)
    heads = _fixed_heads(fixed)
    plan, attempt = search(modules, runs, heads, effort)
    failed: set[tuple[str, int, int | None]] = set()
    for check in range(CHECKS + 1):  # the last plan is checked too, never handed out unseen
        if plan is None:
            break
        failed = _failing(plan, page, composer, fmt)
        if not failed or check == CHECKS:
            break
        modules = [_without(m, failed) for m in modules]
        plan, attempt = search(modules, runs, heads, effort)
    if plan is None:
        raise NoFit(_why_not(page, modules, runs, fmt, attempt),
                    _proof(page, attempt.deepest, modules, runs))
    if failed:
        raise NoFit(_not_holding(page, failed), _placed_page(page, plan.places()))
    warnings: tuple[Diagnostic, ...] = ()
    if plan.tombstones:
        warnings += (warning(page.pos, f"page {page.number}: {plan.tombstones} headline(s) of "
                             f"the make-up stand beside another at the same height "
                             f"(tombstones): no arrangement found avoids it", page.path,
                             "give one of them another headline look, a photo over it, or a "
                             "place by hand"),)
    if not plan.complete:
        warnings += (warning(page.pos, f"page {page.number}: the make-up tried {plan.nodes:,} "
                             f"arrangements, its budget, and kept the best it found", page.path,
                             "`pagesetter plan --plan-effort 4` searches longer"),)
    return _placed_page(page, plan.places()), warnings


def _placed_page(page: Page, places: dict[str, Placement]) -> Page:
    return replace(page, articles=tuple(_placed(a, places) for a in page.articles),
                   photos=tuple(_placed(p, places) for p in page.photos))


def _placed(item, places: dict[str, Placement]):
    if item.place is not None or item.path not in places:
        return item
    return replace(item, place=places[item.path])


# --- the free grid -----------------------------------------------------------------------------

def _free(grid, fixed: Sequence[Region]) -> list[list[tuple[int, int]]]:
    """Each base column's runs of free grid lines, a gap line kept under anything above them and
    over anything below them: [(first line, end line) …], top down. A sliver too short for any
    block (between blocks placed by hand a line or two apart) is not one."""
    out = []
    for runs in free_runs(fixed, grid):
        own = []
        for line, end in runs:
            first = line + GAP if line > 0 else line
            last = end - GAP if end < grid.lines else end
            if last - first >= MIN_MODULE:
                own.append((first, last))
        out.append(own)
    return out


def _fixed_heads(fixed: Sequence[Region]) -> tuple:
    """Where the headlines of blocks placed by hand stand: no auto headline may stand beside
    them."""
    out = []
    for region in fixed:
        body = [ln.grid_line for b in region.blocks if b.kind == "body" for ln in b.lines
                if ln.grid_line is not None]
        heads = [b for b in region.blocks if b.kind in ("kicker", "headline", "deck")]
        if heads and body:
            out.append((region.box.column, region.box.right, region.box.line, min(body)))
    return tuple(out)


# --- modules -----------------------------------------------------------------------------------

def _modules(items: Sequence[Article | Photo], page: Page, composer: Composer,
             fmt) -> list[Module]:
    """Each auto block as a module (an article with the photo that goes with it, one)."""
    singles = [_article_module(index, item, composer, fmt) if isinstance(item, Article)
               else _photo_module(index, item, composer, fmt)
               for index, item in enumerate(items)]
    return _grouped(items, singles)


def _article_module(index: int, article: Article, composer: Composer, fmt) -> Module:
    from .article import place_article

    limits = fmt.styles["body"].copyfit
    slack = limits.lines if limits is not None else 0
    heights, head, imbalance, depth = {}, {}, {}, {}
    for span in _spans_to_try(article, fmt):
        auto = replace(article, place=Placement(0, span, 0, None, span, article.pos), auto=None)
        (_, region), = place_article(auto, composer, fmt, figures=False)
        fit = region.fit
        if fit is None or fit.over:
            continue  # its copy does not fit the page at this width
        natural = region.box.height
        head[span] = _head_lines(region)
        options = []
        # Never so short that its head leaves no line for its text (copyfitting condenses
        # lines, it cannot make a paragraph vanish).
        for height in range(max(MIN_MODULE, natural - 4, head[span] + 1), natural + 7):
            # lines over (copyfitting condenses) or under (it expands, and up to
            # MAX_EMPTY_LINES may stay empty at the article's foot)
            lines = fit.lines_available + span * (height - natural) - fit.lines_needed
            if not -slack <= lines <= slack + MAX_EMPTY_LINES:
                continue
            # Offered only once seen to hold: the arithmetic above is a guess (not every
            # paragraph loses a line when condensed; subheads and balancing move lines).
            if not _holds(article, Placement(0, span, 0, height, span, article.pos), composer,
                          fmt):
                continue
            cost = 0 if height == natural else abs(lines) + max(0, lines - slack)
            options.append((height, cost, 0))
        if not options:
            head.pop(span)
            continue
        heights[span] = tuple(sorted(options, key=lambda o: (o[1], abs(o[0] - natural), o[0])))
        imbalance[span] = fit.empty
        depth[span] = fit.lines_needed / span
    lead = auto_hints(article).priority == 1
    for span in _unbalanced(imbalance) + _too_wide(depth, MIN_COLUMN_LINES / (2 if lead else 1)):
        for table in (heights, head):
            table.pop(span, None)
    return Module(index, article.name, article.path, article.pos,
                  auto_hints(article).priority or LAST, heights, head, auto_hints(article).top)


def _spans_to_try(article: Article, fmt) -> list[int]:
    """The widths worth setting the article at: at most MAX_STACK columns but for the lead (or
    when its copy is too long for that), and none at which its text columns would clearly hold
    fewer than MIN_COLUMN_LINES lines."""
    grid = fmt.grid
    chars = sum(len(block.text) for block in article.blocks) + len(article.byline)
    per_line = max(1, int(grid.column_width / grid.body_size))
    spans = sorted(auto_hints(article).spans)
    if article.briefs:
        return spans[:1]  # a briefs column is narrow (its hints may say how wide)
    lead = auto_hints(article).priority == 1  # set wide under its big head, even when it is short
    deep = [s for s in spans if chars / (per_line * s) >= MIN_COLUMN_LINES / (2 if lead else 1)]
    deep = deep or spans[:1]
    narrow = [s for s in deep if s <= MAX_STACK]
    if lead or not narrow or chars / (per_line * max(narrow)) > grid.lines - 6:
        return deep
    return narrow


def _photo_module(index: int, photo: Photo, composer: Composer, fmt) -> Module:
    from .photo import photo_block

    grid = fmt.grid
    heights = {}
    for span in auto_hints(photo).spans:
        block = photo_block(photo, composer, fmt, grid.column_x(0), grid.span_width(span), 0,
                            None, photo.pos, photo.path)
        image = block.image_lines
        low = block.lines - image + max(3, int(image * PHOTO_FLEX[0]))
        high = block.lines - image + int(image * PHOTO_FLEX[1] + 0.999)
        heights[span] = tuple(sorted(((h, abs(h - block.lines), 0) for h in range(low, high + 1)),
                                     key=lambda o: (o[1], o[0])))
    return Module(index, photo.name, photo.path, photo.pos, auto_hints(photo).priority or LAST,
                  heights, {span: 0 for span in heights}, auto_hints(photo).top)


def _head_lines(region: Region) -> int:
    """Grid lines above the article's first body line: its head."""
    lines = [ln.grid_line for b in region.blocks if b.kind == "body" for ln in b.lines
             if ln.grid_line is not None]
    return (min(lines) if lines else region.box.bottom) - region.box.line


def _unbalanced(imbalance: dict[int, int]) -> list[int]:
    """The widths at which an article's text columns would end more than MAX_EMPTY_LINES short
    of each other, when it has a width at which they do not: the hole at an article's foot that
    placement reports of an article placed by hand (checks.MAX_EMPTY_LINES)."""
    if not any(short <= MAX_EMPTY_LINES for short in imbalance.values()):
        return []
    return [span for span, short in imbalance.items() if short > MAX_EMPTY_LINES]


def _too_wide(depth: dict[int, float], least: float = MIN_COLUMN_LINES) -> list[int]:
    """The widths at which the article's text columns would hold fewer than `least` lines (a
    brief set four columns wide and two lines deep), when a narrower width holds more."""
    if not depth or depth[min(depth)] < least:
        return sorted(depth)[1:]
    return [span for span, lines in depth.items() if lines < least]


def _grouped(items: Sequence[Article | Photo], singles: list[Module]) -> list[Module]:
    """An article and the photo that stays with it (`with_photo`) as one module: the photo on
    top, the article directly below it, at the same width."""
    by_name: dict[str, Module] = {}
    for item, module in zip(items, singles, strict=True):
        if isinstance(item, Photo):
            by_name.setdefault(item.name, module)
            if item.title:
                by_name.setdefault(item.title, module)
    out, taken = [], set()
    for item, module in zip(items, singles, strict=True):
        photo = by_name.get(auto_hints(item).with_photo) if isinstance(item, Article) else None
        if photo is None or photo.index in taken:
            continue
        taken |= {photo.index, module.index}
        heights = {}
        for span in set(module.heights) & set(photo.heights):
            options: dict[int, tuple[int, int, int]] = {}
            for p_height, p_cost, _ in photo.heights[span]:
                for a_height, a_cost, _ in module.heights[span]:
                    total = p_height + GAP + a_height
                    option = (total, p_cost + a_cost, p_height)
                    if total not in options or option < options[total]:
                        options[total] = option
            heights[span] = tuple(sorted(options.values(), key=lambda o: (o[1], o[0])))
        out.append(replace(module, name=f"{module.name} + {photo.name}", heights=heights,
                           head={s: module.head[s] for s in heights},
                           priority=min(module.priority, photo.priority),
                           top=module.top or photo.top,
                           members=((photo.path, photo.pos), (module.path, module.pos))))
    out += [m for m in singles if m.index not in taken]
    return sorted(out, key=lambda m: m.index)


def _failing(plan: Plan, page: Page, composer: Composer, fmt) -> set[tuple[str, int, int | None]]:
    """The (path, span, height) of the planned articles that do not fit at their place once
    placed (copyfitting could not close them, or left a hole)."""
    places = plan.places()
    return {(article.path, place.span, place.height) for article in page.articles
            if (place := places.get(article.path)) is not None
            and not _holds(article, place, composer, fmt)}


def _holds(article: Article, place: Placement, composer: Composer, fmt) -> bool:
    """Whether `article` fits at `place` once placed: no overset, no hole at its foot, and a
    place that holds its head (and its photo) at all."""
    from .article import place_article

    try:
        (_, region), = place_article(replace(article, place=place, auto=None), composer, fmt,
                                     figures=False)
    except InputError:  # the height cannot hold its head, or its photo
        return False
    return region.fit is None or not (region.fit.over or region.fit.empty > MAX_EMPTY_LINES)


def _without(module: Module, failed: set[tuple[str, int, int | None]]) -> Module:
    """`module` without the heights found not to hold (an article's, alone or under its
    photo)."""
    path = module.members[1][0] if module.members else module.path
    heights = {}
    for span, options in module.heights.items():
        kept = tuple(o for o in options
                     if (path, span, o[0] - (o[2] + GAP if o[2] else 0)) not in failed)
        if kept:
            heights[span] = kept
    return replace(module, heights=heights, head={s: module.head[s] for s in heights})


# --- when nothing fits -------------------------------------------------------------------------

def _why_not(page: Page, modules: Sequence[Module], runs: Runs, fmt, attempt) -> str:
    """What keeps the page from closing, in the desk's terms, on one line: too much copy (grid
    lines and about how many characters, and the blocks best cut or moved), too little (how
    much to add), or an arrangement the rules and hints forbid."""
    from .makeup_messages import why_not

    return why_not(page, modules, runs, fmt, attempt)


def _not_holding(page: Page, failed: set[tuple[str, int, int | None]]) -> str:
    """The refusal when the plan still does not hold once set, after every check."""
    from .makeup_messages import not_holding

    return not_holding(page, failed, CHECKS)


def _proof(page: Page, deepest, modules: Sequence[Module], runs: Runs) -> Page:
    """The page made up as well as the search got: the blocks it placed where it placed them,
    the others in the room left (cut short: overset), for an overset proof."""
    from .makeup_messages import proof_places

    places = proof_places(deepest, modules, runs)
    kept = replace(page, articles=tuple(a for a in page.articles
                                        if a.place is not None or a.path in places),
                   photos=tuple(p for p in page.photos if p.place is not None or p.path in places))
    return _placed_page(kept, places)
