"""PDF → one PNG per page of the trim area (archive page images), with pypdfium2."""
from __future__ import annotations

import io
from pathlib import Path

from ..files import write_atomically

DEFAULT_DPI = 300


def render_pngs(pdf: bytes, out_dir: Path, stem: str, page_numbers: list[int],
                dpi: int = DEFAULT_DPI) -> dict[int, tuple[int, int]]:
    """Write DIR/<stem>-p<N>.png for each page of `pdf` (the bytes this build made, never a
    file another build may be replacing); returns each page's pixel size."""
    import pypdfium2 as pdfium

    sizes = {}
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
            write_atomically(out_dir / f"{stem}-p{number}.png", buffer.getvalue())
            sizes[number] = image.size
    finally:
        document.close()
    return sizes
