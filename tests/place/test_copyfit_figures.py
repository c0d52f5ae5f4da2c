"""Copyfitting as the desk needs it: exact figures (found by composing, checked here by building
again with the advice taken), where the overset starts, room left, empty areas, and where every
block stands on the grid."""
import re

import pytest

from pagesetter.cli import main
from pagesetter.loader import load_issue
from pagesetter.pipeline import place_pages
from pagesetter.render.dump import dump_pages

from ..conftest import PARAGRAPHS, article, minimal, photo, write_issue

LONG = PARAGRAPHS * 4  # eight paragraphs: a dozen lines too many for a 6-line box


def fit_of(doc, tmp_path, name="a.yaml"):
    issue = load_issue(write_issue(tmp_path / name, doc))
    (page,) = place_pages(issue)
    return page, page.fit[0]


def without_last_chars(body, cut):
    body = list(body)
    while cut > 0:
        last = body.pop()
        if cut < len(last):
            body.append(last[:len(last) - cut])
        cut -= len(last)
    return body


@pytest.mark.parametrize("height", [4, 6, 9])
def test_characters_to_cut_are_exact(tmp_path, height):
    """Regression: "about 12 fewer lines" left it 1 over, "about 2 fewer" left it 2 over."""
    doc = minimal()
    article(doc)["body"] = list(LONG)
    article(doc)["place"]["height"] = height
    _, fit = fit_of(doc, tmp_path)
    assert fit.over > 0 and fit.chars_over > 0
    article(doc)["body"] = without_last_chars(LONG, fit.chars_over)
    assert fit_of(doc, tmp_path, "cut.yaml")[1].over == 0
    article(doc)["body"] = without_last_chars(LONG, fit.chars_over - 1)
    assert fit_of(doc, tmp_path, "one-less.yaml")[1].over > 0


def test_grid_lines_to_add_are_exact(tmp_path):
    doc = minimal()
    article(doc)["body"] = list(LONG)
    article(doc)["place"]["height"] = 6
    _, fit = fit_of(doc, tmp_path)
    assert fit.taller_by
    article(doc)["place"]["height"] = 6 + fit.taller_by
    assert fit_of(doc, tmp_path, "taller.yaml")[1].over == 0
    article(doc)["place"]["height"] = 6 + fit.taller_by - 1
    assert fit_of(doc, tmp_path, "shorter.yaml")[1].over > 0


def test_the_overset_report_says_where_it_starts_and_what_to_do(tmp_path, capsys):
    doc = minimal()
    article(doc)["body"] = list(LONG)
    article(doc)["place"]["height"] = 6
    issue = write_issue(tmp_path / "a.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "a.pdf")]) == 3
    err = capsys.readouterr().err
    line = next(ln for ln in err.splitlines() if ln.startswith("overset:"))
    assert "`短讯` (columns 1–2, lines 1–6) is" in line
    started = re.search(r"the overset starts at “(.+?)…?”", line).group(1)
    assert started and any(started in p for p in PARAGRAPHS), line


def test_an_article_with_a_hole_is_told_the_exact_height(tmp_path, capsys):
    doc = minimal()
    article(doc)["place"]["height"] = 30
    issue = write_issue(tmp_path / "a.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "a.pdf")]) == 0
    err = capsys.readouterr().err
    height = int(re.search(r"`height: (\d+)` fits it exactly \(now 30\)", err).group(1))
    article(doc)["place"]["height"] = height
    page, fit = fit_of(doc, tmp_path, "exact.yaml")
    assert fit.over == 0
    article(doc)["place"]["height"] = height - 1
    assert fit_of(doc, tmp_path, "less.yaml")[1].over > 0


def test_spare_lines_are_offered_as_characters(tmp_path, capsys):
    doc = minimal()
    article(doc)["place"]["height"] = 10
    issue = write_issue(tmp_path / "a.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "a.pdf")]) == 0
    out = capsys.readouterr().out
    room = int(re.search(r"短讯 \(columns 1–2, lines 1–10\): \d+/\d+ lines \(\d+ empty, room "
                         r"for about (\d+) more characters\)", out).group(1))
    body = list(PARAGRAPHS)
    body[-1] = body[-1][:-1] + "字" * (room - 2) + "。"  # nearly the room offered still fits
    article(doc)["body"] = body
    assert fit_of(doc, tmp_path, "fuller.yaml")[1].over == 0


def test_empty_page_areas_are_warned_with_their_grid_region(tmp_path, capsys):
    """The minimal page: one article (columns 1–2, 12 lines) and a photo (3–4, 20 lines) on a
    5-column page of 90 lines leave the rest blank."""
    issue = write_issue(tmp_path / "a.yaml")
    assert main([str(issue), "-o", str(tmp_path / "a.pdf")]) == 0
    err = capsys.readouterr().err
    assert "page 1: columns 1–2, lines 13–90 are empty (78 grid lines)" in err
    assert "page 1: columns 3–4, lines 21–90 are empty" in err
    assert "page 1: column 5, lines 1–90 are empty" in err


def test_a_page_filled_to_the_grid_has_no_empty_area(tmp_path):
    doc = minimal()
    grid_lines = load_issue(write_issue(tmp_path / "x.yaml", doc)).format.grid.lines
    article(doc)["place"] = {"column": 1, "span": 2, "line": 1, "height": grid_lines}
    photo(doc)["place"] = {"column": 3, "span": 3, "line": 1, "height": grid_lines}
    page, _ = fit_of(doc, tmp_path)
    assert not [w for w in page.warnings if "are empty" in w.message]


def test_fit_report_and_dump_name_every_blocks_grid_place(tmp_path, capsys):
    doc = minimal()
    photo(doc)["place"]["height"] = "auto"
    issue = write_issue(tmp_path / "a.yaml", doc)
    dump = tmp_path / "a.txt"
    assert main([str(issue), "-o", str(tmp_path / "a.pdf"), "--dump", str(dump)]) == 0
    out = capsys.readouterr().out
    assert "短讯 (columns 1–2, lines 1–12)" in out
    auto = re.search(r"photo 人大代表助力备春耕 \(columns 3–4, lines 1–(\d+), auto height (\d+) "
                     r"lines\)", out)
    assert auto and auto.group(1) == auto.group(2)
    text = dump.read_text(encoding="utf-8")
    assert "fit 短讯 (columns 1–2, lines 1–12) available=" in text
    assert f"(columns 3–4, lines 1–{auto.group(1)}, auto height {auto.group(1)} lines)" in text
    page, _ = fit_of(doc, tmp_path, "b.yaml")
    whole = [line.text for block in page.blocks for line in block.lines]
    assert all(line in text for line in whole)  # whole lines, never cut


def test_dump_lines_are_whole(tmp_path):
    issue = load_issue(write_issue(tmp_path / "a.yaml"))
    text = dump_pages(place_pages(issue))
    assert "坚持党的领导" in text
    longest = max((line.split(" ", 7)[-1] for line in text.splitlines()
                   if line.strip().startswith("line ")), key=len)
    assert len(longest) > 10
