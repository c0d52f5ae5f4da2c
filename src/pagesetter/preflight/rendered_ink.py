"""Total ink inside the bleed, from a Ghostscript rendering of each page (CMYK, overprint
applied, no colour management: the inks as the file states them).

Bounded before Ghostscript starts: a file whose pages draw more than a renderer can go through
in seconds (forms drawn over and over, counted by the content walk) is not rendered, and each page
is rendered at a resolution that keeps it within MAX_PIXELS (a lower one for a huge page, or a
"skipped: too large" finding). Pages are rendered one at a time, each image read and deleted
before the next is made, within a time budget. A rule that could not be measured is a "skip",
never a pass. Marks in registration colour outside the bleed are not page content and are not
measured.
"""
from __future__ import annotations

import shutil
import subprocess
import typing
import tempfile
import time
from pathlib import Path

from ..colour import TOTAL_INK_LIMIT, peak_ink
from .report import Report, Where

if typing.TYPE_CHECKING:
    import pikepdf

INK_DPI = 150  # ≥ 150 dpi: a 240 % spot of a photo's shadow is a few pixels
MIN_DPI = 18  # below this a page is too large to measure
#: The most pixels one page is rendered with: a broadsheet page with its bleed is 7.6 million
#: at 150 dpi; a larger page is rendered at a lower resolution.
MAX_PIXELS = 24_000_000
#: What Ghostscript may be asked to draw in all (the content walk's count, forms expanded).
MAX_DRAWN_OPERATORS = 20_000_000
MAX_DRAWN_BYTES = 512 * 1024 * 1024
BUDGET = 120.0  # seconds for all pages
PAGE_TIMEOUT = 60.0


def check_ink(path: Path, data: bytes | None, report: Report, drawing=None) -> None:
    """Total ink, page by page. `drawing`: what the content walk counted the pages to draw
    (content.Drawing), or None when it could not count."""
    if not shutil.which("gs"):
        report.skip("ink.total", "not checked: Ghostscript (gs) is not installed (hint: "
                                 "install it, e.g. apt install ghostscript)")
        return
    if drawing is None:
        report.skip("ink.total", "not checked: the page content could not be read")
        return
    if drawing.stopped:
        report.skip("ink.total", f"skipped: {drawing.stopped}; not rendered")
        return
    if drawing.operators > MAX_DRAWN_OPERATORS or drawing.bytes > MAX_DRAWN_BYTES:
        report.skip("ink.total", f"skipped: too large (the pages draw {drawing.operators:,} "
                                 f"operators and {drawing.bytes // 2**20:,} MB of content "
                                 f"with every form counted; not rendered)")
        return
    import pikepdf

    from .document import box

    with tempfile.TemporaryDirectory(prefix="pagesetter-ink-") as temporary:
        folder = Path(temporary)
        source = path
        if data is not None:
            source = folder / "input.pdf"
            source.write_bytes(data)
        with pikepdf.open(source) as pdf:
            pages = [_measured_box(p, box) for p in pdf.pages]
        start = time.monotonic()
        worst = 0.0
        for number, (has_bleed, size) in enumerate(pages, 1):
            if time.monotonic() - start > BUDGET:
                report.skip("ink.total", f"skipped: too large (pages {number}–{len(pages)} not "
                                         f"measured within {BUDGET:.0f} s)")
                break
            dpi = _resolution(size)
            if dpi < MIN_DPI:
                report.skip("ink.total", f"page {number}: skipped: too large (a page of "
                                         f"{size[0]:.0f} × {size[1]:.0f} pt)")
                continue
            measured = _page_ink(source, number, has_bleed, folder, dpi)
            if isinstance(measured, str):
                report.skip("ink.total", f"page {number}: {measured}")
                continue
            ink, (x_mm, y_mm) = measured
            rough = "" if dpi == INK_DPI else f" (measured at {dpi} dpi)"
            worst = max(worst, ink)
            if ink > TOTAL_INK_LIMIT + 1:
                report.fail("ink.total", f"{ink:.0f}% total ink, {x_mm:.1f} mm from the left "
                                         f"and {y_mm:.1f} mm from the top of the "
                                         f"{'bleed' if has_bleed else 'trim'}{rough}",
                            Where(page=number), round(ink, 1))
        report.close_rule("ink.total", f"at most {worst:.0f}% (limit {TOTAL_INK_LIMIT}%)")


def _measured_box(page: "pikepdf.Page", box) -> tuple[bool, tuple[float, float]]:
    """Whether the page has a bleed box, and the size in pt of the box measured (the bleed, else
    the trim, else the media; UserUnit is ignored, as Ghostscript is told to)."""
    try:
        bleed = box(page.obj, "/BleedBox")
        measured = bleed or box(page.obj, "/TrimBox")
    except ValueError:
        bleed = measured = None
    if measured is None:
        try:  # the media box, perhaps inherited from the page tree
            left, bottom, right, top = (float(v) for v in page.mediabox)
            measured = (min(left, right), min(bottom, top), max(left, right), max(bottom, top))
        except (TypeError, ValueError, pikepdf.PdfError):
            measured = (0.0, 0.0, 612.0, 792.0)
    return bleed is not None, (measured[2] - measured[0], measured[3] - measured[1])


def _resolution(size: tuple[float, float]) -> int:
    """INK_DPI, or less for a page that would otherwise take more than MAX_PIXELS."""
    area = max(size[0], 1.0) * max(size[1], 1.0) / 72 / 72  # square inches
    return int(min(INK_DPI, (MAX_PIXELS / area) ** 0.5))


def _page_ink(source: Path, number: int, has_bleed: bool, folder: Path, dpi: int = INK_DPI):
    """(peak ink in percent, its place in mm from the top-left of the measured box), or why it
    could not be measured."""
    from PIL import Image, UnidentifiedImageError

    out = folder / f"page-{number}.tif"
    box = "-dUseBleedBox" if has_bleed else "-dUseTrimBox"
    cmd = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dNoUserUnit", "-sDEVICE=tiff32nc",
           f"-r{dpi}", box, "-sOverprint=enable", "-dUseFastColor=true", f"-dFirstPage={number}",
           f"-dLastPage={number}", f"-sOutputFile={out}", str(source)]
    try:
        result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                timeout=PAGE_TIMEOUT, text=True, errors="replace")
    except subprocess.TimeoutExpired:
        return f"skipped: too large (rendering took more than {PAGE_TIMEOUT:.0f} s)"
    if result.returncode != 0 or not out.exists():
        return f"Ghostscript could not render it ({result.stderr.strip()[:120]})"
    try:
        with Image.open(out) as im:
            if im.mode != "CMYK" or im.width * im.height > MAX_PIXELS * 1.1:
                return f"Ghostscript's rendering is not what was asked for ({im.mode}, " \
                       f"{im.width} × {im.height} pixels)"
            ink, (x, y) = peak_ink(im)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        return f"Ghostscript's rendering cannot be read ({type(exc).__name__})"
    finally:
        out.unlink(missing_ok=True)
    return ink, (x / dpi * 25.4, y / dpi * 25.4)
