"""Photo news on the grid: the photo (cropped to cover its box around a focal point), its title,
its caption and the credit flush right (on the caption's last line when it fits there)."""
from __future__ import annotations

from ..compose import ComposedLine, Composer
from ..errors import Diagnostic, InputError, warning
from ..model import PageFormat, Photo
from ..placed import GridArea, PlacedBlock, PlacedImage, PlacedLine
from .lines import (baseline_in, display_block, display_lines_needed, into_bleed, lines_block,
                    placed_line)
from .region import Box, Region

MIN_PHOTO_PPI = 150  # newsprint: below this the photo prints soft
MIN_IMAGE_LINES = 3


def place_photo(photo: Photo, composer: Composer, fmt: PageFormat) -> Region:
    grid = fmt.grid
    place = photo.place
    left, width = grid.column_x(place.column), grid.span_width(place.span)
    title_style, caption_style = fmt.styles["caption-title"], fmt.styles["caption"]
    credit_style = fmt.styles["credit"]

    title = _composed(photo, composer, "title", "caption-title",
                      lambda spans: composer.compose_headline(spans, width))
    caption = _composed(photo, composer, "caption", "caption",
                        lambda spans: composer.compose_text(spans, width, caption_style))
    credits = _composed(photo, composer, "credit", "credit",
                        lambda spans: composer.compose_text(spans, width, credit_style,
                                                            indent=0.0))
    # A one-line credit shares the caption's last line when there is room; otherwise it takes
    # lines of its own, flush right (a long credit wraps; nothing is cut).
    shares = len(credits) == 1 and bool(caption) and \
        caption[-1].width + caption[-1].line.indent + credits[0].width + 2 * grid.body_size \
        <= width
    n_title = display_lines_needed(fmt, title_style, len(title)) if title else 0
    n_caption = len(caption) + len(credits) - (1 if shares else 0)

    px_w, px_h = photo.pixel_size
    if place.height is None:
        image_lines = max(MIN_IMAGE_LINES, round(width * px_h / px_w / grid.line_pitch))
        height = image_lines + n_title + n_caption
    else:
        height = place.height
        image_lines = place.height - n_title - n_caption
    if image_lines < MIN_IMAGE_LINES:
        raise InputError(place.pos, f"photo `{photo.name}` leaves {image_lines} lines for the "
                         f"image after title and caption", f"{photo.path}.place.height",
                         f"make it at least {n_title + n_caption + MIN_IMAGE_LINES} lines tall")
    top = grid.line_top(place.line)
    frame = into_bleed(fmt, left, top, width, image_lines * grid.line_pitch - grid.line_pitch / 2)
    crop, ppi = cover_crop((px_w, px_h), frame[2], frame[3], photo.focus)
    area = GridArea(place.column + 1, place.span, place.line + 1, height,
                    auto=place.height is None)
    image = PlacedImage(photo.name, photo.file, *frame, crop, ppi, area)
    warnings: tuple[Diagnostic, ...] = ()
    if ppi < MIN_PHOTO_PPI:
        warnings = (warning(photo.pos, f"photo `{photo.name}` prints at {ppi:.0f} ppi, below "
                            f"the {MIN_PHOTO_PPI} ppi newsprint needs", f"{photo.path}.file",
                            "use a larger image or a smaller box"),)

    blocks: list[PlacedBlock] = []
    line = place.line + image_lines
    if title:
        blocks.append(display_block(fmt, "photo-title", photo.name, title, title_style, left,
                                    width, grid.line_top(line), n_title))
        line += n_title
    placed: list[PlacedLine] = []
    for cl in caption:
        baseline = baseline_in(grid.line_top(line), grid.line_pitch, caption_style.size)
        placed.append(placed_line(fmt.styles, cl, left, baseline, caption_style, line))
        line += 1
    if shares:
        line -= 1
    for credit in credits:
        baseline = baseline_in(grid.line_top(line), grid.line_pitch, credit_style.size)
        placed.append(placed_line(fmt.styles, credit, left + width - credit.width, baseline,
                                  credit_style, line))
        line += 1
    if placed:
        blocks.append(lines_block("caption", photo.name, placed))
    return Region(photo.name, photo.path, photo.pos,
                  Box(place.column, place.span, place.line, height), blocks=tuple(blocks),
                  images=(image,), warnings=warnings)


def _composed(photo: Photo, composer: Composer, field: str, style: str, compose) \
        -> list[ComposedLine]:
    text = getattr(photo, field)
    if not text:
        return []
    pos, where = photo.at(field)
    return compose(composer.spans([(text, style)], pos, where))


def cover_crop(size: tuple[int, int], width: float, height: float,
               focus: tuple[float, float]) -> tuple[tuple[int, int, int, int], float]:
    """The pixel box that covers width × height pt, centred on the focal point as far as the
    image allows, and the effective resolution it prints at."""
    px_w, px_h = size
    box_aspect = width / height
    if px_w / px_h > box_aspect:
        crop_w, crop_h = px_h * box_aspect, float(px_h)
    else:
        crop_w, crop_h = float(px_w), px_w / box_aspect
    cx = min(max(focus[0] * px_w, crop_w / 2), px_w - crop_w / 2)
    cy = min(max(focus[1] * px_h, crop_h / 2), px_h - crop_h / 2)
    box = (round(cx - crop_w / 2), round(cy - crop_h / 2), round(cx + crop_w / 2),
           round(cy + crop_h / 2))
    ppi = (box[2] - box[0]) / (width / 72)
    return box, ppi
