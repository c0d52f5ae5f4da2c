"""The pipeline: pages placed in two processes are the pages placed in one."""
import copy
import os

import pytest

from pagesetter import pipeline
from pagesetter.errors import InputError
from pagesetter.loader import load_issue
from pagesetter.options import BuildOptions
from pagesetter.pipeline import place_pages

from .conftest import minimal, write_issue


def issue_of(tmp_path, pages: list[dict]):
    doc = minimal()
    doc["pages"] = pages
    return load_issue(write_issue(tmp_path / "pages.yaml", doc))


def page(number: int, distinct: bool = True) -> dict:
    """Page `number` of the minimal issue; with `distinct`, its paragraphs are marked with the
    number so that no page repeats another's copy."""
    data = copy.deepcopy(minimal()["pages"][0])
    data["number"] = number
    if distinct:
        article = data["articles"][0]
        article["body"] = [f"第{number}版：{text}" for text in article["body"]]
    return data


@pytest.fixture
def placing_pids(tmp_path, monkeypatch):
    """The process ids that placed each page (a page placed twice is listed twice)."""
    log = tmp_path / "pids.txt"
    real = pipeline.place_page

    def logged(issue, page, composer, *args):
        with open(log, "a") as fh:
            fh.write(f"{page.number} {os.getpid()}\n")
        return real(issue, page, composer, *args)

    monkeypatch.setattr(pipeline, "place_page", logged)

    def read() -> dict[int, set[int]]:
        pids: dict[int, set[int]] = {}
        for line in log.read_text().splitlines():
            number, pid = map(int, line.split())
            pids.setdefault(number, set()).add(pid)
        return pids
    return read


def test_pages_placed_by_two_processes_equal_pages_placed_by_one(tmp_path, placing_pids):
    issue = issue_of(tmp_path, [page(n) for n in range(1, 7)])
    two = place_pages(issue, workers=2)
    pids = placing_pids()
    assert all(len(placers) == 1 for placers in pids.values())  # each page placed once
    assert set().union(*pids.values()) - {os.getpid()}  # some by the helper
    assert two == place_pages(issue, workers=1)


def test_repeated_copy_is_placed_by_one_process(tmp_path, placing_pids):
    """Copy that the first pages already hold is looked up, not composed again: a helper
    process would only compose it a second time."""
    issue = issue_of(tmp_path, [page(n, distinct=False) for n in (1, 2, 3)])
    assert len(place_pages(issue, workers=2)) == 3
    assert set().union(*placing_pids().values()) == {os.getpid()}


@pytest.mark.parametrize("bad_page", [1, 3])
def test_an_error_on_any_page_is_the_error_one_process_reports(tmp_path, bad_page):
    """Page 3 is placed by the helper process, page 1 by this one; either way the error (an
    overlap, found while placing) is the same as in a single process."""
    pages = [page(n) for n in (1, 2, 3)]
    pages[bad_page - 1]["photos"][0]["place"]["column"] = 2
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


def test_build_options_are_frozen_and_name_the_default_output(tmp_path):
    options = BuildOptions()
    with pytest.raises(AttributeError):
        options.grid = True  # type: ignore[misc]
    assert str(options.output_for(tmp_path / "issue.yaml")) == "out/issue.pdf"


def test_pages_drawn_as_they_are_placed_make_the_same_document(tmp_path):
    """draw_issue draws each page as the helper sends it; the finished file is byte for byte
    the one made from pages placed first and drawn afterwards."""
    issue = issue_of(tmp_path, [page(n) for n in range(1, 6)])
    drawn = pipeline.draw_issue(issue, workers=2)
    placed = place_pages(issue, workers=1)
    assert list(drawn.pages) == placed
    assert pipeline.finish_issue_pdf(issue, drawn.pages, drawn.pdf) == \
        pipeline.issue_pdf(issue, placed)


def test_an_error_on_a_later_page_stops_the_drawing_with_that_error(tmp_path):
    pages = [page(n) for n in (1, 2, 3, 4, 5)]
    pages[3]["photos"][0]["place"]["column"] = 2
    issue = issue_of(tmp_path, pages)
    with pytest.raises(InputError) as one:
        place_pages(issue, workers=1)
    with pytest.raises(InputError) as drawing:
        pipeline.draw_issue(issue, workers=2)
    assert str(drawing.value) == str(one.value)
