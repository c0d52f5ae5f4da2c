"""Grey photos printed in black ink only, as newspapers print black-and-white pictures.

Separated through the newsprint profile like a colour photo, a grey picture would print in all
four inks: a rich grey that fringes with colour wherever the plates do not register, with three
inks spent for nothing. The press prints it from the K plate alone. Each grey level gets the
black dot that prints its lightness on newsprint: the profile's own curve of black alone (the
L* that K prints on this paper, from paper white to solid black, read through LittleCMS), onto
which the picture's lightness is mapped from its white to its black, as a perceptual rendering
with black-point compensation maps it.

A picture is grey when it is stored as grey (1, L, LA, 16-bit grey) or when it is RGB whose
three channels never differ by more than NEUTRAL levels (a black-and-white photo saved in
colour; JPEG leaves a little chroma noise in those). Its levels are read in the profile it
carries, or as sRGB (source_profile.py).
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .source_profile import GREY, KEPT_PROFILES, SourceProfile, opened

if TYPE_CHECKING:
    from PIL import Image

SRGB = SourceProfile()

#: How far apart (of 255) the channels of an RGB picture may be for it to count as grey.
NEUTRAL = 4
#: Modes of grey pictures with 16 bits a pixel (PNG and TIFF), scaled to 8 bits by 1/257.
SIXTEEN_BIT_GREY = frozenset({"I;16", "I;16B", "I;16L", "I;16N", "I"})
GREY_MODES = frozenset({"1", "L", "LA"}) | SIXTEEN_BIT_GREY


def eight_bit(picture: Image.Image) -> Image.Image:
    """A 16-bit grey picture as 8-bit grey (L); any other as it is. (Pillow's own conversion
    clips a 16-bit level to 255: the picture would print as blank paper.)"""
    if picture.mode not in SIXTEEN_BIT_GREY:
        return picture
    return picture.convert("I").point(lambda level: level / 257).convert("L")


def is_grey(picture: Image.Image) -> bool:
    """Whether an opaque picture (1, L, P, RGB … after eight_bit) holds only greys."""
    if picture.mode in GREY_MODES:
        return True
    from PIL import ImageChops

    red, green, blue = picture.convert("RGB").split()
    return all(_largest(ImageChops.difference(a, b)) <= NEUTRAL
               for a, b in ((red, green), (green, blue), (red, blue)))


def _largest(band: Image.Image) -> int:
    """The highest level of a one-band picture."""
    return max((level for level, count in enumerate(band.histogram()) if count), default=0)


def black_only(picture: Image.Image, source: SourceProfile = SRGB) -> Image.Image:
    """A grey picture, its numbers read in `source`, as CMYK with black ink only (see the
    module)."""
    from PIL import Image

    grey = picture.convert("L")
    none = Image.new("L", grey.size, 0)
    return Image.merge("CMYK", (none, none, none, grey.point(black_curve(source))))


@lru_cache(maxsize=KEPT_PROFILES)
def black_curve(source: SourceProfile = SRGB) -> tuple[int, ...]:
    """For each grey level 0–255 (read in `source`), the black (0–255) that prints its
    lightness on newsprint."""
    from PIL import Image, ImageCms

    from .separation import press_profile

    lab = ImageCms.createProfile("LAB")
    press = opened(press_profile())
    ramp = Image.new("CMYK", (256, 1))
    ramp.putdata([(0, 0, 0, k) for k in range(256)])
    printed = _lightness(ImageCms.buildTransform(
        press, lab, "CMYK", "LAB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC
    ).apply(ramp))  # L* of K = 0…255
    mode = "L" if source.space == GREY else "RGB"
    levels = Image.new(mode, (256, 1))
    levels.putdata(list(range(256)) if mode == "L" else [(v, v, v) for v in range(256)])
    seen = _lightness(ImageCms.buildTransform(
        opened(source), lab, mode, "LAB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC).apply(levels))
    # The picture's black to white onto the press's (black-point compensation): a profile
    # whose darkest level is not L* 0 still prints it solid.
    paper, solid = printed[0], printed[-1]
    darkest, lightest = seen[0], max(seen[-1], seen[0] + 1)
    return tuple(_black_for(solid + (value - darkest) / (lightest - darkest) * (paper - solid),
                            printed) for value in seen)


def _lightness(lab: Image.Image) -> list[float]:
    """The L* of each pixel of a one-row LAB picture (Pillow stores L* 0–100 as 0–255)."""
    return [value * 100 / 255 for value in lab.tobytes()[0::3]]


def _black_for(lightness: float, printed: list[float]) -> int:
    """The black that prints `lightness`: `printed` (L* of each black, darker as it grows)
    read backwards, between its two nearest levels."""
    for k in range(1, len(printed)):
        lighter, darker = printed[k - 1], printed[k]
        if darker <= lightness:
            share = (lighter - lightness) / (lighter - darker) if lighter > darker else 0.0
            return round(k - 1 + min(max(share, 0.0), 1.0))
    return len(printed) - 1
