"""Lengths at the edges: pt, mm, 字号 names and characters."""
import pytest

from pagesetter.units import ZIHAO, UnitError, mm, parse_length


@pytest.mark.parametrize("text, points", [
    ("9pt", 9.0), ("9", 9.0), (9, 9.0), ("25.4mm", 72.0), ("1in", 72.0), ("1cm", mm(10)),
    ("小五", 9.0), ("五号", 10.5), ("初号", 42.0), ("八号", 5.0),
])
def test_lengths(text, points):
    assert parse_length(text) == pytest.approx(points)


def test_characters_need_an_em():
    assert parse_length("1.5字", em=9) == 13.5
    assert parse_length("2em", em=9) == 18
    with pytest.raises(UnitError):
        parse_length("2字")


@pytest.mark.parametrize("bad", ["nine", "9 px", True, None, "小七"])
def test_bad_lengths_say_what_is_accepted(bad):
    with pytest.raises(UnitError):
        parse_length(bad)


def test_zihao_table_is_ordered_large_to_small():
    sizes = list(ZIHAO.values())
    assert sizes == sorted(sizes, reverse=True)
    assert len(ZIHAO) == 16
