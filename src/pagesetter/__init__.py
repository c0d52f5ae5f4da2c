"""pagesetter: YAML newspaper issues to print-ready Chinese page PDFs."""

# The one place the version is written: the package metadata reads it from here (pyproject.toml,
# [tool.hatch.version]), so `pagesetter --version` costs no importlib.metadata lookup.
__version__ = "0.2.0"


def _keep_harfbuzz_from_reportlab() -> None:
    """ReportLab imports uharfbuzz, itself slow to import, when it is imported, for a shaping
    pagesetter never asks of it: compose/shaping.py shapes Mongolian with uharfbuzz directly,
    importing it when a page has Mongolian. A None entry makes ReportLab's import fail, as if
    uharfbuzz were absent; shaping.py removes the entry before its own import."""
    import sys

    sys.modules.setdefault("uharfbuzz", None)  # type: ignore[arg-type]


_keep_harfbuzz_from_reportlab()
