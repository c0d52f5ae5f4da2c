#!/usr/bin/env python3
"""A/B benchmark: the working tree's build (or check) against an earlier commit's, cold processes,
in turns.

    python bench/ab.py [--base REV] [--runs 11] [ISSUE ...]
    python bench/ab.py --check [--base REV] [--runs 11] PDF ...

Exports `REV` (default HEAD) with `git archive` into a temporary folder and times
`python -m pagesetter ISSUE` (default: both sample issues) from that tree and from this one,
each building its own copy of an issue inside the repository (the same file otherwise),
alternating A B A B, each side with an on-disk cache of its own, warmed once. Both sides run
on this environment's Python and libraries: only pagesetter's code, fonts, formats and issues
differ; a row whose issue file differs between the two trees says so. Prints the machine and
the load average before and after, medians with their range, and B/A.

With --check it times `pagesetter check PDF` instead (the preflight of a PDF from elsewhere,
Ghostscript measuring its ink).

Used to show that a change costs a build that does not use it nothing, e.g. the fallback faces
and Mongolian shaping of issue #32: `python bench/ab.py --base c4b8095`.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from bench import ROOT, load, machine, run  # noqa: E402


def export(rev: str, into: Path) -> Path:
    """The tree of `rev`, written under `into`. Streamed: a child's peak memory (max RSS)
    counts what this process held when it forked the child."""
    with subprocess.Popen(["git", "-C", str(ROOT), "archive", "--format=tar", rev],
                          stdout=subprocess.PIPE) as archive:
        assert archive.stdout is not None
        with tarfile.open(fileobj=archive.stdout, mode="r|") as tar:
            tar.extractall(into, filter="data")
    if archive.returncode:
        sys.exit(f"git archive {rev} failed")
    return into


def build(tree: Path, issue: Path, out: Path, cache: Path) -> list[str]:
    """pagesetter of `tree` building `issue`, as a cold process."""
    return ["env", f"PYTHONPATH={tree / 'src'}", f"PAGESETTER_CACHE_DIR={cache}",
            sys.executable, "-m", "pagesetter", str(issue), "-o", str(out)]


def check(tree: Path, pdf: Path, out: Path, cache: Path) -> list[str]:
    """pagesetter of `tree` preflighting `pdf` (`pagesetter check`: Ghostscript measures the
    ink), as a cold process."""
    return ["env", f"PYTHONPATH={tree / 'src'}", f"PAGESETTER_CACHE_DIR={cache}",
            sys.executable, "-m", "pagesetter", "check", str(pdf)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD", help="the commit to compare with (A)")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--check", action="store_true",
                        help="time `pagesetter check PDF` of each file given, not builds")
    parser.add_argument("issues", nargs="*", type=Path,
                        default=[ROOT / "issues" / "2023-03.yaml",
                                 ROOT / "issues" / "2023-03-front.yaml"])
    args = parser.parse_args()
    base = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.base],
                          capture_output=True, text=True, check=True).stdout.strip()
    header = machine()
    before = load()
    print("\n".join(header))
    print(f"A: {base}; B: the working tree ({ROOT})\nload average before: {before}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        trees = {"A": export(args.base, tmp_path / "a"), "B": ROOT}
        for issue in args.issues:
            issue = issue.resolve()
            inside = issue.relative_to(ROOT) if issue.is_relative_to(ROOT) else None
            files = {side: tree / inside if inside else issue for side, tree in trees.items()}
            command = check if args.check else build
            commands = {side: command(tree, files[side], tmp_path / f"{side}.pdf",
                                      tmp_path / f"cache-{side}")
                        for side, tree in trees.items()}
            same = files["A"].read_bytes() == files["B"].read_bytes()
            times: dict[str, list[float]] = {side: [] for side in commands}
            peak = dict.fromkeys(commands, 0)
            for each in commands.values():  # fill each side's cache, untimed
                run(each, (0, 1, 4))
            for _ in range(args.runs):
                for side, each in commands.items():
                    elapsed, rss = run(each, (0, 1, 4))
                    times[side].append(elapsed)
                    peak[side] = max(peak[side], rss)
            rows.append((issue.name + ("" if same else " (issue differs)"), times, peak))
    after = load()
    print(f"load average after: {after}\n")
    mode = " --check" if args.check else ""
    print(f"`python bench/ab.py{mode} --base {args.base} --runs {args.runs}` ({args.runs} cold "
          f"runs a side, in turns)\n")
    print(f"| {'file' if args.check else 'issue'} | A: " + base +
          " | B: working tree | B/A | peak A / B |")
    print("|---|---|---|---|---|")
    for name, times, peak in rows:
        cells = {side: (statistics.median(t), min(t), max(t)) for side, t in times.items()}
        print(f"| {name} | " + " | ".join(f"{m:.3f} s ({lo:.3f}–{hi:.3f})"
                                          for m, lo, hi in cells.values())
              + f" | {cells['B'][0] / cells['A'][0]:.3f} | "
              f"{peak['A'] / 1024:.0f} / {peak['B'] / 1024:.0f} MiB |")


if __name__ == "__main__":
    main()
