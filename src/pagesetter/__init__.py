"""pagesetter: YAML newspaper issues → print-ready Chinese page PDFs."""

__version__ = "0.1.0"
