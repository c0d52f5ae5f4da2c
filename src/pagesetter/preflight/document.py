"""Rules about the file as a whole: version and structure, encryption, actions, compression,
the output intent, Info and XMP, page boxes, annotations, and pagesetter's overset-proof mark."""
from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from .report import Report, Where

#: ICC header: device class at bytes 12–16, data colour space at 16–20 (ICC.1 §7.2).
ICC_OUTPUT_CLASS = b"prtr"
ICC_CMYK = b"CMYK"
CLAIM_2001 = ("PDF/X-1:2001", "PDF/X-1a:2001")
FORBIDDEN_FILTERS = {"/LZWDecode": "LZW", "/JBIG2Decode": "JBIG2", "/JPXDecode": "JPX (JPEG 2000)"}
#: Annotations a print file may carry inside the bleed (ISO 15930-1 §6.6).
PRINT_ANNOTATIONS = {"/PrinterMark", "/TrapNet"}
#: Info key pagesetter writes into an --allow-overset proof.
PROOF_KEY = "/PagesetterProof"
EDGE = 0.01  # pt: boxes may touch


def check_document(pdf: pikepdf.Pdf, report: Report) -> None:
    info = _dictionary(pdf.trailer.get("/Info"))
    claim = _text(info.get("/GTS_PDFXVersion")) if info is not None else ""
    conformance = _text(info.get("/GTS_PDFXConformance")) if info is not None else ""
    _version(pdf, claim + " " + conformance, report)
    _structure_streams(pdf, report)
    if pdf.is_encrypted:
        report.fail("file.encryption", "the file is encrypted")
    report.close_rule("file.encryption")
    _actions(pdf, report)
    _compression(pdf, report)
    _output_intent(pdf, report)
    _info(info, claim, report)
    if "/Metadata" not in pdf.Root:
        report.warn("info.xmp", "no XMP metadata (PDF/X-1a:2001 does not require it; "
                                "PDF/X-4 does)")
    report.close_rule("info.xmp", "XMP metadata present")
    _boxes_and_annotations(pdf, report)
    if info is not None and PROOF_KEY in info:
        report.fail("proof.overset", f"an overset proof ({_text(info.get(PROOF_KEY))}): copy "
                                     f"did not fit, the page is not for press")
    report.close_rule("proof.overset", "not a proof")


def _dictionary(obj) -> Dictionary | None:
    return obj if isinstance(obj, Dictionary) else None


def _text(obj) -> str:
    try:
        return str(obj) if obj is not None else ""
    except (UnicodeDecodeError, ValueError):
        return ""


def _version(pdf: pikepdf.Pdf, claim: str, report: Report) -> None:
    version = str(pdf.pdf_version)
    try:
        number = float(version)
    except ValueError:
        report.fail("file.version", f"the header gives no version ({version!r})")
        return
    if number <= 1.3:
        report.passed("file.version", f"PDF {version}", version)
    elif number <= 1.4 and "2003" in claim:
        report.passed("file.version", f"PDF {version}, claiming PDF/X-1a:2003", version)
    elif number <= 1.4:
        report.fail("file.version", f"PDF {version} cannot be PDF/X-1a:2001 (PDF 1.3); it may "
                                    f"claim PDF/X-1a:2003 at most", value=version)
    else:
        report.fail("file.version", f"PDF {version} cannot be PDF/X-1a (PDF 1.3 for :2001, "
                                    f"1.4 for :2003)", value=version)


def _structure_streams(pdf: pikepdf.Pdf, report: Report) -> None:
    """Object and cross-reference streams are PDF 1.5: an X-1a file has neither."""
    kinds = set()
    if pdf.trailer.get("/Type") == Name.XRef:
        kinds.add("a cross-reference stream")
    for obj in pdf.objects:
        if isinstance(obj, Stream):
            kind = obj.get("/Type")
            if kind == Name.ObjStm:
                kinds.add("object streams")
            elif kind == Name.XRef:
                kinds.add("a cross-reference stream")
    for feature in sorted(kinds):
        report.fail("file.version", f"the file uses {feature} (PDF 1.5)")


def _actions(pdf: pikepdf.Pdf, report: Report) -> None:
    """JavaScript and actions of any kind: an X-1a file is a print file."""
    root = pdf.Root
    if "/OpenAction" in root:
        report.fail("file.actions", "the document has an OpenAction")
    names = _dictionary(root.get("/Names"))
    if names is not None and "/JavaScript" in names:
        report.fail("file.actions", "the document names JavaScript")
    for obj in pdf.objects:
        if not isinstance(obj, Dictionary) or isinstance(obj, Stream):
            continue
        kind = obj.get("/S")
        if kind == Name.JavaScript or "/JS" in obj:
            report.fail("file.actions", "JavaScript", Where(obj=f"object {obj.objgen[0]}"))
        elif "/AA" in obj:
            report.fail("file.actions", "additional actions (/AA)",
                        Where(obj=f"object {obj.objgen[0]}"))
        elif isinstance(obj.get("/A"), Dictionary) and "/S" in obj.A:
            owner = _text(obj.get("/Subtype"))[1:] or ("outline item" if "/Title" in obj
                                                       else "object")
            report.fail("file.actions", f"an action ({_text(obj.A.S)[1:]}) on an {owner}",
                        Where(obj=f"object {obj.objgen[0]}"))
    report.close_rule("file.actions")


def _compression(pdf: pikepdf.Pdf, report: Report) -> None:
    found: dict[str, int] = {}
    for obj in pdf.objects:
        if isinstance(obj, Stream):
            for name in filter_names(obj.get("/Filter")):
                if name in FORBIDDEN_FILTERS:
                    found.setdefault(name, obj.objgen[0])
    for name, number in found.items():
        report.fail("file.compression", f"{FORBIDDEN_FILTERS[name]} compression",
                    Where(obj=f"object {number}"))
    report.close_rule("file.compression")


def filter_names(filters) -> list[str]:
    """The filter names of a stream's /Filter (a name or an array of names)."""
    if isinstance(filters, Name):
        return [str(filters)]
    if isinstance(filters, Array):
        return [str(f) for f in filters if isinstance(f, Name)]
    return []


def _output_intent(pdf: pikepdf.Pdf, report: Report) -> None:
    intents = pdf.Root.get("/OutputIntents")
    pdfx = [i for i in intents if isinstance(i, Dictionary) and i.get("/S") == Name.GTS_PDFX] \
        if isinstance(intents, Array) else []
    if not pdfx:
        report.fail("intent.output", "no GTS_PDFX output intent")
        return
    if len(pdfx) > 1:
        report.fail("intent.output", f"{len(pdfx)} GTS_PDFX output intents; PDF/X allows one")
    intent = pdfx[0]
    identifier = _text(intent.get("/OutputConditionIdentifier"))
    profile = intent.get("/DestOutputProfile")
    if isinstance(profile, Stream):
        try:
            header = profile.read_bytes()[:20]
        except pikepdf.PdfError:
            header = b""
        if len(header) < 20:
            report.fail("intent.output", "the output profile cannot be read")
        elif header[12:16] != ICC_OUTPUT_CLASS or header[16:20] != ICC_CMYK:
            report.fail("intent.output", f"the output profile is a {_icc(header[12:16])} "
                                         f"profile for {_icc(header[16:20])}; PDF/X-1a needs a "
                                         f"CMYK output (printer) profile",
                        value=_icc(header[16:20]))
    elif profile is not None:
        report.fail("intent.output", "the output profile is not a stream")
    elif not identifier or identifier == "Custom":
        report.fail("intent.output", "no output profile embedded, and no registered output "
                                     "condition named (OutputConditionIdentifier)")
    report.close_rule("intent.output", f"output intent {identifier}"
                      + (" with an embedded CMYK output profile" if profile is not None else ""))


def _icc(code: bytes) -> str:
    return code.decode("latin-1").strip() or "?"


def _info(info: Dictionary | None, claim: str, report: Report) -> None:
    if info is None:
        report.fail("info.pdfx", "the file has no Info dictionary")
        report.fail("info.trapped", "the file has no Info dictionary")
        return
    if not claim:
        report.fail("info.pdfx", "no GTS_PDFXVersion in Info: the file does not claim PDF/X")
    else:
        report.passed("info.pdfx", f"claims {claim}", claim)
    trapped = info.get("/Trapped")
    if trapped not in (Name("/True"), Name("/False")):
        report.fail("info.trapped", f"Trapped is {_text(trapped) or 'missing'}; PDF/X needs "
                                    f"True or False", value=_text(trapped))
    report.close_rule("info.trapped", f"Trapped {_text(trapped)[1:]}")


def box(page: Dictionary, key: str) -> tuple[float, float, float, float] | None:
    """A page box as (left, bottom, right, top), corners in any order normalised; None when
    absent. Raises ValueError when present but malformed."""
    value = page.get(key)
    if value is None:
        return None
    if not isinstance(value, Array) or len(value) != 4:
        raise ValueError(f"{key[1:]} is not four numbers")
    try:
        x1, y1, x2, y2 = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{key[1:]} is not four numbers") from None
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _inside(inner, outer) -> bool:
    return inner[0] >= outer[0] - EDGE and inner[1] >= outer[1] - EDGE and \
        inner[2] <= outer[2] + EDGE and inner[3] <= outer[3] + EDGE


def _boxes_and_annotations(pdf: pikepdf.Pdf, report: Report) -> None:
    for number, page in enumerate(pdf.pages, 1):
        where = Where(page=number)
        try:
            media = box(page.obj, "/MediaBox") or _inherited_media(page)
            trim = box(page.obj, "/TrimBox") or box(page.obj, "/ArtBox")
            bleed = box(page.obj, "/BleedBox") or trim
        except ValueError as exc:
            report.fail("page.boxes", str(exc), where)
            continue
        if trim is None:
            report.fail("page.boxes", "neither a TrimBox nor an ArtBox", where)
            continue
        if media is None:
            report.fail("page.boxes", "no MediaBox", where)
            continue
        if not _inside(trim, bleed):
            report.fail("page.boxes", "the TrimBox is not inside the BleedBox", where)
        if not _inside(bleed, media):
            report.fail("page.boxes", "the BleedBox is not inside the MediaBox", where)
        _annotations(page.obj, bleed, where, report)
    report.close_rule("page.boxes", "TrimBox (or ArtBox) on every page, inside the bleed")
    report.close_rule("page.annotations", "no annotation inside the bleed")


def _inherited_media(page) -> tuple[float, float, float, float] | None:
    try:
        left, bottom, right, top = (float(v) for v in page.mediabox)
    except (TypeError, ValueError, pikepdf.PdfError):
        return None
    return min(left, right), min(bottom, top), max(left, right), max(bottom, top)


def _annotations(page: Dictionary, bleed, where: Where, report: Report) -> None:
    annotations = page.get("/Annots")
    if not isinstance(annotations, Array):
        return
    for annotation in annotations:
        if not isinstance(annotation, Dictionary):
            continue
        kind = annotation.get("/Subtype")
        if kind in PRINT_ANNOTATIONS:
            continue
        try:
            rect = box(annotation, "/Rect")
        except ValueError:
            rect = None
        if rect is None or (rect[0] < bleed[2] and bleed[0] < rect[2]
                            and rect[1] < bleed[3] and bleed[1] < rect[3]):
            report.fail("page.annotations", f"a {_text(kind)[1:] or 'an'} annotation inside "
                                            f"the bleed", where)
