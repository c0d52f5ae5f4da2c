#!/usr/bin/env python3
"""Regenerate docs/sample-page.png, the README's small preview of the sample page."""
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pdf_path = Path(tmp) / "page.pdf"
        subprocess.run([sys.executable, "-m", "pagesetter", str(ROOT / "issues/2023-03.yaml"),
                        "-o", str(pdf_path)], check=True, stdout=subprocess.DEVNULL)
        page = pdfium.PdfDocument(str(pdf_path))[0]
        image = page.render(scale=0.5, crop=_marks_margin(page)).to_pil().convert("L")
        image.save(ROOT / "docs" / "sample-page.png", optimize=True)


def _marks_margin(page) -> tuple[float, float, float, float]:
    media = page.get_mediabox()
    trim = page.get_trimbox()
    return (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3])


if __name__ == "__main__":
    main()
