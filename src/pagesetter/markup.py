"""Inline markup in body copy and captions: a small, documented set, chosen so ordinary Chinese
copy never triggers it by accident.

    **加粗**      bold, in the style's bold face
    *着重*        emphasis dots under each character (着重号, GB/T 15834 §4.16; clreq 3.2.2: in
                  Chinese, emphasis is dots, not italics)
    CO~2~         subscript: one to four Latin letters, digits or + − between tildes
    m^2^  10^-3^  superscript, the same
    \\*  \\~  \\^   the character itself

A marker without its partner is printed as typed, and so is a tilde or caret around anything but
a short Latin run (3~5天 is a range, not a subscript).
"""
from __future__ import annotations

import re

#: variant → what the style name gets (`body+bold` …): see formatfile._markup_variants.
VARIANTS = ("bold", "dots", "sub", "sup")

_TOKEN = re.compile(r"\\([*~^\\])"
                    r"|\*\*(?P<bold>[^*\n]+?)\*\*"
                    r"|\*(?P<dots>[^*\s][^*\n]*?)(?<!\s)\*"
                    r"|~(?P<sub>[A-Za-z0-9+\-−]{1,4})~"
                    r"|\^(?P<sup>[A-Za-z0-9+\-−]{1,4})\^")


def parse(text: str) -> list[tuple[str, str]]:
    """`text` as (run, variant) pairs in order; variant "" is plain."""
    out: list[tuple[str, str]] = []

    def add(run: str, variant: str) -> None:
        if not run:
            return
        if out and out[-1][1] == variant:
            out[-1] = (out[-1][0] + run, variant)
        else:
            out.append((run, variant))

    position = 0
    for match in _TOKEN.finditer(text):
        add(text[position:match.start()], "")
        if match.group(1):
            add(match.group(1), "")
        else:
            variant = next(v for v in VARIANTS if match.group(v) is not None)
            add(match.group(variant), variant)
        position = match.end()
    add(text[position:], "")
    return out


def plain(text: str) -> str:
    """The text as it prints, markup removed."""
    return "".join(run for run, _ in parse(text))
