"""Checks of an issue file as a whole, once its parts are read: no two pages share a number,
every continuation goes to a page of the issue, every `editorial` entry names a field. Each
problem is noted (yamlsrc.Reading), so that one run reports them all."""
from __future__ import annotations

from .errors import InputError
from .model import Page
from .yamlsrc import Node, Reading
from .yamlsrc.edit import node_at


def check_page_numbers(pages: tuple[Page, ...], problems: Reading) -> None:
    """No two pages share a number (each page after the first with it is noted)."""
    first: dict[int, Page] = {}
    for page in pages:
        if page.number in first:
            pos, field = page.at("number")
            problems.add(InputError(pos, f"page {page.number} is numbered twice (also "
                                         f"{first[page.number].path})", field,
                                    "give each page its own number"))
        first.setdefault(page.number, page)


def check_continuations(pages: tuple[Page, ...], problems: Reading) -> None:
    """Every continuation goes to a page of this issue."""
    numbers = sorted({page.number for page in pages})
    for page in pages:
        for article in page.articles:
            for part in article.continues:
                if part.page not in numbers:
                    pos, where = part.at("page")
                    problems.add(InputError(
                        pos, f"`{article.name}` continues on page {part.page}, which this "
                        f"issue does not have", where, "pages: " + ", ".join(map(str, numbers))))


def check_editorial(node: Node, root: Node, problems: Reading) -> None:
    """`editorial:` lists the fields whose values were editorial choices (not in the copy the
    desk received); each entry must name a field of this file."""
    for item in node.sequence():
        if node_at(root.node, item.text()) is None:
            problems.add(item.error(f"`{item.text()}` is not a field of this issue",
                                    "write a field path such as pages[0].section"))
