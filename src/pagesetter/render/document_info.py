"""What the finished file says about itself (Info and XMP, render/pdfx.py): kept apart from the
finishing so that a build can describe its document without importing pikepdf
(finishing.py)."""
from __future__ import annotations

from dataclasses import dataclass

#: Name of the form the proof overlay is drawn in (render/marks.py), which the finishing makes
#: a layer that shows on screen and never prints (pdfx.mark_non_printing): here, so that the
#: finishing knows it without importing the drawing (and ReportLab).
PROOF_LAYER = "PagesetterProof"


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    subject: str  # issue and page, e.g. "兴安人大 第3期"
    date: str  # ISO date of the issue
    proof: str = ""  # why the file is a proof, not for press ("overset"), or ""
    page_numbers: tuple[int, ...] = ()  # each page's printed number (第N版), in order
