"""The colour space a photo's numbers are in: the ICC profile embedded in it, or sRGB.

A phone stores its photos in Display P3, a camera set for print in Adobe RGB (1998), a scanner
its greys in a grey profile of its own; read as sRGB, such numbers print too dull or too dark.
The profile a photo carries is honoured when LittleCMS can read it and it is of the photo's kind
(an RGB profile for colour numbers, a grey one for grey, a CMYK one for CMYK); one that cannot be
used is named in the fit report, and the photo is read as sRGB, as one without a profile is (a
CMYK photo then keeps its numbers).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

#: ICC colour spaces (the header's), by the kind of numbers a picture holds.
RGB, GREY, CMYK = "RGB ", "GRAY", "CMYK"
#: Profiles of photos seen in one process, each with what was built from it.
KEPT_PROFILES = 8


@dataclass(frozen=True)
class SourceProfile:
    """The profile a photo's numbers are read in: its own (`icc`), or sRGB (`icc` None)."""

    icc: bytes | None = None
    name: str = ""  # the profile's description, when it is the photo's own
    unusable: str = ""  # why the photo's own profile was not used

    @property
    def space(self) -> str:
        """RGB or GREY: the kind of numbers the profile reads."""
        return RGB if self.icc is None else _facts(self.icc)[0]

    def described(self) -> str:
        """What the fit report says of it: "" for sRGB by default."""
        if self.unusable:
            return f"its colour profile {self.unusable}: read as sRGB"
        return f"in its own profile, {self.name}" if self.icc else ""


def source_profile(picture: Image.Image, kind: str) -> SourceProfile:
    """The profile to read `picture`'s numbers in, of `kind` (RGB or GREY)."""
    icc = picture.info.get("icc_profile")
    if not icc:
        return SourceProfile()
    try:
        space, name = _facts(bytes(icc))
    except Exception:  # noqa: BLE001 — LittleCMS's OSError, PyCMSError (of Exception) alike
        return SourceProfile(unusable="cannot be read")
    if space != kind:
        return SourceProfile(unusable=f"is for {space.strip()} numbers, not "
                                      f"{kind.strip()}")
    return SourceProfile(bytes(icc), name)


@lru_cache(maxsize=KEPT_PROFILES)
def _facts(icc: bytes) -> tuple[str, str]:
    """(colour space, description) of a profile, once LittleCMS has read it and built a
    transform from it (a profile cut short can be read and still not be used); raises what
    LittleCMS raises otherwise."""
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    space = profile.profile.xcolor_space
    modes = {RGB: "RGB", GREY: "L", CMYK: "CMYK"}
    if space in modes:
        ImageCms.buildTransform(profile, ImageCms.createProfile("LAB"), modes[space], "LAB")
    name = " ".join(ImageCms.getProfileDescription(profile).split()) or "without a name"
    return space, name


def description(icc: bytes) -> str:
    """The profile's description; what LittleCMS raises when it cannot read it."""
    return _facts(icc)[1]


def opened(source: SourceProfile) -> Any:
    """LittleCMS's profile for `source` (sRGB when it has none of its own)."""
    from PIL import ImageCms

    if source.icc is None:
        return ImageCms.createProfile("sRGB")
    return ImageCms.ImageCmsProfile(io.BytesIO(source.icc))
