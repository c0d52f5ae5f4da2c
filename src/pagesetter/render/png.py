"""PDF → one PNG per page of the trim area (archive page images), with pypdfium2.

The image covers the whole trim: its edges are rounded outward to whole pixels (a 1148.03 pt
page at 300 dpi is 4,607 pixels, not 4,605), and it is tagged sRGB (the PNG sRGB chunk), the
space pdfium renders in.
"""
from __future__ import annotations

import io
import math

DEFAULT_DPI = 300


def trim_crop(page, scale: float) -> tuple[float, float, float, float]:
    """pypdfium2's `crop` (left, bottom, right, top, in pt) for rendering `page` at `scale`
    pixels a point so that the image covers its trim box, each edge rounded outward to a whole
    pixel. pypdfium2 rounds each crop up to whole pixels, so each is given half a pixel short of
    the whole number wanted."""
    media, trim = page.get_mediabox(), page.get_trimbox()
    width, height = math.ceil((media[2] - media[0]) * scale), \
        math.ceil((media[3] - media[1]) * scale)
    left = math.floor((trim[0] - media[0]) * scale)
    top = math.floor((media[3] - trim[3]) * scale)
    right = max(0, width - math.ceil((trim[2] - media[0]) * scale))
    bottom = max(0, height - math.ceil((media[3] - trim[1]) * scale))
    left_pt, bottom_pt, right_pt, top_pt = ((max(px, 0) - 0.5) / scale if px > 0 else 0.0
                                            for px in (left, bottom, right, top))
    return left_pt, bottom_pt, right_pt, top_pt


def page_images(pdf: bytes, page_numbers: list[int], dpi: int = DEFAULT_DPI) \
        -> dict[int, tuple[bytes, tuple[int, int]]]:
    """A PNG of each page's trim area, rendered from `pdf` (the bytes this build made, never a
    file another build may be replacing), with its pixel size, by page number."""
    import pypdfium2 as pdfium
    from PIL import PngImagePlugin

    tags = PngImagePlugin.PngInfo()
    tags.add(b"sRGB", b"\x00")  # rendering intent: perceptual
    images = {}
    document = pdfium.PdfDocument(pdf)
    try:
        for index, number in enumerate(page_numbers):
            page = document[index]
            image = page.render(scale=dpi / 72, crop=trim_crop(page, dpi / 72)).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, "PNG", dpi=(dpi, dpi), pnginfo=tags)
            images[number] = (buffer.getvalue(), image.size)
    finally:
        document.close()
    return images
