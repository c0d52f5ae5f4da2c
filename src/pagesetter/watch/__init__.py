"""`pagesetter watch ISSUE.yaml`: edit the YAML, see the page in the browser.

One warm process (session.py) rebuilds on every save of the issue, its page format, its faces
or its photos — placing again only the pages whose input changed — writes the PDF atomically and
serves a live preview on 127.0.0.1 (server.py, page.html). watchfiles (a well-kept Rust-backed
library) watches the files' folders, so editors that save by renaming are seen too.
"""
from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from ..errors import EXIT_INPUT, EXIT_OK
from ..pipeline import BuildOptions


def watch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pagesetter watch",
        description="Rebuild an issue on every save and show it in the browser (127.0.0.1).")
    parser.add_argument("issue", type=Path)
    parser.add_argument("-o", "--output", type=Path,
                        help="PDF to write (default: out/<issue file stem>.pdf)")
    parser.add_argument("--port", type=int, default=8000,
                        help="preview port on 127.0.0.1 (default 8000; 0: any free port)")
    parser.add_argument("--grid", action="store_true",
                        help="proof overlay in the PDF (the preview has its own)")
    parser.add_argument("--marks", choices=["crop", "none"], default="crop")
    parser.add_argument("--no-check", action="store_true",
                        help="skip the preflight after each build")
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
    options = BuildOptions(output=args.output, grid=args.grid, marks=args.marks == "crop",
                           check=not args.no_check, allow_overset=True)
    out = options.output_for(args.issue)
    session = Session(args.issue, options, out)
    try:
        server = PreviewServer(session, args.port)
    except OSError as exc:
        print(f"error: cannot serve the preview on 127.0.0.1:{args.port}: {exc.strerror} "
              f"(hint: another `pagesetter watch` may be using it; choose --port)",
              file=sys.stderr)
        return EXIT_INPUT
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    report(session.rebuild(), out)
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
    """Rebuild on each change of an input file, until `stop` (or Ctrl-C)."""
    import watchfiles

    while stop is None or not stop.is_set():
        inputs = {path.resolve() for path in session.build.inputs}
        folders = sorted({str(path.parent) for path in inputs if path.parent.exists()})

        def ours(change, name: str, inputs=inputs) -> bool:
            return Path(name).resolve() in inputs

        for _ in watchfiles.watch(*folders, watch_filter=ours, stop_event=stop,
                                  debounce=50, step=5, rust_timeout=1000, yield_on_timeout=False):
            build = session.rebuild()
            report(build, out)
            session.check(build)
            if {p.resolve() for p in session.build.inputs} != inputs:
                break  # a new photo or format: watch the new set of files
        else:
            return


def report(build, out: Path) -> None:
    """One line a build on the terminal (and its error, when it failed)."""
    if build.error:
        for line in build.error:
            print(line, file=sys.stderr, flush=True)
        print("  (the preview keeps the last good pages)", file=sys.stderr, flush=True)
        return
    placed = ", ".join(map(str, build.placed)) or "none"
    print(f"built {out} in {build.seconds:.2f} s (pages placed again: {placed})", flush=True)
