"""Command line: `pagesetter ISSUE.yaml [-o OUT.pdf]` builds; `pagesetter check FILE.pdf`
preflights; `plan`, `schema` and `watch` as their help says. Arguments in, the build's result
(build.py) shown, exit codes out: nothing here decides what a build does."""
from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
import time
from pathlib import Path
from typing import Iterator, Sequence

from . import __version__
from .errors import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, shown
from .options import BuildOptions, output_option

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
    parser.add_argument("--no-preflight", "--no-check", action="store_true",
                        dest="no_preflight",
                        help="skip the preflight of the written PDF (--no-check: the old name)")
    parser.add_argument("--plan-effort", type=int, default=1, metavar="N",
                        help="let the automatic make-up search N times as long (default 1)")
    parser.add_argument("--version", action="version", version=f"pagesetter {__version__}")
    return parser


def run() -> None:
    """The `pagesetter` command: main(), then the process ends at once. A build leaves a heap of
    some million objects, and freeing them one by one as the interpreter shuts down writes
    nothing, so once the output is flushed (every file is closed and in place by then, and every
    helper process joined) the process exits without that teardown, as mypy's command does
    (docs/performance.md, "The collector and the exit")."""
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
    written: list[Path] = []  # the files this run puts in place, named if it is interrupted
    try:
        return _main(list(sys.argv[1:] if argv is None else argv), written)
    except KeyboardInterrupt:
        print("pagesetter: interrupted; " + (f"wrote {', '.join(map(str, written))}" if written
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


def _command(name: str):
    """A sub-command's function, imported when it is run."""
    def run(argv: list[str]) -> int:
        if name == "watch":
            from .watch import watch_command

            return watch_command(argv)
        if name == "archive":
            from .archive import archive_command

            return archive_command(argv)
        from . import commands

        return getattr(commands, f"{name}_command")(argv)
    return run


#: Sub-commands: `pagesetter NAME …`. Anything else is a build.
COMMANDS = {name: _command(name) for name in ("check", "schema", "plan", "watch", "archive")}


def _main(argv: list[str], written: list[Path]) -> int:
    if argv[:1] and argv[0] in COMMANDS:
        return COMMANDS[argv[0]](argv[1:])
    return build_command(argv, written)


@contextlib.contextmanager
def _collecting_rarely() -> Iterator[None]:
    """A build makes many objects and next to no cyclic garbage, so the cycle collector's
    passes over the growing heap are time spent for nothing: during a build it runs rarely
    (first threshold 200,000, as mypy sets it), and never over what the imports made. At the
    end the build's objects join the old generation as they are, rather than all starting a
    pass at once; the host's settings are restored (docs/performance.md, "The collector and
    the exit"). `watch` lives long and keeps Python's defaults."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(200_000, 50, 100)
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(*before)
        gc.unfreeze()


def build_command(argv: list[str], written: list[Path] | None = None) -> int:
    """`pagesetter ISSUE.yaml …`; `written`: the caller's record of the files put in place."""
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
        dpi=args.dpi, preflight=not args.no_preflight, marks=args.marks == "crop",
        # One issue gets the cores for its pages; in batch mode each issue gets one.
        workers=cores if len(args.issue) == 1 else 1, split=args.split,
        plan_effort=args.plan_effort)
    with _collecting_rarely():
        return _build_all(args.issue, options, jobs, [] if written is None else written)


def _build_all(issues: list[Path], options: BuildOptions, jobs: int,
               written: list[Path]) -> int:
    if len(issues) == 1:
        from .finishing import FinishingHelper

        # Forked before the build's imports, so that it loads the issue and imports the
        # finishing meanwhile.
        with FinishingHelper(issues[0]) as finishing:
            from .build import build_issue

            built = build_issue(issues[0], options, written=written, finishing=finishing)
        show(built)
        return built.status
    from .batch import build_batch
    from .build import build_issue
    from .kept import Kept

    started = time.perf_counter()
    kept = Kept()  # the issues of a batch share faces, formats and photos
    results = [build_issue(f, options, kept=kept, written=written) for f in issues] \
        if jobs <= 1 else build_batch(issues, options, jobs, written)
    for built in results:
        show(built)
    failed = sum(1 for b in results if b.status != EXIT_OK)
    print(f"batch: {len(results)} issues, {len(results) - failed} built, {failed} failed; "
          f"{sum(b.placed for b in results)} pages in {time.perf_counter() - started:.1f} s")
    return max(b.status for b in results)


def show(built) -> None:
    """A build's lines: its report on standard output, its warnings and errors on standard
    error."""
    for line in built.err:
        print(shown(line), file=sys.stderr)
    for line in built.out:  # names and copy from the issue: shown escaped where unprintable
        print(shown(line))


def _path(value: str | None) -> Path | None:
    return None if value is None else Path(value)


def _usage(message: str) -> int:
    print(f"pagesetter: {message}", file=sys.stderr)
    return EXIT_INPUT
