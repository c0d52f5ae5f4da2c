"""Render stage: placed pages → PDF (and from it PNG); placed pages → ALTO and text dumps."""
