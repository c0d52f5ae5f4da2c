"""Photo news on the grid: the photo (cropped to cover its box around a focal point), its title,
its caption and the credit flush right (on the caption's last line when it fits there). The same
block sits inside an article whose text wraps round it (`photo:` of an article)."""
from __future__ import annotations

from dataclasses import dataclass

from ..compose import ComposedLine, Composer
from ..errors import Diagnostic, InputError, warning
from ..model import InlinePhoto, PageFormat, Photo, grid_place
from ..placed import GridArea, PlacedBlock, PlacedImage, PlacedLine
from .lines import (baseline_in, display_block, display_lines_needed, into_bleed, lines_block,
                    markup_parts, placed_line)
from .region import Box, Region

MIN_PHOTO_PPI = 150  # newsprint: below this the photo prints soft
MIN_IMAGE_LINES = 3


@dataclass(frozen=True)
class PhotoBlock:
    image: PlacedImage
    blocks: tuple[PlacedBlock, ...]  # title and caption
    lines: int  # grid lines it takes
    warnings: tuple[Diagnostic, ...]
    image_lines: int = 0  # of which the photo itself


def place_photo(photo: Photo, composer: Composer, fmt: PageFormat) -> Region:
    grid = fmt.grid
    place = grid_place(photo)
    block = photo_block(photo, composer, fmt, grid.column_x(place.column),
                        grid.span_width(place.span), place.line, place.height, place.pos,
                        f"{photo.path}.place.height", place.column + 1, place.span)
    return Region(photo.name, photo.path, photo.pos,
                  Box(place.column, place.span, place.line, block.lines),
                  blocks=block.blocks, images=(block.image,), warnings=block.warnings)


def photo_block(photo: Photo | InlinePhoto, composer: Composer, fmt: PageFormat, left: float,
                width: float, line: int, height: int | None, pos, where: str,
                column: int = 0, span: int = 0) -> PhotoBlock:
    """The photo `width` pt wide from grid line `line`, `height` grid lines tall in all (None:
    as its shape asks), with its title and caption under it."""
    grid = fmt.grid
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
    auto = height is None
    if height is None:
        image_lines = max(MIN_IMAGE_LINES, round(width * px_h / px_w / grid.line_pitch))
        height = image_lines + n_title + n_caption
    else:
        image_lines = height - n_title - n_caption
    if image_lines < MIN_IMAGE_LINES:
        raise InputError(pos, f"photo `{photo.name}` leaves {image_lines} lines for the "
                         f"image after title and caption", where,
                         f"make it at least {n_title + n_caption + MIN_IMAGE_LINES} lines tall")
    top = grid.line_top(line)
    frame = into_bleed(fmt, left, top, width, image_lines * grid.line_pitch - grid.line_pitch / 2)
    crop, ppi = cover_crop((px_w, px_h), frame[2], frame[3], photo.focus)
    area = GridArea(column, span, line + 1, height, auto=auto) if span else None
    image = PlacedImage(photo.name, photo.file, *frame, crop, ppi, area, *photo.at("file"))
    warnings: tuple[Diagnostic, ...] = ()
    if ppi < MIN_PHOTO_PPI:
        warnings = (warning(photo.pos, f"photo `{photo.name}` prints at {ppi:.0f} ppi, below "
                            f"the {MIN_PHOTO_PPI} ppi newsprint needs", f"{photo.path}.file",
                            "use a larger image or a smaller box"),)

    blocks: list[PlacedBlock] = []
    line += image_lines
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
    return PhotoBlock(image, tuple(blocks), height, warnings, image_lines)


def _composed(photo: Photo | InlinePhoto, composer: Composer, field: str, style: str,
              compose) -> list[ComposedLine]:
    text = getattr(photo, field)
    if not text:
        return []
    pos, where = photo.at(field)
    return compose(composer.spans(markup_parts(text, style, composer), pos, where))


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
