"""PDF → one PNG per page of the trim area (archive page images), with pypdfium2."""
from __future__ import annotations

from pathlib import Path

DEFAULT_DPI = 300


def render_pngs(pdf_path: Path, out_dir: Path, stem: str, page_numbers: list[int],
                dpi: int = DEFAULT_DPI) -> dict[int, tuple[int, int]]:
    """Write DIR/<stem>-p<N>.png for each page; returns each page's pixel size."""
    import pypdfium2 as pdfium

    from ..cli import write_atomically

    sizes = {}
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        for index, number in enumerate(page_numbers):
            page = document[index]
            media, trim = page.get_mediabox(), page.get_trimbox()
            crop = (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2],
                    media[3] - trim[3])
            image = page.render(scale=dpi / 72, crop=crop).to_pil()
            path = out_dir / f"{stem}-p{number}.png"
            write_atomically(path, lambda fh, image=image: image.save(fh, "PNG", dpi=(dpi, dpi)))
            sizes[number] = image.size
    finally:
        document.close()
    return sizes
