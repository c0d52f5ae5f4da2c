#!/usr/bin/env python3
"""Build-time benchmark: pagesetter against typst on the same copy, cold processes, in turns.

    pip install ".[bench]"        # typst (benchmark-only extra)
    python bench/bench.py [--runs 7] [--distinct]

Times `pagesetter issues/2023-03.yaml` (the default build, preflight included; with its
on-disk cache off, as on a first build; and with --no-check) and `typst.compile` of an
equivalent page (same copy, same fonts from fonts/, 5 justified columns, written by this
script), then the same for a 16-page issue whose pages each carry the sample's copy rotated (no
page repeats another).

typst is timed twice: given only fonts/ (`ignore_system_fonts`, the same fonts pagesetter has:
the fair comparison of the two engines), and as it runs by default, scanning every system font
on each run — on a machine with Debian's Noto CJK collections installed (any Chinese desktop has
such fonts) that scan is most of its time.

The sample page (and, with --distinct, the 16 distinct pages) is also drawn by bench/floor.py,
a bare ReportLab program that puts the glyphs pagesetter placed on the pages in the same faces
and saves them, in one process, nothing else: once parsing the faces itself (ReportLab alone),
once reading them from pagesetter's metrics cache. That is the floor under any build on
ReportLab; what pagesetter takes above it is its own (loading, composing, placing, PDF/X,
preflight).

pagesetter reuses the layout of a paragraph it has set before; `--distinct` adds a 16-page issue
on which every paragraph ends with its page number, so nothing can be reused. Every run is a new
process; the commands alternate so machine noise hits both alike. Prints the machine (cores,
CPU model, system fonts typst scans, versions), the load average before and after, medians with
their range (min–max), the ratio pagesetter/typst, peak memory (max RSS) per command, and the
table docs/performance.md holds.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2023-03.yaml"
FLOOR = Path(__file__).resolve().parent / "floor.py"


NO_CACHE = "PAGESETTER_CACHE=off"


def run(cmd: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KiB) of one cold process. A leading NO_CACHE entry runs it
    with pagesetter's on-disk cache off (a first build on a new machine)."""
    env = dict(os.environ)
    # as a user runs it: Python keeps the modules' bytecode between runs
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if cmd[0] == NO_CACHE:
        env["PAGESETTER_CACHE"] = "off"
        cmd = cmd[1:]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        sys.exit(f"{' '.join(cmd)} exited {code}: {proc.stderr.read().decode()[-500:]}")
    return elapsed, usage.ru_maxrss


def copy_of_sample() -> list[dict]:
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    return data, data["pages"][0]


def marked(text: str, k: int, distinct: bool) -> str:
    """A paragraph as page k carries it: unchanged, or (with `distinct`) with the page's number
    written over its last characters, so that no paragraph is set twice and neither program can
    reuse a paragraph's layout, while the copy keeps its length and still fits its boxes (an
    overset build is a proof, which skips the preflight, and would time less work)."""
    if not distinct:
        return text
    mark = f"第{k + 1}版"
    if len(text) <= len(mark) + 1:
        return text + mark
    return text[:-len(mark) - 1] + mark + text[-1]


def rotated_issue(pages: int, out: Path, distinct: bool = False) -> Path:
    """A 16-page issue: page k carries each article's paragraphs rotated by k."""
    data, page = copy_of_sample()
    photo_file = str((SAMPLE.parent / page["photos"][0]["file"]).resolve())
    new_pages = []
    for k in range(pages):
        articles = []
        for article in page["articles"]:
            body = article["body"]
            first = [b for b in body if isinstance(b, str)]
            shift = k % max(1, len(first))
            paragraphs = [marked(text, k, distinct) for text in first[shift:] + first[:shift]]
            it = iter(paragraphs)
            rotated = [next(it) if isinstance(b, str) else b for b in body]
            articles.append({**article, "body": rotated})
        photos = [{**page["photos"][0], "file": photo_file}]
        new_pages.append({**page, "number": k + 1, "articles": articles, "photos": photos})
    data["pages"] = new_pages
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def typst_source(pages: int, distinct: bool = False) -> str:
    data, page = copy_of_sample()
    parts = ['#set page(width: 390mm, height: 546mm, margin: (x: 26.7mm, top: 50mm, '
             'bottom: 20mm), columns: 5)',
             '#set columns(gutter: 13.5pt)',
             '#set text(font: "Noto Serif CJK SC", size: 9pt, lang: "zh", region: "cn")',
             '#set par(justify: true, first-line-indent: (amount: 2em, all: true), '
             'leading: 6pt, spacing: 6pt)',
             '#show heading: set text(font: "Noto Sans CJK SC", weight: "bold", size: 18pt)']
    for k in range(pages):
        if k:
            parts.append("#pagebreak()")
        for article in page["articles"]:
            body = [b for b in article["body"]]
            strings = [b for b in body if isinstance(b, str)]
            shift = k % max(1, len(strings))
            it = iter(strings[shift:] + strings[:shift])
            headline = article["headline"]
            main = headline["main"] if isinstance(headline, dict) else headline
            parts.append(f"= {_escape(main)}")
            for b in body:
                if isinstance(b, str):
                    parts.append(_escape(marked(next(it), k, distinct)))
                else:
                    parts.append(f"== {_escape(b['subhead'])}")
        photo = page["photos"][0]
        parts.append(f'#figure(image("{(SAMPLE.parent / photo["file"]).resolve()}", '
                     f'width: 100%), caption: [{_escape(photo["caption"])}])')
    return "\n\n".join(parts) + "\n"


def _escape(text: str) -> str:
    for ch in "\\#*_`$<>@[]=-+/":
        text = text.replace(ch, "\\" + ch)
    return text


def typst_cmd(source: Path, out: Path, system_fonts: bool = False) -> list[str]:
    code = (f"import typst; typst.compile({str(source)!r}, output={str(out)!r}, "
            f"font_paths=[{str(ROOT / 'fonts')!r}], root='/', "
            f"ignore_system_fonts={not system_fonts})")
    return [sys.executable, "-c", code]


FLOORS = ("floor: ReportLab alone", "floor: ReportLab, faces kept")


def floor_runs(issue: Path, out: Path) -> Path:
    """The glyph runs bench/floor.py draws, placed (untimed) by pagesetter from `issue`."""
    subprocess.run([sys.executable, str(FLOOR), "--prepare", str(issue), str(out)], check=True)
    return out


def floor_cmds(runs: Path, out: Path) -> dict[str, list[str]]:
    return {FLOORS[0]: [sys.executable, str(FLOOR), str(runs), str(out)],
            FLOORS[1]: [sys.executable, str(FLOOR), "--kept", str(runs),
                        str(out.with_suffix(".kept.pdf"))]}


def typst_cmds(source: Path, out: Path) -> dict[str, list[str]]:
    return {"typst": typst_cmd(source, out),
            "typst + system fonts": typst_cmd(source, out.with_suffix(".sys.pdf"), True)}


def machine() -> list[str]:
    """What the figures depend on: when, where, and what else was running."""
    import platform
    import shutil

    import reportlab

    import pagesetter

    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    fonts = "unknown"
    if shutil.which("fc-list"):
        listed = subprocess.run(["fc-list", ":", "file"], capture_output=True, text=True).stdout
        fonts = f"{len(listed.splitlines())} font files"
    try:
        import typst
        typst_version = getattr(typst, "__version__", "?")
    except ImportError:
        typst_version = "not installed"
    return [f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
            f"machine: {os.cpu_count()} cores, {model}; system fonts: {fonts}",
            f"versions: Python {platform.python_version()}, pagesetter {pagesetter.__version__}, "
            f"ReportLab {reportlab.Version}, typst {typst_version}"]


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def bench(label: str, commands: dict[str, list[str]], runs: int,
          ok: tuple[int, ...]) -> dict[str, tuple[float, int, float, float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    memory: dict[str, int] = {name: 0 for name in commands}
    for cmd in commands.values():  # warm the disk cache once, untimed
        run(cmd, ok)
    for _ in range(runs):
        for name, cmd in commands.items():
            elapsed, rss = run(cmd, ok)
            times[name].append(elapsed)
            memory[name] = max(memory[name], rss)
    print(f"\n{label} ({runs} cold runs each, in turns)")
    result = {}
    for name in commands:
        median = statistics.median(times[name])
        result[name] = (median, memory[name], min(times[name]), max(times[name]))
        print(f"  {name:28s} median {median:6.3f} s ({min(times[name]):.3f}–"
              f"{max(times[name]):.3f})   peak {memory[name] / 1024:6.1f} MiB")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--distinct", action="store_true",
                        help="also time 16 pages on which no paragraph repeats")
    args = parser.parse_args()
    header = machine()
    before = load()
    for line in header:
        print(line)
    print(f"load average before: {before}")
    pagesetter = [sys.executable, "-m", "pagesetter"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        one = tmp / "one.typ"
        one.write_text(typst_source(1), encoding="utf-8")
        sixteen_typ = tmp / "sixteen.typ"
        sixteen_typ.write_text(typst_source(16), encoding="utf-8")
        sixteen = rotated_issue(16, tmp / "sixteen.yaml")
        runs = floor_runs(SAMPLE, tmp / "runs.json")
        single = bench("Sample page", {
            "pagesetter": pagesetter + [str(SAMPLE), "-o", str(tmp / "a.pdf")],
            "pagesetter, cache off": [NO_CACHE] + pagesetter + [str(SAMPLE), "-o",
                                                               str(tmp / "e.pdf")],
            "pagesetter --no-check": pagesetter + [str(SAMPLE), "-o", str(tmp / "b.pdf"),
                                                   "--no-check"],
            **typst_cmds(one, tmp / "one.pdf"),
            **floor_cmds(runs, tmp / "floor.pdf"),
        }, args.runs, (0,))
        multi = bench("16-page issue", {
            "pagesetter": pagesetter + [str(sixteen), "-o", str(tmp / "c.pdf")],
            "pagesetter, cache off": [NO_CACHE] + pagesetter + [str(sixteen), "-o",
                                                               str(tmp / "f.pdf")],
            "pagesetter --no-check": pagesetter + [str(sixteen), "-o", str(tmp / "d.pdf"),
                                                   "--no-check"],
            **typst_cmds(sixteen_typ, tmp / "sixteen.pdf"),
        }, args.runs, (0,))
        results = [("sample page", single), ("16-page issue", multi)]
        if args.distinct:
            distinct_typ = tmp / "distinct.typ"
            distinct_typ.write_text(typst_source(16, distinct=True), encoding="utf-8")
            distinct = rotated_issue(16, tmp / "distinct.yaml", distinct=True)
            results.append(("16 distinct", bench("16-page issue, no paragraph repeated", {
                "pagesetter": pagesetter + [str(distinct), "-o", str(tmp / "g.pdf")],
                "pagesetter, cache off": [NO_CACHE] + pagesetter + [
                    str(distinct), "-o", str(tmp / "h.pdf")],
                "pagesetter --no-check": pagesetter + [str(distinct), "-o", str(tmp / "i.pdf"),
                                                       "--no-check"],
                **typst_cmds(distinct_typ, tmp / "distinct.pdf"),
                **floor_cmds(floor_runs(distinct, tmp / "distinct.json"),
                             tmp / "distinct-floor.pdf"),
            }, args.runs, (0,))))
    after = load()
    print(f"\nload average after: {after}")
    for typst_name in ("typst", "typst + system fonts"):
        print(f"\nratios pagesetter/{typst_name} (median):")
        for label, result in results:
            typst = result[typst_name][0]
            print(f"  {label:14s} {result['pagesetter'][0] / typst:5.2f} "
                  f"(cache off {result['pagesetter, cache off'][0] / typst:5.2f}, "
                  f"--no-check {result['pagesetter --no-check'][0] / typst:5.2f})")

    print("\n--- for docs/performance.md ---")
    command = "python bench/bench.py --runs " + str(args.runs) + \
        (" --distinct" if args.distinct else "")
    print(f"`{command}` — {'; '.join(header)}; load average {before} before, {after} after.\n")
    print("| build | pagesetter | cache off | `--no-check` | typst, fonts/ only | "
          "typst + system fonts | peak memory |")
    print("|---|---|---|---|---|---|---|")
    def cell(result: dict, name: str) -> str:
        median, _, low, high = result[name]
        return f"{median:.2f} s ({low:.2f}–{high:.2f})"

    for label, result in results:
        ps = result["pagesetter"][0]
        print(f"| {label} | {cell(result, 'pagesetter')} | "
              f"{cell(result, 'pagesetter, cache off')} | "
              f"{cell(result, 'pagesetter --no-check')} | {cell(result, 'typst')} "
              f"({ps / result['typst'][0]:.2f}×) | {cell(result, 'typst + system fonts')} "
              f"({ps / result['typst + system fonts'][0]:.2f}×) | "
              f"{result['pagesetter'][1] / 1024:.0f} MiB |")
    print("\nThe floor under any ReportLab build (bench/floor.py: the placed glyphs drawn and "
          "saved by a bare ReportLab program in one process, nothing else):")
    for label, result in results:
        if FLOORS[0] in result:
            typst_sys = result["typst + system fonts"][0]
            print(f"- {label}: " + "; ".join(
                f"{name.removeprefix('floor: ')} {cell(result, name)} "
                f"({result[name][0] / typst_sys:.2f}× typst + system fonts)" for name in FLOORS))


if __name__ == "__main__":
    main()
