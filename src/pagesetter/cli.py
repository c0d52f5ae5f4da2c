"""Command line: `pagesetter ISSUE.yaml [-o OUT.pdf]` builds; `pagesetter check FILE.pdf`
preflights. Parses arguments into `BuildOptions`, runs the pipeline, prints the reports."""
from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import signal
import sys
import time
from pathlib import Path
from typing import Iterator, NamedTuple, Sequence

from . import __version__
from .errors import (EXIT_FAILURE, EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_OVERSET,
                     EXIT_UNCHECKED, InputError)
from .files import note_written, written
from .place.makeup import NoFit
from .pipeline import BuildOptions, output_option

#: The highest --dpi: page images are rendered whole, and 600 dpi is already ~1 GB of memory
#: for a broadsheet page (archives keep 300–400 dpi masters).
MAX_DPI = 600


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pagesetter",
        description="Set a Chinese newspaper issue described in YAML as print-ready page PDFs.",
        epilog="Also: `pagesetter check FILE.pdf …` preflights PDFs for newsprint; "
               "`pagesetter watch ISSUE.yaml` rebuilds on every save with a live preview in the "
               "browser; `pagesetter plan ISSUE.yaml` prints the places the make-up chooses for "
               "`place: auto`; `pagesetter schema` prints the issue format as JSON Schema. "
               "Exit codes: "
               "0 built, 1 preflight failed, 2 input error, 3 copy does not fit.")
    parser.add_argument("issue", nargs="+", type=Path,
                        help="issue file(s), e.g. issues/2023-03.yaml")
    parser.add_argument("-o", "--output",
                        help="PDF to write (default: out/<issue file stem>.pdf), or a folder "
                             "to write it in (an existing one, or a name ending in /)")
    parser.add_argument("--allow-overset", action="store_true",
                        help="write the page even when copy does not fit (marked, and reported)")
    parser.add_argument("--grid", action="store_true",
                        help="proof overlay: base columns, line grid and article boxes")
    parser.add_argument("--dump", help="also write a text dump of every placed line")
    parser.add_argument("--png", metavar="DIR",
                        help="also write one PNG per page of the trim area (archive images)")
    parser.add_argument("--dpi", type=int, default=300, help="resolution of --png and --alto "
                        "(default 300, at most 1200)")
    parser.add_argument("--alto", metavar="DIR",
                        help="also write one ALTO v4 XML file per page (text with positions)")
    parser.add_argument("-j", "--jobs", type=int, default=None,
                        help="processes to use (default: all cores): issues built at once in "
                             "batch mode; for one issue of several pages, processes placing "
                             "its pages")
    parser.add_argument("--marks", choices=["crop", "none"], default="crop",
                        help="crop: crop and registration marks and a slug outside the bleed "
                             "(default); none: bare pages, the media box is the bleed box")
    parser.add_argument("--split", action="store_true",
                        help="write one PDF/X file per page, <issue>-p<N>.pdf, instead of one "
                             "for the issue (plate-making works page by page)")
    parser.add_argument("--no-check", action="store_true",
                        help="skip the preflight of the written PDF")
    parser.add_argument("--plan-effort", type=int, default=1, metavar="N",
                        help="let the automatic make-up search N times as long (default 1)")
    parser.add_argument("--version", action="version", version=f"pagesetter {__version__}")
    return parser


def check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pagesetter check",
        description="Preflight PDFs for newsprint against PDF/X-1a:2001.",
        epilog="Exit codes: 0 every file passed, 1 a rule failed, 2 a file is not a readable "
               "PDF, 4 the rules that could be applied passed but some could not be (total ink "
               "needs Ghostscript, `gs`; a file too large to check is not checked).")
    parser.add_argument("pdf", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true",
                        help="print a JSON report (one object per finding: rule, verdict, "
                             "message, where, value)")
    return parser


def run() -> None:
    """The `pagesetter` command: main(), then the process ends at once. A build leaves a heap of
    some million objects; freeing them one by one as the interpreter shuts down takes 60–70 ms
    of a 1-second build (measured) and writes nothing, so once the output is flushed (every file
    is closed and in place by then, and every helper process joined) the process exits without
    that teardown, as mypy's command does."""
    status = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more to say
            pass
    os._exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    _robust_streams()
    previous = _terminate_like_interrupt()
    already = len(written())  # files put in place before this call (a caller's earlier builds)
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        done = written()[already:]
        print("pagesetter: interrupted; " + (f"wrote {', '.join(map(str, done))}" if done
                                             else "no output was replaced"), file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _robust_streams() -> None:
    """Messages never fail to print: a terminal or PYTHONIOENCODING that cannot show Chinese,
    or a file name that is not UTF-8, gets escapes instead of a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _terminate_like_interrupt():
    """SIGTERM stops a build as Ctrl-C does: staged files removed, the message says what was
    written. Returns the handler it replaced (only in the main thread)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, stop)


#: Sub-commands: `pagesetter NAME …`. Anything else is a build.
COMMANDS = {"check": lambda argv: check_command(argv),
            "schema": lambda argv: schema_command(argv),
            "plan": lambda argv: plan_command(argv),
            "watch": lambda argv: _watch(argv)}


def _watch(argv: list[str]) -> int:
    from .watch import watch_command

    return watch_command(argv)


def _main(argv: list[str]) -> int:
    if argv[:1] and argv[0] in COMMANDS:
        return COMMANDS[argv[0]](argv[1:])
    return build_command(argv)


@contextlib.contextmanager
def _collecting_rarely() -> Iterator[None]:
    """A build makes many objects and next to no cyclic garbage, so the cycle collector's
    passes over the growing heap are time spent for nothing (6–8 % of a 16-page build,
    measured with bench/bench.py): during a build it runs rarely, and never over what the
    imports made. A 16-page build makes about 150,000 objects in each of its processes (a
    face's parse alone makes tens of thousands, none of them garbage), so with the first
    threshold at 200,000 (as mypy sets it) a build of that size never runs it; a larger one
    spends as much on it per object as before. At the end the build's objects join the old
    generation as they are: restoring Python's threshold with that many young objects pending
    would start a pass over all of them at once (6–17 ms). `watch` lives long and keeps
    Python's defaults."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(200_000, 50, 100)
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(*before)
        gc.unfreeze()


def build_command(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if not 30 <= args.dpi <= MAX_DPI:
        return _usage(f"--dpi takes 30…{MAX_DPI} (a broadsheet page at {MAX_DPI} dpi is already "
                      f"{MAX_DPI * 390 // 25.4 * MAX_DPI * 546 // 25.4 / 1e6:.0f} megapixels; "
                      f"archives keep 300–400)")
    if args.jobs is not None and args.jobs < 1:
        return _usage("-j takes a whole number of processes, 1 or more")
    if not 1 <= args.plan_effort <= 100:
        return _usage("--plan-effort takes 1…100")
    for flag, value in (("-o", args.output), ("--dump", args.dump), ("--png", args.png),
                        ("--alto", args.alto)):
        if value is not None and not value.strip():
            return _usage(f"{flag} names no path")
    output, output_dir = output_option(args.output)
    if args.output and len(args.issue) > 1 and not output_dir:
        return _usage("-o names one file; give a folder (ending in /) to build several issues")
    if args.split and args.output and not output_dir:
        return _usage("--split writes one PDF per page; give -o a folder (ending in /)")
    stems = [f.stem for f in args.issue]
    if len(set(stems)) != len(stems):
        return _usage("two issue files have the same name, so their PDFs would overwrite "
                      "each other")
    cores = args.jobs or os.cpu_count() or 1
    jobs = min(cores, len(args.issue))
    options = BuildOptions(
        output=output, output_dir=output_dir, allow_overset=args.allow_overset,
        grid=args.grid, dump=_path(args.dump), png=_path(args.png), alto=_path(args.alto),
        dpi=args.dpi, check=not args.no_check, marks=args.marks == "crop",
        # One issue gets the cores for its pages; in batch mode each issue gets one.
        workers=cores if len(args.issue) == 1 else 1, split=args.split,
        plan_effort=args.plan_effort)
    with _collecting_rarely():
        return _build_all(args.issue, options, jobs)


def _build_all(issues: list[Path], options: BuildOptions, jobs: int) -> int:
    if len(issues) == 1:
        return build_reporting_errors(issues[0], options).status
    started = time.perf_counter()
    if jobs <= 1:
        built = [build_reporting_errors(f, options) for f in issues]
    else:
        built = _build_batch(issues, options, jobs)
    failed = sum(1 for b in built if b.status != EXIT_OK)
    print(f"batch: {len(built)} issues, {len(built) - failed} built, {failed} failed; "
          f"{sum(b.pages for b in built)} pages in {time.perf_counter() - started:.1f} s")
    return max(b.status for b in built)


def _path(value: str | None) -> Path | None:
    return None if value is None else Path(value)


def _usage(message: str) -> int:
    print(f"pagesetter: {message}", file=sys.stderr)
    return EXIT_INPUT


def build_reporting_errors(issue_file: Path, options: BuildOptions) -> Built:
    out = options.output_for(issue_file)
    try:
        return build(issue_file, options)
    except NoFit as exc:
        print(f"error: {issue_file}: {exc}", file=sys.stderr)
        print(f"error: {issue_file}: the page cannot be made up; nothing written (pass "
              f"--allow-overset for a marked proof of the best arrangement found)",
              file=sys.stderr)
        return Built(EXIT_OVERSET, 0)
    except InputError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.line(), file=sys.stderr)
        if exc.also:
            print(f"error: {issue_file}: {len(exc.diagnostics)} problems; nothing written",
                  file=sys.stderr)
        return Built(EXIT_INPUT, 0)
    except OSError as exc:  # an output folder that cannot be written, a full disk …
        where = exc.filename or out
        print(f"error: {issue_file}: cannot write {where}: {exc.strerror or exc} (hint: check "
              f"the output path and its permissions; nothing was replaced)", file=sys.stderr)
        return Built(EXIT_INPUT, 0)


def _build_batch(issues: list[Path], options: BuildOptions, jobs: int) -> list[Built]:
    """Batch mode: whole issues built in parallel by worker processes, each one's messages
    printed in issue order. On Ctrl-C (or SIGTERM) the issues not started are dropped and the
    workers' builds are interrupted (each keeps the old files or has put all its new ones in
    place); the files they wrote are counted as this process's, for the message."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    stop = context.Event()
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_idle_worker,
                             initargs=(stop,)) as pool:
        futures = [pool.submit(_build_captured, f, options) for f in issues]
        try:
            results = [future.result() for future in futures]
        except KeyboardInterrupt:
            stop.set()
            _stop_batch(futures)
            raise
    for result in results:  # first, so that an interrupt while they are shown names them
        note_written(result.written)
    for result in results:
        _show(result)
    return [result.built for result in results]


class Captured(NamedTuple):
    """One issue built by a batch worker: its result, messages and the files it wrote."""

    built: Built
    out: str
    err: str
    written: list[Path]


def _show(result: Captured) -> None:
    sys.stdout.write(result.out)
    sys.stderr.write(result.err)


#: In a batch worker: set by the batch's process once it is interrupted.
_STOP = None


def _idle_worker(stop) -> None:
    """A batch worker ignores Ctrl-C between issues (it would die with a traceback); the
    interrupt stops the issue it is building, and no issue starts once `stop` is set (see
    _build_captured)."""
    global _STOP
    _STOP = stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _build_captured(issue_file: Path, options: BuildOptions) -> Captured:
    already = len(written())
    out, err = io.StringIO(), io.StringIO()
    # Ctrl-C is let in before `stop` is looked at: the batch's process sets `stop` and then
    # interrupts its workers, so an issue either sees `stop` or is interrupted.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                if _STOP is not None and _STOP.is_set():
                    raise KeyboardInterrupt
                built = build_reporting_errors(issue_file, options)
            except KeyboardInterrupt:  # before its outputs were staged: nothing written
                built = Built(EXIT_INTERRUPTED, 0)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    return Captured(built, out.getvalue(), err.getvalue(), written()[already:])


def _stop_batch(futures: list) -> None:
    """After an interrupt: drop the issues not started, interrupt the builds under way (Ctrl-C
    at a terminal reaches the workers too; SIGTERM reaches only this process), wait for them,
    show the issues that were finished and note every file written. A second interrupt stops
    the wait."""
    import multiprocessing
    from concurrent.futures import wait

    for future in futures:
        future.cancel()
    for worker in multiprocessing.active_children():
        with contextlib.suppress(OSError):
            os.kill(worker.pid, signal.SIGINT)
    wait([future for future in futures if not future.cancelled()])
    finished = [future.result() for future in futures
                if future.done() and not future.cancelled() and future.exception() is None]
    for result in finished:
        note_written(result.written)
    for result in finished:
        if result.built.status != EXIT_INTERRUPTED:
            _show(result)


class Built(NamedTuple):
    status: int  # exit code
    pages: int  # pages written


def build(issue_file: Path, options: BuildOptions) -> Built:
    """One issue: load → check the outputs → compose, place and draw (each page drawn as it is
    placed; with --split, each page's document drawn once all are placed) → report the fit →
    finish → stage every output → preflight → commit them together."""
    from .files import Outputs, check_outputs
    from .loader import load_issue
    from .pipeline import draw_issue, finish_issue_pdf, input_files, issue_pdf, place_pages

    issue = load_issue(issue_file)
    for diagnostic in issue.warnings:
        print(diagnostic.line(), file=sys.stderr)
    numbers = [p.number for p in issue.pages]
    documents = options.pdfs_for(issue_file, numbers)
    extras = planned_extras(issue_file.stem, numbers, options)
    check_outputs([*documents, *extras], input_files(issue), issue_file)
    if len(documents) == 1:  # pages drawn as they are placed; finished once all fit
        drawn = draw_issue(issue, options.grid, options.workers, options.marks,
                           beside_save=_import_finishing, proof=options.allow_overset,
                           effort=options.plan_effort)
        pages = list(drawn.pages)
    else:
        drawn = None
        pages = place_pages(issue, grid=options.grid, workers=options.workers,
                            proof=options.allow_overset, effort=options.plan_effort)
    overset = report_fit(issue_file, pages)
    if overset and not options.allow_overset:
        print(f"error: {issue_file}: copy does not fit; nothing written (shorten the copy, enlarge "
              f"the boxes, or pass --allow-overset for a marked proof)", file=sys.stderr)
        return Built(EXIT_OVERSET, 0)
    # One document for the issue, or one per page (plate-making works page by page).
    groups = [pages] if len(documents) == 1 else [[page] for page in pages]
    proof = options.grid or overset
    outputs = Outputs()
    reports = []
    try:
        for path, group in zip(documents, groups, strict=True):
            pdf = finish_issue_pdf(issue, group, drawn.pdf) if drawn else \
                issue_pdf(issue, group, marks=options.marks)
            outputs.stage(path, pdf)
            for extra, data in page_outputs(issue_file.stem, pdf, group, options):
                outputs.stage(extra, data)
            if not proof and options.check:
                reports.append(preflight(path, pdf, group, options.workers))
        if options.dump:
            from .render.dump import dump_pages

            outputs.stage(options.dump, dump_pages(pages).encode("utf-8"))
        outputs.commit()
    except KeyboardInterrupt:
        return Built(_interrupted(outputs, [*documents, *extras]), 0)
    finally:
        outputs.discard()
    print_summary(documents, pages, len(outputs.committed) - len(documents))
    if overset:
        print("  preflight: skipped (an overset proof is not for press; `pagesetter check` "
              "fails it)")
    elif options.grid:
        print("  preflight: skipped (a --grid proof is not for press)")
    elif reports:
        passed = all(report.ok for report in reports)
        complete = all(report.complete for report in reports)
        print("  preflight: " + next((r.verdict() for r in reports if not r.ok or
                                      not r.complete), "passed"))
        for report in reports:
            if not report.ok:
                print(report.text(), file=sys.stderr)
        if not passed:
            return Built(EXIT_FAILURE, len(pages))
        if not complete:
            return Built(EXIT_UNCHECKED, len(pages))
    return Built(EXIT_OVERSET if overset else EXIT_OK, len(pages))


def _import_finishing() -> None:
    """The modules that finish and preflight a drawn document (pikepdf's import alone takes
    35 ms), imported beside ReportLab's save (draw_issue)."""
    from .check import content, document  # noqa: F401
    from .ink import ink_problems  # noqa: F401
    from .render import pdfx  # noqa: F401


def _interrupted(outputs, planned: list[Path]) -> int:
    if outputs.committed:
        missing = [str(p) for p in planned if p not in outputs.committed]
        print(f"pagesetter: interrupted; wrote {', '.join(map(str, outputs.committed))}"
              + (f"; not written: {', '.join(missing)}" if missing else ""), file=sys.stderr)
    else:
        print("pagesetter: interrupted; no output was replaced", file=sys.stderr)
    return EXIT_INTERRUPTED


def report_fit(issue_file: Path, pages: Sequence) -> bool:
    """Warnings and one line per overset article on stderr; whether anything is overset."""
    for page in pages:
        for diagnostic in page.warnings:
            print(diagnostic.line(), file=sys.stderr)
        if page.unplanned:
            print(f"error: {issue_file}: {page.unplanned}; made up as a proof", file=sys.stderr)
    overset = [fit for page in pages for fit in page.fit if fit.over]
    for fit in overset:
        print(f"overset: {issue_file}: {fit.path} {overset_message(fit)}", file=sys.stderr)
    return bool(overset) or any(page.unplanned for page in pages)


def overset_message(fit) -> str:
    """What an editor needs to make copy fit: where it stands, by how much it is over, what to
    cut or how much taller its box must be, and where the overset starts."""
    where = f" ({fit.area.describe()})" if fit.area else ""
    if fit.estimated:
        return (f"`{fit.name}`{where} is far too long: about {fit.over} lines over "
                f"({fit.chars_over} characters; {fit.lines_available} lines available) — is "
                f"this the right copy?")
    taller = f", or make it {fit.taller_by} grid line{'s' if fit.taller_by != 1 else ''} taller" \
        if fit.taller_by else ""
    return (f"`{fit.name}`{where} is {fit.over} line{'s' if fit.over != 1 else ''} too long "
            f"({fit.lines_needed} needed, {fit.lines_available} available; more than "
            f"copyfitting closes): cut {fit.chars_over} characters{taller}; the overset starts "
            f"at “{fit.overset_from}”")


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


def page_outputs(stem: str, pdf: bytes, pages: Sequence, options: BuildOptions):
    """(path, bytes) of the page images (rendered from the bytes this build made) and ALTO
    files of `pages`, the pages `pdf` holds."""
    sizes: dict[int, tuple[int, int]] = {}
    if options.png:
        from .render.png import page_images

        for number, (png, size) in page_images(pdf, [p.number for p in pages],
                                               options.dpi).items():
            sizes[number] = size
            yield options.png / f"{stem}-p{number}.png", png
    if options.alto:
        from .render.alto import alto_xml

        for page in pages:
            xml = alto_xml(page, options.dpi, f"{stem}-p{page.number}.png",
                           sizes.get(page.number))
            yield options.alto / f"{stem}-p{page.number}.xml", xml.encode("utf-8")


def print_summary(documents: Sequence[Path], pages: Sequence, extras: int = 0) -> None:
    from .colour import press_image, press_key  # each photo as the PDF holds it (kept)

    also = f" and {extras} other file{'s' if extras != 1 else ''}" if extras else ""
    if len(documents) == 1:
        print(f"wrote {documents[0]}{also}")
    else:
        print(f"wrote {len(documents)} page files, {documents[0]} … {documents[-1]}{also}")
    for page in pages:
        print(page_summary(page))
        for fit in page.fit:
            state = f"{fit.over} over" if fit.over else f"{fit.empty} empty"
            if fit.room and not fit.over:
                state += f", room for about {fit.room} more characters"
            where = f" ({fit.area.describe()})" if fit.area else ""
            copyfit = f"; {fit.copyfitting()}" if fit.adjusted else ""
            print(f"    {fit.name}{where}: {fit.lines_needed}/{fit.lines_available} lines "
                  f"({state}){copyfit}")
            for text in fit.loose:
                print(f"      loose line (an unbreakable run, spread wider than ¼ em a gap): "
                      f"{text}")
        for image in page.images:
            where = f" ({image.area.describe()})" if image.area else ""
            print(f"    photo {image.name}{where}: {image.ppi:.0f} ppi effective; "
                  f"{press_image(*press_key(image)).described()}")


def preflight(out: Path, pdf: bytes, pages: Sequence, workers: int = 1):
    """`pagesetter check` on the bytes this build made. Our inks are known exactly from the
    layout, so they are summed from it; Ghostscript's rendering is for PDFs from elsewhere."""
    from .check import check_pdf
    from .ink import ink_problems

    # Glyph coverage is known from composition (every character was found in its face), so
    # the build does not parse its fonts again; `pagesetter check` does.
    return check_pdf(out, known_ink=ink_problems(pages), data=pdf, glyphs=False,
                     workers=workers)


def page_summary(page) -> str:
    used = sum(min(f.lines_needed, f.lines_available) for f in page.fit)
    available = sum(f.lines_available for f in page.fit)
    articles = f"{len(page.fit)} article{'' if len(page.fit) == 1 else 's'}"
    photos = f"{len(page.images)} photo{'' if len(page.images) == 1 else 's'}"
    return (f"  page {page.number}: {articles} and {photos} placed, "
            f"{used}/{available} body lines used")


def plan_command(argv: list[str]) -> int:
    """`pagesetter plan ISSUE.yaml`: the places the make-up chooses for `auto` blocks, as YAML
    to paste into the issue (a normal build uses them directly)."""
    parser = argparse.ArgumentParser(
        prog="pagesetter plan",
        description="Print the places the make-up chooses for the issue's `place: auto` "
                    "blocks, as YAML lines to paste into the issue and adjust by hand.",
        epilog="Exit codes: 0 planned, 2 input error, 3 the blocks do not fit the page.")
    parser.add_argument("issue", type=Path)
    parser.add_argument("--plan-effort", type=int, default=1, metavar="N",
                        help="search N times as long (default 1)")
    args = parser.parse_args(argv)
    if not 1 <= args.plan_effort <= 100:
        return _usage("--plan-effort takes 1…100")
    from .compose import Composer
    from .loader import load_issue
    from .place import planned

    try:
        issue = load_issue(args.issue)
        composer = Composer.for_issue(issue)
        lines = [f"# pagesetter plan {args.issue}: the make-up's places for `auto` blocks; "
                 f"paste each over the block's `place: auto` (or use them as they are: a build "
                 f"does)"]
        for page in issue.pages:
            done, warnings = planned(issue, page, composer, args.plan_effort)
            for diagnostic in warnings:
                print(diagnostic.line(), file=sys.stderr)
            for before, after in zip((*page.articles, *page.photos),
                                     (*done.articles, *done.photos), strict=True):
                if before.auto:
                    lines.append(f"{after.path}.place: {after.place.yaml()}  # {after.name}")
        composer.check_missing()
    except NoFit as exc:
        print(f"error: {args.issue}: {exc}", file=sys.stderr)
        return EXIT_OVERSET
    except InputError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.line(), file=sys.stderr)
        return EXIT_INPUT
    print("\n".join(lines))
    return EXIT_OK


def schema_command(argv: list[str]) -> int:
    """`pagesetter schema`: the issue format as JSON Schema, for editors that check YAML."""
    argparse.ArgumentParser(
        prog="pagesetter schema",
        description="Print the issue file format as JSON Schema (draft 2020-12). Save it and "
                    "name it in an issue's first line (# yaml-language-server: $schema=PATH) "
                    "so an editor completes and checks fields as you type.").parse_args(argv)
    from .schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def check_command(argv: list[str]) -> int:
    """`pagesetter check FILE.pdf …`: 0 all passed, 1 a rule failed, 2 not a readable PDF,
    4 passed the rules that could be applied but some could not (no Ghostscript, too large)."""
    from .check import Unreadable, check_pdf

    args = check_parser().parse_args(argv)
    unreadable = False
    reports = []
    for path in args.pdf:
        if not path.is_file():
            print(f"error: {path}: " + ("not a regular file (a folder, a device or a pipe)"
                                        if path.exists() else "no such file"), file=sys.stderr)
            unreadable = True
            continue
        try:
            report = check_pdf(path, workers=os.cpu_count() or 1)
        except Unreadable as exc:
            print(f"error: {path}: not a readable PDF ({exc})", file=sys.stderr)
            unreadable = True
            continue
        reports.append(report)
    status = EXIT_INPUT if unreadable else EXIT_FAILURE if any(not r.ok for r in reports) \
        else EXIT_UNCHECKED if any(not r.complete for r in reports) else EXIT_OK
    if args.json:
        import json

        print(json.dumps([json.loads(r.json()) for r in reports], ensure_ascii=False, indent=1))
    else:
        for report in reports:
            print(report.text())
    return status
