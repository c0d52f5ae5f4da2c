"""Diagnostics: every error and warning a user can cause, printed one way —
`file:line:column: field.path: what (hint: …)` on one line.

`Diagnostic` is the record; `InputError` is the exception that carries an error diagnostic out of
the stage that found it. Exit codes live here too, so every stage and the command line agree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

EXIT_OK = 0
EXIT_FAILURE = 1  # the written PDF failed its preflight
EXIT_INPUT = 2  # bad input: nothing written, existing outputs untouched
EXIT_OVERSET = 3  # copy does not fit
EXIT_UNCHECKED = 4  # the preflight passed the rules it could apply; some it could not
EXIT_INTERRUPTED = 130  # Ctrl-C or SIGTERM (128 + SIGINT, as shells report it)


@dataclass(frozen=True)
class SourcePos:
    file: str
    line: int = 0  # 1-based; 0 when unknown
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


#: The controls a message shows as Python writes them (the rest of _UNSHOWN as `\x1b`, `\u202e`).
_BREAKS = {"\n": "\\n", "\r": "\\r", "\x0b": "\\v", "\x0c": "\\f", "\t": "\\t"}
#: Characters a terminal does not show as themselves: controls (an escape sequence recolours or
#: rewrites the terminal), line and paragraph separators, and invisible format characters (a
#: bidi override reverses the rest of the line, "Trojan Source"), which a message quoting copy
#: or a file name shows escaped instead.
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e"
                      "\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]")


def shown(text: str) -> str:
    """`text` as one line that a terminal shows as it is: what _UNSHOWN finds escaped as in
    Python (`\\n`, `\\x1b`, `\\u202e`)."""
    return _UNSHOWN.sub(_escaped, text)


def _escaped(match: re.Match) -> str:
    ch = match.group()
    return _BREAKS.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else
                               f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else
                               f"\\U{ord(ch):08x}")


@dataclass(frozen=True)
class Diagnostic:
    """Something the user should know, at a place in their input."""

    severity: Severity
    pos: SourcePos
    message: str
    field: str = ""  # full field path, e.g. pages[0].articles[2].place.span
    hint: str = ""

    def __str__(self) -> str:
        """The message without its severity: file:line:column: field: message (hint: …)."""
        text = f"{self.pos}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f" (hint: {self.hint})"
        return shown(text)

    def line(self) -> str:
        """The one line printed for it."""
        return f"{self.severity.value}: {self}"


def warning(pos: SourcePos, message: str, field: str = "", hint: str = "") -> Diagnostic:
    return Diagnostic(Severity.WARNING, pos, message, field, hint)


class InputError(Exception):
    """Bad input: an issue file, a format file, an image or a font the input asks for."""

    def __init__(self, pos: SourcePos, message: str, field: str = "", hint: str = "",
                 also: tuple[Diagnostic, ...] = ()) -> None:
        super().__init__(message)
        self.diagnostic = Diagnostic(Severity.ERROR, pos, message, field, hint)
        self.also = also  # more problems found in the same run, each reported

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return (self.diagnostic, *self.also)

    @property
    def pos(self) -> SourcePos:
        return self.diagnostic.pos

    @property
    def field(self) -> str:
        return self.diagnostic.field

    @property
    def message(self) -> str:
        return self.diagnostic.message

    @property
    def hint(self) -> str:
        return self.diagnostic.hint

    def __reduce__(self):  # so an error raised in a worker process reaches the parent whole
        d = self.diagnostic
        return (InputError, (d.pos, d.message, d.field, d.hint, self.also))

    def __str__(self) -> str:
        return str(self.diagnostic)
