"""Ink measurement: the fast peak of C+M+Y+K equals the plain per-pixel maximum."""
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from pagesetter.colour import max_total_ink


def plain_peak(picture: Image.Image) -> float:
    raw = picture.tobytes()
    return max(sum(raw[i:i + 4]) for i in range(0, len(raw), 4)) / 255 * 100


@settings(max_examples=150, deadline=None)
@given(width=st.integers(1, 40), height=st.integers(1, 30), data=st.data())
def test_peak_ink_equals_the_per_pixel_maximum(width, height, data):
    samples = data.draw(st.binary(min_size=width * height * 4, max_size=width * height * 4))
    picture = Image.frombytes("CMYK", (width, height), samples)
    assert max_total_ink(picture) == plain_peak(picture)


def test_one_hot_pixel_in_a_light_picture_is_found():
    picture = Image.new("CMYK", (300, 200), (40, 30, 30, 20))
    picture.putpixel((217, 133), (200, 150, 120, 255))
    assert max_total_ink(picture) == (200 + 150 + 120 + 255) / 255 * 100


def test_near_ties_the_quarter_sums_cannot_tell_apart():
    # Equal quarter sums, different totals: the exact sum decides.
    picture = Image.new("CMYK", (4, 1), (0, 0, 0, 0))
    picture.putpixel((0, 0), (101, 101, 101, 101))  # 404
    picture.putpixel((3, 0), (100, 100, 100, 103))  # 403
    assert max_total_ink(picture) == 404 / 255 * 100
