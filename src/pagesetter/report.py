"""The text of a build's report: the fit of every article and photo (what the desk reads), the
overset messages, and the preflight's verdict. Text only: the build (build.py) decides, the command
prints (cli.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .placed import FitReport, PlacedPage


def fit_messages(issue_file: Path, pages: Sequence[PlacedPage]) -> list[str]:
    """Warnings, pages the make-up could not close, and one line per overset article (for
    standard error)."""
    out: list[str] = []
    seen: set[str] = set()
    for page in pages:
        # once each: a continued article's later page sets its copy again (the same warnings
        # of the same lines of the issue)
        for line in (d.line() for d in page.warnings):
            if line not in seen:
                seen.add(line)
                out.append(line)
        if page.unplanned:
            out.append(f"error: {issue_file}: {page.unplanned}; made up as a proof")
    out += [f"overset: {fit.pos or issue_file}: {fit.path} {overset_message(fit)}"
            for page in pages for fit in page.fit if fit.over]
    return out


def overset_message(fit: FitReport) -> str:
    """What an editor needs to make copy fit: where it stands, by how much it is over, what to
    cut or how much taller its box must be, and where the overset starts."""
    where = f" ({fit.area.describe()})" if fit.area else ""
    if fit.estimated:
        return (f"`{fit.name}`{where} is far too long: about {fit.over} lines over "
                f"({fit.chars_over} characters; {fit.lines_available} lines available) — is "
                f"this the right copy?")
    taller = f", or make it {fit.taller_by} grid line{'s' if fit.taller_by != 1 else ''} taller" \
        if fit.taller_by else ""
    return (f"`{fit.name}`{where} is {fit.over} line{'s' if fit.over != 1 else ''} too long "
            f"({fit.lines_needed} needed, {fit.lines_available} available; more than "
            f"copyfitting closes): cut {fit.chars_over} characters{taller}; the overset starts "
            f"at “{fit.overset_from}”")


def summary(documents: Sequence[Path], pages: Sequence[PlacedPage], extras: int = 0) -> list[str]:
    """What was written and the fit of every block (for standard output)."""
    from .colour import press_image, press_key  # each photo as the PDF holds it (kept)

    also = f" and {extras} other file{'s' if extras != 1 else ''}" if extras else ""
    out = [f"wrote {documents[0]}{also}" if len(documents) == 1 else
           f"wrote {len(documents)} page files, {documents[0]} … {documents[-1]}{also}"]
    for page in pages:
        out.append(page_summary(page))
        for fit in page.fit:
            state = f"{fit.over} over" if fit.over else f"{fit.empty} empty"
            if fit.room and not fit.over:
                state += f", room for about {fit.room} more characters"
            where = f" ({fit.area.describe()})" if fit.area else ""
            copyfit = f"; {fit.copyfitting()}" if fit.adjusted else ""
            out.append(f"    {fit.name}{where}: {fit.lines_needed}/{fit.lines_available} lines "
                       f"({state}){copyfit}")
            out += [f"      loose line (an unbreakable run, spread wider than ¼ em a gap): {text}"
                    for text in fit.loose]
        for image in page.images:
            where = f" ({image.area.describe()})" if image.area else ""
            out.append(f"    photo {image.name}{where}: {image.ppi:.0f} ppi effective; "
                       f"{press_image(*press_key(image)).described()}")
    return out


def page_summary(page: PlacedPage) -> str:
    used = sum(min(f.lines_needed, f.lines_available) for f in page.fit)
    available = sum(f.lines_available for f in page.fit)
    articles = f"{len(page.fit)} article{'' if len(page.fit) == 1 else 's'}"
    photos = f"{len(page.images)} photo{'' if len(page.images) == 1 else 's'}"
    return (f"  page {page.number}: {articles} and {photos} placed, "
            f"{used}/{available} body lines used")
