"""Total ink inside the bleed, from a Ghostscript rendering of each page (CMYK, overprint
applied, no colour management: the inks as the file states them).

Pages are rendered one at a time, each image read and deleted before the next is made, within a
time budget: a file of thousands of pages ends in a "skipped" finding for the pages left, never
in gigabytes of temporary images. Marks in registration colour outside the bleed are not page
content and are not measured.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from ..colour import TOTAL_INK_LIMIT, peak_ink
from .report import Report, Where

INK_DPI = 150  # ≥ 150 dpi: a 240 % spot of a photo's shadow is a few pixels
BUDGET = 120.0  # seconds for all pages
PAGE_TIMEOUT = 60.0


def check_ink(path: Path, data: bytes | None, report: Report) -> None:
    if not shutil.which("gs"):
        report.skip("ink.total", "Ghostscript (gs) is not installed")
        return
    import pikepdf

    from .document import box

    with tempfile.TemporaryDirectory(prefix="pagesetter-ink-") as folder:
        folder = Path(folder)
        source = path
        if data is not None:
            source = folder / "input.pdf"
            source.write_bytes(data)
        with pikepdf.open(source) as pdf:
            pages = [(box(p.obj, "/BleedBox") is not None) for p in pdf.pages]
        start = time.monotonic()
        worst = 0.0
        for number, has_bleed in enumerate(pages, 1):
            if time.monotonic() - start > BUDGET:
                report.skip("ink.total", f"skipped: too large (pages {number}–{len(pages)} not "
                                         f"measured within {BUDGET:.0f} s)")
                break
            measured = _page_ink(source, number, has_bleed, folder)
            if isinstance(measured, str):
                report.skip("ink.total", f"page {number}: {measured}")
                continue
            ink, (x_mm, y_mm) = measured
            worst = max(worst, ink)
            if ink > TOTAL_INK_LIMIT + 1:
                report.fail("ink.total", f"{ink:.0f}% total ink, {x_mm:.1f} mm from the left "
                                         f"and {y_mm:.1f} mm from the top of the "
                                         f"{'bleed' if has_bleed else 'trim'}",
                            Where(page=number), round(ink, 1))
        report.close_rule("ink.total", f"at most {worst:.0f}% (limit {TOTAL_INK_LIMIT}%)")


def _page_ink(source: Path, number: int, has_bleed: bool, folder: Path):
    """(peak ink in percent, its place in mm from the top-left of the measured box), or why it
    could not be measured."""
    from PIL import Image

    out = folder / f"page-{number}.tif"
    box = "-dUseBleedBox" if has_bleed else "-dUseTrimBox"
    cmd = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc", f"-r{INK_DPI}",
           box, "-sOverprint=enable", "-dUseFastColor=true", f"-dFirstPage={number}",
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
            ink, (x, y) = peak_ink(im)
    finally:
        out.unlink(missing_ok=True)
    return ink, (x / INK_DPI * 25.4, y / INK_DPI * 25.4)
