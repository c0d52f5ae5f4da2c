"""What a build is asked for (the command line's options as the build sees them): light, so a
command that only parses its arguments imports no stage."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence


@dataclass(frozen=True)
class BuildOptions:
    """What the command line asked for, as the build sees it."""

    output: Path | None = None  # the PDF; default out/<issue stem>.pdf
    output_dir: bool = False  # `output` is a folder to write <issue stem>.pdf in
    allow_overset: bool = False
    grid: bool = False  # proof overlay on a non-printing layer
    dump: Path | None = None
    png: Path | None = None  # folder of page images
    alto: Path | None = None  # folder of ALTO files
    dpi: int = 300
    preflight: bool = True  # preflight the written PDF
    marks: bool = True  # crop and registration marks and a slug outside the bleed
    workers: int = 1  # processes placing one issue's pages
    split: bool = False  # one PDF per page (<stem>-p<N>.pdf) instead of one for the issue
    plan_effort: int = 1  # times the make-up's search budget

    def output_for(self, issue_file: Path) -> Path:
        """The PDF to write: `output`, or <stem>.pdf inside it when it names a folder, or
        out/<stem>.pdf."""
        name = f"{issue_file.stem}.pdf"
        if self.output is None:
            return Path("out") / name
        return self.output / name if self.output_dir else self.output

    def pdfs_for(self, issue_file: Path, page_numbers: Sequence[int]) -> list[Path]:
        """The PDFs one build writes: the issue's, or with `split` one per page beside it."""
        whole = self.output_for(issue_file)
        if not self.split:
            return [whole]
        return [whole.with_name(f"{issue_file.stem}-p{n}.pdf") for n in page_numbers]


def output_option(value: str | None) -> tuple[Path | None, bool]:
    """`-o` as the user gave it: the output path, and whether it names a folder to write
    <issue stem>.pdf in (an existing folder, or a name ending in /)."""
    if value is None:
        return None, False
    folder = value.endswith(("/", os.sep)) or Path(value).is_dir()
    return Path(value), folder
