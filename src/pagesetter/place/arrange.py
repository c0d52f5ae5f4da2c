"""The make-up's search (makeup.py says what a page must be and how it is scored): the free grid
cut into stacks, blocks assigned to stacks depth first with branch and bound, each stack
realised (order, gaps, photo crops) and the realisations chosen left to right.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Sequence

from ..errors import SourcePos
from ..model import Page, Placement
from .region import Region, free_runs

GAP = 1  # grid lines between stacked modules
MAX_GAP = 2
MAX_EMPTY = 2  # grid lines a stack may leave empty at its foot
PHOTO_FLEX = (0.75, 1.25)  # a photo's image height may be cropped to these shares
LAST = 99  # the priority of a block that gives none




@dataclass(frozen=True)
class Module:
    """An auto block: what it is, and its height (grid lines) at each width it may take."""

    index: int
    name: str
    path: str
    pos: SourcePos
    priority: int
    heights: dict[int, int]  # span → natural height
    low: dict[int, int]  # span → the least height (a photo, cropped); = heights for articles
    high: dict[int, int]
    head: dict[int, int]  # span → grid lines of its head (0: a photo, no headline on top)
    imbalance: dict[int, int]  # span → lines its shortest text column is short of the longest
    top: bool = False
    partner: int | None = None  # the module it must stand next to (an article's photo)

    @property
    def spans(self) -> tuple[int, ...]:
        return tuple(self.heights)


@dataclass(frozen=True)
class Stack:
    column: int  # 0-based first base column
    span: int
    top: int  # first free grid line
    bottom: int  # one past the last free grid line

    @property
    def lines(self) -> int:
        return self.bottom - self.top


@dataclass(frozen=True)
class Plan:
    """The chosen page: a place for every auto block, and what it scored."""

    places: dict[str, Placement]  # field path → place
    empty: int  # grid lines left empty, summed over base columns
    score: tuple


# --- stacks ------------------------------------------------------------------------------------

def stack_layouts(grid, fixed: Sequence[Region], page: Page) -> list[tuple[Stack, ...]]:
    """Every way to cut the free part of the grid into stacks of whole base columns, side by
    side (each a run of columns; its free lines those all its columns have)."""
    runs = _free_runs(grid, fixed, page)
    layouts = []
    for widths in _compositions(grid.columns):
        column, stacks = 0, []
        for width in widths:
            own = {runs[c] for c in range(column, column + width)}
            if len(own) > 1:  # its columns are free over different lines: a stack would
                break         # leave holes in some of them
            top, bottom = own.pop()
            if bottom - top < 3:
                break
            stacks.append(Stack(column, width, top, bottom))
            column += width
        else:
            layouts.append(tuple(stacks))
    return layouts


def _free_runs(grid, fixed: Sequence[Region], page: Page) -> list[tuple[int, int]]:
    """Each base column's longest run of free grid lines, a gap line kept under anything above
    it and over anything below it."""
    out = []
    for runs in free_runs(fixed, grid):
        best = (0, 0)
        for line, end in runs:
            top = line + GAP if line > 0 else line
            bottom = end - GAP if end < grid.lines else end
            if bottom - top > best[1] - best[0]:
                best = (top, bottom)
        out.append(best)
    return out


def _compositions(n: int) -> list[tuple[int, ...]]:
    """The ways to write n as an ordered sum of positive widths (2**(n-1) of them)."""
    if n == 0:
        return [()]
    return [(first, *rest) for first in range(1, n + 1) for rest in _compositions(n - first)]


# --- search ------------------------------------------------------------------------------------

@dataclass
class _Best:
    plan: tuple | None = None  # (score, places)
    fixed_heads: tuple = ()  # (first column, end column, first line, end line) of fixed heads
    realised: dict = field(default_factory=dict)  # a stack's realisations, by its modules


def fixed_heads(fixed: Sequence[Region]) -> tuple:
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


def search(modules: Sequence[Module], layouts: Sequence[tuple[Stack, ...]],
            fixed_heads: tuple = ()) -> Plan | None:
    order = sorted(modules, key=lambda m: (m.priority, m.index))
    best = _Best(fixed_heads=fixed_heads)
    for stacks in layouts:
        if len(stacks) > len(modules):
            continue
        _assign(order, 0, stacks, [[] for _ in stacks], best)
    if best.plan is None:
        return None
    score, places = best.plan
    return Plan(places, score[0], score)


def _assign(order: Sequence[Module], k: int, stacks: Sequence[Stack], columns: list[list],
            best: _Best) -> None:
    """Depth first: module k goes to the foot of each stack it may join."""
    if k == len(order):
        if all(columns):
            _evaluate(stacks, columns, best)
        return
    module = order[k]
    if not _can_still_fill(order[k:], stacks, columns):
        return
    for s, stack in enumerate(stacks):
        if stack.span not in module.heights:
            continue
        column = columns[s]
        if module.top and any(m.top for m in column):
            continue  # one block at the top of a stack (the order is chosen later)
        if module.partner is not None:
            placed_in = next((i for i, c in enumerate(columns)
                              if any(m.index == module.partner for m in c)), None)
            if placed_in is not None and placed_in != s:
                continue  # an article's photo shares its stack
        if _least(column + [module], stack.span) > stack.lines:
            continue
        column.append(module)
        _assign(order, k + 1, stacks, columns, best)
        column.pop()


def _least(column: Sequence[Module], span: int) -> int:
    return sum(m.low[span] for m in column) + GAP * (len(column) - 1)


def _most(column: Sequence[Module], span: int) -> int:
    return sum(m.high[span] for m in column) + MAX_GAP * (len(column) - 1)


def _can_still_fill(rest: Sequence[Module], stacks: Sequence[Stack], columns) -> bool:
    """Whether the modules left can, at best, fill every stack to within MAX_EMPTY lines."""
    missing = 0
    for stack, column in zip(stacks, columns, strict=True):
        short = stack.lines - MAX_EMPTY - (_most(column, stack.span) + (MAX_GAP if column else 0))
        missing += max(0, short) * stack.span
    if not missing:
        return True
    spans = [s.span for s in stacks]
    offer = sum(max((m.high[s] + MAX_GAP) * s for s in spans if s in m.high) for m in rest
                if any(s in m.high for s in spans))
    return offer >= missing


def _evaluate(stacks: Sequence[Stack], columns: Sequence[list], best: _Best) -> None:
    """Realise the assignment — order each stack, crop the photos, open the gaps — with as few
    headlines side by side and as few lines empty as can be; keep it if it wins."""
    spans = {m.index: s.span for s, c in zip(stacks, columns, strict=True) for m in c}
    if not _order_holds(stacks, columns):
        return
    floor = sum((s.lines - min(s.lines, _most(c, s.span))) * s.span
                for s, c in zip(stacks, columns, strict=True))
    if best.plan is not None and (0, floor) > best.plan[0][:2]:
        return
    options = [[(empty, _beside_fixed(placed, stack, spans, best.fixed_heads), placed)
                for empty, placed in _realisations(stack, column, best.realised)]
               for stack, column in zip(stacks, columns, strict=True)]
    if not all(options):
        return
    chosen = _compatible(options, spans, best.plan[0][:2] if best.plan else None)
    if chosen is None:
        return
    (tombstones, empty), tops = chosen
    if not _priority_holds(tops):
        return
    inversions = sum(1 for a in tops.values() for b in tops.values()
                     if a[3].priority < b[3].priority and spans[a[3].index] < spans[b[3].index]
                     and a[3].head[spans[a[3].index]] and b[3].head[spans[b[3].index]])
    imbalance = sum(m.imbalance[spans[m.index]] for c in columns for m in c)
    signature = tuple((s.column, s.span, tuple(m.index for m in c))
                      for s, c in zip(stacks, columns, strict=True))
    score = (tombstones, empty, inversions, imbalance, signature)
    if best.plan is None or score < best.plan[0]:
        places = {m.path: Placement(column, spans[m.index], line, height, spans[m.index], m.pos)
                  for line, height, column, m in tops.values()}
        best.plan = (score, places)


def _realisations(stack: Stack, column: Sequence[Module], memo: dict) -> list[tuple[int, list]]:
    """The ways to stand the stack's modules from its top — in each order they may take, each
    gap one or two lines, each photo cropped within its range — reaching within MAX_EMPTY lines
    of its foot: (empty lines, [(line, height, column, module) …]), fewest empty first, then
    photos nearest their natural height. Ways that put the same headlines at the same lines
    with as many lines empty are one (they cannot differ in what the page is scored on);
    the same modules in the same stack are realised once (`memo`)."""
    key = (stack, tuple(sorted(m.index for m in column)))
    if key in memo:
        return memo[key]
    span = stack.span
    options: dict[tuple, tuple] = {}
    for rank, order in enumerate(_orders(column)):
        flexible = [i for i, m in enumerate(order) if m.high[span] > m.low[span]]
        for pattern in range(2 ** (len(order) - 1)):
            gaps = [GAP + ((pattern >> i) & 1) for i in range(len(order) - 1)]
            for heights in _crops(order, span, flexible, stack.lines - sum(gaps)):
                total = sum(heights) + sum(gaps)
                line, placed = stack.top, []
                for i, m in enumerate(order):
                    placed.append((line, heights[i], stack.column, m))
                    line += heights[i] + (gaps[i] if i < len(gaps) else 0)
                empty = (stack.lines - total) * span
                cropped = sum(abs(heights[i] - order[i].heights[span]) for i in flexible)
                heads = tuple((entry[0], entry[3].head[span]) for entry in placed
                              if entry[3].head[span])
                rank_key = (cropped, rank, pattern)
                known = options.get((empty, heads))
                if known is None or rank_key < known[0]:
                    options[(empty, heads)] = (rank_key, placed)
    out = sorted(((empty, rank_key, placed) for (empty, _), (rank_key, placed)
                  in options.items()), key=lambda option: option[:2])
    memo[key] = [(empty, placed) for empty, _, placed in out]
    return memo[key]


def _orders(column: Sequence[Module]) -> list[tuple[Module, ...]]:
    """The orders the stack's modules may stand in, top down: priority falls (more important
    higher), a `top` block first, an article's photo next to it; the given order first."""
    out = []
    for order in itertools.permutations(column):
        if any(a.priority > b.priority for a, b in zip(order, order[1:], strict=False)):
            continue
        if any(m.top for m in order[1:]):
            continue
        at = {m.index: i for i, m in enumerate(order)}
        if any(m.partner is not None and m.partner in at and abs(at[m.partner] - i) != 1
               for i, m in enumerate(order)):
            continue
        out.append(order)
    return out


def _crops(column: Sequence[Module], span: int, flexible: Sequence[int], room: int):
    """The heights of the stack's modules that fill `room` lines to within MAX_EMPTY: articles
    as their copy needs, the photos (the first two; any others stay natural) cropped."""
    base = [m.heights[span] for m in column]
    if not flexible:
        if room - MAX_EMPTY <= sum(base) <= room:
            yield base
        return
    first = flexible[0]
    second = flexible[1] if len(flexible) > 1 else None
    rest = sum(base) - base[first] - (base[second] if second is not None else 0)
    for b in ([None] if second is None else
              range(column[second].low[span], column[second].high[span] + 1)):
        left = rest + (b or 0)
        low = max(column[first].low[span], room - MAX_EMPTY - left)
        high = min(column[first].high[span], room - left)
        for a in range(high, low - 1, -1):  # fullest first
            heights = list(base)
            heights[first] = a
            if second is not None:
                heights[second] = b
            yield heights


def _compatible(options, spans, bound):
    """One realisation a stack, left to right, with the fewest headlines standing side by
    side, then the fewest empty lines (branch and bound; each stack's options come fullest
    first): ((tombstones, empty lines), tops by module), or None if none beats `bound`."""
    least_after = [sum(o[0][0] for o in options[k:]) for k in range(len(options) + 1)]
    best = [bound, None]

    def visit(k: int, tombstones: int, empty: int, previous, chosen: list) -> None:
        if best[0] is not None and (tombstones, empty + least_after[k]) >= best[0]:
            return
        if k == len(options):
            best[0] = (tombstones, empty)
            best[1] = {entry[3].index: entry for placed in chosen for entry in placed}
            return
        for stack_empty, beside_fixed, placed in options[k]:
            more = beside_fixed + (_tombstones(previous, placed, spans) if previous else 0)
            visit(k + 1, tombstones + more, empty + stack_empty, placed, chosen + [placed])

    visit(0, 0, 0, None, [])
    if best[1] is None:
        return None
    return best[0], best[1]


def _tombstones(left: Sequence[tuple], right: Sequence[tuple], spans: dict[int, int]) -> int:
    """How many headlines of the left stack stand beside one of the right stack."""
    count = 0
    for top_a, _, _, a in left:
        head_a = a.head[spans[a.index]]
        for top_b, _, _, b in right:
            head_b = b.head[spans[b.index]]
            if head_a and head_b and top_a < top_b + head_b and top_b < top_a + head_a:
                count += 1
    return count


def _beside_fixed(placed: Sequence[tuple], stack: Stack, spans: dict[int, int],
                  fixed_heads: tuple) -> int:
    """How many headlines of the stack stand beside the headline of a block placed by hand."""
    count = 0
    for first, end, top, bottom in fixed_heads:
        if end != stack.column and stack.column + stack.span != first:
            continue
        for line, _, _, m in placed:
            head = m.head[spans[m.index]]
            if head and line < bottom and top < line + head:
                count += 1
    return count


def _order_holds(stacks: Sequence[Stack], columns: Sequence[list]) -> bool:
    """The lead stands first in the widest stack."""
    widest = max(s.span for s in stacks)
    for stack, column in zip(stacks, columns, strict=True):
        for position, m in enumerate(column):
            if m.priority == 1 and (position or stack.span < widest):
                return False
    return True


def _priority_holds(tops: dict) -> bool:
    """Priority falls down and across: a more important block is never below-or-level and
    right-or-level of a less important one."""
    for a_line, _, a_col, a in tops.values():
        for b_line, _, b_col, b in tops.values():
            if a.priority < b.priority and a_line >= b_line and a_col >= b_col \
                    and (a_line, a_col) != (b_line, b_col):
                return False
    return True
