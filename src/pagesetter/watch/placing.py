"""Places changed from the preview: a block dragged, resized or toggled to `auto` in the browser
becomes a new `place:` in the issue file, and nothing else in it changes.

A request names a block (its page and its `name`) and a grid place, counted as the desk counts
(columns and lines from 1), and the build the page was drawn from. It carries no path, key or
YAML: the block is looked up in that build, the place is checked as the loader checks one (on
the grid, not over another block), and the text written is made here (yamlsrc.edit).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus

from ..model import Article, Issue, Photo, grid_place
from ..placed import GridArea, PlacedPage

MAX_REQUEST_BYTES = 4096
PLACE_KEYS = ("column", "span", "line", "height")


class Refused(Exception):
    """A change not made; the message says why, for the editor."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class PlaceChange:
    source: str  # SHA-256 of the issue file the page was drawn from
    page: int  # its number (第N版)
    block: str  # the article's or photo's name
    area: GridArea | None  # the new place (`lines` 0: `height: auto`); None: `place: auto`


def parse_change(body: bytes) -> PlaceChange:
    """The change a request asks for: {"source", "page", "block", "place"}, the place being
    "auto" or {"column", "span", "line", "height"} with a height of lines or "auto"."""
    if len(body) > MAX_REQUEST_BYTES:
        raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the request is too large")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Refused(HTTPStatus.BAD_REQUEST, "the request is not JSON") from None
    if not isinstance(data, dict) or set(data) != {"source", "page", "block", "place"}:
        raise Refused(HTTPStatus.BAD_REQUEST, "expected source, page, block and place")
    source, page, block, place = (data[k] for k in ("source", "page", "block", "place"))
    if not is_digest(source) or not _count(page) or not isinstance(block, str) or not block:
        raise Refused(HTTPStatus.BAD_REQUEST, "source is a digest, page a number, block a name")
    if place == "auto":
        return PlaceChange(source, page, block, None)
    if not isinstance(place, dict) or set(place) != set(PLACE_KEYS):
        raise Refused(HTTPStatus.BAD_REQUEST, "a place is `auto` or column, span, line, height")
    height = place["height"]
    if not all(_count(place[k]) for k in PLACE_KEYS[:3]) or \
            not (height == "auto" or _count(height)):
        raise Refused(HTTPStatus.UNPROCESSABLE_ENTITY,
                      "column, span and line are whole numbers from 1; height too, or auto")
    return PlaceChange(source, page, block, GridArea(place["column"], place["span"],
                                                      place["line"],
                                                      0 if height == "auto" else height,
                                                      auto=height == "auto"))


def is_digest(value) -> bool:
    """A SHA-256 in hex, as the page has it from the build (state.json's `source`)."""
    return isinstance(value, str) and len(value) == 64 and \
        all(c in "0123456789abcdef" for c in value)


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 100_000


def block_named(issue: Issue, page_number: int, name: str) -> Article | Photo:
    """The article or photo `name` on page `page_number`."""
    page = next((p for p in issue.pages if p.number == page_number), None)
    if page is None:
        raise Refused(HTTPStatus.NOT_FOUND, f"the issue has no page {page_number}")
    found = [item for item in page.articles_and_photos if item.name == name]
    if not found:
        raise Refused(HTTPStatus.NOT_FOUND, f"page {page_number} has no block `{name}`")
    if len(found) > 1:
        raise Refused(HTTPStatus.CONFLICT, f"page {page_number} has {len(found)} blocks named "
                                           f"`{name}`; give them names of their own")
    item = found[0]
    if isinstance(item, Article) and item.continues:
        raise Refused(HTTPStatus.CONFLICT, f"`{name}` continues on another page; its parts "
                                           f"are placed in the file")
    return item


def place_text(issue: Issue, placed: PlacedPage, item: Article | Photo,
               area: GridArea | None) -> str | dict[str, str]:
    """What the block's `place:` becomes: checked against the grid and the blocks placed by
    hand (those the make-up places make room)."""
    if area is None:
        return "auto"
    grid = issue.format.grid
    own = next((a for a in placed.areas if a.path == item.path), None)
    lines = area.lines or (own.area.lines if own is not None else 1)
    last_column, last_line = area.column + area.span - 1, area.line + lines - 1
    if last_column > grid.columns or last_line > grid.lines:
        raise Refused(HTTPStatus.UNPROCESSABLE_ENTITY,
                      f"`{item.name}` would leave the grid ({_where(area, lines)}; the page has "
                      f"{grid.columns} columns and {grid.lines} lines)")
    page = next(p for p in issue.pages if p.number == placed.number)
    made_up = {b.path for b in page.articles_and_photos if b.place is None}
    for other in placed.areas:
        if other.path == item.path or other.path in made_up:
            continue  # a block the make-up places goes round the blocks placed by hand
        theirs = other.area
        if area.column <= theirs.column + theirs.span - 1 and theirs.column <= last_column \
                and area.line <= theirs.last_line and theirs.line <= last_line:
            raise Refused(HTTPStatus.UNPROCESSABLE_ENTITY,
                          f"`{item.name}` would stand over `{other.name}` "
                          f"({_where(area, lines)} against {theirs.describe()})")
    text = {"column": str(area.column), "span": str(area.span), "line": str(area.line),
            "height": "auto" if area.auto else str(area.lines)}
    if isinstance(item, Article) and item.place is not None:
        columns = grid_place(item).text_columns
        if columns != item.place.span and columns <= area.span:
            text["text_columns"] = str(columns)  # kept while the block stays wide enough
    return text


def _where(area: GridArea, lines: int) -> str:
    return GridArea(area.column, area.span, area.line, lines).describe()


def edited_issue(text: str, issue: Issue, pages: tuple[PlacedPage, ...],
                 change: PlaceChange) -> str:
    """The issue file's text with the block's `place:` changed, every other character kept."""
    import yaml

    from ..yamlsrc.edit import NotEditable, set_value

    item = block_named(issue, change.page, change.block)
    placed = next(p for p in pages if p.number == change.page)
    value = place_text(issue, placed, item, change.area)
    try:
        root = yaml.compose(text)
        if root is None:
            raise NotEditable("the file is empty")
        return set_value(text, root, item.path, "place", value)
    except (NotEditable, yaml.YAMLError) as exc:
        raise Refused(HTTPStatus.CONFLICT, f"`{item.name}`'s place cannot be rewritten: {exc}"
                      ) from None
