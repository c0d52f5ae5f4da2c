"""The build of one issue: the one use case `pagesetter ISSUE.yaml`, batch mode and `watch` all
run.

    load the issue → plan its outputs (never one of its inputs) → place and draw its pages →
    report the fit → finish each document as PDF/X → stage every output beside its place →
    preflight → commit them together

It decides and returns a result (`Built`: exit status, what it placed, what it wrote, the lines
to show); it prints nothing. A caller that keeps placed pages between builds (`watch`) passes
its own placer. Input errors, a page the make-up cannot close and an output that cannot be
written end as a result with their messages, never as a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from .errors import (EXIT_FAILURE, EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_OVERSET,
                     EXIT_UNCHECKED, InputError)
from .finishing import HERE, Finishing
from .kept import Kept, keeping
from .model import Issue
from .options import BuildOptions
from .placed import PlacedPage
from .report import fit_messages, summary

if TYPE_CHECKING:
    from .yamlsrc import Reading


@dataclass
class Built:
    """What a build did: its exit status, the issue and pages it placed, the documents it
    planned and the files it put in place, the first document's bytes, the preflight reports,
    and the lines to show (standard output and standard error, in order)."""

    status: int
    issue: Issue | None = None
    pages: tuple[PlacedPage, ...] = ()
    documents: tuple[Path, ...] = ()
    written: tuple[Path, ...] = ()
    pdf: bytes | None = None
    reports: tuple = ()
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    refused_output: bool = False  # an output was an input (or not a regular file)
    placed: int = 0  # pages written (kept when the pages themselves are not)

    @property
    def error_lines(self) -> tuple[str, ...]:
        return tuple(line for line in self.err if line.startswith("error: "))


#: A placer: the issue's pages placed (and drawn into one document, or None), given the issue.
Placer = Callable[[Issue, BuildOptions], tuple[list[PlacedPage], bytes | None]]


def build_issue(issue_file: Path, options: BuildOptions, placer: Placer | None = None,
                reading: Reading | None = None, kept: Kept | None = None,
                written: list[Path] | None = None, finishing: Finishing = HERE) -> Built:
    """Build `issue_file` (see the module); `reading` gathers the files it names, even when it
    cannot be read (`watch` watches them); `kept`: what the caller keeps from build to build
    (kept.py), or nothing; `written`: the caller's record of the files put in place, each added
    as it is renamed into place; `finishing`: where the documents are finished (finishing.py:
    here, or the command's helper, which may have loaded the issue already)."""
    from .files import OutputRefused
    from .place.makeup import NoFit

    try:
        with keeping(kept or Kept()):
            return _build(issue_file, options, placer or _placed_and_drawn, reading, written,
                          finishing)
    except NoFit as exc:
        return Built(EXIT_OVERSET, err=[
            f"error: {issue_file}: {exc}",
            f"error: {issue_file}: the page cannot be made up; nothing written (pass "
            f"--allow-overset for a marked proof of the best arrangement found)"])
    except InputError as exc:
        err = [diagnostic.line() for diagnostic in exc.diagnostics]
        if exc.also:
            err.append(f"error: {issue_file}: {len(exc.diagnostics)} problems; nothing written")
        return Built(EXIT_INPUT, err=err, refused_output=isinstance(exc, OutputRefused))
    except OSError as exc:  # an output folder that cannot be written, a full disk …
        where = exc.filename or options.output_for(issue_file)
        return Built(EXIT_INPUT, err=[
            f"error: {issue_file}: cannot write {where}: {exc.strerror or exc} (hint: check the "
            f"output path and its permissions; nothing was replaced)"])


def _build(issue_file: Path, options: BuildOptions, placer: Placer,
           reading: Reading | None, written: list[Path] | None, finishing: Finishing) -> Built:
    from .cache import look_at_folder
    from .files import Outputs, check_outputs
    from .layout_ink import ink_problems
    from .pipeline import document_info, input_files

    # The command's helper loaded the issue while this process imported (finishing.py).
    issue = finishing.loaded(issue_file) if reading is None else None
    if issue is None:
        from .loader import load_issue

        issue = load_issue(issue_file, reading)
    look_at_folder()  # before the placing helper is forked: its warnings are printed once
    err = [diagnostic.line() for diagnostic in issue.warnings]
    numbers = [p.number for p in issue.pages]
    documents = options.pdfs_for(issue_file, numbers)
    extras = planned_extras(issue_file.stem, numbers, options)
    check_outputs([*documents, *extras], input_files(issue), issue_file)
    pages, drawn = placer(issue, options)
    err += fit_messages(issue_file, pages)
    overset = any(page.overset for page in pages)
    if overset and not options.allow_overset:
        err.append(f"error: {issue_file}: copy does not fit; nothing written (shorten the copy, "
                   f"enlarge the boxes, or pass --allow-overset for a marked proof)")
        return Built(EXIT_OVERSET, issue, tuple(pages), tuple(documents), err=err)
    # One document for the issue, or one per page (plate-making works page by page).
    groups = [pages] if len(documents) == 1 else [[page] for page in pages]
    proof = options.grid or overset
    outputs = Outputs(written)
    reports, first = [], None
    try:
        for path, group in zip(documents, groups, strict=True):
            # The preflight is `pagesetter check` on the bytes this build made. Our inks are
            # known exactly from the layout, so they are summed from it (Ghostscript's rendering
            # is for PDFs from elsewhere); glyph coverage is known from composition, so the
            # fonts are not parsed again (`pagesetter check` does).
            pdf, report = finishing.finish(
                drawn if drawn and len(documents) == 1 else _drawn(group, options),
                document_info(issue, group),
                path if not proof and options.preflight else None,
                partial(ink_problems, group), options.workers)
            first = first if first is not None else pdf
            outputs.stage(path, pdf)
            for extra, data in page_outputs(issue_file.stem, pdf, group, options):
                outputs.stage(extra, data)
            if report is not None:
                reports.append(report)
        if options.dump:
            from .render.dump import dump_pages

            outputs.stage(options.dump, dump_pages(pages).encode("utf-8"))
        outputs.commit()
    except KeyboardInterrupt:
        return Built(EXIT_INTERRUPTED, issue, tuple(pages), tuple(documents),
                     tuple(outputs.committed), err=err + _interrupted(outputs,
                                                                      [*documents, *extras]))
    finally:
        outputs.discard()
    out = summary(documents, pages, len(outputs.committed) - len(documents))
    status = EXIT_OVERSET if overset else EXIT_OK
    if overset:
        out.append("  preflight: skipped (an overset proof is not for press; `pagesetter check` "
                   "fails it)")
    elif options.grid:
        out.append("  preflight: skipped (a --grid proof is not for press)")
    elif reports:
        out.append("  preflight: " + next((r.verdict() for r in reports if not r.ok or
                                           not r.complete), "passed"))
        err += [report.text() for report in reports if not report.ok]
        status = EXIT_FAILURE if not all(r.ok for r in reports) else \
            EXIT_UNCHECKED if not all(r.complete for r in reports) else status
    return Built(status, issue, tuple(pages), tuple(documents), tuple(outputs.committed), first,
                 tuple(reports), out, err, placed=len(pages))


def _placed_and_drawn(issue: Issue, options: BuildOptions) \
        -> tuple[list[PlacedPage], bytes | None]:
    """Every page placed; with one document, each drawn as soon as it is placed (finished
    once all fit); with one per page (--split), drawn later, page by page."""
    from .pipeline import draw_issue, place_pages

    if not options.split:
        drawn = draw_issue(issue, options.grid, options.workers, options.marks,
                           proof=options.allow_overset,
                           effort=options.plan_effort)
        return list(drawn.pages), drawn.pdf
    return place_pages(issue, grid=options.grid, workers=options.workers,
                       proof=options.allow_overset, effort=options.plan_effort), None


def _interrupted(outputs, planned: list[Path]) -> list[str]:
    if outputs.committed:
        missing = [str(p) for p in planned if p not in outputs.committed]
        return [f"pagesetter: interrupted; wrote {', '.join(map(str, outputs.committed))}"
                + (f"; not written: {', '.join(missing)}" if missing else "")]
    return ["pagesetter: interrupted; no output was replaced"]


def planned_extras(stem: str, page_numbers: Sequence[int], options: BuildOptions) -> list[Path]:
    """The paths of the page images, ALTO files and dump this build will write."""
    paths = []
    if options.png:
        paths += [options.png / f"{stem}-p{n}.png" for n in page_numbers]
    if options.alto:
        paths += [options.alto / f"{stem}-p{n}.xml" for n in page_numbers]
    if options.dump:
        paths.append(options.dump)
    return paths


def page_outputs(stem: str, pdf: bytes, pages: Sequence[PlacedPage], options: BuildOptions):
    """(path, bytes) of the page images (rendered from the bytes this build made) and ALTO
    files of `pages`, the pages `pdf` holds."""
    sizes: dict[int, tuple[int, int]] = {}
    if options.png:
        from .render.png import page_images

        for number, png, size in page_images(pdf, [p.number for p in pages], options.dpi,
                                             options.workers):
            sizes[number] = size
            yield options.png / f"{stem}-p{number}.png", png
    if options.alto:
        from .render.alto import alto_xml

        for page in pages:
            xml = alto_xml(page, options.dpi, f"{stem}-p{page.number}.png",
                           sizes.get(page.number))
            yield options.alto / f"{stem}-p{page.number}.xml", xml.encode("utf-8")


def _drawn(pages: Sequence[PlacedPage], options: BuildOptions) -> bytes:
    """`pages` drawn into a document of their own (--split)."""
    from .render.pdf import render_pdf

    return render_pdf(pages, options.marks)
