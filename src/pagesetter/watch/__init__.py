"""`pagesetter watch ISSUE.yaml`: edit the YAML, see the page in the browser.

One warm process (session.py) rebuilds on every save of the issue, its page format, its faces
or its photos — placing again only the pages whose input changed — writes the PDF atomically and
serves a live preview on 127.0.0.1 (server.py, page.html). watchfiles (a well-kept Rust-backed
library) watches the files' folders, so editors that save by renaming are seen too.
"""
from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path

from ..errors import EXIT_INPUT, EXIT_OK, InputError, shown
from ..options import BuildOptions, output_option


def watch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pagesetter watch",
        description="Rebuild an issue on every save and show it in the browser (127.0.0.1).")
    parser.add_argument("issue", type=Path)
    parser.add_argument("-o", "--output",
                        help="PDF to write (default: out/<issue file stem>.pdf), or a folder "
                             "to write it in (an existing one, or a name ending in /)")
    parser.add_argument("--port", type=int, default=8000,
                        help="preview port on 127.0.0.1 (default 8000; 0: any free port)")
    parser.add_argument("--grid", action="store_true",
                        help="proof overlay in the PDF (the preview has its own)")
    parser.add_argument("--marks", choices=["crop", "none"], default="crop")
    parser.add_argument("--no-preflight", "--no-check", action="store_true",
                        dest="no_preflight",
                        help="skip the preflight of the written PDF (--no-check: the old name)")
    return parser


def watch_command(argv: list[str]) -> int:
    from .server import PreviewServer
    from .session import Session

    args = watch_parser().parse_args(argv)
    if not 0 <= args.port <= 65535:
        print("pagesetter watch: --port takes 0…65535", file=sys.stderr)
        return EXIT_INPUT
    if not args.issue.is_file():
        print(f"error: {args.issue}: no such issue file (hint: check the path)",
              file=sys.stderr)
        return EXIT_INPUT
    if args.output is not None and not args.output.strip():
        print("pagesetter watch: -o names no path", file=sys.stderr)
        return EXIT_INPUT
    output, output_dir = output_option(args.output)
    options = BuildOptions(output=output, output_dir=output_dir, grid=args.grid,
                           marks=args.marks == "crop", preflight=not args.no_preflight,
                           allow_overset=True)
    out = options.output_for(args.issue)
    try:  # the output is never the issue itself (its other inputs are checked every build)
        from ..files import check_outputs

        check_outputs([out], [args.issue], args.issue)
    except InputError as exc:
        print(exc.diagnostic.line(), file=sys.stderr)
        return EXIT_INPUT
    session = Session(args.issue, options, out)
    try:
        server = PreviewServer(session, args.port, lambda build: report(build, out))
    except OSError as exc:
        print(f"error: cannot serve the preview on 127.0.0.1:{args.port}: {exc.strerror} "
              f"(hint: another `pagesetter watch` may be using it; choose --port)",
              file=sys.stderr)
        return EXIT_INPUT
    port = server.server_address[1]
    first = session.rebuild()
    if first.error and session.refused_output:  # a build would refuse it: so does watch
        for line in first.error:
            print(shown(line), file=sys.stderr)
        server.server_close()
        return EXIT_INPUT
    threading.Thread(target=server.serve_forever, daemon=True).start()
    report(first, out)
    print(f"preview: http://127.0.0.1:{port}/  (writing {out}; Ctrl-C stops)", flush=True)
    try:
        watch_loop(session, out)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print("pagesetter watch: stopped", flush=True)
    return EXIT_OK


def watch_loop(session, out: Path, stop: threading.Event | None = None) -> None:
    """Rebuild on each change of a watched file, until `stop` (or Ctrl-C). The files are those
    of the last build (session.watched): a photo or format named but missing or broken is
    watched too, and a file replaced by a symbolic link is still seen (by its own name)."""
    import watchfiles

    while stop is None or not stop.is_set():
        watched = session.watched
        names, folders = watch_plan(watched)

        def ours(change, name: str, names=names) -> bool:
            return os.path.abspath(name) in names or _resolved(name) in names

        for _ in watchfiles.watch(*folders, watch_filter=ours, stop_event=stop, debounce=50,
                                  step=5, rust_timeout=1000, yield_on_timeout=False,
                                  recursive=False):
            build = session.rebuild_if_changed()
            if build is None:  # a write from the preview, built already
                continue
            report(build, out)
            session.preflight(build)
            if session.watched != watched or watch_plan(watched)[1] != folders:
                break  # a new photo or format, or a folder made for one: watch them anew
        else:
            return


def watch_plan(files) -> tuple[set[str], list[str]]:
    """What to watch for `files`: the names an event may carry (each file as named and as
    resolved, and the folders on the way to a file not there yet), and the folders to watch
    (each name's nearest existing folder; never the file system's root)."""
    names: set[str] = set()
    for file in files:
        for name in {os.path.abspath(file), _resolved(file)}:
            names.add(name)
            parent = os.path.dirname(name)
            while parent and not os.path.isdir(parent) and os.path.dirname(parent) != parent:
                names.add(parent)  # created later: the rebuild then finds the file inside
                parent = os.path.dirname(parent)
    folders = sorted({os.path.dirname(n) for n in names if os.path.isdir(os.path.dirname(n))
                      and os.path.dirname(os.path.dirname(n)) != os.path.dirname(n)})
    return names, folders


def _resolved(name) -> str:
    try:
        return str(Path(name).resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(name)


def report(build, out: Path) -> None:
    """One line a build on the terminal (and its error, when it failed)."""
    if build.error:
        for line in build.error:
            print(shown(line), file=sys.stderr, flush=True)
        print("  (the preview keeps the last good pages)", file=sys.stderr, flush=True)
        return
    placed = ", ".join(map(str, build.placed)) or "none"
    print(f"built {out} in {build.seconds:.2f} s (pages placed again: {placed})", flush=True)
