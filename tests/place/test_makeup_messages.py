"""The make-up's refusals (place/makeup_messages.py): too much copy and too little, by how much
and what to cut, move or add; a free space no block fits; whether searching longer can help;
and what an overset proof leaves out."""
import re

import pytest
import yaml

from pagesetter.cli import main
from pagesetter.loader import load_issue
from pagesetter.place.arrange import Attempt
from pagesetter.place.makeup_messages import why_not
from pagesetter.place.stacking import Module, Stack

from ..conftest import SAMPLE, write_issue
from .test_makeup import AUTO, article, page_of


def test_a_block_an_overset_proof_has_no_room_for_is_named(tmp_path, capsys):
    """Found adding an article to the full sample page: the proof was written without it and
    said nothing of it, but for the refusal's "best candidates to cut"."""
    doc = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    page = doc["pages"][0]
    page["articles"].append({"name": "新稿", "headline": "新稿：标题", "place": "auto",
                             "body": ["近日，中旗人大常委会召开机关支部集中学习会议。"]})
    for photo in page["photos"]:
        photo["file"] = str(SAMPLE.parent / photo["file"])
    issue = write_issue(tmp_path / "full.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "a.pdf"), "--allow-overset"]) == 3
    err = capsys.readouterr().err
    assert re.search(r"`新稿` \(\d+ lines at 1 column\)", err), err
    assert "no room left in the proof for `新稿`; made up as a proof" in err, err
    assert (tmp_path / "a.pdf").exists()


def test_a_free_run_too_short_for_any_block_is_named():
    """Found moving a block placed by hand down a few lines: the four lines it left free took
    no block, and the refusal was the general "no arrangement closes the page"."""
    issue = load_issue(AUTO)
    module = Module(0, "甲", "pages[0].articles[0]", issue.pages[0].pos, 1,
                    {1: ((10, 0, 0), (90, 0, 0))}, {1: 3})
    message = why_not(issue.pages[0], [module], [[(0, 90)], [(52, 56)]], issue.format,
                      Attempt((), None, 5, True))
    assert "column 2, lines 53–56, are free but too short for any block" in message, message


def test_too_much_copy_is_refused_with_lines_over_and_what_to_cut(tmp_path, capsys):
    doc = page_of([article(name, 2400) for name in "甲乙丙丁戊己"])
    issue = write_issue(tmp_path / "a.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "a.pdf")]) == 3
    err = capsys.readouterr().err
    assert re.search(r"page 1: too much copy: the blocks placed automatically need at least \d+ "
                     r"column-lines more than "
                     r"the page has free — \d+ grid lines? too many", err), err
    assert "best candidates to cut or move" in err and not (tmp_path / "a.pdf").exists()


@pytest.mark.parametrize("complete, says", [
    (True, "no arrangement closes the page"),
    (False, "within 5 tries"),
])
def test_a_page_no_arrangement_closes_says_whether_searching_longer_can_help(complete, says):
    issue = load_issue(AUTO)
    module = Module(0, "甲", "pages[0].articles[0]", issue.pages[0].pos, 1,
                    {1: ((15, 0, 0), (22, 0, 0))}, {1: 3})
    message = why_not(issue.pages[0], [module], [[(0, 20)]], issue.format,
                      Attempt((), None, 5, complete))
    assert says in message, message
    assert ("--plan-effort" in message) is not complete


def test_one_grid_line_is_said_in_the_singular():
    issue = load_issue(AUTO)
    module = Module(0, "甲", "pages[0].articles[0]", issue.pages[0].pos, 1,
                    {1: ((19, 0, 0),)}, {1: 3})
    message = why_not(issue.pages[0], [module], [[(0, 20)]], issue.format,
                      Attempt((), (1, Stack(0, 1, 0, 20, False), (module,)), 5, True))
    assert "column 1 1 grid line short under `甲`" in message, message
