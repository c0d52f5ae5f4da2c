"""Where the committed data lives: fonts/ and layout/ beside src/ in a checkout, or inside the
package (pagesetter/_data/…) when installed from a wheel."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"pagesetter's {name}/ folder is missing from the installation")
