"""The rules `pagesetter check` applies, by id. PDF/X-1a:2001 is ISO 15930-1:2001; "plant" marks
what a newsprint plant needs beyond the standard (the print properties pagesetter promises)."""
from __future__ import annotations

RULES: dict[str, str] = {
    "file.structure": "the file's objects can be read",
    "file.version": "PDF 1.3 for PDF/X-1a:2001 (1.4 allows X-1a:2003 at most); no object or "
                    "cross-reference streams (ISO 15930-1 §6.1)",
    "file.encryption": "not encrypted (§6.1.2)",
    "file.actions": "no JavaScript and no actions (§6.6)",
    "file.compression": "no LZW, JBIG2 or JPX compression (§6.1.7)",
    "intent.output": "a GTS_PDFX output intent: a CMYK output profile embedded, or a registered "
                     "output condition named (§6.2.2)",
    "info.pdfx": "GTS_PDFXVersion in Info (§6.7.5)",
    "info.trapped": "Trapped is True or False (§6.7.5)",
    "info.xmp": "XMP metadata (a warning: X-1a:2001 does not require it)",
    "page.boxes": "a TrimBox or ArtBox on every page, inside the BleedBox, inside the MediaBox "
                  "(§6.1.1)",
    "page.annotations": "no annotation inside the bleed but printer's marks (§6.6)",
    "fonts.embedded": "every font embedded (§6.3)",
    "fonts.glyphs": "every glyph shown is in its embedded font (§6.3)",
    "colour.spaces": "DeviceCMYK, DeviceGray, Separation and DeviceN of those only: no RGB, "
                     "Lab or ICC-based colour, in content, images, shadings, patterns, forms "
                     "and Type 3 glyphs (§6.2.3)",
    "colour.overprint": "nothing set to overprint that vanishes or knocks out on press: white "
                        "(0/0/0/0) overprinting, or 100 % K overprinting in DeviceCMYK with "
                        "OPM 0 (plant)",
    "text.black": "black text is 100 % K alone and overprints; no rich black text (plant)",
    "transparency": "no transparency: ca/CA 1, Normal blending, no soft masks or transparency "
                    "groups (§6.4)",
    "ink.total": "total ink at most 240 % inside the bleed (plant: ISO 12647-3 coldset)",
    "proof.overset": "not an overset proof (plant: --allow-overset output is not for press)",
}
