"""A photo's numbers read in the profile it carries (source_profile.py): used when it is of the
photo's kind, named in the fit report, and sRGB otherwise."""
import io
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageStat

from pagesetter.separation import to_press_cmyk
from pagesetter.grey import black_curve
from pagesetter.source_profile import GREY, RGB, SourceProfile, source_profile

from .conftest import PHOTO
from .render.test_press import image_streams, photo_build

GHOSTSCRIPT_PROFILES = Path("/usr/share/color/icc/ghostscript")


def ghostscript_profile(name: str) -> bytes:
    path = GHOSTSCRIPT_PROFILES / name
    if not path.exists():
        pytest.skip(f"{path} (Debian's ghostscript) is not installed")
    return path.read_bytes()


def carrying(icc: bytes | None, mode: str = "RGB") -> Image.Image:
    picture = Image.new(mode, (8, 8), (30, 160, 60) if mode == "RGB" else 90)
    if icc is not None:
        picture.info["icc_profile"] = icc
    return picture


def srgb_bytes() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def test_a_photo_without_a_profile_is_read_as_srgb():
    source = source_profile(carrying(None), RGB)
    assert source == SourceProfile() and source.described() == ""


def test_a_profile_of_the_photos_kind_is_used_and_named():
    source = source_profile(carrying(srgb_bytes()), RGB)
    assert source.icc == srgb_bytes() and source.space == RGB
    assert source.described().startswith("in its own profile, ") and "sRGB" in source.name


@pytest.mark.parametrize("icc, kind, says", [
    (b"not a profile" * 20, RGB, "its colour profile cannot be read: read as sRGB"),
    ("half", RGB, "its colour profile cannot be read: read as sRGB"),  # opens, builds nothing
    (None, GREY, ""),
    ("lab", RGB, "its colour profile is for Lab numbers, not RGB: read as sRGB"),
    ("rgb", GREY, "its colour profile is for RGB numbers, not GRAY: read as sRGB"),
])
def test_a_profile_that_cannot_be_used_is_named_and_srgb_used(icc, kind, says):
    if icc == "lab":
        icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    elif icc == "rgb":
        icc = srgb_bytes()
    elif icc == "half":  # regression: failed the build while drawing, "was it replaced?"
        icc = ghostscript_profile("a98.icc")[:282]
    source = source_profile(carrying(icc, "RGB" if kind == RGB else "L"), kind)
    assert source.icc is None and source.described() == says


def test_an_adobe_rgb_photo_separates_as_its_profile_says():
    """Regression: every RGB photo was read as sRGB, so a photo in a wider space (Adobe RGB,
    a phone's Display P3) printed duller than it is."""
    a98 = ghostscript_profile("a98.icc")
    green = carrying(None)
    as_srgb = to_press_cmyk(green).getpixel((0, 0))
    as_a98 = to_press_cmyk(carrying(a98)).getpixel((0, 0))
    assert as_a98[0] > as_srgb[0] + 10  # Adobe RGB's green is the wider: more cyan


def test_a_grey_photo_in_its_own_grey_profile_gets_that_profiles_tones():
    """Ghostscript's sGray puts grey 128 at L* 61 where sRGB puts it at 54: read in its own
    profile it is lighter, so it gets less black; white and black stay paper and solid."""
    sgray = ghostscript_profile("sgray.icc")
    own = black_curve(source_profile(carrying(sgray, "L"), GREY))
    assert own[255] == 0 and own[0] == 255
    assert own[128] < black_curve()[128] - 8


def test_the_fit_report_names_the_profile_a_photo_was_read_in(tmp_path, capsys):
    a98 = ghostscript_profile("a98.icc")
    picture = tmp_path / "a98.jpg"
    with Image.open(PHOTO) as im:
        im.save(picture, quality=92, icc_profile=a98)
    out, line = photo_build(tmp_path, picture, capsys)
    assert "separated from RGB (in its own profile, Artifex Software A98 ICC Profile) to " \
           "CMYK through the newsprint profile" in line, line
    (stream,) = image_streams(out)
    (tmp_path / "plain").mkdir()
    plain, _ = photo_build(tmp_path / "plain", PHOTO, capsys)  # the same pixels, no profile
    with Image.open(io.BytesIO(stream)) as own, \
            Image.open(io.BytesIO(image_streams(plain)[0])) as srgb:
        assert ImageStat.Stat(own).mean[0] > ImageStat.Stat(srgb).mean[0] + 10  # more cyan


def cmyk_photo(path: Path, icc: bytes | None) -> Path:
    picture = Image.new("CMYK", (1200, 800), (60, 20, 10, 30))
    picture.paste((10, 90, 120, 0), (0, 0, 600, 800))
    picture.save(path, "JPEG", quality=90, **({"icc_profile": icc} if icc else {}))
    return path


def test_a_cmyk_photo_separated_for_another_press_is_converted(tmp_path, capsys):
    """Regression: a CMYK photo tagged for another press (here SWOP) was embedded as it came,
    its numbers printed as if they were newsprint's."""
    swop = ghostscript_profile("default_cmyk.icc")
    picture = cmyk_photo(tmp_path / "swop.jpg", swop)
    out, line = photo_build(tmp_path, picture, capsys)
    assert "converted from its own profile, Artifex CMYK SWOP Profile, to the newsprint " \
           "profile" in line, line
    (stream,) = image_streams(out)
    with Image.open(io.BytesIO(stream)) as converted, Image.open(picture) as source:
        assert converted.getpixel((900, 400)) != source.getpixel((900, 400))


def test_a_cmyk_photo_tagged_for_newsprint_is_embedded_as_it_came(tmp_path, capsys):
    from pagesetter.colour import profile_path

    picture = cmyk_photo(tmp_path / "news.jpg", profile_path().read_bytes())
    _, line = photo_build(tmp_path, picture, capsys)
    assert "CMYK JPEG embedded as it came" in line, line
