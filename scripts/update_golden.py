#!/usr/bin/env python3
"""Rewrite tests/golden/*.dump.txt after a deliberate layout change (review the diff!)."""
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pagesetter.compose import Composer  # noqa: E402
from pagesetter.loader import load_issue  # noqa: E402
from pagesetter.place import place_issue  # noqa: E402
from pagesetter.render.dump import dump_pages  # noqa: E402
from tests.conftest import MINIMAL, SAMPLE  # noqa: E402


def dump(path: Path) -> str:
    issue = load_issue(path)
    return dump_pages(place_issue(issue, Composer(issue.format)))


def main() -> None:
    golden = ROOT / "tests" / "golden"
    (golden / "2023-03.dump.txt").write_text(dump(SAMPLE), encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal.yaml"
        minimal.write_text(MINIMAL, encoding="utf-8")
        (golden / "minimal.dump.txt").write_text(dump(minimal), encoding="utf-8")


if __name__ == "__main__":
    main()
