"""Photos to press CMYK through the committed coldset-newsprint profile.

`color/Newsprint-TR002-240.icc` is built by scripts/build_icc.sh with ArgyllCMS from the TR002
newsprint characterisation data (total ink limited to 240 %, ISO 12647-3 coldset). The same
profile is the PDF/X output intent, so the print shop's RIP and our separation agree.
"""
from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .resources import data_dir

if TYPE_CHECKING:  # Pillow is imported where pictures are handled: a build whose photos come
    from PIL import Image  # from the cache does without it.

PROFILE_NAME = "Newsprint-TR002-240.icc"
OUTPUT_CONDITION = "Coldset newsprint (TR002 characterisation), total ink 240%"
TOTAL_INK_LIMIT = 240  # percent


def profile_path() -> Path:
    return data_dir("color") / PROFILE_NAME


@lru_cache(maxsize=1)
def _transform():
    from PIL import ImageCms  # only when a photo is separated (not when it comes from the cache)

    srgb = ImageCms.createProfile("sRGB")
    press = ImageCms.getOpenProfile(str(profile_path()))
    return ImageCms.buildTransform(srgb, press, "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.PERCEPTUAL)


def rgb_to_press_cmyk(picture: Image.Image) -> Image.Image:
    """Separate an RGB (or grey) picture for newsprint; CMYK pictures pass unchanged."""
    if picture.mode == "CMYK":
        return picture
    return _transform().apply(picture.convert("RGB"))


def max_total_ink(picture: Image.Image) -> float:
    """The highest C+M+Y+K of a CMYK picture, in percent.

    Summing four bands exactly needs 32-bit images; first, eight-bit quarter sums
    q = ⌊(⌊(c+m)/2⌋ + ⌊(y+k)/2⌋)/2⌋ find where the peak is: 4q ≤ c+m+y+k ≤ 4q + 4, so no pixel
    whose q is below the highest q has more ink than one whose q is the highest. The exact sum
    is then taken over the box of those pixels only (usually a few pixels of the deepest
    shadow)."""
    from PIL import ImageChops

    c, m, y, k = picture.split()
    quarter = ImageChops.add(ImageChops.add(c, m, 2.0), ImageChops.add(y, k, 2.0), 2.0)
    top = quarter.getextrema()[1]
    box = quarter.point(lambda v: 255 if v >= top else 0).getbbox()
    return _exact_max_total_ink(picture.crop(box) if box else picture)


def _exact_max_total_ink(picture: Image.Image) -> float:
    from PIL import ImageMath

    c, m, y, k = (band.convert("I") for band in picture.split())
    total = ImageMath.lambda_eval(lambda e: e["c"] + e["m"] + e["y"] + e["k"], c=c, m=m, y=y, k=k)
    return total.getextrema()[1] / 255 * 100


@dataclass(frozen=True)
class PressImage:
    """A photo ready for the PDF: CMYK samples as a PDF image stream holds them, and the most
    ink any pixel takes."""

    data: bytes  # a JPEG file (DCTDecode), or the samples deflated (FlateDecode)
    encoding: str  # "jpeg" | "flate"
    width: int  # pixels
    height: int
    max_ink: float  # highest C+M+Y+K of any pixel, percent


def press_key(image) -> tuple[Path, tuple[int, int, int, int], int]:
    """The press_image arguments of a placed photo: its file, its crop, and its effective
    resolution in whole ppi (a photo placed twice at one size is separated once)."""
    return image.file, image.crop, round(image.ppi)


@lru_cache(maxsize=32)
def press_image(file: Path, crop: tuple[int, int, int, int], ppi: int) -> PressImage:
    """The cropped photo separated for newsprint, from the on-disk cache when the same photo,
    crop and profile were separated before."""
    import PIL

    from .cache import cached, file_digest, key

    entry = key("photo", file_digest(file), crop, ppi, file_digest(profile_path()),
                PIL.__version__)
    return cached("photos", entry, lambda: _separate(file, crop, ppi))


def _separate(file: Path, crop: tuple[int, int, int, int], ppi: int) -> PressImage:
    """The cropped photo separated for newsprint. JPEG (DCT) keeps files small and fast to
    write, but its block artefacts can lift a separated shadow past the ink limit; the encoded
    JPEG is decoded and measured, and a lossless copy is used when it would break the limit."""
    from PIL import Image

    with Image.open(file) as im:
        picture = rgb_to_press_cmyk(im.crop(crop).convert("RGB"))
    buf = io.BytesIO()
    # Pillow writes Adobe-style (inverted) CMYK JPEGs; the PDF image carries the matching
    # /Decode array (render/pdf.py).
    picture.save(buf, "JPEG", quality=92, subsampling=0, dpi=(ppi, ppi))
    jpeg_ink = max_total_ink(Image.open(io.BytesIO(buf.getvalue())))
    width, height = picture.size
    if jpeg_ink <= TOTAL_INK_LIMIT:
        return PressImage(buf.getvalue(), "jpeg", width, height, jpeg_ink)
    return PressImage(zlib.compress(picture.tobytes()), "flate", width, height,
                      max_total_ink(picture))
