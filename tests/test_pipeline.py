"""The pipeline: pages placed in two processes are the pages placed in one."""
import os

import pytest

from pagesetter.errors import InputError
from pagesetter.loader import load_issue
from pagesetter import pipeline
from pagesetter.pipeline import place_pages

from .conftest import MINIMAL

PAGE = MINIMAL[MINIMAL.index("  - number: 1"):]


def issue_of(tmp_path, pages: list[str]):
    head = MINIMAL[:MINIMAL.index("  - number: 1")]
    path = tmp_path / "pages.yaml"
    path.write_text(head + "".join(pages), encoding="utf-8")
    return load_issue(path)


def page(number: int, **replacements: str) -> str:
    """Page `number` of the minimal issue, its paragraphs marked with the number so that no
    page repeats another's copy."""
    text = PAGE.replace("  - number: 1", f"  - number: {number}")
    text = text.replace("          - 自治区", f"          - 第{number}版：自治区")
    text = text.replace("          - 坚持", f"          - 第{number}版：坚持")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    return text


def test_pages_placed_by_two_processes_equal_pages_placed_by_one(tmp_path, monkeypatch):
    issue = issue_of(tmp_path, [page(1), page(2), page(3)])
    helpers = []
    real = pipeline._PlacingProcess

    def counted(*args):
        helpers.append(args)
        return real(*args)

    monkeypatch.setattr(pipeline, "_PlacingProcess", counted)
    assert place_pages(issue, workers=2) == place_pages(issue, workers=1)
    assert len(helpers) == 1


def test_repeated_copy_is_placed_by_one_process(tmp_path, monkeypatch):
    """Copy that the first pages already hold is looked up, not composed again: a helper
    process would only compose it a second time."""
    repeated = [PAGE.replace("  - number: 1", f"  - number: {n}") for n in (1, 2, 3)]
    issue = issue_of(tmp_path, repeated)

    def refuse(*args):
        raise AssertionError("no helper process for repeated copy")

    monkeypatch.setattr(pipeline, "_PlacingProcess", refuse)
    assert len(place_pages(issue, workers=2)) == 3


@pytest.mark.parametrize("bad_page", [1, 3])
def test_an_error_on_any_page_is_the_error_one_process_reports(tmp_path, bad_page):
    """Page 3 is placed by the helper process, page 1 by this one; either way the error (an
    overlap, found while placing) is the same as in a single process."""
    overlap = {"column: 3, span: 2, line: 1, height: 20": "column: 2, span: 2, line: 1, height: 20"}
    pages = [page(n, **(overlap if n == bad_page else {})) for n in (1, 2, 3)]
    issue = issue_of(tmp_path, pages)
    with pytest.raises(InputError) as one:
        place_pages(issue, workers=1)
    with pytest.raises(InputError) as two:
        place_pages(issue, workers=2)
    assert str(two.value) == str(one.value)
    assert f"pages[{bad_page - 1}].photos[0].place" in str(one.value)


def test_pages_of_a_helper_that_dies_are_placed_here(tmp_path, monkeypatch):
    issue = issue_of(tmp_path, [page(1), page(2), page(3)])
    expected = place_pages(issue, workers=1)
    real_place_page = pipeline.place_page
    parent = os.getpid()

    def dying_in_the_helper(*args):
        if os.getpid() != parent:
            os._exit(9)  # as if killed
        return real_place_page(*args)

    monkeypatch.setattr(pipeline, "place_page", dying_in_the_helper)
    assert place_pages(issue, workers=2) == expected
