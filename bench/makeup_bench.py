#!/usr/bin/env python3
"""How long the make-up takes to plan a page (target: 8 articles in ≤ 2 s on the 2-core machine).

    python bench/makeup_bench.py [--runs 5]

Plans, in this process with faces already parsed and nothing composed yet, (1) the sample page
with every place removed (issues/2023-03-auto.yaml: 7 articles and the photo news) and (2) a
page of 8 articles and a photo with the March copy split differently. Medians of --runs fresh
composers (composition is part of planning: each block is set at every width it may take).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pagesetter.compose import Composer  # noqa: E402
from pagesetter.loader import load_issue  # noqa: E402
from pagesetter.place import planned  # noqa: E402


def eight_articles(folder: Path) -> Path:
    """The auto sample with its feature split in two: 8 articles and the photo news."""
    data = yaml.safe_load((ROOT / "issues" / "2023-03-auto.yaml").read_text(encoding="utf-8"))
    page = data["pages"][0]
    feature = page["articles"][6]
    half = len(feature["body"]) // 2
    second = {"name": "市域社会治理（二）", "headline": "治理智慧从群众中来", "byline": "本报讯",
              "body": feature["body"][half:]}
    feature["body"] = feature["body"][:half]
    page["articles"].append(second)
    page["photos"][0]["file"] = str(ROOT / "issues" / page["photos"][0]["file"])
    path = folder / "eight.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def time_plan(path: Path, runs: int) -> tuple[float, str]:
    issue = load_issue(path)
    Composer.for_format(issue.format).style("body")  # faces parsed once, as in a build
    times, result = [], ""
    for _ in range(runs):
        composer = Composer.for_format(issue.format)
        started = time.perf_counter()
        try:
            page, warnings = planned(issue, issue.pages[0], composer)
            result = f"{sum(1 for a in page.articles if a.auto)} articles placed" + \
                (f", {len(warnings)} warning" if warnings else "")
        except Exception as exc:  # noqa: BLE001 — report the refusal, timed as well
            result = f"refused: {str(exc)[:80]}"
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for label, path in (("sample, 7 articles + photo", ROOT / "issues" /
                             "2023-03-auto.yaml"),
                            ("8 articles + photo", eight_articles(Path(tmp)))):
            seconds, result = time_plan(path, args.runs)
            print(f"{label:28s} median {seconds:6.2f} s   ({result})")


if __name__ == "__main__":
    main()
