"""Editing one value in a YAML file's text: the value changes, every other character stays."""
import pytest
import yaml

from pagesetter.yamlsrc.edit import NotEditable, set_value

PLACE = {"column": "2", "span": "3", "line": "40", "height": "auto"}

CASES = [  # (document, path, what the edited document must read)
    ("pages:\n  - articles:\n      - name: 甲  # 头条\n        place: {column: 1, span: 3, "
     "line: 40, height: auto}\n        body: [x]\n",
     "pages[0].articles[0]",
     "pages:\n  - articles:\n      - name: 甲  # 头条\n        place: {column: 2, span: 3, "
     "line: 40, height: auto}\n        body: [x]\n"),
    # a mapping with the same keys keeps its own spacing and order: only scalars change
    ("a:\n  place: { line: 40,  column: 1, span: 3, height: auto }  # 注\n",
     "a", "a:\n  place: { line: 40,  column: 2, span: 3, height: auto }  # 注\n"),
    ("a:\n  place:\n    column: 1   # 左\n    span: 3\n    line: 40\n    height: auto\n  b: 1\n",
     "a", "a:\n  place:\n    column: 2   # 左\n    span: 3\n    line: 40\n    height: auto\n"
     "  b: 1\n"),
    # `auto` becomes a place, and other keys mean the whole value is written anew
    ("a:\n  place: auto   # the make-up\n  b: 1\n", "a",
     "a:\n  place: {column: 2, span: 3, line: 40, height: auto}   # the make-up\n  b: 1\n"),
    ("a:\n  place:\n    column: 1\n    span: 3\n  # kept\n  b: 1\n", "a",
     "a:\n  place: {column: 2, span: 3, line: 40, height: auto}\n  # kept\n  b: 1\n"),
    # no place yet (a page with `layout: auto`): added as the block's first key
    ("pages:\n  - articles:\n      - name: 乙\n        body: [x]\n", "pages[0].articles[0]",
     "pages:\n  - articles:\n      - place: {column: 2, span: 3, line: 40, height: auto}\n"
     "        name: 乙\n        body: [x]\n"),
    ("a: {name: 丙, body: [x]}\n", "a",
     "a: {place: {column: 2, span: 3, line: 40, height: auto}, name: 丙, body: [x]}\n"),
]


@pytest.mark.parametrize("document, path, expected", CASES)
def test_only_the_place_changes(document, path, expected):
    edited = set_value(document, yaml.compose(document), path, "place", PLACE)
    assert edited == expected
    assert yaml.safe_load(edited) is not None  # still YAML


def test_a_place_set_to_auto_replaces_only_its_value():
    document = "a:\n  place: {column: 1, span: 3, line: 40, height: 12}  # 注\n  b: 1\n"
    assert set_value(document, yaml.compose(document), "a", "place", "auto") == \
        "a:\n  place: auto  # 注\n  b: 1\n"


@pytest.mark.parametrize("document", [
    "x: &p {column: 1, span: 3, line: 40, height: auto}\na:\n  place: *p\n",
    "a:\n  place: &p {column: 1, span: 3, line: 40, height: auto}\nb: *p\n",
])
def test_an_anchor_or_an_alias_is_not_edited(document):
    with pytest.raises(NotEditable, match="anchor or an alias"):
        set_value(document, yaml.compose(document), "a", "place", PLACE)


def test_a_path_that_is_no_mapping_is_refused():
    document = "a: [1, 2]\n"
    with pytest.raises(NotEditable):
        set_value(document, yaml.compose(document), "a", "place", PLACE)
