"""Photos to press CMYK through the committed coldset-newsprint profile.

`color/Newsprint-TR002-240.icc` is built by scripts/build_icc.sh with ArgyllCMS from the TR002
newsprint characterisation data (total ink limited to 240 %, ISO 12647-3 coldset). The same
profile is the PDF/X output intent, so the print shop's RIP and our separation agree.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms

from .resources import data_dir

PROFILE_NAME = "Newsprint-TR002-240.icc"
OUTPUT_CONDITION = "Coldset newsprint (TR002 characterisation), total ink 240%"
TOTAL_INK_LIMIT = 240  # percent


def profile_path() -> Path:
    return data_dir("color") / PROFILE_NAME


@lru_cache(maxsize=1)
def _transform() -> ImageCms.ImageCmsTransform:
    srgb = ImageCms.createProfile("sRGB")
    press = ImageCms.getOpenProfile(str(profile_path()))
    return ImageCms.buildTransform(srgb, press, "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.PERCEPTUAL)


def rgb_to_press_cmyk(picture: Image.Image) -> Image.Image:
    """Separate an RGB (or grey) picture for newsprint; CMYK pictures pass unchanged."""
    if picture.mode == "CMYK":
        return picture
    return ImageCms.applyTransform(picture.convert("RGB"), _transform())


def max_total_ink(picture: Image.Image) -> float:
    """The highest C+M+Y+K of a CMYK picture, in percent."""
    from PIL import ImageMath

    c, m, y, k = (band.convert("I") for band in picture.split())
    total = ImageMath.lambda_eval(lambda e: e["c"] + e["m"] + e["y"] + e["k"], c=c, m=m, y=y, k=k)
    return total.getextrema()[1] / 255 * 100
