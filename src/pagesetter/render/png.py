"""PDF → one PNG per page of the trim area (archive page images), with pypdfium2."""
from __future__ import annotations

import io
DEFAULT_DPI = 300


def page_images(pdf: bytes, page_numbers: list[int], dpi: int = DEFAULT_DPI) \
        -> dict[int, tuple[bytes, tuple[int, int]]]:
    """A PNG of each page's trim area, rendered from `pdf` (the bytes this build made, never a
    file another build may be replacing), with its pixel size, by page number."""
    import pypdfium2 as pdfium

    images = {}
    document = pdfium.PdfDocument(pdf)
    try:
        for index, number in enumerate(page_numbers):
            page = document[index]
            media, trim = page.get_mediabox(), page.get_trimbox()
            crop = (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2],
                    media[3] - trim[3])
            image = page.render(scale=dpi / 72, crop=crop).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, "PNG", dpi=(dpi, dpi))
            images[number] = (buffer.getvalue(), image.size)
    finally:
        document.close()
    return images
