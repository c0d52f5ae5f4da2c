"""Small PDFs made with pikepdf for the preflight's tests: a base file that passes every rule,
changed one defect (or one legal variation) at a time."""
import io

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

from pagesetter.colour import profile_path

PAGE = (200, 200)
TRIM = [20, 20, 180, 180]
BLEED = [10, 10, 190, 190]


def tiny_font() -> bytes:
    """A TrueType font with the glyphs A and B, made with fontTools."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def box():
        pen = TTGlyphPen(None)
        pen.moveTo((100, 0))
        pen.lineTo((100, 700))
        pen.lineTo((500, 700))
        pen.lineTo((500, 0))
        pen.closePath()
        return pen.glyph()

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "A", "B"])
    builder.setupCharacterMap({ord("A"): "A", ord("B"): "B"})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "A": box(), "B": box()})
    builder.setupHorizontalMetrics({n: (600, 100) for n in (".notdef", "A", "B")})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Tiny", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def embedded_font(pdf) -> Dictionary:
    program = Stream(pdf, tiny_font())
    descriptor = pdf.make_indirect(Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/ABCDEF+Tiny"), Flags=32,
        FontBBox=Array([0, -200, 1000, 800]), ItalicAngle=0, Ascent=800, Descent=-200,
        CapHeight=700, StemV=80, FontFile2=pdf.make_indirect(program)))
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.TrueType, BaseFont=Name("/ABCDEF+Tiny"), FirstChar=65,
        LastChar=66, Widths=Array([600, 600]), FontDescriptor=descriptor))


def overprint_states(pdf) -> Dictionary:
    return Dictionary(
        OPon=pdf.make_indirect(Dictionary(Type=Name.ExtGState, op=True, OPM=1)),
        OPoff=pdf.make_indirect(Dictionary(Type=Name.ExtGState, op=False, OPM=0)))


BASE_CONTENT = "0 0.2 0.3 0 k 30 30 60 60 re f /OPon gs 0 0 0 1 k BT /F1 9 Tf 40 100 Td (AB) Tj ET"


def make_pdf(path, content=BASE_CONTENT, resources=None, version="1.3", info=None,
             intent=True, boxes=None, xmp=True, finish=None, save=None):
    """A one-page PDF/X-1a:2001 file that passes every rule, with `content` on its page.
    `resources(pdf)` adds resources; `finish(pdf)` makes any other change before saving."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=PAGE)
    for key, value in (boxes if boxes is not None else
                       {"/TrimBox": TRIM, "/BleedBox": BLEED}).items():
        page.obj[key] = Array(value)
    base = Dictionary(Font=Dictionary(F1=embedded_font(pdf)), ExtGState=overprint_states(pdf))
    for key, value in (resources(pdf) if resources else {}).items():
        if key in base and isinstance(value, Dictionary):
            for name, item in value.items():
                base[key][name] = item
        else:
            base[key] = value
    page.obj.Resources = base
    page.obj.Contents = pdf.make_indirect(Stream(pdf, content.encode("latin-1")))
    if intent:
        profile = Stream(pdf, profile_path().read_bytes())
        profile.N = 4
        pdf.Root.OutputIntents = Array([pdf.make_indirect(Dictionary(
            Type=Name.OutputIntent, S=Name.GTS_PDFX, OutputConditionIdentifier=String("Custom"),
            DestOutputProfile=pdf.make_indirect(profile)))])
    fields = {"GTS_PDFXVersion": String("PDF/X-1:2001"),
              "GTS_PDFXConformance": String("PDF/X-1a:2001"), "Trapped": Name("/False")}
    pdf.docinfo = pdf.make_indirect(Dictionary(**{**fields, **(info or {})}))
    if xmp:
        metadata = Stream(pdf, b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
                               b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf='
                               b'"http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>'
                               b'<?xpacket end="w"?>')
        metadata.Type, metadata.Subtype = Name.Metadata, Name.XML
        pdf.Root.Metadata = pdf.make_indirect(metadata)
    if finish:
        finish(pdf)
    options = dict(force_version=version, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    options.update(save or {})
    pdf.save(path, **options)
    return path


def form(pdf, content, resources=None):
    """A form XObject of `content` over the page (200 pt square), with its own `resources`."""
    stream = Stream(pdf, content.encode("latin-1"))
    stream.Type, stream.Subtype = Name.XObject, Name.Form
    stream.BBox = Array([0, 0, 200, 200])
    if resources is not None:
        stream.Resources = resources
    return pdf.make_indirect(stream)


def verdicts(path, **kwargs):
    """The report of `pagesetter check` on `path` (without Ghostscript unless asked), and the
    verdicts it gave each rule."""
    from pagesetter.preflight import check_pdf

    report = check_pdf(path, ghostscript=kwargs.pop("ghostscript", False), **kwargs)
    out: dict = {}
    for finding in report.findings:
        out.setdefault(finding.rule, set()).add(finding.verdict)
    return report, out


def descendant(font) -> Dictionary:
    """The font that holds a font's glyphs: a Type0 font's CID font, or the font itself."""
    return font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font


def font_program(font) -> bytes:
    """The embedded TrueType program of a font (simple or CID-keyed)."""
    return descendant(font).FontDescriptor.FontFile2.read_bytes()


def font_widths(font) -> list[float]:
    """Every width a font states: a simple font's /Widths, a CID font's /W and /DW."""
    if font.get("/Subtype") != "/Type0":
        return [float(w) for w in font.Widths]
    cid_font = descendant(font)
    widths = [float(cid_font.get("/DW", 1000))]
    for item in cid_font.get("/W", []):
        if isinstance(item, Array):
            widths += [float(w) for w in item]
    return widths


def glyph_ids(font) -> list[int]:
    """A CID font's glyph of each CID (its CIDToGIDMap)."""
    data = descendant(font).CIDToGIDMap.read_bytes()
    return [int.from_bytes(data[k:k + 2], "big") for k in range(0, len(data), 2)]
