"""An issue's places on the grid, read and checked (load stage): a fixed place (`place: {column,
span, line, height}`), or the make-up's hints where it is `auto`; the parts of a continued
article (转版). Every problem of a place is reported at once, each with a hint."""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from .issue_format import CONTINUATION, PLACE
from .model import AutoPlace, Continuation, PageFormat, Placement
from .yamlsrc import Node, Reading, Record

if TYPE_CHECKING:
    from .intake import Copy


def placement(node: Node, fmt: PageFormat) -> Placement:
    """A fixed place on the grid; every problem of it reported at once, each with a hint (a
    value that cannot be read is reported, and the checks that need it are left out)."""
    f = Record(node, PLACE)
    grid = fmt.grid
    problems = Reading()
    column, span, line, height = (problems.attempt(partial(f.value, key), None)
                                  for key in ("column", "span", "line", "height"))
    height = None if height == "auto" else height
    text_columns = problems.attempt(partial(f.value, "text_columns", span), None)
    columns, lines = grid.columns, grid.lines

    def out_of_range(key: str, value: int, most: int, why: str, hint: str) -> None:
        problems.add(f[key].error(f"{value} is out of range (1…{most}: {why})", hint))

    if column is not None and column > columns:
        out_of_range("column", column, columns, f"the grid has {columns} columns",
                     f"columns are numbered 1…{columns} from the left")
    if span is not None and span > columns:
        out_of_range("span", span, columns, f"the grid has {columns} columns",
                     f"a block spans at most the grid's {columns} columns")
    elif span is not None and column is not None and column <= columns \
            and column - 1 + span > columns:
        problems.add(f["span"].error(
            f"columns {column}–{column + span - 1} run past the grid's {columns} columns",
            f"at most span {columns - column + 1}"))
    if line is not None and line > lines:
        out_of_range("line", line, lines, f"the grid has {lines} lines",
                     f"grid lines are numbered 1…{lines} from the top")
    elif line is not None and height is not None and line - 1 + height > lines:
        problems.add(f["height"].error(
            f"lines {line}–{line + height - 1} run past the grid's {lines} lines",
            f"at most height {lines - line + 1}"))
    if text_columns is not None and span is not None and text_columns > span:
        out_of_range("text_columns", text_columns, span, f"the block spans {span} columns",
                     f"at most text_columns {span}, or a wider span")
    problems.raise_all()
    # (each value left unread was reported just now)
    assert column is not None and span is not None and line is not None \
        and text_columns is not None
    return Placement(column - 1, span, line - 1, height, text_columns, node.pos)


def place_or_auto(record: Record, node: Node, fmt: PageFormat, auto_page: bool) \
        -> tuple[Placement | None, AutoPlace | None]:
    """A fixed place, or the make-up's hints when the place is `auto` (or missing on a page
    laid out automatically)."""
    if "place" not in record and not auto_page:
        raise node.error("missing required field `place`", "add `place: {column: …, span: …, "
                         "line: …, height: …}`, or `place: auto` for the make-up")
    if "place" in record and record.value("place") != "auto":
        for hint in ("priority", "span", "top", "with_photo"):
            if hint in record:
                raise record[hint].error(f"`{hint}` is a hint for the make-up; this block has "
                                         f"a place of its own", "write `place: auto`, or drop "
                                         "the hint")
        return placement(record["place"], fmt), None
    span = record.value("span")
    spans = tuple(range(1, fmt.grid.columns + 1))
    if isinstance(span, int):
        spans = (span,)
    elif span:
        low, high = sorted(span)
        spans = tuple(range(low, high + 1))
    if not spans or max(spans) > fmt.grid.columns:
        raise record["span"].error(f"the grid has {fmt.grid.columns} columns",
                                   f"a span of 1…{fmt.grid.columns}")
    return None, AutoPlace(record.value("priority", 0), spans, record.value("top", False),
                           record.value("with_photo", ""), node.pos)


def check_continued(a: Record, node: Node, place: Placement | None, auto: AutoPlace | None,
                     continues: tuple[Continuation, ...]) -> None:
    """A continued article has places of its own, every part but the last a fixed height."""
    if auto is not None and continues:
        raise a["continues"].error("a continued article needs places of its own; the make-up "
                                   "places only single boxes", "give it a place")
    if continues and place is not None and place.height is None:
        raise Record(a["place"], PLACE)["height"].error(
            "an article that continues elsewhere needs a height here (its copy fills this "
            "part, then goes on)", "give a number of lines")
    for part in continues[:-1]:
        if part.place.height is None:
            raise Node(a["continues"].node, node.file, part.path).error(
                "only the last part of a continued article may have `height: auto`",
                "give this part a number of lines")


def continuation(node: Node, fmt: PageFormat, copy: "Copy") -> Continuation:
    """A part of a continued article: its page, its place there, its headline (each field's
    problem reported with the others')."""
    c = Record(node, CONTINUATION)
    own = Reading()
    page = own.attempt(partial(c.value, "page"), 0)
    place = own.attempt(lambda: placement(c["place"], fmt), None)
    headline = own.attempt(partial(copy.optional, c, "headline"), "")
    own.raise_all()
    assert place is not None  # (its problem was raised)
    return Continuation(page=page, place=place, headline=headline, path=node.path,
                        pos=node.pos, fields=c.positions())
