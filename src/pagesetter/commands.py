"""The sub-commands besides a build and `watch`: `pagesetter check FILE.pdf …` (the preflight of
any PDF), `pagesetter plan ISSUE.yaml` (the make-up's places as YAML) and `pagesetter schema`
(the issue format as JSON Schema)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import (EXIT_FAILURE, EXIT_INPUT, EXIT_OK, EXIT_OVERSET, EXIT_UNCHECKED, InputError,
                     shown)


def _usage(message: str) -> int:
    print(f"pagesetter: {message}", file=sys.stderr)
    return EXIT_INPUT


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
    from .model import grid_place
    from .place import planned
    from .place.makeup import NoFit

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
            for before, after in zip(page.articles_and_photos, done.articles_and_photos,
                                     strict=True):
                if before.auto:
                    lines.append(f"{after.path}.place: {grid_place(after).yaml()}  # {after.name}")
        composer.check_missing()
    except NoFit as exc:
        print(f"error: {args.issue}: {exc}", file=sys.stderr)
        return EXIT_OVERSET
    except InputError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.line(), file=sys.stderr)
        return EXIT_INPUT
    print("\n".join(map(shown, lines)))
    return EXIT_OK


def schema_command(argv: list[str]) -> int:
    """`pagesetter schema [--format]`: the issue format (or the page format) as JSON Schema, for
    editors that check YAML."""
    parser = argparse.ArgumentParser(
        prog="pagesetter schema",
        description="Print the issue file format as JSON Schema (draft 2020-12). Save it and "
                    "name it in an issue's first line (# yaml-language-server: $schema=PATH) "
                    "so an editor completes and checks fields as you type.")
    parser.add_argument("--format", action="store_true",
                        help="the page format file's schema (layout/NAME.yaml) instead")
    args = parser.parse_args(argv)
    from .schema import schema_text

    sys.stdout.write(schema_text(page_format=args.format))
    return EXIT_OK


def check_command(argv: list[str]) -> int:
    """`pagesetter check FILE.pdf …`: 0 all passed, 1 a rule failed, 2 not a readable PDF,
    4 passed the rules that could be applied but some could not (no Ghostscript, too large)."""
    from .preflight import Unreadable, check_pdf

    args = check_parser().parse_args(argv)
    unreadable = False
    reports = []
    for path in args.pdf:
        if not path.is_file():
            print(f"error: {path}: " + ("not a regular file (a folder, a device or a pipe)"
                                        if path.exists() else "no such file")
                  + " (hint: give the path of a PDF file)", file=sys.stderr)
            unreadable = True
            continue
        try:
            report = check_pdf(path, workers=os.cpu_count() or 1)
        except Unreadable as exc:
            print(f"error: {path}: not a readable PDF ({exc}) (hint: {exc.hint})",
                  file=sys.stderr)
            unreadable = True
            continue
        reports.append(report)
    status = EXIT_INPUT if unreadable else EXIT_FAILURE if any(not r.ok for r in reports) \
        else EXIT_UNCHECKED if any(not r.complete for r in reports) else EXIT_OK
    if args.json:
        import json

        print(json.dumps([json.loads(r.json()) for r in reports], ensure_ascii=False, indent=1))
    else:
        for report in reports:  # names from the PDF: shown escaped where unprintable
            print("\n".join(map(shown, report.text().split("\n"))))
    return status
