"""PDF → one PNG per page of the trim area (archive page images), with pypdfium2.

The image covers the whole trim: its edges are rounded outward to whole pixels (a 1148.03 pt
page at 300 dpi is 4,607 pixels, not 4,605), and it is tagged sRGB (the PNG sRGB chunk), the
space pdfium renders in.
"""
from __future__ import annotations

import io
import math
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Iterator

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


#: zlib's level for the page images: on our pages (text on white, photos) level 3 is both faster
#: than the default 6 and smaller (a broadsheet page at 300 dpi: 0.99 s and 8.0 MB against 1.77 s
#: and 8.3 MB).
PNG_LEVEL = 3
#: Pixels of rendered pages being encoded at once (three bytes each): two broadsheet pages at
#: 300 dpi, one at 600.
ENCODING_PIXELS = 64_000_000


def page_images(pdf: bytes, page_numbers: list[int], dpi: int = DEFAULT_DPI,
                workers: int = 1) -> Iterator[tuple[int, bytes, tuple[int, int]]]:
    """(page number, PNG, pixel size) of each page's trim area, in order, as each is made:
    rendered from `pdf` (the bytes this build made, never a file another build may be
    replacing) one at a time — pdfium is not thread-safe — and encoded by up to `workers`
    threads (Pillow lets go of the interpreter while it compresses), as many pages at once as
    ENCODING_PIXELS allows."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        with ThreadPoolExecutor(max(1, workers)) as pool:
            encoding: deque[tuple[int, tuple[int, int], Future[bytes]]] = deque()
            for index, number in enumerate(page_numbers):
                page = document[index]
                image = page.render(scale=dpi / 72, crop=trim_crop(page, dpi / 72)).to_pil()
                at_once = max(1, min(workers, ENCODING_PIXELS // (image.width * image.height)))
                while len(encoding) >= at_once:
                    done, size, png = encoding.popleft()
                    yield done, png.result(), size
                encoding.append((number, image.size, pool.submit(_png, image, dpi)))
                del image  # only the encoder holds it now
            while encoding:
                done, size, png = encoding.popleft()
                yield done, png.result(), size
    finally:
        document.close()


def _png(image, dpi: int) -> bytes:
    from PIL import PngImagePlugin

    tags = PngImagePlugin.PngInfo()
    tags.add(b"sRGB", b"\x00")  # rendering intent: perceptual
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi), pnginfo=tags, compress_level=PNG_LEVEL)
    return buffer.getvalue()
