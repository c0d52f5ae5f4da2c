"""When the make-up cannot close a page: the refusal an editor can act on (one line: too much
copy or too little, by how many grid lines and about how many characters, and which blocks to
cut, move or add), and the best arrangement found, made up anyway for an overset proof."""
from __future__ import annotations

from typing import Sequence

from ..model import Page, Placement
from .arrange import Runs, bands
from .stacking import GAP, MAX_EMPTY, MIN_MODULE, Module, Placed, Plan


def why_not(page: Page, modules: Sequence[Module], runs: Runs, fmt, attempt) -> str:
    grid = fmt.grid
    where = f"page {page.number}"
    columns = len(runs)
    areas = sum(len(own) for own in runs)  # stacks the free grid makes at the least
    chars = int(grid.column_width / grid.body_size)
    unplaceable = [m.name for m in modules if not m.heights]
    if unplaceable:
        return (f"{where}: too much copy: `{unplaceable[0]}` does not fit the page at any width "
                f"it may take; cut its copy or allow it more columns (`span`)")
    free = sum(end - first for own in runs for first, end in own)
    least = {m.index: min(m.least(s) * s for s in m.spans) for m in modules}
    most = {m.index: max((m.most(s) + GAP) * s for s in m.spans) for m in modules}
    over = sum(least.values()) + GAP * (len(modules) - areas) - free
    if over > 0:
        lines = -(-over // columns)
        ranked = sorted(modules, key=lambda m: (-m.priority, -least[m.index], m.index))
        alone = [m for m in ranked if least[m.index] >= over][:3]
        pick = alone or _cumulative(ranked, least, over)
        names = ", ".join(f"`{m.name}` ({least[m.index] // max(m.spans)} lines at "
                          f"{max(m.spans)} column{'' if max(m.spans) == 1 else 's'})"
                          for m in pick)
        # A bound from the blocks' least areas: packing them wastes some room besides.
        return (f"{where}: too much copy: the blocks placed automatically need at least {over} "
                f"column-lines more than the page has free — {_grid_lines(lines)} too many "
                f"across its {columns} columns, at least {over * chars} characters; best "
                f"candidates to cut or move to another page: {names}")
    short = free - MAX_EMPTY * areas - sum(most.values())
    if short > 0:
        return (f"{where}: too little copy: the blocks placed automatically leave at least "
                f"{short} column-lines empty — {_grid_lines(-(-short // columns))} across its "
                f"{columns} columns, about {short * chars} characters; add copy or a block, or "
                f"give a block a fixed place")
    hole = _hole(modules, runs)
    if hole is not None:
        (column, first, end), width = hole
        columns_text = f"column {column + 1}" if width == 1 else \
            f"columns {column + 1}–{column + width}"
        return (f"{where}: {columns_text}, lines {first + 1}–{end}, are free but too short for "
                f"any block left to the make-up (it fills every free space); move a block "
                f"placed by hand to close the gap, or give it a block of "
                f"{_grid_lines(end - first)}")
    if attempt.nearest is not None:
        miss, stack, blocks = attempt.nearest
        columns_text = f"column {stack.column + 1}" if stack.span == 1 else \
            f"columns {stack.column + 1}–{stack.column + stack.span}"
        names = ", ".join(f"`{m.name}`" for m in blocks)
        if miss > 0:
            return (f"{where}: too little copy to close it: the nearest arrangement found "
                    f"leaves {columns_text} {_grid_lines(miss)} short under {names} (about "
                    f"{miss * stack.span * chars} characters); add copy to one of them or "
                    f"another block, or give a block a fixed place")
        return (f"{where}: too much copy to close it: the nearest arrangement found runs "
                f"{_grid_lines(-miss)} past the foot of {columns_text} with {names} (about "
                f"{-miss * stack.span * chars} characters); cut one of them or move a block "
                f"to another page")
    rules = ("the make-up's rules (the lead at the top and widest, priority falling down and "
             "across, a photo with its article, the hints)")
    if attempt.complete:  # all tried: searching longer finds nothing more
        return (f"{where}: no arrangement closes the page: wherever {rules} let the blocks "
                f"stand, the heights they may take (their copy with copyfitting's line or two, "
                f"a photo's crop) do not add up to a column's depth; cut or add a few lines of "
                f"copy in a block, loosen a hint (`span`, `top`, `priority`), or place a block "
                f"by hand")
    return (f"{where}: no arrangement keeps {rules} within {attempt.nodes:,} tries; loosen a "
            f"hint (`span`, `top`, `priority`), place a block by hand, or let it search longer "
            f"(`--plan-effort 4`)")


def not_holding(page: Page, failed: set[tuple[str, int, int | None]], checks: int) -> str:
    """The refusal when every arrangement the make-up found, `checks` times planned again,
    left an article its copyfitting cannot close at the height it was given."""
    names = ", ".join(f"`{a.name}`" for a in page.articles
                      if any(path == a.path for path, _, _ in failed))
    return (f"page {page.number}: the make-up's arrangements do not hold once set: {names} "
            f"would not close at the place it was given (copyfitting cannot take out or add "
            f"those lines), and planning again {checks} times found none that does; cut or add "
            f"a few lines of copy, place a block by hand, or let it search longer "
            f"(`--plan-effort 4`)")


def _hole(modules: Sequence[Module], runs: Runs) -> tuple[tuple[int, int, int], int] | None:
    """The first free run (column, first line, end) no block can stand in at any width its
    band of side-by-side runs allows, with that band's width; None when every run takes one."""
    for band in bands([(c, first, end) for c, own in enumerate(runs) for first, end in own]):
        _, first, end = band[0]
        if not any(m.least(s) <= end - first for m in modules for s in m.spans
                   if s <= len(band)):
            return band[0], len(band)
    return None


def _grid_lines(count: int) -> str:
    return f"{count} grid line{'' if count == 1 else 's'}"


def _cumulative(ranked: Sequence[Module], least: dict[int, int], over: int) -> list[Module]:
    out, total = [], 0
    for m in ranked:
        out.append(m)
        total += least[m.index]
        if total >= over:
            break
    return out


def proof_places(deepest: Sequence[Placed], modules: Sequence[Module],
                 runs: Runs) -> dict[str, Placement]:
    """Places for an overset proof: the blocks the search placed where it placed them; each
    other (most important first) at its narrowest width where the most room is left, as tall
    as its copy asks or as the room allows (cut short: overset). A block with no room of
    MIN_MODULE lines anywhere is left out."""
    free = [list(own) for own in runs]
    for p in deepest:
        _take(free, p.column, p.span, p.line, p.height)
    placed = list(deepest)
    done = {p.module.index for p in deepest}
    for module in sorted(modules, key=lambda m: (m.priority, m.index)):
        if module.index in done or not module.heights:
            continue
        span = min(module.spans)
        # the most room first, then the leftmost
        room, _, best, line = max(((_room(free, c, span, first), -c, c, first)
                                   for c in range(len(free) - span + 1)
                                   for k in range(c, c + span) for first, _ in free[k]),
                                  default=(0, 0, 0, 0))
        if room < MIN_MODULE:
            continue
        height, _, first = module.heights[span][0]
        height = min(height, room)
        if first and height - first - GAP < MIN_MODULE:
            first = 0 if height < 2 * MIN_MODULE + GAP else height - GAP - MIN_MODULE
        placed.append(Placed(module, best, span, line, height, 0, first))
        _take(free, best, span, line, height)
    return Plan(tuple(placed), (), False, 0).places()


def _room(free: list[list[tuple[int, int]]], column: int, span: int, line: int) -> int:
    """The free lines from `line` down in every one of the `span` columns from `column`."""
    return min(next((end for first, end in free[c] if first <= line < end), line)
               for c in range(column, column + span)) - line


def _take(free: list[list[tuple[int, int]]], column: int, span: int, line: int,
          height: int) -> None:
    """The lines a block takes, with a gap line under it, no longer free."""
    for c in range(column, column + span):
        free[c] = [part for first, end in free[c]
                   for part in ((first, min(end, line)), (max(first, line + height + GAP), end))
                   if part[1] > part[0]]
