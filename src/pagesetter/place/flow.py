"""The text flow: items of whole grid lines poured into regions (text columns), in order.

Pure and font-free: an item is a height in grid lines and whether it must stay with the item
after it (a subhead); a region is how many grid lines it holds. `fill` says where each item lands
and which is the first that did not fit — what ReportLab's flowables call wrap/split and typst
calls layouting into regions. Article columns, a continuation's parts on other pages and columns
shortened around a photo are all just regions.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence


@dataclass(frozen=True)
class Item:
    lines: int  # grid lines it takes
    keep_with_next: bool = False  # may not end a region (a subhead)


@dataclass(frozen=True)
class Slot:
    """Where item `item` landed: region `region`, `line` grid lines from the region's top."""

    item: int
    region: int
    line: int


@dataclass(frozen=True)
class Flow:
    slots: tuple[Slot, ...]
    rest: int  # index of the first item that did not fit; len(items) when all did

    def used(self, regions: int, items: Sequence[Item]) -> list[int]:
        """Grid lines used in each region."""
        used = [0] * regions
        for slot in self.slots:
            used[slot.region] = max(used[slot.region], slot.line + items[slot.item].lines)
        return used


def fill(items: Sequence[Item], regions: Sequence[int]) -> Flow:
    """Pour `items` into `regions` (each a capacity in grid lines) top to bottom, one region
    after another. An item that keeps with the next moves on when the next item's first line
    would not fit after it; an item taller than its region stops the flow."""
    slots: list[Slot] = []
    region = line = 0
    for index, item in enumerate(items):
        need = item.lines + (1 if item.keep_with_next else 0)
        while region < len(regions) and line > 0 and line + need > regions[region]:
            region, line = region + 1, 0
        if region >= len(regions) or item.lines > regions[region]:
            return Flow(tuple(slots), index)
        slots.append(Slot(index, region, line))
        line += item.lines
    return Flow(tuple(slots), len(items))


def balanced_depth(items: Sequence[Item], columns: int, room: int) -> int:
    """The fewest grid lines per column that hold every item in `columns` equal columns (the
    columns balance), but no more than `room`."""
    return smallest_depth(items, [0] * columns, room)


def smallest_depth(items: Sequence[Item], taken: Sequence[int], room: int) -> int:
    """The fewest grid lines per column that hold every item in columns of which `taken[c]`
    lines are already taken at the top or foot (a photo, a jump line): the columns balance.
    At most `room`."""
    if not items:
        return min(max(taken, default=0) + 1, room)
    total = sum(item.lines for item in items) + sum(taken)
    depth = max(1, math.ceil(total / max(len(taken), 1)), max(taken, default=0) + 1)
    while depth < room and fill(items, [max(depth - t, 0) for t in taken]).rest < len(items):
        depth += 1
    return max(min(depth, room), 0)
