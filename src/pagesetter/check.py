"""`pagesetter check FILE.pdf`: preflight any PDF for a newsprint print shop.

Checks: every font embedded; no RGB anywhere (content operators, images, colour spaces); TrimBox
and BleedBox on every page, nested in the MediaBox; a PDF/X output intent with an embedded
profile and GTS_PDFXVersion/Trapped in Info; black text is pure 100 % K and overprints; total
ink ≤ 240 % (rendered with Ghostscript when it is installed; skipped otherwise).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf

from .colour import TOTAL_INK_LIMIT as INK_LIMIT

INK_DPI = 50

if TYPE_CHECKING:
    import subprocess


class Verdict(Enum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    SKIP = "skip"


@dataclass(frozen=True)
class Finding:
    check: str
    verdict: Verdict
    detail: str = ""


@dataclass
class Report:
    file: Path
    findings: list[Finding] = field(default_factory=list)

    def add(self, check: str, problems: list[str], passed: str) -> None:
        if problems:
            shown = "; ".join(problems[:5]) + (f" (+{len(problems) - 5} more)"
                                               if len(problems) > 5 else "")
            self.findings.append(Finding(check, Verdict.FAIL, shown))
        else:
            self.findings.append(Finding(check, Verdict.PASS, passed))

    @property
    def ok(self) -> bool:
        return all(f.verdict is not Verdict.FAIL for f in self.findings)

    def text(self) -> str:
        marks = {Verdict.PASS: "ok  ", Verdict.FAIL: "FAIL", Verdict.WARN: "warn",
                 Verdict.SKIP: "skip"}
        lines = [f"preflight {self.file}"]
        lines += [f"  {marks[f.verdict]} {f.check}: {f.detail}" for f in self.findings]
        lines.append("  passed" if self.ok else "  FAILED")
        return "\n".join(lines)


def check_pdf(path: Path, ghostscript: bool = True,
              known_ink: list[str] | None = None, data: bytes | None = None) -> Report:
    """Preflight `path` (or `data`, the bytes that will be written there). `known_ink`:
    total-ink problems already measured exactly (our own output, from its layout); then
    Ghostscript does not render the file."""
    if known_ink is not None:
        report = _structure_report(path, data)
        report.add("total ink", known_ink, f"within {INK_LIMIT}% (measured from the layout)")
        return report
    import shutil

    if not (ghostscript and shutil.which("gs")):
        report = _structure_report(path)
        report.findings.append(Finding("total ink", Verdict.SKIP,
                                       "Ghostscript (gs) is not installed"))
        return report
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        render = _start_ink_render(path, Path(tmp))  # renders while the structure is checked
        report = _structure_report(path)
        report.add("total ink", _ink_problems(render, Path(tmp)), f"within {INK_LIMIT}%")
    return report


def _structure_report(path: Path, data: bytes | None = None) -> Report:
    import io

    report = Report(path)
    with pikepdf.open(io.BytesIO(data) if data is not None else path) as pdf:
        report.add("fonts embedded", _unembedded_fonts(pdf), "all fonts embedded")
        streams = _parsed_streams(pdf)
        report.add("no RGB", _rgb_uses(streams), "CMYK and grey only")
        report.add("boxes", _box_problems(pdf), "TrimBox and BleedBox on every page")
        report.add("output intent", _pdfx_problems(pdf), "PDF/X output intent with profile")
        report.add("black text", _black_text_problems(streams),
                   "black text is 100% K, overprinting")
    return report


def _resources_with_streams(pdf: pikepdf.Pdf):
    """(page number, resources, content stream owner) for pages and their form XObjects."""
    for number, page in enumerate(pdf.pages, 1):
        yield number, page.obj.get("/Resources", pikepdf.Dictionary()), page
        seen = set()
        stack = [page.obj.get("/Resources", pikepdf.Dictionary())]
        while stack:
            resources = stack.pop()
            for _, xobj in resources.get("/XObject", pikepdf.Dictionary()).items():
                if xobj.get("/Subtype") == "/Form" and xobj.objgen not in seen:
                    seen.add(xobj.objgen)
                    inner = xobj.get("/Resources", pikepdf.Dictionary())
                    yield number, inner, xobj
                    stack.append(inner)


def _fonts(pdf: pikepdf.Pdf):
    for number, resources, _ in _resources_with_streams(pdf):
        for name, font in resources.get("/Font", pikepdf.Dictionary()).items():
            yield number, name, font


def _unembedded_fonts(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    for number, name, font in _fonts(pdf):
        fonts = list(font.get("/DescendantFonts", [])) or [font]
        for f in fonts:
            if f.get("/Subtype") == "/Type3":
                continue
            descriptor = f.get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in
                                             ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"page {number}: {f.get('/BaseFont', name)} is not embedded")
    return problems


#: The operators the colour checks follow (filtered in pikepdf's C++, not in Python).
CHECKED_OPERATORS = "rg RG q Q k g gs Tj TJ ' \""


def _parsed_streams(pdf: pikepdf.Pdf) -> list[tuple[int, pikepdf.Dictionary, list]]:
    """(page number, resources, instructions) of every page and form stream, parsed once."""
    return [(number, resources, pikepdf.parse_content_stream(owner, CHECKED_OPERATORS))
            for number, resources, owner in _resources_with_streams(pdf)]


def _rgb_uses(streams: list) -> list[str]:
    problems = []
    for number, resources, instructions in streams:
        for _, space in resources.get("/ColorSpace", pikepdf.Dictionary()).items():
            if _is_rgb_space(space):
                problems.append(f"page {number}: RGB colour space in resources")
        for name, xobj in resources.get("/XObject", pikepdf.Dictionary()).items():
            if xobj.get("/Subtype") == "/Image" and _is_rgb_space(xobj.get("/ColorSpace")):
                problems.append(f"page {number}: image {name} is RGB")
        if any(str(i.operator) in ("rg", "RG") for i in instructions):
            problems.append(f"page {number}: RGB colour operator")
    return problems


def _is_rgb_space(space) -> bool:
    if space is None:
        return False
    if isinstance(space, pikepdf.Name):
        return space == "/DeviceRGB" or space == "/CalRGB"
    if isinstance(space, pikepdf.Array) and len(space):
        family = space[0]
        if family == "/ICCBased":
            return int(space[1].get("/N", 0)) == 3
        if family in ("/Indexed", "/Separation", "/DeviceN"):
            base = space[1] if family == "/Indexed" else space[2]
            return _is_rgb_space(base)
        return family in ("/DeviceRGB", "/CalRGB")
    return False


def _box_problems(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    for number, page in enumerate(pdf.pages, 1):
        media = [float(v) for v in page.mediabox]
        boxes = {}
        for key in ("/TrimBox", "/BleedBox"):
            if key not in page.obj:
                problems.append(f"page {number}: no {key[1:]}")
            else:
                boxes[key] = [float(v) for v in page.obj[key]]
        if len(boxes) == 2:
            if not _inside(boxes["/TrimBox"], boxes["/BleedBox"]):
                problems.append(f"page {number}: TrimBox is not inside the BleedBox")
            if not _inside(boxes["/BleedBox"], media):
                problems.append(f"page {number}: BleedBox is not inside the MediaBox")
    return problems


def _inside(inner: list[float], outer: list[float]) -> bool:
    return inner[0] >= outer[0] - 0.01 and inner[1] >= outer[1] - 0.01 and \
        inner[2] <= outer[2] + 0.01 and inner[3] <= outer[3] + 0.01


def _pdfx_problems(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFX"]
    if not intents:
        problems.append("no /GTS_PDFX OutputIntent")
    elif "/DestOutputProfile" not in intents[0] and \
            str(intents[0].get("/OutputConditionIdentifier", "")) == "Custom":
        problems.append("custom output condition without an embedded profile")
    info = pdf.trailer.get("/Info", pikepdf.Dictionary())
    if "/GTS_PDFXVersion" not in info:
        problems.append("no GTS_PDFXVersion in Info")
    if info.get("/Trapped") not in ("/True", "/False"):
        problems.append("Info /Trapped is not True or False")
    if "/Metadata" not in pdf.Root:
        problems.append("no XMP metadata")
    return problems


def _black_text_problems(streams: list) -> list[str]:
    """Text drawn in a near-black fill must be plain 0/0/0/100 and overprint."""
    problems = []
    for number, resources, instructions in streams:
        states = resources.get("/ExtGState", pikepdf.Dictionary())
        fill: tuple[float, ...] = (0.0,)  # DeviceGray black
        overprint = False
        stack = []
        for instruction in instructions:
            op = str(instruction.operator)  # (attribute access: unpacking is 5× slower)
            operands = instruction.operands if op in ("k", "g", "gs") else ()
            if op == "q":
                stack.append((fill, overprint))
            elif op == "Q" and stack:
                fill, overprint = stack.pop()
            elif op == "k":
                fill = tuple(float(v) for v in operands)
            elif op == "g":
                fill = (float(operands[0]),)
            elif op == "gs":
                state = states.get(operands[0], pikepdf.Dictionary())
                if "/op" in state:
                    overprint = bool(state["/op"])
                elif "/OP" in state:
                    overprint = bool(state["/OP"])
            elif op in ("Tj", "TJ", "'", '"'):
                problem = _black_problem(fill, overprint)
                if problem:
                    problems.append(f"page {number}: {problem}")
    return sorted(set(problems))


def _black_problem(fill: tuple[float, ...], overprint: bool) -> str:
    if len(fill) == 1:  # grey: black as K only is fine, but it must overprint
        return "black text knocks out (no overprint)" if fill[0] == 0 and not overprint else ""
    c, m, y, k = fill
    if k >= 0.9 and (c or m or y):
        return f"rich black text ({c * 100:.0f}/{m * 100:.0f}/{y * 100:.0f}/{k * 100:.0f})"
    if k == 1 and not overprint:
        return "black text knocks out (no overprint)"
    return ""


def _start_ink_render(path: Path, tmp: Path) -> subprocess.Popen:
    """Ghostscript renders every page's bleed area as CMYK, overprint applied and without
    colour management (UseFastColor), so the inks are measured as the file states them."""
    cmd = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc",
           f"-r{INK_DPI}", "-dUseBleedBox", "-sOverprint=enable", "-dUseFastColor=true",
           f"-sOutputFile={tmp / 'page-%03d.tif'}", str(path)]
    import subprocess

    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _ink_problems(render: subprocess.Popen, tmp: Path) -> list[str]:
    """The highest C+M+Y+K of each rendered page."""
    from PIL import Image

    from .colour import max_total_ink

    _, err = render.communicate()
    if render.returncode != 0:
        return [f"Ghostscript failed: {err.strip()[:200]}"]
    problems = []
    for number, tif in enumerate(sorted(tmp.glob("page-*.tif")), 1):
        with Image.open(tif) as im:
            peak = max_total_ink(im)
        if peak > INK_LIMIT + 1:
            problems.append(f"page {number}: {peak:.0f}% total ink")
    return problems
