"""Placed page → ALTO 4.4 XML, straight from the layout (no OCR).

As newspaper archives ask (the Library of Congress's NDNP specification): one TextBlock per
column segment — a block's lines split where they go on in the next column — so no two blocks
overlap; an Illustration for each photo (its caption is a block of its own); a String per word
with SP between words; the processing step naming pagesetter and its version. The unit is the
pixel of the page image made at the same dpi, measured from the trim's top-left corner, so ALTO
and image coordinates agree. Words come from the caller (`words`: the archive passes its
segmenter); without one, a line's words are the stretches between its spaces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

from .. import __version__
from ..placed import ASCENT, PlacedBlock, PlacedLine, PlacedPage, boxes_overlap, lines_bounds

ALTO_NS = "http://www.loc.gov/standards/alto/ns-v4#"
SCHEMA = "http://www.loc.gov/standards/alto/v4/alto-4-4.xsd"
SPACES = re.compile("[ \u3000]+")
Words = Callable[[str], Sequence[str]]


@dataclass(frozen=True)
class AltoPage:
    xml: str
    #: the IDs of each article's or photo's TextBlocks and Illustrations, by its name, in order
    blocks_of: dict[str, list[str]] = field(default_factory=dict)


def alto_xml(page: PlacedPage, dpi: int, image_name: str,
             image_size: tuple[int, int] | None = None, words: Words | None = None) -> str:
    return alto_page(page, dpi, image_name, image_size, words).xml


def alto_page(page: PlacedPage, dpi: int, image_name: str,
              image_size: tuple[int, int] | None = None, words: Words | None = None,
              sequence: int | None = None) -> AltoPage:
    """`image_size`: the page image's pixel size, when one was made, so both agree exactly;
    `sequence`: the page's place in the issue (its IDs start with P<sequence>)."""
    writer = _Writer(page, dpi / 72, words or _between_spaces,
                     f"P{sequence if sequence is not None else page.number}")
    width, height = image_size or (round(page.width * writer.scale),
                                   round(page.height * writer.scale))
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<alto xmlns="{ALTO_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{ALTO_NS} {SCHEMA}">',
        "  <Description>",
        "    <MeasurementUnit>pixel</MeasurementUnit>",
        "    <sourceImageInformation>",
        f"      <fileName>{escape(image_name)}</fileName>",
        "    </sourceImageInformation>",
        '    <Processing ID="layout">',
        "      <processingCategory>contentGeneration</processingCategory>",
        "      <processingStepDescription>typeset by pagesetter: text and coordinates from the "
        f"layout at {dpi} dpi, not from OCR</processingStepDescription>",
        "      <processingSoftware>",
        "        <softwareName>pagesetter</softwareName>",
        f"        <softwareVersion>{__version__}</softwareVersion>",
        "      </processingSoftware>",
        "    </Processing>",
        "  </Description>",
        "  <Tags>",
        *(f'    <LayoutTag ID="{kind}" LABEL="{kind}"/>' for kind in
          sorted({b.kind for b in page.blocks if b.lines} |
                 ({"photo"} if page.images else set()))),
        "  </Tags>",
        "  <Layout>",
        f'    <Page ID="{writer.prefix}" PHYSICAL_IMG_NR="{sequence or page.number}" '
        f'PRINTED_IMG_NR="{page.number}" WIDTH="{width}" HEIGHT="{height}">',
        f'      <PrintSpace HPOS="0" VPOS="0" WIDTH="{width}" HEIGHT="{height}">',
    ]
    for block, segment in _apart(page):
        writer.segment(block, segment)
    for image in page.images:
        writer.illustration(image)
    tail = ["      </PrintSpace>", "    </Page>", "  </Layout>", "</alto>", ""]
    return AltoPage("\n".join(head + writer.out + tail), writer.blocks_of)


def column_segments(lines: Sequence[PlacedLine]) -> list[list[PlacedLine]]:
    """A block's lines in runs that stand one under another: a new segment starts where a line
    moves up (the copy goes on at the top of the next column) or beside the last. Vertical
    lines side by side (following each other leftwards, as Chinese, or rightwards, as
    Mongolian) are one segment."""
    segments: list[list[PlacedLine]] = []
    for line in lines:
        if segments:
            last = segments[-1][-1]
            left, top, right, _ = line.bounds()
            last_left, last_top, last_right, _ = last.bounds()
            overlaps = left < last_right and last_left < right
            beside = line.vertical and last.vertical and \
                min(abs(left - last_right), abs(last_left - right)) < 1.0
            if overlaps and top > last_top and not line.vertical or beside:
                segments[-1].append(line)
                continue
        segments.append([line])
    return segments


def _apart(page: PlacedPage) -> list[tuple[PlacedBlock, list[PlacedLine]]]:
    """Every block's column segments, a segment whose box would cover another block's lines
    cut round them (a credit set beside a caption's short last line): no two boxes overlap."""
    pieces = [(block, segment) for block in page.blocks
              for segment in column_segments(block.lines)]
    out: list[tuple[PlacedBlock, list[PlacedLine]]] = []
    for block, segment in pieces:
        others = [lines_bounds(other) for b, other in pieces if other is not segment]
        run: list[PlacedLine] = []
        for line in segment:
            if len(segment) > 1 and any(boxes_overlap(lines_bounds([*run, line]), box)
                                        for box in others):
                if run:
                    out.append((block, run))
                run = [line]
                if any(boxes_overlap(lines_bounds(run), box) for box in others):
                    out.append((block, run))
                    run = []
            else:
                run.append(line)
        if run:
            out.append((block, run))
    return out


def _between_spaces(text: str) -> list[str]:
    return [word for word in SPACES.split(text) if word]


class _Writer:
    def __init__(self, page: PlacedPage, scale: float, words: Words, prefix: str) -> None:
        self.page, self.scale, self.words, self.prefix = page, scale, words, prefix
        self.out: list[str] = []
        self.blocks_of: dict[str, list[str]] = {}
        self.counts = {"TB": 0, "TL": 0, "ST": 0, "SP": 0, "IL": 0}

    def px(self, value: float) -> int:
        return round(value * self.scale)

    def next_id(self, kind: str) -> str:
        self.counts[kind] += 1
        return f"{self.prefix}_{kind}{self.counts[kind]:05d}"

    def box(self, left: float, top: float, right: float, bottom: float) -> str:
        x, y = self.px(left), self.px(top)
        return (f'HPOS="{x}" VPOS="{y}" WIDTH="{max(self.px(right) - x, 0)}" '
                f'HEIGHT="{max(self.px(bottom) - y, 0)}"')

    def segment(self, block: PlacedBlock, segment: list[PlacedLine]) -> None:
        ident = self.next_id("TB")
        self.blocks_of.setdefault(block.name, []).append(ident)
        self.out.append(f'        <TextBlock ID="{ident}" {self.box(*lines_bounds(segment))}'
                        f' TAGREFS="{block.kind}" LANG="zh-Hans">')
        for line in segment:
            self.line(line)
        self.out.append("        </TextBlock>")

    def line(self, line: PlacedLine) -> None:
        left, top, right, bottom = line.bounds()
        baseline = line.x + (1 - ASCENT) * line.size if line.vertical else line.baseline
        self.out.append(f'          <TextLine ID="{self.next_id("TL")}" '
                        f'{self.box(left, top, right, bottom)} '
                        f'BASELINE="{self.px(baseline)}">')
        glyphs = line.glyph_places()
        end = bottom if line.vertical else right
        previous_end = None
        for start, stop in _located(self.words, glyphs, _typed_spaces(line.text, glyphs)):
            begin = glyphs[start][1]
            finish = glyphs[stop][1] if stop < len(glyphs) else end
            # A word's box: its stretch along the line, the line's breadth across.
            word = (left, begin, right, finish) if line.vertical else (begin, top, finish, bottom)
            if previous_end is not None:
                space = (left, previous_end, right, begin) if line.vertical else \
                    (previous_end, top, begin, bottom)
                self.out.append(f'            <SP ID="{self.next_id("SP")}" '
                                f'HPOS="{self.px(space[0])}" VPOS="{self.px(space[1])}" '
                                f'WIDTH="{max(self.px(space[2]) - self.px(space[0]), 0)}"/>')
            text = "".join(ch for ch, _ in glyphs[start:stop])
            self.out.append(f'            <String ID="{self.next_id("ST")}" '
                            f'{self.box(*word)} CONTENT={quoteattr(text)}/>')
            previous_end = finish
        self.out.append("          </TextLine>")

    def illustration(self, image) -> None:
        ident = self.next_id("IL")
        self.blocks_of.setdefault(image.name, []).append(ident)
        box = self.box(image.x, image.y, image.x + image.width, image.y + image.height)
        self.out.append(f'        <Illustration ID="{ident}" TYPE="photo" TAGREFS="photo" {box}/>')


def _typed_spaces(text: str, glyphs: list[tuple[str, float]]) -> set[int]:
    """The glyph indexes a word space (typed, not drawn) stands before."""
    spaces, g = set(), 0
    for ch in text:
        if g < len(glyphs) and ch == glyphs[g][0]:
            g += 1
        elif ch == " ":
            spaces.add(g)
    return spaces


def _located(words: Words, glyphs: list[tuple[str, float]], spaces: set[int]) \
        -> list[tuple[int, int]]:
    """The words of a line as glyph ranges [start, stop): pieces between its spaces (typed, or
    U+3000 drawn as a glyph), each cut into `words`."""
    text = "".join(ch for ch, _ in glyphs)
    cuts = sorted({0, len(text), *spaces})
    out: list[tuple[int, int]] = []
    for begin, finish in zip(cuts, cuts[1:], strict=False):
        at = begin
        for piece in re.split("(\u3000+)", text[begin:finish]):
            if piece and not piece.startswith("\u3000"):
                for word in words(piece):
                    if word.strip():
                        out.append((at, at + len(word)))
                    at += len(word)
            else:
                at += len(piece)
    return out
