"""The make-up's search (makeup.py says what a page must be and how it is scored).

A page is a template and an assignment. The template is the shape of the page: the lead (the
block of priority 1) across some columns at the top, the columns under it cut into stacks, and
every other free run of lines cut into stacks (a column holds as many runs as the blocks placed
by hand leave it) — each stack whole base columns side by side over the same lines, at most
MAX_STACK wide unless a block asks for more. The assignment puts every other block in a stack
as wide as one of its widths; a stack's blocks stand top down, the more important higher, one
or two lines apart, each as tall as one of the heights its copy allows (an article's copyfit
range, a photo's crop range), and the stack reaches within MAX_EMPTY lines of its foot.

Templates are tried in the order a desk prefers them (the lead wide, at the left); for each,
blocks are assigned to stacks depth first, the most important and largest first, each to the
stacks with the most room first, and a stack is cut as soon as its blocks can no longer fit or
the blocks left can no longer fill the page. A complete assignment is realised: each stack's
heights and gaps chosen to reach its foot (a small search over the totals it can make), in each
order its blocks may take, and the realisations of side-by-side stacks combined to stand the
fewest headlines side by side. The work is bounded by a budget of nodes, not of time, so the
same page always gets the same plan; the best page found wins.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from typing import Sequence

from .realise import realise
from .stacking import (BUDGET, GAP, MAX_EMPTY, MAX_GAP, MAX_STACK, MIN_MODULE, Module, Placed,
                       Plan,
                       Stack, Template)

# --- templates ---------------------------------------------------------------------------------

#: Each base column's free runs of grid lines, top down: [(first line, end line) …]. Blocks
#: placed by hand may cut a column into several.
Runs = Sequence[Sequence[tuple[int, int]]]


#: The least of the budget each template tried is given: a search tries at most budget //
#: MIN_SHARE templates, so no more are made (the runs of a page cut by full-width blocks placed
#: by hand multiply into tens of thousands of shapes).
MIN_SHARE = 200


def templates(runs: Runs, lead: Module | None, widest: int,
              limit: int | None = None) -> list[Template]:
    """The shapes of the free grid (the first `limit` of them): the lead's columns (when there
    is a lead: at the top of the first run of each), the stacks under it, and every other run
    cut into stacks; the lead widest and leftmost first."""
    columns = len(runs)
    out: list[Template] = []
    leads: list[tuple[int, int] | None] = [None] if lead is None else \
        [(a, w) for w in sorted(lead.spans, reverse=True) for a in range(columns - w + 1)
         if all(runs[c] for c in range(a, a + w))
         and len({runs[c][0][0] for c in range(a, a + w)}) == 1]
    for at in leads:
        a, w = at or (0, 0)
        under = range(a, a + w)  # the lead's columns: their first run is the lead's
        narrowest = min(widest, w) if w else widest  # no stack wider than the lead
        choices = [list(_cuts([(c, *runs[c][0]) for c in under], narrowest, under=True))] \
            if w else []
        rest = [(c, first, end) for c in range(columns)
                for k, (first, end) in enumerate(runs[c]) if not (c in under and k == 0)]
        choices += [list(_cuts(band, narrowest)) for band in bands(rest)]
        for combo in itertools.product(*choices):
            if limit is not None and len(out) >= limit:
                return out
            stacks = tuple(s for part in combo for s in part)
            out.append(Template(len(out), None if at is None else (a, w, runs[a][0][0]), stacks))
    return out


def bands(cells: Sequence[tuple[int, int, int]]) -> list[list[tuple[int, int, int]]]:
    """Free runs (column, first, end) gathered into bands: side by side, the same lines."""
    out: list[list[tuple[int, int, int]]] = []
    for cell in sorted(cells, key=lambda c: (c[1], c[2], c[0])):
        last = out[-1][-1] if out else None
        if last is not None and last[1:] == cell[1:] and last[0] + 1 == cell[0]:
            out[-1].append(cell)
        else:
            out.append([cell])
    return sorted(out, key=lambda band: (band[0][0], band[0][1]))


def _cuts(cells: Sequence[tuple[int, int, int]], widest: int, under: bool = False):
    """The ways to cut side-by-side runs (column, first, end) into stacks, each a run of
    columns sharing their foot (and their first line, but under the lead)."""
    if not cells:
        yield ()
        return
    for width in range(min(widest, len(cells)), 0, -1):
        part = cells[:width]
        if len({end for _, _, end in part}) > 1 or \
                (not under and len({first for _, first, _ in part}) > 1):
            continue
        column, first, end = part[0]
        stack = Stack(column, width, first, end, under)
        for rest in _cuts(cells[width:], widest, under):
            yield (stack, *rest)


# --- the search --------------------------------------------------------------------------------

@dataclass
class _Search:
    budget: int
    fixed_heads: tuple
    nodes: int = 0
    best: Plan | None = None
    deepest: tuple[Placed, ...] = ()
    memo: dict = field(default_factory=dict)
    #: The stack that came nearest to closing when none did: (lines short, stack, its blocks).
    nearest: tuple | None = None
    cut: bool = False  # some arrangements were left untried (a template's share ran out)


def search(modules: Sequence[Module], runs: Runs, fixed_heads: tuple = (),
           effort: int = 1) -> tuple[Plan | None, "Attempt"]:
    """The best plan found within the budget (None when none was), and what the search got
    nearest to (for a refusal and a proof)."""
    leads = [m for m in modules if m.priority == 1]
    lead = min(leads, key=lambda m: m.index) if leads else None
    widest = max([MAX_STACK] + [min(m.spans) for m in modules if m is not lead and m.spans])
    others = sorted((m for m in modules if m is not lead),
                    key=lambda m: (m.priority, -max(m.least(s) * s for s in m.spans), m.index))
    state = _Search(BUDGET * effort, fixed_heads)
    if any(not m.spans for m in modules):
        return None, Attempt((), None, 0, True)
    tried = max(1, state.budget // MIN_SHARE)
    shapes = templates(runs, lead, widest, tried)
    narrow = len(shapes)
    if widest < len(runs):  # wider stacks (bands) only where nothing narrower closes the page
        shapes += [replace(t, rank=narrow + t.rank)
                   for t in templates(runs, lead, len(runs), tried)
                   if any(s.span > widest for s in t.stacks)]
    share = max(MIN_SHARE, state.budget // max(1, len(shapes)))
    for template in shapes:
        if template.rank >= narrow and state.best is not None:
            break
        if state.nodes >= state.budget:
            state.cut = True
            break
        limit = min(state.budget, state.nodes + share)
        lead_options: Sequence[tuple[int, int, int] | None] = [None]
        if lead is not None and template.lead is not None:
            lead_options = lead.heights[template.lead[1]]
        for lead_option in lead_options:
            stacks = _stacks_for(template, lead_option)
            if stacks is None:
                continue
            if len(stacks) > len(others) or (not stacks and others):
                continue
            _assign(state, template, lead, lead_option, stacks, others, 0,
                    [[] for _ in stacks], limit)
    plan = state.best
    if plan is not None:
        plan = Plan(plan.placed, plan.score, state.nodes < state.budget, state.nodes)
    return plan, Attempt(state.deepest, state.nearest, state.nodes, not state.cut)


@dataclass(frozen=True)
class Attempt:
    """What a search that found no page got nearest to: the arrangement that placed the most
    blocks, the stack that came nearest to closing (lines short, the stack, its blocks), the
    arrangements tried, and whether that was all of them (within the budget)."""

    deepest: tuple[Placed, ...]
    nearest: tuple | None
    nodes: int
    complete: bool


def _stacks_for(template: Template, lead_option) -> list[Stack] | None:
    """The template's stacks, those under the lead starting a gap below its foot; none under it
    where the lead itself ends within MAX_EMPTY lines of the foot (None: the lead at this height
    leaves a hole too short for a block, or runs past the foot)."""
    out = []
    for stack in template.stacks:
        if stack.under_lead:
            left = stack.bottom - stack.top - lead_option[0]
            if 0 <= left <= MAX_EMPTY:
                continue  # the lead closes these columns itself
            start = stack.top + lead_option[0] + GAP
            if stack.bottom - start < MIN_MODULE:
                return None
            stack = Stack(stack.column, stack.span, start, stack.bottom, True)
        out.append(stack)
    return out


def _assign(state: _Search, template: Template, lead, lead_option, stacks: list[Stack],
            order: Sequence[Module], k: int, columns: list[list[Module]], limit: int) -> None:
    if state.nodes >= limit:
        state.cut = True
        return
    state.nodes += 1
    if k == len(order):
        if all(columns):
            realise(state, template, lead, lead_option, stacks, columns)
        return
    if not _can_still_fill(order[k:], stacks, columns):
        return
    module = order[k]
    choices = [i for i, s in enumerate(stacks) if s.span in module.heights
               and not (module.top and any(m.top for m in columns[i]))
               and _least(columns[i] + [module], s.span) <= s.bottom - s.top]
    # the stack with the most room left first (then the leftmost)
    choices.sort(key=lambda i: (-(stacks[i].bottom - stacks[i].top -
                                  _least(columns[i], stacks[i].span)) * stacks[i].span, i))
    for i in choices:
        columns[i].append(module)
        _assign(state, template, lead, lead_option, stacks, order, k + 1, columns, limit)
        columns[i].pop()


def _least(column: Sequence[Module], span: int) -> int:
    return sum(m.least(span) for m in column) + GAP * max(0, len(column) - 1)


def _most(column: Sequence[Module], span: int) -> int:
    return sum(m.most(span) for m in column) + MAX_GAP * max(0, len(column) - 1)


def _can_still_fill(rest: Sequence[Module], stacks: Sequence[Stack], columns) -> bool:
    """Whether the blocks left can, at best, fill every stack to within MAX_EMPTY lines."""
    missing = 0
    for stack, column in zip(stacks, columns, strict=True):
        short = stack.bottom - stack.top - MAX_EMPTY - \
            (_most(column, stack.span) + (MAX_GAP if column else 0))
        missing += max(0, short) * stack.span
    if not missing:
        return True
    spans = {s.span for s in stacks}
    offer = 0
    for m in rest:
        offer += max(((h + MAX_GAP) * s for s, h in m.highs.items() if s in spans), default=0)
        if offer >= missing:
            return True
    return False


