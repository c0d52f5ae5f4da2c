"""Copyfitting in placing: closing an article's frame (which paragraphs to set tighter or looser,
chosen by compose.copyfit), and the figures for the desk — the characters to cut from an overset
article (found by composing the shortened copy), where the overset starts, the room a box has
left, and the quick estimate for copy far too long to be worth composing."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Mapping, Sequence

from ..compose import Composer
from ..compose.copyfit import Setting, adjustment, close
from ..model import Article, Block, CopyfitLimits, PageFormat, Paragraph
from ..placed import FitReport
from .body import Line, body_lines
from .flow import fill


def chars_to_cut(article: Article, composer: Composer, fmt: PageFormat, measure: float,
                 capacity: Sequence[int], limits: CopyfitLimits | None = None) -> int:
    """The fewest characters to cut from the end of the copy for it to fit columns of
    `capacity` lines, copyfitting (within `limits`) counted: found by composing the shortened
    copy (a binary search; removing characters never adds lines)."""
    from .body import block_spans

    total = sum(len(block.text) for block in article.blocks)
    body = fmt.styles["body"]

    def fits(cut: int) -> bool:
        blocks = _cut_from_end(article.blocks, cut)
        lines = body_lines(article, composer, fmt, measure, blocks)
        items = [line.item for line in lines]
        flow = fill(items, capacity)
        if flow.rest == len(items):
            return True
        over = sum(line.item.lines for line in lines[flow.rest:])
        if limits is None or over > limits.lines:
            return False
        shortened = replace(article, blocks=blocks)
        paragraphs = [i for i, b in enumerate(blocks) if isinstance(b, Paragraph)]
        spans = block_spans(shortened, composer)
        settings = [composer.setting(spans[i], measure, body) for i in paragraphs]
        for count in range(over, limits.lines + 1):
            chosen = close(settings, count, limits)
            if chosen is None:
                continue
            adjusted = body_lines(shortened, composer, fmt, measure,
                                  adjust={paragraphs[k]: em for k, em in chosen.items()})
            if fill([line.item for line in adjusted], capacity).rest == len(adjusted):
                return True
        return False

    low, high = 1, total  # fits(high) holds: no copy at all
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _cut_from_end(blocks: Sequence[Block], cut: int) -> tuple[Block, ...]:
    """`blocks` without their last `cut` characters (whole blocks dropped as needed)."""
    kept = list(blocks)
    while kept and cut > 0:
        last = kept.pop()
        if cut < len(last.text):
            kept.append(replace(last, text=last.text[:len(last.text) - cut]))
        cut -= len(last.text)
    return tuple(kept)


def first_words(line: Line, count: int = 12) -> str:
    text = "".join(cl.text for cl in line.lines)
    return text[:count] + ("…" if len(text) > count else "")


def room_left(lines: Sequence[Line], empty: int, measure: float, fmt: PageFormat) -> int:
    """About how many more body characters the box takes: its `empty` lines at the body's
    measure, and what is left of the copy's last line."""
    size = fmt.styles["body"].size
    tail = 0
    if lines and not lines[-1].is_subhead:
        last = lines[-1].lines[0]
        tail = int((measure - last.width - last.line.indent) // size)
    return max(0, empty * int(measure // size) + tail)


#: Copy longer than this many times what its box can hold is reported without being composed:
#: a misplaced file or a pasted book would otherwise take minutes and gigabytes to say so.
HOPELESS = 4


def far_too_long(article: Article, fmt: PageFormat, measure: float, lines: int) \
        -> FitReport | None:
    """A fit report estimated from the character count, for copy HOPELESS times longer than
    its box holds; None for copy that is worth composing."""
    per_line = max(1, int(measure / fmt.styles["body"].size))
    chars = len(article.byline) + sum(len(block.text) for block in article.blocks)
    holds = per_line * lines
    if chars <= HOPELESS * holds + 2000:
        return None
    needed = -(-chars // per_line)
    return FitReport(article.name, article.path, lines, needed, needed - lines, 0,
                     chars - holds, estimated=True, pos=article.at("place")[0])


# --- closing a frame (缩行/拉行) -----------------------------------------------------------------

@dataclass(frozen=True)
class FrameFit:
    """An article's copy as poured with some adjustments: lines that did not fit, lines of its
    frame left empty, and the paragraphs whose last line is a lone character or stands alone
    at the top of a column (by paragraph number, 0-based)."""

    over: int
    empty: int
    lone: tuple[int, ...] = ()
    widows: tuple[int, ...] = ()


def close_article(settings: Sequence[Setting], poured: Callable[[Mapping[int, float]], FrameFit],
                  limits: CopyfitLimits | None, fixed: bool) -> dict[int, float]:
    """The copyfitting of an article's paragraphs (by paragraph number, em per line; compose.
    copyfit chooses). A frame of fixed height (`fixed`) up to `limits.lines` lines over or
    under is closed: paragraphs are condensed or expanded by a line each until the copy fits
    with no line empty. A paragraph ending in a lone character, or whose last line alone stands
    at the top of a column, is condensed to pull it back where the article's height gives way
    (auto height, or a frame the copy overruns). Adjustments stay within the limits; what they
    cannot mend is left as it is (the fit report and warnings say so)."""
    if limits is None or not settings:
        return {}
    base = poured({})
    if fixed and base.over:
        for count in range(base.over, limits.lines + 1):
            chosen = close(settings, count, limits)
            if chosen is not None and poured(chosen).over == 0:
                return chosen
        return {}
    if fixed and base.empty:  # fill as many empty lines as the limits allow
        for count in range(min(base.empty, limits.lines), 0, -1):
            chosen = close(settings, -count, limits)
            if chosen is not None:
                after = poured(chosen)
                if after.over == 0 and after.empty < base.empty:
                    return chosen
        return {}
    if fixed:
        return {}
    pulled: dict[int, float] = {}
    for _ in range(3):  # an auto height gives way: pull back lone characters and widows
        fit = poured(pulled)
        wanted = [k for k in (*fit.lone, *fit.widows) if k not in pulled]
        more = {k: step for k in wanted
                if (step := adjustment(settings[k], -1, limits.condense)) is not None}
        if not more:
            break
        pulled.update(more)
    return pulled
