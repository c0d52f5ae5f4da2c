"""pagesetter: YAML newspaper issues to print-ready Chinese page PDFs."""

# The one place the version is written: the package metadata reads it from here (pyproject.toml,
# [tool.hatch.version]), so `pagesetter --version` costs no importlib.metadata lookup.
__version__ = "0.2.0"
