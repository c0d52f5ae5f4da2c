#!/usr/bin/env python3
"""Composition benchmark: every paragraph, headline and caption of the sample issue composed
through the bulletin's styles (fonts already loaded), repeated; prints the median. Each run
starts a new Composer, so nothing is looked up from an earlier run's memo; the last line is a
page whose copy the composer has set before (a rebuild in the same process, a repeated story).

    python bench/compose_bench.py [--runs 20]
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from pagesetter.compose import Composer
from pagesetter.loader import load_issue
from pagesetter.place import place_page

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    issue = load_issue(ROOT / "issues" / "2023-03.yaml")
    fonts = Composer.for_format(issue.format).fonts
    measure = issue.format.grid.column_width
    paragraphs = [(block.text, block.pos) for page in issue.pages for article in page.articles
                  for block in article.blocks]
    compose_times, place_times, again_times = [], [], []
    for _ in range(args.runs):
        composer = Composer(issue.format.styles, fonts)
        body = composer.style("body")
        start = time.perf_counter()
        for text, pos in paragraphs:
            composer.compose_text(composer.spans([(text, "body")], pos, "body"), measure, body)
        compose_times.append(time.perf_counter() - start)
        composer = Composer(issue.format.styles, fonts)
        start = time.perf_counter()
        for page in issue.pages:
            place_page(issue, page, composer)
        place_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        for page in issue.pages:
            place_page(issue, page, composer)
        again_times.append(time.perf_counter() - start)

    def median_ms(times: list[float]) -> str:
        return f"median {statistics.median(times) * 1000:.1f} ms"

    print(f"compose all {len(paragraphs)} blocks: {median_ms(compose_times)}")
    print(f"compose + place the whole page: {median_ms(place_times)}")
    print(f"place the page again (composition memoised): {median_ms(again_times)}")


if __name__ == "__main__":
    main()
