"""Total ink of placed pages, from the layout: every ink pagesetter puts down is known exactly
(tints, rules, text colours, separated photos), so the build's own preflight sums them instead of
rendering the file. `pagesetter check` measures PDFs from elsewhere by rendering them."""
from __future__ import annotations

from typing import Sequence

from .colour import TOTAL_INK_LIMIT, PhotoUnreadable, photo_error, press_image, press_key
from .placed import PlacedPage, boxes_overlap


def ink_problems(pages: Sequence[PlacedPage]) -> list[str]:
    """Where a page's total ink exceeds the newsprint limit. Where solid black text may
    overprint a tint, the tint counts with 100 % K."""
    problems = []
    for page in pages:
        text_colours = {run.colour for block in page.blocks for line in block.lines
                        for run in line.runs}
        black = [line.bounds() for block in page.blocks for line in block.lines
                 if any(run.colour.is_solid_black for run in line.runs)]
        peaks = [(c.total_ink, f"text in {c.name}") for c in text_colours]
        peaks += [(r.colour.total_ink, f"rule in {r.colour.name}") for r in page.rules]
        tints = [(r.colour, (r.x, r.y, r.x + r.width, r.y + r.height)) for r in page.rects]
        tints += [(f.tint, (f.x, f.y, f.x + f.width, f.y + f.height)) for f in page.frames
                  if f.tint is not None]
        peaks += [(box.colour.total_ink, f"box rule in {box.colour.name}") for box in page.frames]
        for c, area in tints:
            # Solid black text overprints: where it lies on a tint, the tint gains 100 % K.
            under_text = any(boxes_overlap(area, line) for line in black)
            ink = (c.c + c.m + c.y + 1) * 100 if under_text else c.total_ink
            peaks.append((max(c.total_ink, ink), f"black text on {c.name}" if under_text
                          else f"tint {c.name}"))
        for image in page.images:
            try:
                peaks.append((press_image(*press_key(image)).max_ink, f"photo {image.name}"))
            except PhotoUnreadable as exc:
                raise photo_error(image, exc) from None
        for ink, what in peaks:
            if ink > TOTAL_INK_LIMIT + 0.5:
                problems.append(f"page {page.number}: {what} reaches {ink:.0f}%")
    return problems
