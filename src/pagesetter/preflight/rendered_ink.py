"""Total ink inside the bleed, from a Ghostscript rendering of each page (CMYK, overprint
applied, no colour management: the inks as the file states them).

Bounded before Ghostscript starts: a file whose pages draw more than a renderer can go through
in seconds (forms drawn over and over, counted by the content walk) is not rendered, and each page
is rendered at a resolution that keeps it within MAX_PIXELS (a lower one for a huge page, or a
"skipped: too large" finding). Pages are rendered a few at a time by each of a few Ghostscript
processes (one per core), each image read and deleted as soon as its run is done, within a time
budget. A rule that could not be measured is a "skip",
never a pass. Marks in registration colour outside the bleed are not page content and are not
measured.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import typing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

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
#: Pages one Ghostscript process renders: it reads the file once for them.
RUN_PAGES = 4
#: Ghostscript processes at once, whatever the cores: each holds a page of up to MAX_PIXELS
#: (and this process its image, decoded) while it renders.
MAX_RENDERERS = 4


def check_ink(path: Path, data: bytes | None, report: Report, drawing=None,
              workers: int = 1) -> None:
    """Total ink, page by page. `drawing`: what the content walk counted the pages to draw
    (content.Drawing), or None when it could not count. `workers`: Ghostscript processes
    rendering at once (the findings are the same for any number)."""
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
        runs = _runs(pages)
        deadline = time.monotonic() + BUDGET
        with ThreadPoolExecutor(min(max(1, workers), MAX_RENDERERS)) as pool:
            measured = dict(item for found in pool.map(
                lambda run: _run_ink(source, run, folder, deadline), runs) for item in found)
    worst = 0.0
    late = [number for run in runs for number in range(run.first, run.first + run.length)
            if measured.get(number) is None]
    for number, (has_bleed, size) in enumerate(pages, 1):
        dpi = _resolution(size)
        result = measured.get(number)
        if dpi < MIN_DPI:
            report.skip("ink.total", f"page {number}: skipped: too large (a page of "
                                     f"{size[0]:.0f} × {size[1]:.0f} pt)")
        elif isinstance(result, str):
            report.skip("ink.total", f"page {number}: {result}")
        elif result is not None:
            ink, (x_mm, y_mm) = result
            rough = "" if dpi == INK_DPI else f" (measured at {dpi} dpi)"
            worst = max(worst, ink)
            if ink > TOTAL_INK_LIMIT + 1:
                report.fail("ink.total", f"{ink:.0f}% total ink, {x_mm:.1f} mm from the left "
                                         f"and {y_mm:.1f} mm from the top of the "
                                         f"{'bleed' if has_bleed else 'trim'}{rough}",
                            Where(page=number), round(ink, 1))
    if late:
        report.skip("ink.total", f"skipped: too large (pages {_ranges(late)} not measured "
                                 f"within {BUDGET:.0f} s)")
    report.close_rule("ink.total", f"at most {worst:.0f}% (limit {TOTAL_INK_LIMIT}%)")


class _Run(NamedTuple):
    """Consecutive pages Ghostscript renders in one run: the same box and resolution."""

    first: int  # page number
    length: int  # pages
    has_bleed: bool
    dpi: int


def _runs(pages: list[tuple[bool, tuple[float, float]]]) -> list[_Run]:
    """The pages that can be measured, in runs of at most RUN_PAGES: one Ghostscript process
    reads the file once for the run, and the run's images (PackBits-compressed, a few MB a
    page) are on disk only until they are measured."""
    runs: list[_Run] = []
    for number, (has_bleed, size) in enumerate(pages, 1):
        dpi = _resolution(size)
        if dpi < MIN_DPI:
            continue
        last = runs[-1] if runs else None
        if last and last.first + last.length == number and last.length < RUN_PAGES \
                and (last.has_bleed, last.dpi) == (has_bleed, dpi):
            runs[-1] = last._replace(length=last.length + 1)
        else:
            runs.append(_Run(number, 1, has_bleed, dpi))
    return runs


def _run_ink(source: Path, run: _Run, folder: Path, deadline: float) \
        -> list[tuple[int, tuple[float, tuple[float, float]] | str | None]]:
    """(page number, what _measured finds, or why it was not rendered) for the pages of `run`;
    None for a page not reached before `deadline`."""
    numbers = range(run.first, run.first + run.length)
    left = deadline - time.monotonic()
    if left <= 0:
        return [(number, None) for number in numbers]
    images = _rendered(source, run, folder, min(PAGE_TIMEOUT * run.length, left))
    if not isinstance(images, str):
        return [(number, _measured(image, run.dpi))
                for number, image in zip(numbers, images, strict=True)]
    if time.monotonic() >= deadline:  # stopped by the budget, not by its pages
        return [(number, None) for number in numbers]
    if run.length == 1:
        return [(run.first, images)]
    # A run Ghostscript cannot finish is rendered again page by page, so that what fails is
    # named at its own page.
    return [found for number in numbers
            for found in _run_ink(source, run._replace(first=number, length=1), folder,
                                  deadline)]


def _ranges(numbers: list[int]) -> str:
    """3, 5–9, 12"""
    parts: list[list[int]] = []
    for number in numbers:
        if parts and parts[-1][1] + 1 == number:
            parts[-1][1] = number
        else:
            parts.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in parts)


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


def _rendered(source: Path, run: _Run, folder: Path, timeout: float) -> list[Path] | str:
    """The images of the pages of `run`, in order, or why Ghostscript could not make them."""
    pattern = folder / f"run-{run.first}-%d.tif"
    box = "-dUseBleedBox" if run.has_bleed else "-dUseTrimBox"
    cmd = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dNoUserUnit", "-sDEVICE=tiff32nc",
           "-sCompression=pack", f"-r{run.dpi}", box, "-sOverprint=enable",
           "-dUseFastColor=true", f"-dFirstPage={run.first}",
           f"-dLastPage={run.first + run.length - 1}", f"-sOutputFile={pattern}", str(source)]
    images = [folder / f"run-{run.first}-{index}.tif" for index in range(1, run.length + 1)]
    try:
        result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                timeout=timeout, text=True, errors="replace")
    except subprocess.TimeoutExpired:
        why = f"skipped: too large (rendering took more than {PAGE_TIMEOUT:.0f} s)"
    else:
        if result.returncode == 0 and all(image.exists() for image in images):
            return images
        why = f"Ghostscript could not render it ({result.stderr.strip()[:120]})"
    for image in images:
        image.unlink(missing_ok=True)
    return why


def _measured(image: Path, dpi: int) -> tuple[float, tuple[float, float]] | str:
    """(peak ink in percent, its place in mm from the top-left of the measured box) of a
    page's image, which is then deleted; or why it could not be measured."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(image) as im:
            if im.mode != "CMYK" or im.width * im.height > MAX_PIXELS * 1.1:
                return f"Ghostscript's rendering is not what was asked for ({im.mode}, " \
                       f"{im.width} × {im.height} pixels)"
            ink, (x, y) = peak_ink(im)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        return f"Ghostscript's rendering cannot be read ({type(exc).__name__})"
    finally:
        image.unlink(missing_ok=True)
    return ink, (x / dpi * 25.4, y / dpi * 25.4)
