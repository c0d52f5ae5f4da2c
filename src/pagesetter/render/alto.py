"""Placed page → ALTO v4 XML, straight from the layout (no OCR).

One TextBlock per placed block (headline, body, subhead, caption, page header …), one TextLine
per printed line, one String per line. The unit is the pixel of the page image written with the
same dpi, measured from the trim's top-left corner, so ALTO and PNG coordinates agree.
"""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..placed import ASCENT, PlacedPage

ALTO_NS = "http://www.loc.gov/standards/alto/ns-v4#"
SCHEMA = "http://www.loc.gov/standards/alto/v4/alto-4-2.xsd"


def alto_xml(page: PlacedPage, dpi: int, image_name: str,
             image_size: tuple[int, int] | None = None) -> str:
    """`image_size`: the page image's pixel size, when one was written, so both agree exactly."""
    scale = dpi / 72

    def px(value: float) -> str:
        return str(round(value * scale))

    width, height = image_size or (round(page.width * scale), round(page.height * scale))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<alto xmlns="{ALTO_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{ALTO_NS} {SCHEMA}">',
        "  <Description>",
        "    <MeasurementUnit>pixel</MeasurementUnit>",
        "    <sourceImageInformation>",
        f"      <fileName>{escape(image_name)}</fileName>",
        "    </sourceImageInformation>",
        "    <Processing ID=\"layout\"><processingStepDescription>typeset by pagesetter; "
        f"coordinates from the layout at {dpi} dpi</processingStepDescription></Processing>",
        "  </Description>",
        "  <Tags>",
        *(f'    <LayoutTag ID="{kind}" LABEL="{kind}"/>' for kind in
          sorted({b.kind for b in page.blocks if b.lines})),
        "  </Tags>",
        "  <Layout>",
        f'    <Page ID="p{page.number}" PHYSICAL_IMG_NR="{page.number}" '
        f'PRINTED_IMG_NR="{page.number}" WIDTH="{width}" HEIGHT="{height}">',
        f'      <PrintSpace HPOS="0" VPOS="0" WIDTH="{width}" HEIGHT="{height}">',
    ]
    line_id = 0
    for b, block in enumerate(page.blocks, 1):
        if not block.lines:
            continue
        top = min(ln.baseline - ASCENT * ln.size for ln in block.lines)
        bottom = max(ln.baseline + (1 - ASCENT) * ln.size for ln in block.lines)
        left = min(ln.x for ln in block.lines)
        right = max(ln.x + ln.width for ln in block.lines)
        out.append(f'        <TextBlock ID="b{b}" HPOS="{px(left)}" VPOS="{px(top)}" '
                   f'WIDTH="{px(right - left)}" HEIGHT="{px(bottom - top)}" '
                   f'TAGREFS="{block.kind}" LANG="zh-Hans">')
        for line in block.lines:
            line_id += 1
            geometry = (f'HPOS="{px(line.x)}" VPOS="{px(line.baseline - ASCENT * line.size)}" '
                        f'WIDTH="{px(line.width)}" HEIGHT="{px(line.size)}"')
            out.append(f'          <TextLine ID="l{line_id}" {geometry} '
                       f'BASELINE="{px(line.baseline)}">')
            out.append(f'            <String ID="s{line_id}" {geometry} '
                       f'CONTENT={quoteattr(line.text)}/>')
            out.append("          </TextLine>")
        out.append("        </TextBlock>")
    out += ["      </PrintSpace>", "    </Page>", "  </Layout>", "</alto>", ""]
    return "\n".join(out)
