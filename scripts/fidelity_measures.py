#!/usr/bin/env python3
"""Which measure each paragraph of the printed original was set at, as far as the composer can
tell: the line-break fidelity tool sweeps one measure per article; this sweeps it per paragraph
too, with the same rules, to show where an article's paragraphs need different measures (parts
of an article set in columns of different widths) — lines no single measure can match.

    python scripts/fidelity_measures.py [--lines] [../shared/seed/2023-03-printed-lines-dev.json]

Needs the shared fidelity tool (../shared/tools/linebreak_fidelity.py) beside the project.
Prints, per article, the tool's best single measure and its score, then each paragraph's best
measures (the range that scores best) and score. With `--lines`, also every printed line but a
paragraph's last with the measures (1/32 em apart) at which the composer sets it as printed,
marked `*` where that range leaves out the article's best measure: two neighbouring lines with
ranges that do not meet cannot both be matched at one measure.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT.parent / "shared" / "tools"


def best_measures(score, paragraphs, measures) -> tuple[int, list[float]]:
    """The best score over `measures` and every measure that reaches it."""
    scores = {m: score(paragraphs, m)[0] for m in measures}
    best = max(scores.values())
    return best, [m for m, s in scores.items() if s == best]


def line_ranges(tool, lines: list[str]) -> list[tuple[str, list[float]]]:
    """Each line of a paragraph but the last, with the measures (17–23 em, 1/32 em apart) at
    which the composer sets it exactly as printed, given the rest of the paragraph."""
    from pagesetter.compose import break_lines

    measures = [17 + k / 32 for k in range(6 * 32 + 1)]
    out = []
    for k, rest in enumerate(tool.rests(lines)[:-1]):
        indent = 2.0 if k == 0 else 0.0
        fits = [m for m in measures if (got := break_lines(rest, m, indent))
                and tool.squash(got[0]) == tool.squash(lines[k])]
        out.append((lines[k], fits))
    return out


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(TOOLS))
    import linebreak_fidelity as tool

    show_lines = "--lines" in argv
    argv = [a for a in argv if a != "--lines"]
    path = Path(argv[0]) if argv else ROOT.parent / "shared" / "seed" / \
        "2023-03-printed-lines-dev.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    total = per_article = per_paragraph = 0
    for no, art in enumerate(data["articles"]):
        if art.get("photo_caption"):
            continue
        paragraphs = [b["paragraph"] for b in art["blocks"] if "paragraph" in b]
        lines = sum(len(p) for p in paragraphs)
        good, measures = best_measures(tool.score, paragraphs, tool.MEASURES)
        total, per_article = total + lines, per_article + good
        print(f"article {no} ({(art.get('headline') or '')[:12]}): {good}/{lines} at one "
              f"measure ({measures[0]:g}–{measures[-1]:g} em)")
        best = measures[0]
        for k, paragraph in enumerate(paragraphs):
            good, measures = best_measures(tool.score, [paragraph], tool.MEASURES)
            per_paragraph += good
            print(f"    paragraph {k + 1}: {good}/{len(paragraph)} at "
                  f"{measures[0]:g}–{measures[-1]:g} em  “{paragraph[0][:10]}…”")
            for line, fits in line_ranges(tool, paragraph) if show_lines else ():
                span = f"{fits[0]:.3f}–{fits[-1]:.3f}" if fits else "never"
                mark = " " if fits and fits[0] <= best <= fits[-1] else "*"
                print(f"      {mark} {span:>13} em  {line}")
    print(f"one measure per article: {100 * per_article / total:.1f} %; one per paragraph: "
          f"{100 * per_paragraph / total:.1f} % of {total} lines")


if __name__ == "__main__":
    main(sys.argv[1:])
