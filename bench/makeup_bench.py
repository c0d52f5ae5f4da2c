#!/usr/bin/env python3
"""How long the automatic make-up takes: `pagesetter plan` in cold processes on pages of 4, 8,
12, 16 and 20 blocks placed automatically, with and without photos (the sample's copy, cut into
articles of seeded random lengths that fill about 97 % of the page; one photo in four stays with
its article). Prints, for each page, the median and range of --runs cold runs and whether the
page was made up, with the machine and its load. Target: ≤ 2 s, never over 5 s.

    python bench/makeup_bench.py [--runs 3] [--seeds 3]
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = yaml.safe_load((ROOT / "issues" / "2023-03.yaml").read_text(encoding="utf-8"))
TEXT = "".join(b for a in SAMPLE["pages"][0]["articles"] for b in a["body"]
               if isinstance(b, str))
HEADS = [a["headline"] if isinstance(a["headline"], str) else a["headline"]["main"]
         for a in SAMPLE["pages"][0]["articles"]]
PHOTO = ROOT / "issues" / "images" / "spring-field.jpg"


def page(blocks: int, photos: int, seed: int, fill: float = 0.97) -> dict:
    """An issue of one page of `blocks` automatic blocks, `photos` of them photos."""
    rng = random.Random(seed)
    count = blocks - photos
    weights = [rng.uniform(0.3, 2.0) for _ in range(count)]
    weights[0] *= 2.5  # the lead
    room = 90 * 5 * 20 * fill - photos * 2 * 27 * 20 - count * 4 * 2 * 20
    sizes = [max(60, int(room * w / sum(weights))) for w in weights]
    articles, at = [], 0
    for k, size in enumerate(sizes):
        if at + size > len(TEXT):
            at = 0
        body = TEXT[at:at + size]
        at += size
        articles.append({"name": f"稿{k}", "headline": HEADS[k % len(HEADS)],
                         "body": [body[i:i + 300] for i in range(0, len(body), 300)],
                         **({"priority": 1} if k == 0 else {})})
    shots = []
    for k in range(photos):
        shots.append({"name": f"图{k}", "file": str(PHOTO), "title": "人大代表助力备春耕",
                      "caption": "近日，科右前旗俄体镇人大代表深入田间地头。"})
        if k % 4 == 0 and count > 1:
            articles[1 + k % (count - 1)]["with_photo"] = f"图{k}"
    return {"publication": "兴安人大", "number": 1, "date": "2023-03-31", "format": "bulletin",
            "pages": [{"number": 1, "layout": "auto", "articles": articles, "photos": shots}]}


def timed(path: Path) -> tuple[float, str]:
    started = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    proc = subprocess.run([sys.executable, "-m", "pagesetter", "plan", str(path)],
                          capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    verdict = "made up" if proc.returncode == 0 else \
        "refused: " + (proc.stderr.strip().splitlines() or ["?"])[-1].split(": ", 2)[-1][:60]
    if proc.returncode == 0 and "tombstones" in proc.stderr:
        verdict += " (tombstones warned)"
    return seconds, verdict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}  {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, load {load[0]:.2f} before")
    print("| blocks | photos | seed | median s | min–max s | result |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for blocks in (4, 8, 12, 16, 20):
            for photos in (0, max(1, blocks // 5)):
                for seed in range(args.seeds):
                    path = Path(folder) / f"p{blocks}-{photos}-{seed}.yaml"
                    path.write_text(yaml.safe_dump(page(blocks, photos, seed),
                                                   allow_unicode=True, sort_keys=False),
                                    encoding="utf-8")
                    results = [timed(path) for _ in range(args.runs)]
                    times = [t for t, _ in results]
                    print(f"| {blocks} | {photos} | {seed} | {statistics.median(times):.2f} | "
                          f"{min(times):.2f}–{max(times):.2f} | {results[0][1]} |", flush=True)
    print(f"# load {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
