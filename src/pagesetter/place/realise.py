"""Realising an assignment of the make-up (arrange.py): each stack's blocks stood from its top to
within MAX_EMPTY of its foot — in each order they may take, each height their copy allows, each
gap one or two lines (a small search over the totals they can make) — and the realisations of
side-by-side stacks combined to stand the fewest headlines side by side."""
from __future__ import annotations

from typing import Sequence

from .stacking import GAP, KEPT, MAX_EMPTY, MAX_GAP, ORDERS, Module, Placed, Plan, Stack, Template

def realise(state, template: Template, lead, lead_option, stacks: list[Stack],
             columns: list[list[Module]]) -> None:
    placed_lead: list[Placed] = []
    if lead is not None and template.lead is not None:  # a template has a lead with one
        a, w, line = template.lead
        placed_lead = [Placed(lead, a, w, line, lead_option[0], lead_option[1],
                              lead_option[2])]
    options = []
    for stack, column in zip(stacks, columns, strict=True):
        found = _stack_realisations(state, stack, column)
        if not found:
            _note_deepest(state, placed_lead, stacks, columns)
            _note_nearest(state, stack, column)
            return
        options.append(found)
    chosen = _combine(state, options, placed_lead)
    if chosen is None:
        return
    tombstones, empty, cost, placed = chosen
    tombstones += _beside_fixed(placed_lead, state.fixed_heads)
    placed = tuple(placed_lead) + tuple(placed)
    if not _priority_holds(placed):
        return
    score = (tombstones, empty, cost, template.rank,
             tuple((p.module.index, p.column, p.line, p.span)
                   for p in sorted(placed, key=lambda p: p.module.index)))
    if state.best is None or score < state.best.score:
        state.best = Plan(placed, score, False, state.nodes)
    if len(placed) > len(state.deepest):
        state.deepest = placed


def _note_deepest(state, placed_lead, stacks, columns) -> None:
    """Keep, for a refusal, an arrangement with every block at its natural height in the
    stacks it was assigned (the one that places the most)."""
    if len(placed_lead) + sum(map(len, columns)) <= len(state.deepest):
        return
    placed = list(placed_lead)
    for stack, column in zip(stacks, columns, strict=True):
        line = stack.top
        for m in column:
            height, cost, first = m.heights[stack.span][0]
            if line + height > stack.bottom:
                break
            placed.append(Placed(m, stack.column, stack.span, line, height, cost, first))
            line += height + GAP
    if len(placed) > len(state.deepest):
        state.deepest = tuple(placed)


def _note_nearest(state, stack: Stack, column: Sequence[Module]) -> None:
    """Keep the stack that came nearest to closing (for a refusal): how many lines its blocks
    fall short of its foot (negative: run past it), at their tallest or shortest."""
    room = stack.bottom - stack.top
    tallest = sum(m.most(stack.span) for m in column) + MAX_GAP * (len(column) - 1)
    shortest = sum(m.least(stack.span) for m in column) + GAP * (len(column) - 1)
    miss = room - MAX_EMPTY - tallest if tallest < room - MAX_EMPTY else \
        room - shortest if shortest > room else 0
    if miss and (state.nearest is None or abs(miss) * stack.span <
                 abs(state.nearest[0]) * state.nearest[1].span):
        state.nearest = (miss, stack, tuple(column))


def _stack_realisations(state, stack: Stack, column: Sequence[Module]) -> list:
    """The best ways (at most KEPT) to stand the stack's blocks from its top to within
    MAX_EMPTY of its foot: in each order they may take, each height as their copy allows, each
    gap one or two lines. (empty lines, cost, head lines, [Placed …]), fewest empty first."""
    key = (stack, tuple(m.index for m in column))
    if key in state.memo:
        return state.memo[key]
    room = stack.bottom - stack.top
    found: dict[tuple, tuple] = {}
    for order in _orders(column):
        best = _fill(order, stack.span, room)
        if best is None:
            continue
        empty, cost, heights, gaps = best
        line, placed = stack.top, []
        for m, (height, option_cost, first), gap in zip(order, heights, gaps + (0,),
                                                        strict=True):
            placed.append(Placed(m, stack.column, stack.span, line, height, option_cost, first))
            line += height + gap
        heads = tuple(band for p in placed if (band := _heads(p)))
        if heads not in found or (empty, cost) < found[heads][:2]:
            found[heads] = (empty, cost, heads, placed)
    out = sorted(found.values(), key=lambda r: r[:2])[:KEPT]
    state.memo[key] = out
    return out


def _orders(column: Sequence[Module]) -> list[tuple[Module, ...]]:
    """The orders the stack's blocks may stand in, top down: priority falls (more important
    higher), a `top` block first; the given order first, then those that bring another block
    to the top (a photo there keeps headlines from standing side by side)."""
    base = sorted(column, key=lambda m: (not m.top, m.priority, m.index))
    out = [tuple(base)]
    for k, m in enumerate(base[1:], 1):
        if len(out) >= ORDERS:
            break
        if base[0].top or m.priority != base[0].priority:
            continue
        out.append((m, *base[:k], *base[k + 1:]))
    return out


def _fill(order: Sequence[Module], span: int, room: int):
    """Heights and gaps that make `order` reach within MAX_EMPTY of `room`: (empty, cost,
    heights, gaps), the fewest empty lines, then the least cost; None when none do. A search
    over the totals the blocks can make, stage by stage, keeping for each total the cheapest
    way to it (and only totals from which the foot can still be reached)."""
    count = len(order)
    # the least and most the blocks after each stage can still add (with their gaps)
    after_least = [0] * (count + 1)
    after_most = [0] * (count + 1)
    for k in range(count - 1, -1, -1):
        after_least[k] = after_least[k + 1] + order[k].least(span) + GAP
        after_most[k] = after_most[k + 1] + order[k].most(span) + MAX_GAP
    reach = {0: 0}  # total → least cost
    layers = []  # per stage: total → (total before, option index, gap)
    for k, m in enumerate(order):
        options = m.heights[span]
        nxt: dict[int, int] = {}
        back: dict[int, tuple[int, int, int]] = {}
        # each block after this one adds its gap and its height
        low, high = room - MAX_EMPTY - after_most[k + 1], room - after_least[k + 1]
        for total, cost in reach.items():
            for gap in ((0,) if k == 0 else (GAP, MAX_GAP)):
                base = total + gap
                for i, (height, price, _) in enumerate(options):
                    t = base + height
                    if t > high or t < low:
                        continue
                    c = cost + price + (gap - GAP if gap else 0)
                    if t not in nxt or c < nxt[t]:
                        nxt[t] = c
                        back[t] = (total, i, gap)
        if not nxt:
            return None
        layers.append(back)
        reach = nxt
    fits = [(room - t, c, t) for t, c in reach.items() if room - t <= MAX_EMPTY]
    if not fits:
        return None
    empty, cost, total = min(fits)
    heights, gaps = [], []
    for k in range(count - 1, -1, -1):
        before, i, gap = layers[k][total]
        heights.append(order[k].heights[span][i])
        if k:
            gaps.append(gap)
        total = before
    return empty, cost, tuple(reversed(heights)), tuple(reversed(gaps))


def _combine(state, options: list[list], placed_lead: list[Placed]):
    """One realisation a stack, left to right, standing the fewest headlines side by side, then
    with the fewest empty lines and least cost: (tombstones, empty, cost, [Placed …])."""
    best: list[tuple[int, int, int, list[Placed]] | None] = [None]

    def visit(k: int, chosen: list, tombstones: int, empty: int, cost: int) -> None:
        state.nodes += 1
        if best[0] is not None and (tombstones, empty, cost) >= best[0][:3]:
            return
        if k == len(options):
            best[0] = (tombstones, empty, cost, [p for r in chosen for p in r[3]])
            return
        for option in options[k]:
            placed = option[3]
            more = _tombstones_between(placed_lead, placed) + \
                _beside_fixed(placed, state.fixed_heads)
            if chosen:  # two stacks side by side: their heads overlapping
                more += sum(1 for a in chosen[-1][2] for b in option[2]
                            if a[0] < b[1] and b[0] < a[1])
            visit(k + 1, chosen + [option], tombstones + more, empty + option[0] *
                  placed[0].span, cost + option[1])

    visit(0, [], 0, 0, 0)
    return best[0]


def _heads(p: Placed) -> tuple[int, int] | None:
    """The grid lines its headline takes (under its photo when it has one)."""
    head = p.module.head.get(p.span, 0)
    top = p.line + (p.first + GAP if p.first else 0)
    return (top, top + head) if head else None


def _tombstones_between(left: Sequence[Placed], right: Sequence[Placed]) -> int:
    """Headlines of two groups of blocks standing side by side: in adjacent columns, their
    head bands overlapping."""
    count = 0
    for a in left:
        for b in right:
            if a.column + a.span != b.column and b.column + b.span != a.column:
                continue
            ha, hb = _heads(a), _heads(b)
            if ha and hb and ha[0] < hb[1] and hb[0] < ha[1]:
                count += 1
    return count


def _beside_fixed(placed: Sequence[Placed], fixed_heads: tuple) -> int:
    count = 0
    for first, end, top, bottom in fixed_heads:
        for p in placed:
            if end != p.column and p.column + p.span != first:
                continue
            head = _heads(p)
            if head and head[0] < bottom and top < head[1]:
                count += 1
    return count


def _priority_holds(placed: Sequence[Placed]) -> bool:
    """Priority falls down and across: a more important block is never below-or-level and
    right-or-level of a less important one."""
    for a in placed:
        for b in placed:
            if a.module.priority < b.module.priority and a.line >= b.line and \
                    a.column >= b.column and (a.line, a.column) != (b.line, b.column):
                return False
    return True
