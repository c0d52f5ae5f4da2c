"""Photos as the issue names them: each must be a JPEG, PNG or TIFF that decodes, of bounded
size; its format and upright pixel size are kept in the on-disk cache under a digest of its
content, so a rebuild does not even import Pillow."""
from __future__ import annotations

from pathlib import Path

from .grey import SIXTEEN_BIT_GREY
from .yamlsrc import Node

IMAGE_FORMATS = {"JPEG", "PNG", "TIFF"}
#: Pillow's modes of the pictures pagesetter prints: grey (1 to 16 bits), palette, RGB and
#: CMYK, with or without alpha (colour.to_press_cmyk).
PRINTED_MODES = frozenset({"1", "L", "LA", "P", "PA", "RGB", "RGBA", "RGBX", "YCbCr",
                           "CMYK"}) | SIXTEEN_BIT_GREY
_KINDS = {"F": "32-bit floating-point pixels", "LAB": "CIELab pixels", "HSV": "HSV pixels"}
#: What the probe checks: a change to it makes new cache entries (2: the pixels' mode).
PROBE = 2


def _unprintable(im) -> str:
    """What about the decoded picture `im` pagesetter cannot print, or "": a mode it does not
    separate (floating-point, Lab, HSV pixels) or integers wider than 16 bits."""
    if im.mode not in PRINTED_MODES:
        return _KINDS.get(im.mode, f"pixels of the kind Pillow calls {im.mode}")
    if im.mode == "I" and im.getextrema()[1] > 0xFFFF:
        return "32-bit pixels"
    return ""


def check_image(file: Path, node: Node) -> tuple[int, int]:
    """The image's pixel size (upright, after its EXIF orientation), once it is known to be a
    JPEG, PNG or TIFF that decodes."""
    if node.reading is not None:
        node.reading.names(file)
    try:
        ok = file.is_file()
    except OSError as exc:  # a name too long, a loop of links …
        raise node.error(f"image {file} cannot be opened ({exc.strerror or exc})",
                         "check the path") from None
    if not ok:
        if file.exists():
            raise node.error(f"image {file} is not a regular file (a folder, a device or a "
                             f"pipe)", "name a JPEG, PNG or TIFF file")
        raise node.error(f"image {file} does not exist", "paths are relative to the issue file")
    fmt, size = _image_facts(file, node)
    if fmt not in IMAGE_FORMATS:
        raise node.error(f"image {file} is {fmt}, which is not supported",
                         "use a JPEG, PNG or TIFF file")
    return size


def _image_facts(file: Path, node: Node) -> tuple[str, tuple[int, int]]:
    """Format and upright pixel size of a readable image. Checked by decoding it once; kept in
    the on-disk cache under a hash of its content, so a rebuild does not even import Pillow."""
    from .cache import cached_record, file_digest, key

    def probe() -> dict:
        from PIL import Image, UnidentifiedImageError

        from .colour import MAX_PIXELS, QUARTER_TURNS, open_checked

        try:
            with open_checked(file) as im:
                fmt, (width, height) = im.format, im.size
                turned = im.getexif().get(0x0112, 1) in QUARTER_TURNS
                im.draft(im.mode, (max(1, width // 8), max(1, height // 8)))
                im.load()  # a truncated or corrupt file fails here, not in the renderer
                unprintable = _unprintable(im)
            size = (height, width) if turned else (width, height)
        except ValueError as exc:  # too many pixels, an over-large text chunk …
            raise node.error(f"image {file} cannot be used: {exc}",
                             f"photos up to {MAX_PIXELS // 1_000_000} megapixels; a "
                             f"broadsheet page needs about 5,000 pixels across") from None
        except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
                EOFError) as exc:
            raise node.error(f"image {file} cannot be read ({exc.__class__.__name__}: "
                             f"{str(exc)[:80]})", "use a JPEG, PNG or TIFF file that opens "
                             "in an image viewer") from None
        if unprintable:
            raise node.error(f"image {file} has {unprintable}, which pagesetter does not "
                             f"print", "save it as 8- or 16-bit greyscale, RGB or CMYK")
        return {"format": fmt, "width": size[0], "height": size[1]}

    def valid(record: dict) -> bool:
        return isinstance(record.get("format"), str) and all(
            isinstance(record.get(k), int) and record[k] > 0 for k in ("width", "height"))

    try:
        digest = file_digest(file)
    except OSError as exc:
        raise node.error(f"image {file} cannot be read ({exc.strerror or exc})",
                         "check the file's path and permissions") from None
    record = cached_record("images", key("image", digest, PROBE), probe, valid)
    return record["format"], (record["width"], record["height"])
