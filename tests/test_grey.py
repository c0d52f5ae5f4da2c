"""Grey photos printed in black only (grey.py): the tone curve from the newsprint profile,
what counts as grey, and 16-bit grey read as its levels."""
import pytest
from PIL import Image

from pagesetter.grey import NEUTRAL, black_curve, black_only, eight_bit, is_grey


def test_the_black_curve_runs_from_paper_to_solid_black_and_never_turns_back():
    curve = black_curve()
    assert len(curve) == 256
    assert curve[255] == 0 and curve[0] == 255  # white is paper; black is solid black
    assert all(darker >= lighter for darker, lighter in zip(curve[:-1], curve[1:], strict=True))


@pytest.mark.parametrize("level, low, high", [
    # sRGB grey → black dot (of 255) that prints its lightness on TR002 newsprint: newsprint's
    # dot gain asks for less black than the level's own share in the mid-tones.
    (230, 5, 40), (192, 25, 60), (128, 70, 110), (64, 135, 175), (16, 215, 250)])
def test_mid_tones_get_the_black_newsprint_prints_them_with(level, low, high):
    assert low <= black_curve()[level] <= high


@pytest.mark.parametrize("picture, grey", [
    (Image.new("L", (4, 4), 90), True),
    (Image.new("1", (4, 4), 1), True),
    (Image.new("I;16", (4, 4), 40000), True),
    (Image.new("RGB", (4, 4), (90, 90, 90)), True),
    (Image.new("RGB", (4, 4), (90, 90 + NEUTRAL, 90)), True),  # JPEG's chroma noise
    (Image.new("RGB", (4, 4), (90, 90 + NEUTRAL + 1, 90)), False),
    (Image.new("RGB", (4, 4), (112, 66, 20)), False),  # sepia is a colour
    (Image.new("P", (4, 4), 0), True),  # palette of black
])
def test_what_counts_as_grey(picture, grey):
    assert is_grey(picture) is grey


def test_one_coloured_pixel_makes_a_picture_colour():
    picture = Image.new("RGB", (50, 50), (128, 128, 128))
    picture.putpixel((49, 49), (200, 30, 30))
    assert not is_grey(picture)


def test_a_16_bit_grey_picture_keeps_its_levels():
    """Regression: Pillow's conversion clips 16-bit levels at 255, so a 16-bit grey scan
    printed as an empty white box."""
    wide = Image.new("I;16", (3, 1))
    wide.putdata([0, 32896, 65535])
    assert eight_bit(wide).tobytes() == bytes([0, 128, 255])


def test_black_only_leaves_cyan_magenta_and_yellow_empty():
    grey = Image.new("L", (3, 1))
    grey.putdata([0, 128, 255])
    cmyk = black_only(grey)
    assert cmyk.mode == "CMYK"
    assert cmyk.tobytes() == bytes(value for level in (0, 128, 255)
                                   for value in (0, 0, 0, black_curve()[level]))
