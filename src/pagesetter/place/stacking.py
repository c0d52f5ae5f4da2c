"""What the make-up places and how: its modules (a block with the widths and heights it may
take), the stacks of a page's template, and the plan (arrange.py searches, realise.py stands a
stack's blocks)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import SourcePos
from ..model import Placement

GAP = 1  # grid lines between stacked modules
MAX_GAP = 2
MAX_EMPTY = 2  # grid lines a stack may leave empty at its foot
MIN_MODULE = 3  # the least grid lines a module takes
MAX_STACK = 3  # the widest stack but the lead's, unless a block asks for more
PHOTO_FLEX = (0.75, 1.25)  # a photo's image height may be cropped to these shares
LAST = 99  # the priority of a block that gives none
#: Nodes (assignments tried and realised) the search may visit: about a second of planning for
#: a page of twenty blocks on a two-core machine; `--plan-effort N` multiplies it.
BUDGET = 20_000
ORDERS = 6  # orders tried for each stack's blocks
KEPT = 4  # realisations kept of each stack


@dataclass(frozen=True)
class Module:
    """An auto block, or an article and its photo that go together: its widths, and at each
    the heights it may take, the best first, each with what it costs (lines copyfitted, crop)."""

    index: int
    name: str
    path: str
    pos: SourcePos
    priority: int
    #: span → the heights it may take there, the best first: (height, cost, first), `first`
    #: being the photo's height when an article and its photo go together (0 otherwise).
    heights: dict[int, tuple[tuple[int, int, int], ...]]
    head: dict[int, int]  # span → grid lines of its head (0: no headline on top)
    top: bool = False  # first in its stack
    #: An article and the photo that goes with it: (photo path, its pos), then the article's;
    #: the photo stands on top, the article below it.
    members: tuple[tuple[str, SourcePos], ...] = ()
    #: span → its least and its most height: looked up at every node of the search, so worked
    #: out once
    lows: dict[int, int] = field(init=False, repr=False, compare=False)
    highs: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lows", {s: min(o[0] for o in options)
                                          for s, options in self.heights.items()})
        object.__setattr__(self, "highs", {s: max(o[0] for o in options)
                                           for s, options in self.heights.items()})

    @property
    def spans(self) -> tuple[int, ...]:
        return tuple(self.heights)

    def least(self, span: int) -> int:
        return self.lows[span]

    def most(self, span: int) -> int:
        return self.highs[span]


@dataclass(frozen=True)
class Placed:
    module: Module
    column: int
    span: int
    line: int
    height: int
    cost: int
    first: int = 0  # the photo's height, in a module of an article and its photo


@dataclass(frozen=True)
class Plan:
    """The chosen page: where each module goes, and what it scored; `complete` is False when
    the budget ran out before every arrangement was tried."""

    placed: tuple[Placed, ...]
    score: tuple
    complete: bool
    nodes: int

    @property
    def tombstones(self) -> int:
        return self.score[0] if self.score else 0

    def places(self) -> dict[str, Placement]:
        """Field path → place, for every block (an article and its photo each get theirs)."""
        out = {}
        for p in self.placed:
            if not p.module.members:
                out[p.module.path] = Placement(p.column, p.span, p.line, p.height, p.span,
                                               p.module.pos)
                continue
            (photo, photo_pos), (article, article_pos) = p.module.members
            below = p.line
            if p.first:  # (a proof may leave the photo out)
                out[photo] = Placement(p.column, p.span, p.line, p.first, p.span, photo_pos)
                below += p.first + GAP
            out[article] = Placement(p.column, p.span, below, p.line + p.height - below, p.span,
                                     article_pos)
        return out


@dataclass(frozen=True)
class Stack:
    column: int
    span: int
    top: int  # first free line (under the lead: counted from the lead's foot)
    bottom: int
    under_lead: bool = False


@dataclass(frozen=True)
class Template:
    rank: int
    lead: tuple[int, int, int] | None  # (first column, span, first line) of the lead
    stacks: tuple[Stack, ...]
