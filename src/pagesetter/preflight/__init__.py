"""`pagesetter check FILE.pdf`: preflight any PDF against the PDF/X-1a:2001 rules a newsprint
plant relies on, the way a prepress preflight profile does (Acrobat, PitStop and callas are the
anchors).

    rules.py          the rules: ids, what they check, where in ISO 15930-1 / the print shop's
                      needs
    document.py       the file: version and structure, output intent, Info and XMP,
                      encryption, actions, compression, page boxes, annotations
    content.py        the pages' content, walked (walk.py, with the state of state.py) through
                      forms and Type 3 glyphs, against colour_rules.py (colour spaces,
                      transparency), text_rules.py (what is painted, overprint) and
                      font_rules.py (fonts embedded, every glyph shown)
    rendered_ink.py   total ink inside the bleed, rendered page by page with Ghostscript
    report.py         the text report and the JSON one

Work is bounded (content size, operators, pages rendered, time) so a hostile file ends in a
"skipped: too large" finding, never in exhausted memory; a file that is not a readable PDF is
`Unreadable`. The build runs the same checks on the bytes it is about to write, with total ink
taken from the layout (`known_ink`) instead of a rendering.
"""
from __future__ import annotations

import io
from pathlib import Path

from .report import Finding, Report, Verdict, Where
from .rules import RULES

__all__ = ["Finding", "Report", "RULES", "Unreadable", "Verdict", "Where", "check_pdf"]


class Unreadable(Exception):
    """Not a PDF, or one that cannot be opened (a password, a broken file); `hint`: what the
    user can do about it."""

    def __init__(self, reason: str, hint: str = "check that it is a complete PDF file") -> None:
        super().__init__(reason)
        self.hint = hint


def check_pdf(path: Path, ghostscript: bool = True, known_ink: list[str] | None = None,
              data: bytes | None = None, glyphs: bool = True, workers: int = 1) -> Report:
    """Preflight `path` (or `data`, the bytes that will be written there). `known_ink`:
    total-ink problems already measured exactly (our own output, from its layout); then
    Ghostscript does not render the file. `glyphs`: check that every glyph shown is in its
    embedded font (parses the fonts with fontTools). `workers`: processes that may walk the
    pages' content (the findings are the same for any number)."""
    import pikepdf

    from .content import check_content
    from .document import check_document

    report = Report(path)
    try:
        pdf = pikepdf.open(io.BytesIO(data) if data is not None else path)
    except pikepdf.PasswordError:
        raise Unreadable("it is encrypted with a password",
                         "ask for a copy without a password") from None
    except (pikepdf.PdfError, OSError, ValueError, RuntimeError) as exc:
        raise Unreadable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    drawing = None
    with pdf:
        try:
            check_document(pdf, report)
            drawing = check_content(pdf, report, glyphs=glyphs,
                                    source=data if data is not None else path, workers=workers)
        except (pikepdf.PdfError, RecursionError) as exc:
            report.fail("file.structure", f"the file's objects cannot be read: {exc}")
        report.close_rule("file.structure", "every object read")
    if known_ink is not None:
        report.result("ink.total", known_ink, "within the limit (measured from the layout)")
    elif ghostscript:
        from .rendered_ink import check_ink

        check_ink(path, data, report, drawing, workers)
    else:
        report.skip("ink.total", "not measured (no Ghostscript run asked for)")
    return report
