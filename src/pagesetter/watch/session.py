"""A warm build: one process keeps the faces, the composer's memos and the last placed pages,
and on each rebuild places again only the pages whose input changed.

A page's input is its model (copy, places, positions in the file), the articles of other pages
that continue on it, and what its header or masthead shows of the issue; the page format and
the faces are the input of every page (a changed format starts afresh). An input error keeps
the last good build on show, with the error beside it.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING

from ..compose import Composer, issue_words
from ..errors import InputError
from ..kept import Kept
from ..model import Issue, Page
from ..placed import PlacedPage
from ..options import BuildOptions
from ..pipeline import input_files
from .preview import Previews

if TYPE_CHECKING:
    from .placing import PlaceChange

#: Preview images at screen resolution: the page shows a page at 0.6 CSS pixels a point (43 dpi),
#: so 48 dpi is a little more than is shown.
PREVIEW_DPI = 48


@dataclass(frozen=True)
class Build:
    """What the preview shows: the last good pages and their images, and what went wrong
    since (an input error), with the build's warnings and timings."""

    version: int
    issue: Issue | None = None
    pages: tuple[PlacedPage, ...] = ()
    images: dict[int, tuple[bytes, tuple[int, int]]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    error: tuple[str, ...] = ()  # the error lines of the last attempt ("" when it built)
    placed: tuple[int, ...] = ()  # numbers of the pages placed again by the last rebuild
    seconds: float = 0.0  # edit seen → PDF written and preview images made
    preflight: str = ""  # "passed", "FAILED: …", "" (not run yet, or off)
    inputs: tuple[Path, ...] = ()  # the files to watch
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step
    source: str = ""  # SHA-256 of the issue file it was built from ("": not known)
    pending: bool = False  # its pages are on show; its PDF is being written


class Session:
    def __init__(self, issue_file: Path, options: BuildOptions, out: Path) -> None:
        self.issue_file = issue_file
        self.options = replace(options, output=out, output_dir=False, split=False)
        self.out = out
        self.kept = Kept()  # formats, faces and photos, kept from build to build by content
        self.composer: Composer | None = None
        self.format: tuple = ()  # the format and its faces' digests the composer was made for
        self.words: list[str] = []
        self.pages: dict[int, tuple[tuple, PlacedPage]] = {}  # page number → (its input, page)
        self.images: dict[int, tuple[tuple, tuple[bytes, tuple[int, int]]]] = {}
        self.previews = Previews(PREVIEW_DPI)
        self.build = Build(0, inputs=(issue_file,))
        #: The files to watch: the issue's inputs once it loads; while it cannot be read, the
        #: issue and every file it names, found or not (a photo restored is then seen).
        self.watched: tuple[Path, ...] = (issue_file,)
        self.refused_output = False  # the last build refused the output (it is an input)
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        #: One build or write at a time (the watch loop's thread and the preview's requests).
        self.building = threading.Lock()
        self.seen: tuple = ()  # the watched files' status when the last build began
        #: Writes made from the page, newest last: the bytes before, the digest after.
        self.undo: list[tuple[bytes, str]] = []

    def rebuild(self) -> Build:
        """Load, place what changed, write the PDF, make the changed pages' images; publish."""
        with self.building:
            return self._rebuild()

    def rebuild_if_changed(self) -> Build | None:
        """A rebuild, unless no watched file changed since the last one began (a change the
        preview wrote was built at once)."""
        with self.building:
            if _status(self.watched) == self.seen:
                return None
            return self._rebuild()

    def change_place(self, change: "PlaceChange") -> Build:
        """Write the block's new `place:` into the issue file and build it; refused (Refused)
        when the page was drawn from an older file than the one on disk."""
        from .placing import edited_issue

        with self.building:
            before = self._current_source(change.source)
            assert self.build.issue is not None  # _current_source refuses a failed build
            text = edited_issue(before.decode("utf-8"), self.build.issue, self.build.pages,
                                change)
            self._write(text.encode("utf-8"), before)
            return self._rebuild()

    def undo_place(self) -> Build:
        """Put back the issue file as it was before the page's last write, if nothing else has
        written it since (even when that write made the page fail to build)."""
        from .placing import Refused

        with self.building:
            try:
                current = self.issue_file.read_bytes()
            except OSError as exc:
                raise Refused(HTTPStatus.CONFLICT, f"the issue file cannot be read: "
                                                   f"{exc.strerror}") from None
            if not self.undo:
                raise Refused(HTTPStatus.CONFLICT, "nothing to undo: the page wrote nothing yet")
            previous, written = self.undo.pop()
            if _digest(current) != written:
                self.undo.clear()
                raise Refused(HTTPStatus.CONFLICT, "the file changed since the page wrote it; "
                                                   "undo in your editor")
            self._write(previous, None)
            return self._rebuild()

    def _current_source(self, source: str) -> bytes:
        """The issue file's bytes, when they are those the page was drawn from (`source`, the
        digest its build read)."""
        from .placing import Refused

        if self.build.issue is None or self.build.error:
            raise Refused(HTTPStatus.CONFLICT, "the issue does not build; fix it in the file")
        try:
            data = self.issue_file.read_bytes()
        except OSError as exc:
            raise Refused(HTTPStatus.CONFLICT, f"the issue file cannot be read: "
                                               f"{exc.strerror}") from None
        if not source or _digest(data) != source or source != self.build.source:
            raise Refused(HTTPStatus.CONFLICT, "the file changed since this page was drawn; "
                                               "the page shows it now")
        return data

    def _write(self, data: bytes, before: bytes | None) -> None:
        """Replace the watched issue file (only it, and atomically, as builds write)."""
        from ..files import write_atomically

        write_atomically(self.issue_file, data)
        if before is not None:
            self.undo.append((before, _digest(data)))

    def _rebuild(self) -> Build:
        started = time.perf_counter()
        self.seen = _status(self.watched)
        try:
            source = _digest(self.issue_file.read_bytes())
        except OSError:
            source = ""
        try:
            build = self._build(started)
        except _Failed as failed:
            build = replace(self.build, error=failed.lines, inputs=self.watched)
        except InputError as exc:
            build = replace(self.build, error=tuple(d.line() for d in exc.diagnostics),
                            inputs=self.watched)
        except Exception as exc:  # noqa: BLE001 — a broken save must never stop the watcher
            build = replace(self.build, error=(f"error: {self.issue_file}: "
                                               f"{exc.__class__.__name__}: {exc}",),
                            inputs=self.watched)
        try:
            after = _digest(self.issue_file.read_bytes())
        except OSError:
            after = ""
        # the file the build read: known only when it did not change while it was read
        return self.publish(replace(build, source=source if source == after and not build.error
                                    else ""))

    def publish(self, build: Build) -> Build:
        """Show `build` (as the next version) to everyone waiting for one."""
        with self.changed:
            self.build = replace(build, version=self.build.version + 1)
            self.changed.notify_all()
            return self.build

    def _build(self, started: float) -> Build:
        """The one build (build.py) with this session's placer, which places again only the
        pages whose input changed and shows their previews before the PDF is written."""
        from ..build import build_issue
        from ..yamlsrc import Reading

        clock = _Clock(started)
        reading = Reading()
        again: list[int] = []
        # The preflight is a second step (`preflight`), so the page is on screen first.
        options = replace(self.options, preflight=False, dump=None, png=None, alto=None)
        built = build_issue(self.issue_file, options,
                            lambda issue, _: self._previewed(issue, again, clock, started),
                            reading, self.kept)
        self.refused_output = built.refused_output
        if built.issue is None:
            self.watched = (self.issue_file, *reading.named)
            raise _Failed(built.error_lines or tuple(built.err))
        self.watched = (self.issue_file, *input_files(built.issue)[1:])
        if built.pdf is None:
            raise _Failed(built.error_lines or tuple(built.err))
        clock.lap("pdf")
        placed = list(built.pages)
        numbers = [p.number for p in placed]
        warnings = tuple(line for line in built.err if not line.startswith("error: "))
        return Build(self.build.version, built.issue, tuple(placed),
                     {n: self.images[n][1] for n in numbers}, warnings, (), tuple(again),
                     time.perf_counter() - started, "", tuple(input_files(built.issue)),
                     clock.laps)

    def _previewed(self, issue: Issue, again: list[int], clock: "_Clock", started: float) \
            -> tuple[list[PlacedPage], bytes | None]:
        """The pages placed (`_placed`), and the preview of those placed again shown at once:
        drawn alone, or with the whole document when every page changed (the build then
        finishes that drawing instead of drawing again)."""
        from ..render.pdf import render_pdf

        placed = self._placed(issue, again, clock)
        stale = [p for p in placed if p.number in again or p.number not in self.images]
        whole = len(stale) == len(placed)  # then `stale` is every page, in order
        drawn = render_pdf(stale, self.options.marks) if stale else None
        if drawn is not None:
            fresh = self.previews.images(drawn, stale, {p.number for p in stale})
            for number, image in fresh.items():
                self.images[number] = (self.pages[number][0], image)
        clock.lap("preview")
        self.publish(replace(self.build, issue=issue, pages=tuple(placed), error=(),
                             images={p.number: self.images[p.number][1] for p in placed},
                             placed=tuple(again), seconds=time.perf_counter() - started,
                             preflight="", pending=True, source=""))
        return placed, drawn if whole else None

    def _placed(self, issue: Issue, again: list[int], clock: "_Clock") -> list[PlacedPage]:
        """The issue's pages, each placed again only when its input changed (page_input)."""
        from ..place import place_page

        clock.lap("load")
        words = issue_words(issue)
        fmt = (issue.format, faces_content(issue.format.fonts))
        if fmt != self.format or words != self.words or self.composer is None:
            # a new format, a face saved anew, or new names headlines keep whole: nothing is
            # reused
            self.format, self.words = fmt, words
            self.composer = Composer.for_issue(issue)
            self.pages.clear()
            self.images.clear()
        composer = self.composer
        composer.missing.clear()
        placed, kept = [], {}
        for page in issue.pages:
            key = page_input(issue, page, self.options.grid)
            cached = self.pages.get(page.number)
            if cached is None or cached[0] != key:
                cached = (key, place_page(issue, page, composer, self.options.grid,
                                          self.options.allow_overset,
                                          self.options.plan_effort))
                again.append(page.number)
            kept[page.number] = cached
            placed.append(cached[1])
        composer.check_missing()
        self.pages = kept
        clock.lap("place")
        return placed

    def preflight(self, build: Build) -> None:
        """The preflight of the PDF just written, published as a second step (the page is on
        screen first)."""
        if not self.options.preflight or build.error or not build.pages:
            return
        from ..preflight import check_pdf
        from ..layout_ink import ink_problems

        report = check_pdf(self.out, known_ink=ink_problems(build.pages), glyphs=False)
        verdict = "passed" if report.ok else "FAILED: " + "; ".join(
            f"{f.rule}: {f.message}" for f in report.findings if f.verdict.value == "fail")
        with self.changed:
            if self.build.pages is build.pages:  # no newer build since
                self.build = replace(self.build, preflight=verdict,
                                     version=self.build.version + 1)
                self.changed.notify_all()


class _Failed(Exception):
    """A build that wrote nothing, with its error lines."""

    def __init__(self, lines) -> None:
        super().__init__("; ".join(lines))
        self.lines = tuple(lines)


class _Clock:
    def __init__(self, started: float) -> None:
        self.last = started
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.last, 4)
        self.last = now


def page_input(issue: Issue, page: Page, grid: bool) -> tuple:
    """Everything a placed page depends on besides the format: the page, the articles of other
    pages continuing on it, and the issue facts its header shows."""
    incoming = tuple(article for other in issue.pages if other.number != page.number
                     for article in other.articles
                     if any(part.page == page.number for part in article.continues))
    facts = (issue.publication, issue.number, issue.date, issue.cn, len(issue.pages),
             issue.source.name, issue.fields)
    return (page, incoming, facts, grid)


def faces_content(fonts: dict[str, Path]) -> tuple:
    """What a format's faces hold: a face saved over its file is a new face."""
    from ..cache import file_digest

    digests = []
    for key, path in sorted(fonts.items()):
        try:
            digests.append((key, file_digest(path)))
        except OSError:
            digests.append((key, ""))  # composing says what is wrong with it
    return tuple(digests)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _status(files) -> tuple:
    """The status of each file (None when it is missing): a save changes it."""
    out: list[tuple | None] = []
    for path in files:
        try:
            info = os.stat(path)
            out.append((info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
        except OSError:
            out.append(None)
    return tuple(out)
