"""`pagesetter schema`: the issue file format as JSON Schema (draft 2020-12), for editors.

Generated from the shapes the loader reads issue files through (issue_format.ISSUE), never kept by
hand: a field added to the loader is in the schema. The schema checks what a file can be checked
for on its own — keys, required fields, types, ranges; what depends on the page format (a column
within its grid, a headline style it defines) and on other files (a photo that exists) only the
loader can say.
"""
from __future__ import annotations

import json

from .issue_format import ISSUE

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def issue_schema() -> dict:
    return _schema(ISSUE, "pagesetter issue file")


def format_schema() -> dict:
    """The page format file (layout/NAME.yaml) as JSON Schema."""
    from .page_format import FORMAT

    return _schema(FORMAT, "pagesetter page format")


def _schema(top, title: str) -> dict:
    definitions = {shape.name: shape.definition() for shape in top.shapes() if shape.name}
    return {"$schema": DRAFT, "title": title, **top.definition(),
            "$defs": dict(sorted(definitions.items()))}


def schema_text(page_format: bool = False) -> str:
    schema = format_schema() if page_format else issue_schema()
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
