"""Preview images of a warm build, fast around pdfium.

pdfium draws every preview (the renderer of `--png`). Most of a page's drawing time is its
photos: their 300 ppi CMYK JPEGs are decoded and converted on every render. A photo that has
not moved keeps its pixels, so after the first render they are kept, and a page whose photos
are all known is drawn without them (their forms emptied in a copy on pdfium's page) and gets
them pasted back — unless something else is drawn over a photo, in which case the page is drawn
whole, as always.
"""
from __future__ import annotations

import io
import math
from typing import Sequence

from ..colour import press_key
from ..placed import PlacedImage, PlacedPage, boxes_overlap

JPEG_QUALITY = 90


class Previews:
    def __init__(self, dpi: int) -> None:
        self.dpi = dpi
        self.patches: dict[tuple, object] = {}  # (photo, pixel box) → PIL image

    def images(self, pdf: bytes, pages: Sequence[PlacedPage], only: set[int]) \
            -> dict[int, tuple[bytes, tuple[int, int]]]:
        """A JPEG of each page in `only` (by number), with its pixel size."""
        import pypdfium2 as pdfium

        out = {}
        document = pdfium.PdfDocument(pdf)
        try:
            for index, placed in enumerate(pages):
                if placed.number not in only:
                    continue
                page = document[index]
                quick = placed.images and self._known(placed) and not _drawn_over(placed) \
                    and _remove_photos(page, placed)
                image = _render(page, self.dpi)
                for photo in placed.images:
                    key = self._key(photo)
                    if quick:
                        image.paste(self.patches[key], key[1][:2])
                    else:
                        self.patches[key] = image.crop(key[1])
                buffer = io.BytesIO()
                image.save(buffer, "JPEG", quality=JPEG_QUALITY, subsampling=0)
                out[placed.number] = (buffer.getvalue(), image.size)
        finally:
            document.close()
        return out

    def _known(self, page: PlacedPage) -> bool:
        return all(self._key(photo) in self.patches for photo in page.images)

    def _key(self, photo: PlacedImage) -> tuple:
        """The photo and the pixels it covers, with a pixel more on each side for the
        antialiased edge."""
        scale = self.dpi / 72
        box = (max(math.floor(photo.x * scale) - 1, 0), max(math.floor(photo.y * scale) - 1, 0),
               math.ceil((photo.x + photo.width) * scale) + 1,
               math.ceil((photo.y + photo.height) * scale) + 1)
        return press_key(photo), box


def _render(page, dpi: int):
    from ..render.png import trim_crop

    return page.render(scale=dpi / 72, crop=trim_crop(page, dpi / 72)).to_pil()


def _drawn_over(page: PlacedPage) -> bool:
    """Whether anything but the photo itself is drawn where a photo is."""
    margin = 2.0  # pt: the kept pixels reach a little past the photo's edge
    boxes = [(i.x - margin, i.y - margin, i.x + i.width + margin, i.y + i.height + margin)
             for i in page.images]
    things = [ln.bounds() for block in page.blocks for ln in block.lines]
    things += [(r.x, r.y, r.x + r.width, r.y + r.height) for r in page.rects]
    things += [(f.x, f.y, f.x + f.width, f.y + f.height) for f in page.frames]
    things += [(min(r.x1, r.x2) - r.width, min(r.y1, r.y2) - r.width, max(r.x1, r.x2) + r.width,
                max(r.y1, r.y2) + r.width) for r in page.rules]
    return any(boxes_overlap(a, b) for a in boxes for b in things)


def _remove_photos(page, placed: PlacedPage) -> bool:
    """Take the photos' forms (pdf.py draws each photo as a form) off pdfium's page before it
    is drawn; False (and the page untouched) unless every photo's form was found."""
    import pypdfium2.raw as pdfium_c

    left, _, _, top = page.get_trimbox()
    wanted = [(left + p.x, top - p.y - p.height, left + p.x + p.width, top - p.y)
              for p in placed.images]
    found = []
    # pdf.py draws the photos before the rules and the text: the search stops at the last of
    # them instead of going through every glyph run of the page.
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_FORM], max_depth=1):
        box = obj.get_bounds()
        if any(all(abs(a - b) < 0.5 for a, b in zip(box, w, strict=True)) for w in wanted):
            found.append(obj)
            if len(found) == len(wanted):
                break
    else:
        return False
    for obj in found:
        page.remove_obj(obj)
    return True
