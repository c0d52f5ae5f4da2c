#!/usr/bin/env python3
"""Rewrite tests/golden/*.dump.txt after a deliberate layout change (review the diff!)."""
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pagesetter.loader import load_issue  # noqa: E402
from pagesetter.pipeline import place_pages  # noqa: E402
from pagesetter.render.dump import dump_pages  # noqa: E402
from tests.conftest import FRONT, SAMPLE, write_issue  # noqa: E402


def dump(path: Path) -> str:
    return dump_pages(place_pages(load_issue(path)))


def main() -> None:
    golden = ROOT / "tests" / "golden"
    (golden / "2023-03.dump.txt").write_text(dump(SAMPLE), encoding="utf-8")
    (golden / "2023-03-front.dump.txt").write_text(dump(FRONT), encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        minimal = write_issue(Path(tmp) / "minimal.yaml")
        (golden / "minimal.dump.txt").write_text(dump(minimal), encoding="utf-8")


if __name__ == "__main__":
    main()
