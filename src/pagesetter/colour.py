"""Photos for the press: the committed coldset-newsprint profile, total ink, and each placed photo
separated (separation.py), encoded and kept.

`color/Newsprint-TR002-240.icc` is built by scripts/build_icc.sh with ArgyllCMS from the TR002
newsprint characterisation data (total ink limited to 240 %, ISO 12647-3 coldset). The same
profile is the PDF/X output intent, so the print shop's RIP and our separation agree.
"""
from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from .errors import InputError
from .resources import data_dir

if TYPE_CHECKING:  # Pillow is imported where pictures are handled: a build whose photos come
    from PIL import Image  # from the cache does without it.

PROFILE_NAME = "Newsprint-TR002-240.icc"
OUTPUT_CONDITION = "Coldset newsprint (TR002 characterisation), total ink 240%"
TOTAL_INK_LIMIT = 240  # percent


def profile_path() -> Path:
    return data_dir("color") / PROFILE_NAME


def limit_ink(picture: Image.Image, limit_percent: float = TOTAL_INK_LIMIT) -> Image.Image:
    """A CMYK picture with C, M and Y reduced in proportion wherever C+M+Y+K is over the limit
    (K is kept: it carries the detail). Pictures within the limit come back as they are."""
    if max_total_ink(picture) <= limit_percent:
        return picture
    from PIL import Image, ImageMath

    c, m, y, k = (band.convert("F") for band in picture.split())
    limit = limit_percent / 100 * 255

    def scaled(band):
        # x × min(1, (limit − k) / (c + m + y)): the room K leaves, shared by C, M and Y
        return ImageMath.lambda_eval(
            lambda e: e["x"] * e["min"](e["max"](limit - e["k"], 0.0)
                                        / e["max"](e["c"] + e["m"] + e["y"], 1.0), 1.0),
            x=band, c=c, m=m, y=y, k=k)

    bands = [scaled(band).convert("L") for band in (c, m, y)]
    return Image.merge("CMYK", (*bands, k.convert("L")))


def max_total_ink(picture: Image.Image) -> float:
    """The highest C+M+Y+K of a CMYK picture, in percent (see peak_ink)."""
    return peak_ink(picture)[0]


#: Rows of a picture summed at a time: a broadsheet page rendered for the ink check is 7.6 million
#: pixels, and its bands summed at once took a hundred megabytes and more a page.
STRIP_ROWS = 256


def peak_ink(picture: Image.Image) -> tuple[float, tuple[int, int]]:
    """The highest C+M+Y+K of a CMYK picture, in percent, and a pixel where it is (the top-left
    corner of the box of the pixels that have it).

    Summing four bands exactly needs 32-bit images; first, eight-bit quarter sums
    q = ⌊(⌊(c+m)/2⌋ + ⌊(y+k)/2⌋)/2⌋ find where the peak is: 4q ≤ c+m+y+k ≤ 4q + 4, so no pixel
    whose q is below the highest q has more ink than one whose q is the highest. The exact sum
    is then taken over the box of those pixels only (usually a few pixels of the deepest
    shadow). Both go STRIP_ROWS rows at a time."""
    from PIL import ImageChops

    width, height = picture.size
    top, box = -1, (0, 0, width, height)
    for row in range(0, height, STRIP_ROWS):
        cyan, magenta, yellow, black = \
            picture.crop((0, row, width, min(height, row + STRIP_ROWS))).split()
        quarter = ImageChops.add(ImageChops.add(cyan, magenta, 2.0),
                                 ImageChops.add(yellow, black, 2.0), 2.0)
        high = cast(int, quarter.getextrema()[1])  # an 8-bit band: (least, most)
        if high < top:
            continue
        found = quarter.point(lambda v, high=high: 255 if v >= high else 0).getbbox()
        left, first, right, last = found or (0, 0, width, quarter.height)
        box = (left, row + first, right, row + last) if high > top else \
            (min(box[0], left), box[1], max(box[2], right), row + last)
        top = high
    best, where = -1, (0, 0)
    for row in range(box[1], box[3], STRIP_ROWS):
        total, (x, y) = _exact_peak(picture.crop((box[0], row, box[2],
                                                   min(box[3], row + STRIP_ROWS))))
        if total > best:
            best, where = total, (box[0] + x, row + y)
        elif total == best:
            where = (min(where[0], box[0] + x), where[1])
    return best / 255 * 100, where


def _exact_peak(picture: Image.Image) -> tuple[int, tuple[int, int]]:
    """The highest c+m+y+k of `picture` and the top-left corner of the box of its pixels."""
    from PIL import ImageMath

    c, m, y, k = (band.convert("I") for band in picture.split())
    total = ImageMath.lambda_eval(lambda e: e["c"] + e["m"] + e["y"] + e["k"], c=c, m=m, y=y, k=k)
    top = total.getextrema()[1]
    peak = ImageMath.lambda_eval(lambda e: e["equal"](e["t"], top), t=total)
    where = peak.convert("L").getbbox() or (0, 0)
    return int(top), (where[0], where[1])


@dataclass(frozen=True)
class PressImage:
    """A photo ready for the PDF: CMYK samples as a PDF image stream holds them, the most ink
    any pixel shown takes, the part of the image shown, and what was done to its pixels."""

    data: bytes  # a JPEG file (DCTDecode), or the samples deflated (FlateDecode)
    encoding: str  # "jpeg" | "flate"
    width: int  # pixels
    height: int
    max_ink: float  # highest C+M+Y+K of any pixel shown, percent
    #: The part shown, as shares of the image: left, top, right, bottom (the whole image, or
    #: the crop of a photo embedded as it came, which the PDF clips).
    window: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
    changes: tuple[str, ...] = ()  # what was done to its pixels; none: embedded as it came

    def described(self) -> str:
        """What the fit report says of it."""
        if not self.changes:
            return "CMYK JPEG embedded as it came"
        return "; ".join(self.changes)


#: Newsprint screens (85–100 lpi) need 170–200 ppi; a photo placed at more than this is
#: downsampled to it before it is separated and embedded (more is only bytes).
MAX_EMBED_PPI = 300
#: A CMYK JPEG within the ink limit is embedded as it came (not decoded and encoded again) up to
#: this many times the resolution above, and when its box shows at least this share of it.
PASS_THROUGH_RESOLUTION = 2.0
PASS_THROUGH_SHOWN = 0.4
#: How photos are separated: a change to it makes new cache entries (2: grey in black only;
#: 3: each read in its own profile; 4: CMYK of another press converted).
SEPARATION = 4
#: The largest photo pagesetter opens, in pixels: a broadsheet page is about 4,600 pixels wide
#: at 300 ppi, so this is a photo several times sharper than any page needs. Larger files are
#: refused rather than decoded (a decompression bomb would take gigabytes).
MAX_PIXELS = 64_000_000


def press_key(image) -> tuple[Path, tuple[int, int, int, int], tuple[int, int]]:
    """The press_image arguments of a placed photo: its file, its crop (in pixels of the photo
    upright, after its EXIF orientation) and the pixel size to embed it at (the crop, or less
    when it would print above MAX_EMBED_PPI). A photo placed twice at one size is separated
    once."""
    left, top, right, bottom = image.crop
    scale = min(1.0, MAX_EMBED_PPI / image.ppi) if image.ppi > 0 else 1.0
    size = (max(1, round((right - left) * scale)), max(1, round((bottom - top) * scale)))
    return image.file, image.crop, size


class PhotoUnreadable(Exception):
    """A photo that could be read when the issue was loaded and cannot be now (replaced or cut
    short during the build: `read` — the file could not be read or decoded), or whose
    separation failed (not `read`: its pixels or its colour profile)."""

    def __init__(self, file: Path, reason: str, read: bool = True) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason
        self.read = read


def press_image(file: Path, crop: tuple[int, int, int, int], size: tuple[int, int]) \
        -> PressImage:
    """The cropped photo separated for newsprint, from the on-disk cache when the same photo,
    crop, size and profile were separated before. Kept in this process by the file's content,
    not its name: a photo replaced under the same name (a warm `watch`) is a new photo.
    PhotoUnreadable when the file cannot be read (any error of reading or decoding it)."""
    from .cache import file_digest

    from .kept import current

    try:
        digest = file_digest(file)
        return current().photos.get((digest, crop, size),
                                    lambda: _press_image(file, digest, crop, size))
    except Exception as exc:  # noqa: BLE001 — OSError, Pillow's and LittleCMS's errors alike
        # Reading and decoding raise these (the file was decoded whole when it was loaded);
        # anything else is the separation's.
        read = isinstance(exc, (OSError, EOFError, SyntaxError, ValueError))
        raise PhotoUnreadable(file, f"{type(exc).__name__}: {str(exc)[:80]}", read) from None


def photo_error(image, problem: PhotoUnreadable) -> InputError:
    """The input error for a placed photo (placed.PlacedImage) that cannot be read now."""
    from .errors import SourcePos

    where = image.source or SourcePos(str(image.file))
    if not problem.read:
        return InputError(where, f"photo {image.file} cannot be separated for print "
                                 f"({problem.reason})", image.field,
                          "save it again as an sRGB or greyscale JPEG; nothing was written")
    return InputError(where, f"photo {image.file} cannot be read while the page is drawn "
                             f"({problem.reason}); was it replaced during the build?",
                      image.field, "save the photo again and build again; nothing was written")


def _press_image(file: Path, digest: str, crop: tuple[int, int, int, int],
                 size: tuple[int, int]) -> PressImage:
    import PIL

    from .cache import cached_blob, file_digest, key

    entry = key("photo", digest, crop, size, file_digest(profile_path()), PIL.__version__,
                SEPARATION)

    def separate() -> tuple[dict, bytes]:
        press = _separate(file, crop, size)
        return ({"encoding": press.encoding, "width": press.width, "height": press.height,
                 "max_ink": press.max_ink, "window": list(press.window),
                 "changes": list(press.changes)}, press.data)

    meta, data = cached_blob("photos", entry, separate)
    return PressImage(data, str(meta["encoding"]), int(meta["width"]), int(meta["height"]),
                      float(meta["max_ink"]), _window(meta["window"]),
                      tuple(str(c) for c in meta["changes"]))


def _window(values) -> tuple[float, float, float, float]:
    left, top, right, bottom = (float(v) for v in values)
    return left, top, right, bottom


#: EXIF orientations that turn a picture by a quarter: its upright size is its stored size turned.
QUARTER_TURNS = frozenset({5, 6, 7, 8})


def open_checked(file: Path):
    """The photo file opened (not yet decoded); refused when larger than MAX_PIXELS."""
    import warnings

    from PIL import Image

    with warnings.catch_warnings():  # the size is checked here, with a message of our own
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        im = Image.open(file)
    if im.width * im.height > MAX_PIXELS:
        im.close()
        raise ValueError(f"{im.width}×{im.height} pixels is more than pagesetter opens")
    return im


def open_upright(file: Path):
    """The photo, decoded and turned as its EXIF orientation says (a portrait phone photo is
    stored on its side)."""
    from PIL import ImageOps

    im = open_checked(file)
    upright = ImageOps.exif_transpose(im)
    if upright is not im:
        im.close()
    return upright


def _separate(file: Path, crop: tuple[int, int, int, int], size: tuple[int, int]) \
        -> PressImage:
    """The photo for the PDF. A CMYK JPEG already fit for the press is embedded as it came
    (_as_it_came). Any other is cropped, downsampled to `size`, separated for newsprint (or
    ink-limited) and encoded as JPEG (DCT keeps files small); the encoded JPEG is decoded and
    measured, and where its block artefacts lift a shadow past the ink limit the picture is
    limited a little tighter and encoded again, and a lossless copy is used only when that does
    not hold either. `changes` says what was done."""
    from PIL import Image

    from .separation import press_cmyk

    with open_checked(file) as raw:
        kept = _as_it_came(file, raw, crop, size)
        if kept is not None:
            return kept
        turned = raw.getexif().get(0x0112, 1) != 1
    changes = ["turned upright (EXIF orientation)"] if turned else []
    with open_upright(file) as im:
        if crop != (0, 0, *im.size):
            changes.append("cropped to its box")
        part = im.crop(crop)
        if part.size != size:
            changes.append(f"downsampled to {MAX_EMBED_PPI} ppi")
            part = part.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        picture, change = press_cmyk(part)
        if change:
            changes.append(change)
    width, height = picture.size
    for tighter in (0, 6, 12, 18):
        if tighter:
            picture = limit_ink(picture, TOTAL_INK_LIMIT - tighter)
        # Pillow writes Adobe-style (inverted) CMYK JPEGs; ReportLab gives every CMYK JPEG the
        # matching /Decode array.
        buf = io.BytesIO()
        picture.save(buf, "JPEG", quality=92, subsampling=0)
        jpeg_ink = max_total_ink(Image.open(io.BytesIO(buf.getvalue())))
        if jpeg_ink <= TOTAL_INK_LIMIT:
            if tighter:
                changes.append(f"ink limited to {TOTAL_INK_LIMIT - tighter} % so that its "
                               f"JPEG stays within {TOTAL_INK_LIMIT} %")
            changes.append("encoded as JPEG")
            return PressImage(buf.getvalue(), "jpeg", width, height, jpeg_ink,
                              changes=tuple(changes))
    changes.append("embedded losslessly (as JPEG it would pass the ink limit)")
    return PressImage(zlib.compress(picture.tobytes()), "flate", width, height,
                      max_total_ink(picture), changes=tuple(changes))


def _as_it_came(file: Path, raw, crop: tuple[int, int, int, int],
                size: tuple[int, int]) -> PressImage | None:
    """The photo embedded as it came, when it is a CMYK JPEG fit for the press: Adobe's CMYK
    (what ReportLab's /Decode assumes), upright, within the ink limit where it shows, and not so
    much larger than its box that its bytes are mostly waste (PASS_THROUGH_*). Its crop is done
    by the PDF (the form clips it), and metadata other than Adobe's colour marker is left out
    (no camera, place or time travels with the page). None when it is not such a photo."""
    if raw.format != "JPEG" or raw.mode != "CMYK" or "adobe" not in raw.info:
        return None
    from .separation import is_press_profile
    from .source_profile import CMYK, source_profile

    source = source_profile(raw, CMYK)
    if source.icc is not None and not is_press_profile(source.icc):
        return None  # separated for another press: converted (separation.press_cmyk)
    if raw.getexif().get(0x0112, 1) != 1:
        return None
    width, height = raw.size
    left, top, right, bottom = crop
    shown = (right - left) * (bottom - top)
    if shown < PASS_THROUGH_SHOWN * width * height or \
            (right - left) > PASS_THROUGH_RESOLUTION * size[0]:
        return None
    ink = max_total_ink(raw.crop(crop))
    if ink > TOTAL_INK_LIMIT:
        return None
    data = jpeg_without_metadata(file.read_bytes())
    return PressImage(data, "jpeg", width, height, ink,
                      (left / width, top / height, right / width, bottom / height))


#: JPEG segments kept when a photo is embedded as it came: APP0 (JFIF) and APP14 (Adobe: how
#: its CMYK is stored); every other APPn (EXIF with place and time, XMP, ICC, Photoshop) and
#: comments are metadata the page does not need.
_KEPT_APP = {0xE0, 0xEE}


def jpeg_without_metadata(data: bytes) -> bytes:
    """`data` (a JPEG file) without its metadata segments; the image data byte for byte."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG file")
    out = [data[:2]]
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise ValueError("a JPEG segment is malformed")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        length = int.from_bytes(data[at + 2:at + 4], "big")
        end = at + 2 + length
        if marker == 0xDA:  # start of scan: the image data follows, kept whole
            out.append(data[at:])
            return b"".join(out)
        if not (0xE0 <= marker <= 0xEF and marker not in _KEPT_APP) and marker != 0xFE:
            out.append(data[at:end])
        at = end
    raise ValueError("a JPEG file without image data")
