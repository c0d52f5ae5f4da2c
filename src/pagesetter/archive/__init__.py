"""`pagesetter archive ISSUE.yaml … -o DIR/`: the issues as one BagIt bag an archive can ingest.

    DIR/bagit.txt, bag-info.txt, manifest-sha256.txt, manifest-md5.txt, tagmanifest-*.txt
    DIR/data/<date>_<edition>/           one folder per issue, e.g. 2023-03-31_01/
        METS.xml                         the issue (mets.py)
        0001.jp2, 0002.jp2 …             service images, NDNP's JP2 profile (render/jp2.py)
        0001.xml …                       ALTO 4.4 (render/alto.py), words by the segmenter
        0001.pdf …                       each page without marks, trimmed, labelled
        press.pdf                        the issue's PDF/X as it goes to press

Pages are placed and drawn as a build does them; the package is made in a folder beside DIR
and moved into place once complete (the old package, if any, is only then removed), and the
same issues give the same bytes (dates come from the issues, never from the clock).
"""
from __future__ import annotations

import argparse
import hashlib
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from ..errors import EXIT_INPUT, EXIT_OK, EXIT_OVERSET, InputError, SourcePos
from ..interrupts import interrupts_deferred

DPI = 300


def archive_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pagesetter archive",
        description="Package issues for an archive: one BagIt bag with METS, ALTO, JPEG 2000 "
                    "and PDF for every page.")
    parser.add_argument("issue", type=Path, nargs="+")
    parser.add_argument("-o", "--output", type=Path, required=True,
                        help="the bag's folder (made anew; an existing bag there is replaced)")
    return parser


def archive_command(argv: list[str]) -> int:
    args = archive_parser().parse_args(argv)
    try:
        folders = archive_issues(args.issue, args.output)
    except InputError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.line(), file=sys.stderr)
        return EXIT_INPUT
    except Overset as exc:
        print(f"error: {exc} (hint: a package is made of pages that fit; build the issue to see "
              f"the fit report)", file=sys.stderr)
        return EXIT_OVERSET
    for folder in folders:
        print(f"archived {folder}")
    print(f"bag: {args.output}")
    return EXIT_OK


class Overset(Exception):
    """An issue whose copy does not fit: no package is made of it."""


def archive_issues(issue_files: list[Path], out: Path) -> list[str]:
    """Build the bag of `issue_files` at `out`; the names of the issue folders in it."""
    import bagit

    from ..kept import Kept, keeping
    from ..loader import load_issue
    from ..pipeline import place_pages

    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise InputError(SourcePos(str(out)), "the output is a file, not a folder for the bag",
                         hint="give a folder (-o DIR/)")
    if out.is_dir() and any(out.iterdir()) and not (out / "bagit.txt").is_file():
        raise InputError(SourcePos(str(out)), "the folder is not empty and holds no bag",
                         hint="give a new folder, or an earlier bag to replace")
    for issue_file in issue_files:
        if out == issue_file.resolve().parent or out in issue_file.resolve().parents:
            raise InputError(SourcePos(str(out)), "the bag would replace the folder of its own "
                             "issue file", hint="give a folder outside the issue's")
    out.parent.mkdir(parents=True, exist_ok=True)
    staged: Path | None = None
    try:
        with interrupts_deferred():  # the folder exists only once `staged` names it
            staged = Path(tempfile.mkdtemp(prefix=".pagesetter-bag-", dir=out.parent))
        folders: list[str] = []
        dates: list[str] = []
        with keeping(Kept()):
            for issue_file in issue_files:
                issue = load_issue(issue_file)
                pages = place_pages(issue)
                late = [page.number for page in pages if page.overset]
                if late:
                    raise Overset(f"{issue_file}: copy does not fit on page(s) "
                                  f"{', '.join(map(str, late))}")
                name = _folder_name(issue.date, folders)
                _issue_folder(staged / name, issue, pages)
                folders.append(name)
                dates.append(issue.date)
        bagit.make_bag(str(staged), bag_info={
            "Bagging-Date": max(dates), "Source-Organization": "pagesetter",
            "External-Description": "newspaper issues: METS, ALTO 4.4, JPEG 2000 and PDF "
                                    "per page (pagesetter archive)",
            "Bag-Count": "1 of 1"}, checksums=["sha256", "md5"])
        _replace(staged, out)
    finally:
        with interrupts_deferred():
            if staged is not None:
                shutil.rmtree(staged, ignore_errors=True)
    return folders


def _folder_name(date: str, taken: list[str]) -> str:
    edition = 1
    while f"{date}_{edition:02d}" in taken:
        edition += 1
    return f"{date}_{edition:02d}"


def _issue_folder(folder: Path, issue, pages) -> None:
    from ..compose import issue_words
    from ..compose.words import WordBreaks
    from ..pipeline import issue_pdf
    from ..render.alto import alto_page
    from .mets import PageFiles, mets_xml

    folder.mkdir(parents=True)
    words = WordBreaks(issue_words(issue)).cut
    files = []
    pdfs = [_page_pdf(issue, page) for page in pages]
    for sequence, (page, pdf, (image, pixels)) in enumerate(
            zip(pages, pdfs, _service_images(pdfs), strict=True), 1):
        stem = f"{sequence:04d}"
        alto = alto_page(page, DPI, f"{stem}.jp2", pixels, words, sequence)
        written = [_write(folder / f"{stem}.{ext}", data) for ext, data in
                   (("jp2", image), ("xml", alto.xml.encode("utf-8")), ("pdf", pdf))]
        files.append(PageFiles(sequence, page.number,
                               next((p.section for p in issue.pages
                                     if p.number == page.number), ""),
                               written[0], written[1], written[2], pixels, DPI,
                               alto.blocks_of))
    press = _write(folder / "press.pdf", issue_pdf(issue, pages))
    _write(folder / "METS.xml", mets_xml(issue, files, press))


def _service_images(pdfs: list[bytes]) -> Iterator[tuple[bytes, tuple[int, int]]]:
    """Each page's JP2 and its pixel size, in order; with two cores or more, the second half
    made by a forked helper meanwhile (parallel.SharedWork): OpenJPEG holds the interpreter
    while it encodes, so threads would not share the work."""
    from ..parallel import SharedWork
    from ..render.jp2 import page_jp2

    def made(index: int) -> tuple[bytes, tuple[int, int]]:
        return page_jp2(pdfs[index], DPI)

    if len(pdfs) < 2 or (os.cpu_count() or 1) < 2:
        yield from map(made, range(len(pdfs)))
        return
    shared = SharedWork(len(pdfs), len(pdfs) // 2, made, lambda: made)
    try:
        yield from shared.in_order()
    finally:
        shared.close()


def _page_pdf(issue, page) -> bytes:
    """The page alone, without marks, its media the trim box, labelled with its number."""
    import pikepdf

    from ..pipeline import finish_issue_pdf
    from ..render.pdf import render_pdf

    finished = finish_issue_pdf(issue, [page], render_pdf([page], marks=False))
    with pikepdf.open(io.BytesIO(finished)) as pdf:
        for sheet in pdf.pages:
            sheet.obj.MediaBox = sheet.obj.TrimBox
            if "/BleedBox" in sheet.obj:
                del sheet.obj.BleedBox
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False,
                 compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
        return out.getvalue()


def _write(path: Path, data: bytes) -> tuple[str, str, int]:
    path.write_bytes(data)
    return path.name, hashlib.sha256(data).hexdigest(), len(data)


def _replace(staged: Path, out: Path) -> None:
    """Move the complete bag to `out`; a bag there before is removed only then (and put
    back if the new one cannot move in). Ctrl-C waits: never is the old bag moved aside and
    the new one not in place."""
    with interrupts_deferred():
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            out.rename(old)
        try:
            staged.rename(out)
        except OSError:
            if old is not None:
                old.rename(out)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
