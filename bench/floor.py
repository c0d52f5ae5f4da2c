#!/usr/bin/env python3
"""The floor under any ReportLab build of an issue: a bare ReportLab program that draws the
issue's placed lines, each run of glyphs where pagesetter placed its first glyph (one drawString
a run: fewer operators than justified lines need), in the same faces, with the same photos,
into compressed pages in one process — and does nothing else (no YAML, no composition, no
placing, no PDF/X finishing, no preflight).

    python bench/floor.py --prepare ISSUE RUNS.json  # untimed: places ISSUE with pagesetter
    python bench/floor.py RUNS.json OUT.pdf          # timed (bench/bench.py): the bare program
    python bench/floor.py --kept RUNS.json OUT.pdf   # … with the faces from pagesetter's cache

`bench/bench.py --floor` times it beside pagesetter and typst, in turns: what pagesetter costs
above it is pagesetter's own; what it costs above typst is Python's and ReportLab's.
"""
from __future__ import annotations

import json
import sys


def prepare(issue_file: str, out: str) -> None:
    """Each page's glyph runs (face file, size, line position, text, each glyph's offset) and
    photos, as pagesetter places them."""
    from pathlib import Path

    from pagesetter.loader import load_issue
    from pagesetter.pipeline import place_pages

    pages = []
    for page in place_pages(load_issue(Path(issue_file))):
        runs = []
        for block in page.blocks:
            for line in block.lines:
                for run in line.runs:
                    if run.ys or run.glyphs:  # vertical or shaped: not on the sample pages
                        continue
                    runs.append([str(page.fonts[run.font]), run.size, line.x, line.baseline,
                                 run.text, list(run.xs)])
        photos = [[str(image.file), image.x, image.y, image.width, image.height]
                  for image in page.images]
        pages.append({"width": page.width, "height": page.height, "runs": runs,
                      "photos": photos})
    Path(out).write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")


def draw(runs_file: str, out: str, kept_faces: bool = False) -> None:
    """The bare program; `kept_faces`: the faces read back from pagesetter's metrics cache
    (face_metrics.py) instead of parsed by ReportLab."""
    from reportlab.pdfbase.pdfmetrics import registerFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    if kept_faces:
        from pathlib import Path

        from pagesetter.fonts import load_face
        from pagesetter.kept import Kept, keeping

    with open(runs_file, encoding="utf-8") as fh:
        pages = json.load(fh)
    canvas = Canvas(out, invariant=1, pageCompression=1)
    faces: dict[str, str] = {}
    for page in pages:
        canvas.setPageSize((page["width"], page["height"]))
        for path, size, x, y, text, xs in page["runs"]:
            name = faces.get(path)
            if name is None and kept_faces:
                with keeping(Kept()):
                    name = faces[path] = load_face(Path(path)).fontName
            elif name is None:
                name = faces[path] = f"F{len(faces)}"
                registerFont(TTFont(name, path))
            canvas.setFont(name, size)
            canvas.drawString(x + xs[0], page["height"] - y, text)
        for path, x, y, width, height in page["photos"]:
            canvas.drawImage(path, x, page["height"] - y - height, width, height)
        canvas.showPage()
    canvas.save()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--prepare"] and len(sys.argv) == 4:
        prepare(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3:
        draw(sys.argv[1], sys.argv[2])
    elif sys.argv[1:2] == ["--kept"] and len(sys.argv) == 4:
        draw(sys.argv[2], sys.argv[3], kept_faces=True)
    else:
        sys.exit(__doc__)
