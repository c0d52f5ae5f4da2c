"""A text dump of placed pages: every block and every whole line with its geometry and its
glyphs' positions, for golden-file tests and for reading what the make-up did without opening
the PDF."""
from __future__ import annotations

from typing import Sequence

from ..placed import PlacedPage


def dump_pages(pages: Sequence[PlacedPage]) -> str:
    out = []
    for page in pages:
        out.append(f"page {page.number} {page.width:.2f}x{page.height:.2f} bleed {page.bleed:.2f}")
        for rect in page.rects:
            out.append(f"  rect {rect.x:.2f} {rect.y:.2f} {rect.width:.2f} {rect.height:.2f} "
                       f"{rect.colour.name}")
        for image in page.images:
            area = f" ({image.area.describe()})" if image.area else ""
            out.append(f"  image {image.name} {image.x:.2f} {image.y:.2f} {image.width:.2f} "
                       f"{image.height:.2f} crop={image.crop} ppi={image.ppi:.0f}{area}")
        for box in page.frames:
            tint = f" tint={box.tint.name}" if box.tint else ""
            out.append(f"  frame {box.x:.2f} {box.y:.2f} {box.width:.2f} {box.height:.2f} "
                       f"rule={box.rule:g} radius={box.radius:.2f}{tint}")
        for rule in page.rules:
            out.append(f"  rule {rule.x1:.2f} {rule.y1:.2f} {rule.x2:.2f} {rule.y2:.2f} "
                       f"{rule.width:.2f}")
        for block in page.blocks:
            out.append(f"  block {block.kind} {block.name} {block.x:.2f} {block.y:.2f} "
                       f"{block.width:.2f} {block.height:.2f}")
            for line in block.lines:
                grid = "" if line.grid_line is None else f" grid {line.grid_line + 1}"
                grid += f" track {line.tracking:+.3f}" if line.tracking else ""
                grid += " vertical" if line.vertical else ""
                out.append(f"    line {line.x:.2f} {line.baseline:.2f} {line.width:.2f} "
                           f"{line.style}{grid} {line.text}")
                for run in line.runs:
                    scale = "" if run.scale == 1 else f" ×{run.scale:.3f}"
                    scale += f" rise {run.rise:+.2f}" if run.rise else ""
                    scale += " dots" if run.emphasis else ""
                    scale += " turned" if run.turned else ""
                    scale += f" drawn {run.drawn}" if run.drawn else ""
                    xs = " ".join(f"{x:.2f}" for x in run.xs)
                    if run.ys:  # a vertical line's glyphs: across, then down
                        xs += " | down " + " ".join(f"{y:.2f}" for y in run.ys)
                    if run.glyphs:
                        xs += " | glyphs " + " ".join(map(str, run.glyphs))
                    out.append(f"      {run.font} {run.size:g}{scale}: {xs}")
        for fit in page.fit:
            area = f" ({fit.area.describe()})" if fit.area else ""
            copyfit = f" {fit.copyfitting()}" if fit.adjusted else ""
            out.append(f"  fit {fit.name}{area} available={fit.lines_available} "
                       f"needed={fit.lines_needed} over={fit.over} empty={fit.empty}{copyfit}")
    return "\n".join(out) + "\n"
