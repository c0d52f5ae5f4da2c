"""placed: the placed page's geometry helpers, as tables."""
import pytest

from pagesetter.placed import boxes_overlap


@pytest.mark.parametrize("a, b, overlap", [
    ((0, 0, 10, 10), (5, 5, 15, 15), True),  # corners cross
    ((0, 0, 10, 10), (2, 2, 4, 4), True),  # one inside the other
    ((2, 2, 4, 4), (0, 0, 10, 10), True),
    ((0, 0, 10, 10), (10, 0, 20, 10), False),  # edges touch: no area shared
    ((0, 0, 10, 10), (0, 10, 10, 20), False),
    ((0, 0, 10, 10), (11, 0, 20, 10), False),  # apart across
    ((0, 0, 10, 10), (0, 11, 10, 20), False),  # apart down
    ((0, 0, 10, 10), (-5, 9.5, 0.5, 30), True),  # a sliver
])
def test_boxes_overlap_only_where_they_share_some_area(a, b, overlap):
    assert boxes_overlap(a, b) is overlap
    assert boxes_overlap(b, a) is overlap
