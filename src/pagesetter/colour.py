"""Photos to press CMYK for newsprint.

Full grey-component replacement: the grey share of every pixel is printed with black ink alone,
so a pixel carries at most two chromatic inks plus K and total ink never exceeds 200 % — inside
coldset newsprint's 240 % (ISO 12647-3) with room for dot gain.
"""
from __future__ import annotations

from PIL import Image, ImageChops

TOTAL_INK_LIMIT = 240  # percent


def rgb_to_press_cmyk(picture: Image.Image) -> Image.Image:
    c, m, y, _ = picture.convert("RGB").convert("CMYK").split()
    k = ImageChops.darker(c, ImageChops.darker(m, y))  # the grey component
    return Image.merge("CMYK", (ImageChops.subtract(c, k), ImageChops.subtract(m, k),
                                ImageChops.subtract(y, k), k))
