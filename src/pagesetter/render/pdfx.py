"""Finish the rendered document (render/pdf.py) as PDF/X-1a:2001, with pikepdf.

PDF/X-1a rather than PDF/X-4: newsprint RIPs at small print shops still expect X-1a, our pages
need no transparency and no ICC-based colour (everything is already separated to the newsprint
profile), and X-1a forbids exactly the things that go wrong on press (RGB, unembedded fonts).

Adds the OutputIntent (/GTS_PDFX, embedded newsprint profile), GTS_PDFXVersion, Trapped, title
and dates from the issue (never the clock) in Info and XMP, and a document ID derived from the
content, so the same input gives the same bytes. (The faces come embedded as CID-keyed fonts
tagged from their content, with ToUnicode maps in UTF-16: cid_font.py.)
"""
from __future__ import annotations

import hashlib
import io
from html import escape

import pikepdf

from ..colour import OUTPUT_CONDITION, profile_path
from .document_info import PROOF_LAYER, DocumentInfo

PDFX_VERSION = "PDF/X-1:2001"
PDFX_CONFORMANCE = "PDF/X-1a:2001"


def finish_pdfx(rendered: bytes, info: DocumentInfo) -> bytes:
    """The finished file. A page with a proof layer (--grid, overset markers) gets it as a
    non-printing optional-content layer, which needs PDF 1.5; such a proof is not PDF/X and
    says so. An overset proof also carries /PagesetterProof in Info, which `pagesetter check`
    fails: it must never pass as press-ready."""
    with pikepdf.open(io.BytesIO(rendered)) as pdf:
        name_images_by_content(pdf)
        proof = mark_non_printing(pdf) or bool(info.proof)
        _output_intent(pdf)
        _page_labels(pdf, info.page_numbers)
        stamp = _pdf_date(info.date)
        pdf.docinfo = pdf.make_indirect(pikepdf.Dictionary(
            Title=pikepdf.String(info.title), Author=pikepdf.String(info.author),
            Subject=pikepdf.String(info.subject), Creator=pikepdf.String("pagesetter"),
            Producer=pikepdf.String("pagesetter (ReportLab, pikepdf)"),
            CreationDate=pikepdf.String(stamp), ModDate=pikepdf.String(stamp),
            Trapped=pikepdf.Name("/False")))
        if info.proof:
            pdf.docinfo.PagesetterProof = pikepdf.String(info.proof)
        if not proof:
            pdf.docinfo.GTS_PDFXVersion = pikepdf.String(PDFX_VERSION)
            pdf.docinfo.GTS_PDFXConformance = pikepdf.String(PDFX_CONFORMANCE)
        _xmp(pdf, info, pdfx=not proof)
        out = io.BytesIO()
        # Streams pass through as they were compressed when written (no decode and re-encode).
        pdf.save(out, deterministic_id=True, force_version="1.5" if proof else "1.3",
                 fix_metadata_version=False,
                 compress_streams=False,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
        return out.getvalue()


def _output_intent(pdf: pikepdf.Pdf) -> None:
    icc = profile_path().read_bytes()
    profile = pikepdf.Stream(pdf, icc)
    profile.N = 4
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String("Custom"),
        OutputCondition=pikepdf.String(OUTPUT_CONDITION),
        RegistryName=pikepdf.String("http://www.color.org"),
        Info=pikepdf.String(OUTPUT_CONDITION),
        DestOutputProfile=pdf.make_indirect(profile))
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])


def _page_labels(pdf: pikepdf.Pdf, numbers: tuple[int, ...]) -> None:
    """Each page labelled with its printed number (a viewer shows 2 for 第2版, not 1), in a
    file of the whole issue and in each page's own file alike."""
    if not numbers:
        return
    nums = pikepdf.Array()
    for index, number in enumerate(numbers):
        if index and number == numbers[index - 1] + 1:
            continue  # the range before goes on counting
        nums.append(index)
        nums.append(pikepdf.Dictionary(S=pikepdf.Name.D, St=number))
    pdf.Root.PageLabels = pikepdf.Dictionary(Nums=nums)


def name_images_by_content(pdf: pikepdf.Pdf) -> None:
    """Every image a form draws named by a digest of its bytes. ReportLab names an image drawn
    from a file by a digest of the file's name (render/photos.py writes each photo's JPEG to a
    folder of its own), so without this the same input would not give the same bytes."""
    forms = {xobject.objgen: xobject for page in pdf.pages
             for _, xobject in _entry(_entry(page.obj, "/Resources"), "/XObject").items()
             if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == "/Form"}
    for form in forms.values():
        images = _entry(_entry(form, "/Resources"), "/XObject")
        renamed = {}
        for name, image in list(images.items()):
            if isinstance(image, pikepdf.Stream) and image.get("/Subtype") == "/Image":
                new = "/Im" + hashlib.sha256(image.read_raw_bytes()).hexdigest()[:24]
                if new != name:
                    renamed[name] = new
                    del images[name]
                    images[new] = image
        if renamed:
            content = [pikepdf.ContentStreamInstruction(
                [pikepdf.Name(renamed.get(str(o), str(o))) if isinstance(o, pikepdf.Name)
                 else o for o in instruction.operands], instruction.operator)
                for instruction in pikepdf.parse_content_stream(form)]
            form.write(pikepdf.unparse_content_stream(content))


def _entry(dictionary: pikepdf.Object, key: str) -> pikepdf.Dictionary:
    """The dictionary under `key` (an empty one when there is none)."""
    value = dictionary.get(key)
    return value if isinstance(value, pikepdf.Dictionary) else pikepdf.Dictionary()


def mark_non_printing(pdf: pikepdf.Pdf) -> bool:
    """Make the proof overlay's form (drawn by the renderer) an optional-content group that
    shows on screen and is off when printing. Returns whether any page has the overlay."""
    forms = [xobject for page in pdf.pages
             for name, xobject in _entry(_entry(page.obj, "/Resources"), "/XObject").items()
             if PROOF_LAYER in str(name)]
    if not forms:
        return False
    group = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.OCG, Name=pikepdf.String("pagesetter proof (does not print)"),
        Usage=pikepdf.Dictionary(Print=pikepdf.Dictionary(PrintState=pikepdf.Name.OFF),
                                 View=pikepdf.Dictionary(ViewState=pikepdf.Name.ON))))
    for form in forms:
        form.OC = group
    pdf.Root.OCProperties = pikepdf.Dictionary(
        OCGs=pikepdf.Array([group]),
        D=pikepdf.Dictionary(ON=pikepdf.Array([group]), Order=pikepdf.Array([group]),
                             AS=pikepdf.Array([pikepdf.Dictionary(
                                 Event=pikepdf.Name.Print, OCGs=pikepdf.Array([group]),
                                 Category=pikepdf.Array([pikepdf.Name.Print]))])))
    return True


def _xmp(pdf: pikepdf.Pdf, info: DocumentInfo, pdfx: bool = True) -> None:
    """XMP metadata written from a template: the same keys pikepdf's metadata editor would
    write, without loading lxml for it on every build."""
    iso = f"{info.date}T00:00:00Z"
    fields = [
        f"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{escape(info.title)}</rdf:li>"
        "</rdf:Alt></dc:title>",
        f"<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>",
        f"<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{escape(info.subject)}"
        "</rdf:li></rdf:Alt></dc:description>",
        f"<dc:date><rdf:Seq><rdf:li>{info.date}</rdf:li></rdf:Seq></dc:date>",  # the issue's
        f"<xmp:CreateDate>{iso}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{iso}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{iso}</xmp:MetadataDate>",
        "<xmp:CreatorTool>pagesetter</xmp:CreatorTool>",
        "<pdf:Producer>pagesetter (ReportLab, pikepdf)</pdf:Producer>",
        "<pdf:Trapped>False</pdf:Trapped>",
    ]
    if pdfx:
        fields += [f"<pdfx:GTS_PDFXVersion>{PDFX_VERSION}</pdfx:GTS_PDFXVersion>",
                   f"<pdfx:GTS_PDFXConformance>{PDFX_CONFORMANCE}</pdfx:GTS_PDFXConformance>"]
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
        'xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/">\n'
        + "\n".join(fields) +
        "\n</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        + " " * 2000 + '\n<?xpacket end="w"?>'
    )
    stream = pikepdf.Stream(pdf, packet.encode("utf-8"))
    stream.Type = pikepdf.Name.Metadata
    stream.Subtype = pikepdf.Name.XML
    pdf.Root.Metadata = pdf.make_indirect(stream)


def _pdf_date(iso_date: str) -> str:
    return "D:" + iso_date.replace("-", "") + "000000Z"
