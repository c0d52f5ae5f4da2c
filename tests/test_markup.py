"""Inline markup, as a table: what an editor types → the runs that print."""
import pytest

from pagesetter.markup import parse, plain

CASES = [
    ("这是**重点**内容", [("这是", ""), ("重点", "bold"), ("内容", "")]),
    ("要*着重*看", [("要", ""), ("着重", "dots"), ("看", "")]),
    ("CO~2~排放", [("CO", ""), ("2", "sub"), ("排放", "")]),
    ("面积120m^2^", [("面积120m", ""), ("2", "sup")]),
    ("10^-3^", [("10", ""), ("-3", "sup")]),
    # never by accident: ranges, lone markers, spaced asterisks
    ("3~5天，6~8天", [("3~5天，6~8天", "")]),
    ("一*个 星号", [("一*个 星号", "")]),
    ("a * b * c", [("a * b * c", "")]),
    ("a**b", [("a**b", "")]),
    # escapes
    ("\\*不是着重\\*", [("*不是着重*", "")]),
    ("\\~\\^", [("~^", "")]),
]


@pytest.mark.parametrize("typed, runs", CASES)
def test_markup_table(typed, runs):
    assert parse(typed) == runs


def test_plain_text_is_what_prints():
    assert plain("**粗**与*点*及H~2~O") == "粗与点及H2O"
