"""Errors a user can cause, each rendered as one line: file:line:column: field: what (hint)."""
from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INPUT = 2
EXIT_OVERSET = 3


@dataclass(frozen=True)
class SourcePos:
    file: str
    line: int = 0  # 1-based; 0 when unknown
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


class InputError(Exception):
    """Bad input: an issue file, a format file, an image or a font the input asks for."""

    def __init__(self, pos: SourcePos, message: str, field: str = "", hint: str = "") -> None:
        super().__init__(message)
        self.pos = pos
        self.field = field
        self.message = message
        self.hint = hint

    def __reduce__(self):  # so an error raised in a worker process reaches the parent whole
        return (InputError, (self.pos, self.message, self.field, self.hint))

    def __str__(self) -> str:
        text = f"{self.pos}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f" (hint: {self.hint})"
        return text.replace("\n", " ")
