"""Command line: pagesetter ISSUE.yaml [-o OUT.pdf] — load → compose → place → render."""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from pathlib import Path

from . import __version__
from .errors import EXIT_FAILURE, EXIT_INPUT, EXIT_OK, EXIT_OVERSET, InputError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pagesetter",
        description="Set a Chinese newspaper issue described in YAML as print-ready page PDFs.",
        epilog="Also: `pagesetter check FILE.pdf …` preflights PDFs for newsprint. Exit codes: "
               "0 built, 1 preflight failed, 2 input error, 3 copy does not fit.")
    parser.add_argument("issue", nargs="+", type=Path,
                        help="issue file(s), e.g. issues/2023-03.yaml")
    parser.add_argument("-o", "--output", type=Path,
                        help="PDF to write (default: out/<issue file stem>.pdf); one issue only")
    parser.add_argument("--allow-overset", action="store_true",
                        help="write the page even when copy does not fit (marked, and reported)")
    parser.add_argument("--grid", action="store_true",
                        help="proof overlay: base columns, line grid and article boxes")
    parser.add_argument("--dump", type=Path, help="also write a text dump of every placed line")
    parser.add_argument("--png", type=Path, metavar="DIR",
                        help="also write one PNG per page of the trim area (archive images)")
    parser.add_argument("--dpi", type=int, default=300, help="resolution of --png and --alto "
                        "(default 300)")
    parser.add_argument("--alto", type=Path, metavar="DIR",
                        help="also write one ALTO v4 XML file per page (text with positions)")
    parser.add_argument("-j", "--jobs", type=int, default=None,
                        help="processes to use (default: all cores): issues built at once in "
                             "batch mode; for one issue of several pages, processes placing "
                             "its pages")
    parser.add_argument("--no-check", action="store_true",
                        help="skip the preflight of the written PDF")
    parser.add_argument("--version", action="version", version=f"pagesetter {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        print("pagesetter: interrupted; no output was replaced", file=sys.stderr)
        return 130


def _main(argv: list[str]) -> int:
    if argv[:1] == ["check"]:
        from .check import main as check_main

        return check_main(argv[1:])
    args = build_parser().parse_args(argv)
    if not 30 <= args.dpi <= 1200:
        print("pagesetter: --dpi takes 30…1200", file=sys.stderr)
        return EXIT_INPUT
    if args.output and len(args.issue) > 1:
        print("pagesetter: -o names one output; leave it out to build several issues",
              file=sys.stderr)
        return EXIT_INPUT
    stems = [f.stem for f in args.issue]
    if len(set(stems)) != len(stems):
        print("pagesetter: two issue files have the same name, so their PDFs would overwrite "
              "each other", file=sys.stderr)
        return EXIT_INPUT
    cores = args.jobs or os.cpu_count() or 1
    jobs = min(cores, len(args.issue))
    # One issue gets the cores for its pages; in batch mode each issue gets one.
    args.page_workers = cores if len(args.issue) == 1 else 1
    if jobs <= 1:
        return max(build_reporting_errors(f, args) for f in args.issue)
    # Batch mode: whole issues in parallel; each worker's messages are printed in issue order.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        results = list(pool.map(_build_captured, args.issue, [args] * len(args.issue)))
    for _, out, err in results:
        sys.stdout.write(out)
        sys.stderr.write(err)
    return max(status for status, _, _ in results)


def build_reporting_errors(issue_file: Path, args: argparse.Namespace) -> int:
    out = args.output or Path("out") / f"{issue_file.stem}.pdf"
    try:
        return build(issue_file, out, args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:  # an output folder that cannot be written, a full disk …
        where = exc.filename or out
        print(f"error: {issue_file}: cannot write {where}: {exc.strerror or exc} (hint: check "
              f"the output path and its permissions)", file=sys.stderr)
        return EXIT_INPUT


def _build_captured(issue_file: Path, args: argparse.Namespace) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = build_reporting_errors(issue_file, args)
    return status, out.getvalue(), err.getvalue()


def build(issue_file: Path, out: Path, args: argparse.Namespace) -> int:
    """One issue: load → compose and place → report the fit → render → archive → preflight."""
    from .loader import load_issue
    from .pipeline import issue_pdf, place_pages

    issue = load_issue(issue_file)
    pages = place_pages(issue, grid=args.grid, workers=args.page_workers)
    overset = report_fit(issue_file, pages)
    if overset and not args.allow_overset:
        print(f"error: {issue_file}: copy does not fit; nothing written (shorten the copy, enlarge "
              f"the boxes, or pass --allow-overset for a marked proof)", file=sys.stderr)
        return EXIT_OVERSET
    pdf_bytes = issue_pdf(issue, pages)
    write_atomically(out, lambda fh: fh.write(pdf_bytes))
    write_extras(issue_file.stem, out, pages, args)
    print_summary(out, pages)
    if args.grid:
        print("  preflight: skipped (a --grid proof is not for press)")
    elif not args.no_check and not preflight(out, pages):
        return EXIT_FAILURE
    return EXIT_OVERSET if overset else EXIT_OK


def report_fit(issue_file: Path, pages: list) -> bool:
    """Warnings and one line per overset article on stderr; whether anything is overset."""
    for page in pages:
        for warning in page.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    overset = [fit for page in pages for fit in page.fit if fit.over]
    for fit in overset:
        print(f"overset: {issue_file}: {fit.path} `{fit.name}` is {fit.over} line(s) too long "
              f"(about {fit.chars_over} characters over; {fit.lines_available} lines available, "
              f"{fit.lines_needed} needed)", file=sys.stderr)
    return bool(overset)


def write_extras(stem: str, out: Path, pages: list, args: argparse.Namespace) -> None:
    """Page images, ALTO files and the text dump, each written atomically."""
    sizes: dict[int, tuple[int, int]] = {}
    if args.png:
        from .render.png import render_pngs

        sizes = render_pngs(out, args.png, stem, [p.number for p in pages], args.dpi)
    if args.alto:
        from .render.alto import alto_xml

        for page in pages:
            xml = alto_xml(page, args.dpi, f"{stem}-p{page.number}.png", sizes.get(page.number))
            data = xml.encode("utf-8")
            write_atomically(args.alto / f"{stem}-p{page.number}.xml",
                             lambda fh, data=data: fh.write(data))
    if args.dump:
        from .render.dump import dump_pages

        text = dump_pages(pages)
        write_atomically(args.dump, lambda fh: fh.write(text.encode("utf-8")))


def print_summary(out: Path, pages: list) -> None:
    print(f"wrote {out}")
    for page in pages:
        print(page_summary(page))
        for fit in page.fit:
            state = f"{fit.over} over" if fit.over else f"{fit.empty} empty"
            print(f"    {fit.name}: {fit.lines_needed}/{fit.lines_available} lines ({state})")
        for image in page.images:
            print(f"    photo {image.name}: {image.ppi:.0f} ppi effective")


def preflight(out: Path, pages: list) -> bool:
    """`pagesetter check` on our own output. Our inks are known exactly from the layout, so
    they are summed from it; Ghostscript's rendering is for PDFs from elsewhere."""
    from .check import check_pdf, layout_ink_problems

    report = check_pdf(out, known_ink=layout_ink_problems(pages))
    print("  preflight: " + ("passed" if report.ok else "FAILED"))
    if not report.ok:
        print(report.text(), file=sys.stderr)
    return report.ok


def page_summary(page) -> str:
    used = sum(min(f.lines_needed, f.lines_available) for f in page.fit)
    available = sum(f.lines_available for f in page.fit)
    articles = f"{len(page.fit)} article{'' if len(page.fit) == 1 else 's'}"
    photos = f"{len(page.images)} photo{'' if len(page.images) == 1 else 's'}"
    return (f"  page {page.number}: {articles} and {photos} placed, "
            f"{used}/{available} body lines used")


def write_atomically(path: Path, write) -> None:
    """Replace `path` only with a complete new file: write beside it, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _new_file_beside(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _new_file_beside(path: Path) -> tuple[int, Path]:
    """A new, exclusively created hidden file next to `path`, with the permissions of an
    ordinary file. (tempfile.mkstemp would do, but importing it costs more than this.)"""
    for attempt in range(100):
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{attempt}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file beside {path}")
