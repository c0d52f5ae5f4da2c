"""A page as the JPEG 2000 service image newspaper archives keep (the Library of Congress's NDNP
JP2 profile): the trim area in 8-bit greyscale at 300 dpi or more, 6 decomposition levels,
25 quality layers, 1024 × 1024 tiles, 64 × 64 code blocks, the 9-7 irreversible wavelet, RLCP
progression, about 1 bit a pixel. Rendered by pdfium from the page's own PDF, encoded by
Pillow's OpenJPEG; the same page gives the same bytes.
"""
from __future__ import annotations

import io

#: Compression ratios of the 25 layers, from a thumbnail's to 8:1 (1 bit a pixel of 8).
LAYERS = tuple(round(2560 / 2 ** (k * 8.32 / 24), 2) for k in range(25))
LEVELS = 6


def page_jp2(pdf: bytes, dpi: int = 300) -> tuple[bytes, tuple[int, int]]:
    """The first page of `pdf` (its trim box) as a JP2 file, and its pixel size."""
    import pypdfium2 as pdfium

    from .png import trim_crop

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        scale = dpi / 72
        picture = page.render(scale=scale, crop=trim_crop(page, scale), grayscale=True,
                              may_draw_forms=False).to_pil().convert("L")
    finally:
        document.close()
    out = io.BytesIO()
    picture.save(out, "JPEG2000", irreversible=True, tile_size=(1024, 1024),
                 num_resolutions=LEVELS + 1, codeblock_size=(64, 64), progression="RLCP",
                 quality_mode="rates", quality_layers=list(LAYERS))
    return out.getvalue(), picture.size
