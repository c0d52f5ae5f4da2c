#!/usr/bin/env python3
"""Edit → new page: `pagesetter watch` on the sample, against typst's incremental compiler.

    pip install ".[bench]"
    python bench/watch_bench.py [--edits 21]

Starts `pagesetter watch` (a separate process, --no-check: the preflight is published after the
page) on a copy of the sample issue, listens to its event stream, and edits one paragraph of one
article per round (a character added, then taken away). Each round is timed from the write of
the file to the event that announces the new build: file watching, loading, placing the changed
page, the PDF written and the preview image made. The watcher's own figure (Build.seconds, from
the change seen to the image made) is reported beside it.

typst: `typst watch` keeps one compiler warm and recompiles on each save. Its Python binding has
no watch mode, so the same warm compiler (typst.Compiler) recompiles the equivalent page (see
bench.py) after the same edit, in process: its figure has no file watching and no image in it,
so it flatters typst. Medians of all rounds.

A drag in the preview (`--drags`, default as many as edits): the photo of the sample resized by
one line and back, as the page does on the release of a drag — the POST of its new place (the
file rewritten, the page rebuilt), then the state and the new page image fetched. Timed from the
request to the image received, which is what the editor waits for.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import ROOT, typst_source  # noqa: E402

EDITED = "切实做到了把思想和行动统一到大会精神上来"


@contextlib.contextmanager
def watching() -> Iterator[tuple[Path, str]]:
    """`pagesetter watch` on a copy of the sample in a process of its own: the issue file to
    edit and the preview's address; the process is ended after."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(ROOT / "issues", folder / "issues")
        shutil.copytree(ROOT / "layout", folder / "layout")
        issue = folder / "issues" / "2023-03.yaml"
        process = subprocess.Popen(
            [sys.executable, "-m", "pagesetter", "watch", str(issue), "-o", str(folder / "a.pdf"),
             "--port", "0", "--no-check"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
        try:
            assert process.stdout is not None
            yield issue, next(line.split()[1] for line in process.stdout
                              if line.startswith("preview:"))
        finally:
            process.terminate()
            process.wait(20)


def pagesetter_rounds(edits: int) \
        -> tuple[list[float], list[float], list[float], list[int], list[dict]]:
    with watching() as (issue, url):
        events = urllib.request.urlopen(url + "events", timeout=30)
        version = int(events.readline().decode().split()[1])
        events.readline()
        text = issue.read_text(encoding="utf-8")
        wall, written, own, placed, steps = [], [], [], [], []
        for k in range(edits):
            text = text.replace(EDITED + "，" if k % 2 else EDITED, EDITED if k % 2 else
                                EDITED + "，", 1)
            time.sleep(0.3)  # let the watcher settle: each round starts idle
            version = state_of(url)["version"]  # every event so far is read below
            started = time.perf_counter()
            issue.write_text(text, encoding="utf-8")
            shown = None
            while True:
                line = events.readline().decode()
                if not line.startswith("data:") or int(line.split()[1]) <= version:
                    continue
                version = int(line.split()[1])
                state = state_of(url)
                if state["error"]:
                    sys.exit(f"the watcher failed: {state['error']}")
                if shown is None and state["placed"]:
                    shown = time.perf_counter() - started  # the new page on show
                if not state["pending"] and state["timings"].get("pdf") is not None:
                    break
            wall.append(shown if shown is not None else time.perf_counter() - started)
            written.append(time.perf_counter() - started)
            own.append(state["seconds"])
            steps.append(state["timings"])
            placed.append(len(state["placed"]))
        events.close()
    return wall, written, own, placed, steps


def state_of(url: str) -> dict:
    with urllib.request.urlopen(url + "state.json", timeout=30) as response:
        return json.loads(response.read())


def drag_rounds(drags: int) -> list[float]:
    import http.client
    import re

    with watching() as (_, url):
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

        def get(path: str) -> bytes:
            connection.request("GET", path)
            return connection.getresponse().read()

        token = re.search(r'name="pagesetter-token" content="([^"]+)"',
                          get("/").decode()).group(1)
        headers = {"X-Pagesetter-Token": token, "Origin": f"http://127.0.0.1:{port}",
                   "Content-Type": "application/json"}
        times = []
        for k in range(drags):
            source = json.loads(get("/state.json"))["source"]
            time.sleep(0.3)  # each round starts idle
            body = {"source": source, "page": 2, "block": "人大代表助力备春耕",
                    "place": {"column": 4, "span": 2, "line": 1, "height": 29 + k % 2}}
            started = time.perf_counter()
            connection.request("POST", "/place", json.dumps(body).encode(), headers)
            response = connection.getresponse()
            answer = json.loads(response.read())
            if response.status != 200 or answer["error"]:
                sys.exit(f"the drag was refused: {answer}")
            state = json.loads(get("/state.json"))
            get(state["pages"][0]["image"])
            times.append(time.perf_counter() - started)
    return times


def typst_rounds(edits: int) -> list[float]:
    import typst

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "page.typ"
        text = typst_source(1)
        source.write_text(text, encoding="utf-8")
        compiler = typst.Compiler(str(source), font_paths=[str(ROOT / "fonts")], root="/",
                                  ignore_system_fonts=True)
        compiler.compile()
        times = []
        for k in range(edits):
            text = text.replace(EDITED + "，" if k % 2 else EDITED, EDITED if k % 2 else
                                EDITED + "，", 1)
            source.write_text(text, encoding="utf-8")
            started = time.perf_counter()
            compiler.compile(output=str(Path(tmp) / "page.pdf"))
            times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=21)
    parser.add_argument("--drags", type=int, default=None)
    args = parser.parse_args()
    wall, written, own, placed, steps = pagesetter_rounds(args.edits)
    drags = drag_rounds(args.edits if args.drags is None else args.drags)
    typst_times = typst_rounds(args.edits)
    ms = 1000
    print(f"edit → new PDF and preview image ({args.edits} edits, medians)")
    print(f"  pagesetter watch, write → new page   {statistics.median(wall) * ms:6.0f} ms "
          f"(min {min(wall) * ms:.0f}, max {max(wall) * ms:.0f}; its event, the page on show)")
    print(f"  pagesetter watch, write → PDF written{statistics.median(written) * ms:6.0f} ms "
          f"(min {min(written) * ms:.0f}, max {max(written) * ms:.0f})")
    print(f"  pagesetter watch, its own rebuild    {statistics.median(own) * ms:6.0f} ms "
          f"(pages placed again per edit: {statistics.median(placed):.0f})")
    names = steps[0].keys() if steps else ()
    print("    of which " + ", ".join(f"{name} {statistics.median(s[name] for s in steps) * ms:.0f}"
                                     for name in names) + " ms")
    print(f"  typst warm compiler, recompile       {statistics.median(typst_times) * ms:6.0f} ms")
    print(f"  ratio (write → event / typst)        "
          f"{statistics.median(wall) / statistics.median(typst_times):6.2f}")
    print(f"  release of a drag → new page image   {statistics.median(drags) * ms:6.0f} ms "
          f"(min {min(drags) * ms:.0f}, max {max(drags) * ms:.0f}; {len(drags)} drags; "
          f"target 300)")


if __name__ == "__main__":
    main()
