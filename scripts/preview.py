#!/usr/bin/env python3
"""Regenerate the README's small previews: docs/sample-page.png (the bulletin page) and
docs/sample-front.png (the tabloid sample's two pages side by side)."""
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent


def pages(issue: str, tmp: Path) -> list:
    pdf_path = tmp / f"{Path(issue).stem}.pdf"
    subprocess.run([sys.executable, "-m", "pagesetter", str(ROOT / issue), "-o", str(pdf_path)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    document = pdfium.PdfDocument(str(pdf_path))
    return [page.render(scale=0.5, crop=_marks_margin(page)).to_pil().convert("L")
            for page in document]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (bulletin,) = pages("issues/2023-03.yaml", tmp)
        bulletin.save(ROOT / "docs" / "sample-page.png", optimize=True)
        front = pages("issues/2023-03-front.yaml", tmp)
        gap = 16
        width = sum(p.width for p in front) + gap * (len(front) - 1)
        sheet = Image.new("L", (width, max(p.height for p in front)), 255)
        x = 0
        for page in front:
            sheet.paste(page, (x, 0))
            x += page.width + gap
        sheet.save(ROOT / "docs" / "sample-front.png", optimize=True)


def _marks_margin(page) -> tuple[float, float, float, float]:
    media = page.get_mediabox()
    trim = page.get_trimbox()
    return (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3])


if __name__ == "__main__":
    main()
