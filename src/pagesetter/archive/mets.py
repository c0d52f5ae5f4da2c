"""An issue's METS 1.12 file, as newspaper archives ingest it (NDNP's issue METS; Europeana
Newspapers' logical map of articles).

    dmdSec     MODS 3.8: the issue (title, CN number, issue number, date, edition, language),
               each page (its printed number 第N版 and section) and each article (its headline)
    amdSec     MIX for each service image (size, greyscale, sampling frequency, JPEG 2000)
    fileSec    a group per kind: service images, ALTO, page PDFs, the press PDF/X
    structMap  physical: the issue's pages in sequence, each with its files;
               logical: the articles and photos, each pointing at its blocks in the ALTO of
               every page it stands on (a continued article is one article)
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .. import __version__
from ..model import Article, Issue, Photo

METS = "http://www.loc.gov/METS/"
MODS = "http://www.loc.gov/mods/v3"
MIX = "http://www.loc.gov/mix/v20"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMAS = (f"{METS} http://www.loc.gov/standards/mets/version1121/mets.xsd "
           f"{MODS} http://www.loc.gov/standards/mods/v3/mods-3-8.xsd")
for _prefix, _uri in (("mets", METS), ("mods", MODS), ("mix", MIX), ("xlink", XLINK),
                      ("xsi", XSI)):
    ET.register_namespace(_prefix, _uri)


@dataclass(frozen=True)
class PageFiles:
    """One page of the package: its sequence, printed number, section, files (name, SHA-256,
    size in bytes) and image size, and its ALTO block IDs by article or photo name."""

    sequence: int
    number: int
    section: str
    image: tuple[str, str, int]
    alto: tuple[str, str, int]
    pdf: tuple[str, str, int]
    pixels: tuple[int, int]
    dpi: int
    blocks_of: dict[str, list[str]]


def mets_xml(issue: Issue, pages: list[PageFiles], press: tuple[str, str, int]) -> bytes:
    root = _el(METS, "mets", {"OBJID": f"{issue.publication} {issue.date} {issue.number}",
                              "TYPE": "Newspaper issue",
                              "LABEL": f"{issue.publication} 第{issue.number}期 {issue.date}",
                              f"{{{XSI}}}schemaLocation": SCHEMAS})
    header = _sub(root, METS, "metsHdr", {"CREATEDATE": f"{issue.date}T00:00:00"})
    agent = _sub(header, METS, "agent", {"ROLE": "CREATOR", "TYPE": "OTHER",
                                         "OTHERTYPE": "SOFTWARE"})
    _sub(agent, METS, "name").text = f"pagesetter {__version__}"
    _mods(root, "MODS_ISSUE", _issue_mods(issue))
    for page in pages:
        _mods(root, f"MODS_PAGE_{page.sequence:04d}", _page_mods(page))
    blocks = _articles(issue)
    for k, (kind, item) in enumerate(blocks, 1):
        _mods(root, f"MODS_ART_{k:04d}", _article_mods(kind, item))
    for page in pages:
        _mix(root, page)
    _files(root, pages, press)
    _physical(root, pages)
    _logical(root, issue, pages, blocks)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _el(ns: str, tag: str, attrs: dict[str, str] | None = None) -> ET.Element:
    return ET.Element(f"{{{ns}}}{tag}", attrs or {})


def _sub(parent: ET.Element, ns: str, tag: str, attrs: dict[str, str] | None = None,
         text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}", attrs or {})
    if text is not None:
        element.text = text
    return element


def _mods(root: ET.Element, ident: str, mods: ET.Element) -> None:
    section = _sub(root, METS, "dmdSec", {"ID": ident})
    wrap = _sub(section, METS, "mdWrap", {"MDTYPE": "MODS", "LABEL": "bibliographic"})
    _sub(wrap, METS, "xmlData").append(mods)


def _issue_mods(issue: Issue) -> ET.Element:
    mods = _el(MODS, "mods")
    _sub(_sub(mods, MODS, "titleInfo"), MODS, "title", text=issue.publication)
    _sub(mods, MODS, "typeOfResource", text="text")
    _sub(mods, MODS, "genre", {"authority": "marcgt"}, "newspaper")
    origin = _sub(mods, MODS, "originInfo")
    _sub(origin, MODS, "dateIssued", {"encoding": "iso8601", "keyDate": "yes"}, issue.date)
    _sub(origin, MODS, "edition", text="1")
    language = _sub(mods, MODS, "language")
    _sub(language, MODS, "languageTerm", {"type": "code", "authority": "iso639-2b"}, "chi")
    _sub(language, MODS, "scriptTerm", {"type": "code", "authority": "iso15924"}, "Hans")
    if issue.cn:
        _sub(mods, MODS, "identifier", {"type": "CN"}, issue.cn)
    part = _sub(mods, MODS, "part")
    detail = _sub(part, MODS, "detail", {"type": "issue"})
    _sub(detail, MODS, "number", text=str(issue.number))
    _sub(detail, MODS, "caption", text=f"第{issue.number}期")
    return mods


def _page_mods(page: PageFiles) -> ET.Element:
    mods = _el(MODS, "mods")
    part = _sub(mods, MODS, "part")
    detail = _sub(part, MODS, "detail", {"type": "page number"})
    _sub(detail, MODS, "number", text=str(page.number))
    _sub(detail, MODS, "caption", text=f"第{page.number}版")
    if page.section:
        section = _sub(part, MODS, "detail", {"type": "section"})
        _sub(section, MODS, "title", text=page.section)
    return mods


def _article_mods(kind: str, item: Article | Photo) -> ET.Element:
    mods = _el(MODS, "mods")
    _sub(_sub(mods, MODS, "titleInfo"), MODS, "title", text=_title(item))
    _sub(mods, MODS, "genre", text="article" if kind == "article" else "picture")
    return mods


def _title(item: Article | Photo) -> str:
    if isinstance(item, Photo):
        title = item.title or item.caption or item.name
    else:
        title = item.headline.main if item.headline is not None else item.name
    return " ".join(title.split())  # a headline broken by hand: one line


def _mix(root: ET.Element, page: PageFiles) -> None:
    section = _sub(root, METS, "amdSec", {"ID": f"AMD_{page.sequence:04d}"})
    tech = _sub(section, METS, "techMD", {"ID": f"MIX_{page.sequence:04d}"})
    wrap = _sub(tech, METS, "mdWrap", {"MDTYPE": "NISOIMG", "LABEL": "NISO still image"})
    mix = _sub(_sub(wrap, METS, "xmlData"), MIX, "mix")
    basic = _sub(mix, MIX, "BasicDigitalObjectInformation")
    _sub(_sub(basic, MIX, "FormatDesignation"), MIX, "formatName", text="image/jp2")
    _sub(_sub(basic, MIX, "Compression"), MIX, "compressionScheme", text="JPEG 2000")
    image = _sub(mix, MIX, "BasicImageInformation")
    characteristics = _sub(image, MIX, "BasicImageCharacteristics")
    _sub(characteristics, MIX, "imageWidth", text=str(page.pixels[0]))
    _sub(characteristics, MIX, "imageHeight", text=str(page.pixels[1]))
    photometric = _sub(characteristics, MIX, "PhotometricInterpretation")
    _sub(photometric, MIX, "colorSpace", text="BlackIsZero")
    assessment = _sub(mix, MIX, "ImageAssessmentMetadata")
    metrics = _sub(assessment, MIX, "SpatialMetrics")
    _sub(metrics, MIX, "samplingFrequencyUnit", text="2")  # inch
    for axis in ("x", "y"):
        frequency = _sub(metrics, MIX, f"{axis}SamplingFrequency")
        _sub(frequency, MIX, "numerator", text=str(page.dpi))
    colour = _sub(assessment, MIX, "ImageColorEncoding")
    _sub(_sub(colour, MIX, "BitsPerSample"), MIX, "bitsPerSampleValue", text="8")
    _sub(colour, MIX, "samplesPerPixel", text="1")


def _files(root: ET.Element, pages: list[PageFiles], press: tuple[str, str, int]) -> None:
    section = _sub(root, METS, "fileSec")
    kinds = (("service", "JP2", "image/jp2", lambda p: p.image),
             ("ocr", "ALTO", "text/xml", lambda p: p.alto),
             ("derivative", "PDF", "application/pdf", lambda p: p.pdf))
    for use, prefix, mime, file_of in kinds:
        group = _sub(section, METS, "fileGrp", {"USE": use})
        for page in pages:
            attrs = {"ADMID": f"MIX_{page.sequence:04d}"} if prefix == "JP2" else {}
            _file(group, f"{prefix}_{page.sequence:04d}", mime, file_of(page), attrs)
    _file(_sub(section, METS, "fileGrp", {"USE": "master"}), "PRESS", "application/pdf", press,
          {})


def _file(group: ET.Element, ident: str, mime: str, file: tuple[str, str, int],
          attrs: dict[str, str]) -> None:
    name, digest, size = file
    element = _sub(group, METS, "file", {"ID": ident, "MIMETYPE": mime, "SIZE": str(size),
                                         "CHECKSUM": digest, "CHECKSUMTYPE": "SHA-256",
                                         **attrs})
    _sub(element, METS, "FLocat", {"LOCTYPE": "URL", f"{{{XLINK}}}href": name})


def _physical(root: ET.Element, pages: list[PageFiles]) -> None:
    structure = _sub(root, METS, "structMap", {"TYPE": "physical"})
    issue = _sub(structure, METS, "div", {"TYPE": "np:issue", "DMDID": "MODS_ISSUE"})
    for page in pages:
        div = _sub(issue, METS, "div", {"TYPE": "np:page", "ORDER": str(page.sequence),
                                        "ORDERLABEL": str(page.number),
                                        "LABEL": f"第{page.number}版",
                                        "DMDID": f"MODS_PAGE_{page.sequence:04d}"})
        for prefix in ("JP2", "ALTO", "PDF"):
            _sub(div, METS, "fptr", {"FILEID": f"{prefix}_{page.sequence:04d}"})


def _articles(issue: Issue) -> list[tuple[str, Article | Photo]]:
    """The issue's articles and photo news, each once, in the order of its pages."""
    return [("article" if isinstance(item, Article) else "picture", item)
            for page in issue.pages for item in page.articles_and_photos]


def _logical(root: ET.Element, issue: Issue, pages: list[PageFiles],
             items: list[tuple[str, Article | Photo]]) -> None:
    structure = _sub(root, METS, "structMap", {"TYPE": "logical"})
    top = _sub(structure, METS, "div", {"TYPE": "issue", "DMDID": "MODS_ISSUE",
                                        "LABEL": f"{issue.publication} 第{issue.number}期"})
    for k, (kind, item) in enumerate(items, 1):
        div = _sub(top, METS, "div", {"ID": f"ART_{k:04d}", "TYPE": kind,
                                      "DMDID": f"MODS_ART_{k:04d}", "LABEL": _title(item)})
        areas = [(page, ident) for page in pages for ident in page.blocks_of.get(item.name, ())]
        if not areas:
            continue
        sequence = _sub(_sub(div, METS, "fptr"), METS, "seq")
        for page, ident in areas:
            _sub(sequence, METS, "area", {"FILEID": f"ALTO_{page.sequence:04d}",
                                          "BETYPE": "IDREF", "BEGIN": ident})
