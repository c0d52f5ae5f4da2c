"""Vertical setting (compose/vertical.py): its rule tables and exact positions."""
import pytest

from pagesetter.compose import Composer
from pagesetter.compose.vertical import (ASCENT, SHIFTED, TURNED, VERTICAL_QUOTES, break_vertical,
                                         pieces)
from pagesetter.errors import SourcePos
from pagesetter.loader import load_issue

from ..conftest import write_issue

AT = SourcePos("<test>")


@pytest.fixture(scope="module")
def composer(tmp_path_factory):
    issue = load_issue(write_issue(tmp_path_factory.mktemp("v") / "v.yaml"))
    return Composer.for_issue(issue)


def test_the_tables_hold_what_gb_t_15834_names():
    # §5.2.1: 句号、问号、叹号、逗号、顿号、分号、冒号 below their character, to the right
    assert set("。？！，、；：") <= set(SHIFTED)
    assert all(0 <= right <= 0.5 and 0 <= up <= 0.5 for right, up in SHIFTED.values())
    # brackets, 书名号, dashes and the ellipsis are turned; quotes become corner brackets
    assert set("（）《》〈〉【】〔〕——……") <= TURNED
    assert VERTICAL_QUOTES == {"“": "『", "”": "』", "‘": "「", "’": "」"}
    assert set(VERTICAL_QUOTES.values()) <= TURNED
    assert not set(SHIFTED) & TURNED


@pytest.mark.parametrize("text, kinds", [
    ("人大", ["upright", "upright"]),
    ("第12次", ["upright", "pair", "upright"]),  # 纵中横: two digits upright in one cell
    ("2023年", ["latin", "upright"]),  # four digits are turned
    ("CN号", ["latin", "upright"]),
    ("（一）", ["turned", "upright", "turned"]),
    ("“好”。", ["turned", "upright", "turned", "shifted"]),
])
def test_pieces_of_a_vertical_line(composer, text, kinds):
    assert [p.kind for p in pieces(composer, text, "headline")] == kinds


def test_an_upright_character_a_shifted_stop_and_a_pair_sit_exactly(composer):
    size = composer.style("headline").size
    (line,) = composer.compose_vertical("人。12", "headline", AT, "x", 10 * size, size)
    upright, stop, pair = line.runs
    assert (upright.xs, upright.ys, upright.turned) == ((0.0,), (ASCENT * size,), False)
    # the stop moves half a cell right and half up: GB/T 15834 §5.2.1
    assert stop.xs == (0.5 * size,) and stop.ys == pytest.approx(((1 + ASCENT - 0.5) * size,))
    assert not pair.turned and pair.ys == pytest.approx(((2 + ASCENT) * size,) * 2)
    width = sum(composer.advance("headline", c) for c in "12") * size * pair.scale
    assert pair.xs[0] == pytest.approx((size - width) / 2)  # centred in its cell
    assert line.length == pytest.approx(3 * size)


def test_a_bracket_is_turned_in_its_cell_and_a_quote_draws_a_corner_bracket(composer):
    size = composer.style("headline").size
    (line,) = composer.compose_vertical("（好）“是”", "headline", AT, "x", 10 * size, size)
    opening = line.runs[0]
    assert opening.turned and opening.xs == pytest.approx(((1 - ASCENT) * size,))
    quote = line.runs[3]
    assert quote.turned and quote.text == "“" and quote.drawn == "『"


def test_a_line_never_starts_with_a_stop_and_lines_are_balanced(composer):
    parts = pieces(composer, "乌市人大细化目标任务。", "headline")
    size = composer.style("headline").size
    lines = break_vertical(parts, 10 * size)
    assert ["".join(p.text for p in line) for line in lines] == ["乌市人大细化", "目标任务。"]
    assert lines[1][0].text not in "。，"


def test_mongolian_is_shaped_and_turned_with_positional_forms(composer):
    size = composer.style("headline").size
    (line,) = composer.compose_vertical("ᠮᠣᠩᠭᠣᠯ", "headline", AT, "x", 20 * size, size)
    (run,) = line.runs
    assert run.turned and run.font == "mongolian" and "".join(run.glyph_text) == "ᠮᠣᠩᠭᠣᠯ"
    shaped = composer.shape_mongolian("ᠮᠣᠩᠭᠣᠯ", size)
    assert run.glyphs == tuple(g.glyph for g in shaped.glyphs)
    assert run.ys == pytest.approx(tuple(g.x for g in shaped.glyphs))
