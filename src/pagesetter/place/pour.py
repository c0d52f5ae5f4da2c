"""Pouring an article's body into its text columns, with a given copyfitting: its lines, the
last part's columns balanced, where the flow puts each line, and the fit report — each way once,
so that closing the frame (copyfit.close_article) can try adjustments cheaply. Also what
copyfitting left unmended (lone characters, widows), as warnings."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Mapping, Sequence

from ..compose import Composer
from ..compose.copyfit import Setting, close, lone_character
from ..errors import Diagnostic, warning
from ..model import Article, PageFormat, Paragraph, grid_place
from ..placed import FitReport, GridArea
from .body import Column, Line, block_spans, body_lines
from .checks import MAX_EMPTY_LINES
from .copyfit import FrameFit, room_left
from .flow import Flow, fill, smallest_depth

if TYPE_CHECKING:
    from .article import PartLayout

#: Grid lines a box round an article takes at its top and its foot (the rule and the inset).
FRAME_LINES = 2


@dataclass(frozen=True)
class Poured:
    """The article's body as poured with some copyfitting: its lines, its text columns (the
    last part's balanced), its parts, where the flow put the lines, and the fit."""

    lines: list[Line]
    columns: list[Column]
    layouts: list[PartLayout]
    flow: Flow
    fit: FitReport
    hole: tuple[Diagnostic, ...]


class Pouring:
    """Pours an article's body into its text columns with a given copyfitting (by paragraph
    number, em per line), each way once."""

    def __init__(self, article: Article, composer: Composer, fmt: PageFormat, measure: float,
                 columns: list[Column], layouts: list[PartLayout]) -> None:
        self.article, self.composer, self.fmt, self.measure = article, composer, fmt, measure
        self.columns, self.layouts = columns, layouts
        self.paragraphs = [i for i, block in enumerate(article.blocks)
                           if isinstance(block, Paragraph)]
        self.poured: dict[tuple, Poured] = {}

    def settings(self) -> list[Setting]:
        """Each paragraph as compose.copyfit sees it: its lines at an adjustment."""
        body = self.fmt.styles["body"]
        spans = block_spans(self.article, self.composer)
        return [self.composer.setting(spans[i], self.measure, body) for i in self.paragraphs]

    def __call__(self, adjust: Mapping[int, float]) -> Poured:
        key = tuple(sorted(adjust.items()))
        if key not in self.poured:
            self.poured[key] = self._pour({self.paragraphs[k]: em for k, em in key})
        return self.poured[key]

    def _pour(self, adjust: dict[int, float]) -> Poured:
        article, fmt, grid = self.article, self.fmt, self.fmt.grid
        lines = body_lines(article, self.composer, fmt, self.measure, adjust=adjust)
        items = [line.item for line in lines]
        columns, layouts = list(self.columns), list(self.layouts)
        last = layouts[-1]
        full = [c.capacity for c in columns]
        own = range(len(columns) - last.part.place.text_columns, len(columns))
        if last.part.place.height is None or grid.balance:
            # the last part's columns share what reaches them evenly
            before = fill(items, full[:own.start]).rest
            taken = [last.depth - columns[k].capacity for k in own]
            depth = max(smallest_depth(items[before:], taken, last.depth),
                        min(last.least_depth, last.depth))
            columns = columns[:own.start] + [replace(columns[k], capacity=depth - t)
                                             for k, t in zip(own, taken, strict=True)]
            if last.part.place.height is None:
                layouts[-1] = replace(last, depth=depth)
        flow = fill(items, [c.capacity for c in columns])
        # What the report counts as the article's room: its boxes, or what an auto box came to.
        room = full[:own.start] + ([columns[k].capacity for k in own]
                                   if last.part.place.height is None else full[own.start:])
        fit, hole = _fit(article, lines, flow, room, full, layouts, self.measure, fmt)
        return Poured(lines, columns, layouts, flow, fit, hole)

    def frame_fit(self, adjust: Mapping[int, float]) -> FrameFit:
        poured = self(adjust)
        lone, widows = self._lone_and_widows(poured)
        return FrameFit(poured.fit.over, poured.fit.empty, lone, widows)

    def _lone_and_widows(self, poured: Poured) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Paragraphs (by number) ending in a lone character, and those whose last line alone
        stands at the top of a column."""
        where = {slot.item: slot for slot in poured.flow.slots}
        lone, widows = [], []
        for k, block in enumerate(self.paragraphs):
            mine = [n for n, line in enumerate(poured.lines) if line.block == block]
            if len(mine) < 2:
                continue
            if lone_character(poured.lines[mine[-1]].lines[0].text):
                lone.append(k)
            last, before = where.get(mine[-1]), where.get(mine[-2])
            if last and before and last.line == 0 and last.region != before.region:
                widows.append(k)
        return tuple(lone), tuple(widows)

    def unmended(self, poured: Poured, chosen: Mapping[int, float],
                 limits) -> tuple[Diagnostic, ...]:
        """A warning for each lone character and widow copyfitting left, at its paragraph."""
        lone, widows = self._lone_and_widows(poured)
        out = []
        why = "copyfitting is off for the body style" if limits is None else \
            "its frame is full, and pulling it back would leave a line another paragraph " \
            "must fill" if self.layouts[-1].part.place.height is not None and \
            not poured.fit.over else \
            f"condensing it by up to {limits.condense:g} em a line does not pull it back"
        for k, what in [(k, "ends in a single character (孤字)") for k in lone] + \
                [(k, "has its last line alone at the top of a column") for k in widows]:
            block = self.article.blocks[self.paragraphs[k]]
            out.append(warning(block.pos, f"`{self.article.name}` paragraph {k + 1} {what}; "
                               f"{why}", f"{self.article.path}.body[{self.paragraphs[k]}]",
                               "add or cut a few characters in it, or set it by hand"))
        return tuple(out)

    def most_condensed(self, limits) -> Poured:
        """The copy with as many paragraphs condensed as the limits allow: what an overset
        article holds at best, for the figures of the overset message."""
        if limits is None or not self.paragraphs:
            return self({})
        settings = self.settings()
        for count in range(limits.lines, 0, -1):
            chosen = close(settings, count, limits)
            if chosen is not None:
                return self(chosen)
        return self({})



def _fit(article: Article, lines: Sequence[Line], flow: Flow, capacity: Sequence[int],
         full: Sequence[int], layouts: Sequence[PartLayout], measure: float, fmt: PageFormat) \
        -> tuple[FitReport, tuple[Diagnostic, ...]]:
    """The article's fit over all its parts (`capacity`: the lines of each text column), and
    the warning for a single box with a hole at its foot (with the height that fits it
    exactly)."""
    used = flow.used(len(capacity), [line.item for line in lines])
    left_over = lines[flow.rest:]
    empty = 0 if left_over else sum(cap - u for cap, u in zip(capacity, used, strict=True))
    place = grid_place(article)
    first = layouts[0]
    height = place.height if place.height is not None else \
        first.head.lines + first.depth + (FRAME_LINES if article.frame else 0)
    fit = FitReport(article.name, article.path, sum(capacity),
                    sum(line.item.lines for line in lines),
                    sum(line.item.lines for line in left_over), empty,
                    sum(line.chars for line in left_over),
                    loose=tuple(cl.text for line in lines if not line.is_subhead
                                for cl in line.lines if cl.line.loose),
                    area=GridArea(place.column + 1, place.span, place.line + 1, height,
                                  auto=place.height is None),
                    pos=article.at("place")[0])
    warnings: tuple[Diagnostic, ...] = ()
    single = len(layouts) == 1
    if single and place.height is not None and not left_over:
        fit = replace(fit, room=room_left(lines, empty, measure, fmt))
        if empty > MAX_EMPTY_LINES:
            taken = [first.depth - c for c in full]
            needed = smallest_depth([line.item for line in lines], taken, first.depth)
            exact = place.height - (first.depth - needed)
            warnings = (warning(article.pos, f"`{article.name}` has {empty} empty lines at its "
                                f"end; `height: {exact}` fits it exactly (now {place.height})",
                                f"{article.path}.place.height"),)
    return fit, warnings
