"""Photo pixels to newsprint CMYK: colour through the newsprint profile, grey in black only
(grey.py), CMYK separated for another press converted to this one, each read in the profile it
carries (source_profile.py); transparent parts print as paper; total ink limited (colour.py).
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .colour import TOTAL_INK_LIMIT, limit_ink, max_total_ink, profile_path
from .source_profile import (CMYK, GREY, KEPT_PROFILES, RGB, SourceProfile, description,
                             opened, source_profile)

if TYPE_CHECKING:
    from PIL import Image


@lru_cache(maxsize=KEPT_PROFILES)
def _rgb_transform(source: SourceProfile):
    from PIL import ImageCms  # only when a photo is separated (not when it comes from the cache)

    return ImageCms.buildTransform(opened(source), opened(press_profile()), "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.PERCEPTUAL)


def to_press_cmyk(picture: Image.Image) -> Image.Image:
    """A picture as newsprint CMYK. Colour pictures are separated through the newsprint
    profile, grey ones printed in black only (grey.py), each read in the profile it carries
    (source_profile.py); transparent parts print as paper. A CMYK picture without a profile, or
    with the newsprint one, was separated by someone who knew the press, so it passes unchanged
    — only its ink is limited where it is over; one separated for another press is converted."""
    return press_cmyk(picture)[0]


def press_cmyk(picture: Image.Image) -> tuple[Image.Image, str]:
    """to_press_cmyk, and what the fit report says was done ("" when a CMYK picture passes as
    it is)."""
    from .grey import GREY_MODES, black_only, eight_bit, is_grey

    if picture.mode == "CMYK":
        source = source_profile(picture, CMYK)
        if source.icc is not None and not is_press_profile(source.icc):
            # Separated for another press (a magazine's, a proof's): its numbers are converted,
            # as a PDF/X export converts tagged CMYK whose profile is not the output intent's.
            return limit_ink(_cmyk_transform(source).apply(picture)), \
                f"converted from its own profile, {source.name}, to the newsprint profile"
        before = max_total_ink(picture)
        notes = [f"its colour profile {source.unusable}: its numbers kept"] \
            if source.unusable else []
        if before > TOTAL_INK_LIMIT:
            notes.append(f"ink limited from {before:.0f} % to {TOTAL_INK_LIMIT} %")
        return limit_ink(picture), "; ".join(notes)
    mode = picture.mode
    source = source_profile(picture, GREY if mode in GREY_MODES else RGB)
    described = source.described()
    own = f" ({described})" if described else ""
    picture = eight_bit(picture)
    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        from PIL import Image

        rgba = picture.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        picture = Image.alpha_composite(paper, rgba)
    if is_grey(picture):
        return black_only(picture, source), \
            f"grey{own}: printed in black only, its tones from the newsprint profile"
    return _rgb_transform(source).apply(picture.convert("RGB")), \
        f"separated from {mode}{own} to CMYK through the newsprint profile"


def is_press_profile(icc: bytes) -> bool:
    """Whether a CMYK picture's readable profile is the newsprint profile (its numbers are for
    this press): the same bytes, or a copy that says it is."""
    press = press_profile()
    return icc == press.icc or description(icc) == press.name


@lru_cache(maxsize=1)
def press_profile() -> SourceProfile:
    """The newsprint profile, read once, as a photo's own profile is held."""
    icc = profile_path().read_bytes()
    return SourceProfile(icc, description(icc))


@lru_cache(maxsize=KEPT_PROFILES)
def _cmyk_transform(source: SourceProfile):
    from PIL import ImageCms

    return ImageCms.buildTransform(opened(source), opened(press_profile()), "CMYK", "CMYK",
                                   renderingIntent=ImageCms.Intent.PERCEPTUAL)
