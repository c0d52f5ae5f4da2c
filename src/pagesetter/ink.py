"""Total ink of placed pages, from the layout: every ink pagesetter puts down is known exactly
(tints, rules, text colours, separated photos), so the build's own preflight sums them instead of
rendering the file. `pagesetter check` measures PDFs from elsewhere by rendering them."""
from __future__ import annotations

from typing import Sequence

from .colour import TOTAL_INK_LIMIT, press_image, press_key
from .placed import PlacedPage


def ink_problems(pages: Sequence[PlacedPage]) -> list[str]:
    """Where a page's total ink exceeds the newsprint limit. Where solid black text may
    overprint a tint, the tint counts with 100 % K."""
    problems = []
    for page in pages:
        text_colours = {run.colour for block in page.blocks for line in block.lines
                        for run in line.runs}
        black_overprints = any(c.is_solid_black for c in text_colours)
        peaks = [(c.total_ink, f"text in {c.name}") for c in text_colours]
        peaks += [(r.colour.total_ink, f"rule in {r.colour.name}") for r in page.rules]
        for rect in page.rects:
            c = rect.colour
            under_text = (c.c + c.m + c.y + 1) * 100 if black_overprints else c.total_ink
            peaks.append((max(c.total_ink, under_text), f"black text on {c.name}"))
        for box in page.frames:
            peaks.append((box.colour.total_ink, f"box rule in {box.colour.name}"))
            if box.tint is not None:
                c = box.tint
                under_text = (c.c + c.m + c.y + 1) * 100 if black_overprints else c.total_ink
                peaks.append((max(c.total_ink, under_text), f"black text on {c.name}"))
        for image in page.images:
            peaks.append((press_image(*press_key(image)).max_ink, f"photo {image.name}"))
        for ink, what in peaks:
            if ink > TOTAL_INK_LIMIT + 0.5:
                problems.append(f"page {page.number}: {what} reaches {ink:.0f}%")
    return problems
