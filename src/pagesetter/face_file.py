"""A face file's bytes as ReportLab reads them, each slice read from the file when it is asked for.

ReportLab's `TTFontFile` keeps a face's whole file in memory (`_ttf_data`) and reads it by
slices: the table directory when the face is opened, then the tables and glyphs it subsets when
a document is saved. With the face's metrics kept on disk (face_metrics.py) nothing else is
read, and a page sets a few hundred of a CJK face's tens of thousands of glyphs: reading the
whole file, and digesting it, was most of what opening a face cost. A `FaceFile` stands in for
those bytes (a length, a byte, a slice, read with `pread`), and the file's digest is the one
kept for its status (cache.opened_digest).

The file stays open for the face's life, so a file replaced meanwhile (saved as a new file
and renamed over the old, as editors and installers do) is still read as it was digested. One
written over in place is noticed before its glyphs are subset, or by a read that comes up
short, and the build stops with an error rather than embed glyphs its metrics do not describe.
"""
from __future__ import annotations

import os
from pathlib import Path

from .cache import opened_digest
from .errors import InputError, SourcePos


class FaceChanged(InputError):
    """The face file was written over in place while a build was reading it."""

    def __init__(self, path: Path) -> None:
        super().__init__(SourcePos(str(path)),
                         f"font file {path.name} changed while the build was reading it",
                         hint="build again once the font file is saved")


class FaceFile:
    """The bytes of a face file open for reading (`length` of them from `start`: a view of a
    table), as ReportLab reads its `_ttf_data`."""

    def __init__(self, path: Path, fd: int, digest: str, start: int = 0,
                 length: int | None = None) -> None:
        self.path, self.fd, self.digest = path, fd, digest
        info = os.fstat(fd)
        self.size, self.modified = info.st_size, info.st_mtime_ns  # as it was digested
        self.start = start
        self.length = info.st_size - start if length is None else length

    @classmethod
    def open(cls, path: Path) -> FaceFile:
        """The face file at `path`, with its digest (OSError when it cannot be read)."""
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            digest = opened_digest(path, fd)
            return cls(path, fd, digest)
        except BaseException:
            os.close(fd)
            raise

    @property
    def name(self) -> str:
        """The file's name, for ReportLab's messages."""
        return str(self.path)

    def read(self) -> FaceFile:
        """What ReportLab keeps as the file's bytes (`TTFontFile.readFile`): this."""
        return self

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, key: int | slice) -> int | bytes:
        if isinstance(key, slice):
            start, stop, step = key.indices(self.length)
            if step != 1:
                return self.whole()[key]
            return self._read(start, max(stop - start, 0))
        index = key + self.length if key < 0 else key
        if not 0 <= index < self.length:
            raise IndexError("face file index out of range")
        return self._read(index, 1)[0]

    def part(self, start: int, length: int) -> FaceFile:
        """`length` bytes from `start`, read when sliced (a table: ReportLab reads one glyph at
        a time from the glyph table)."""
        return FaceFile(self.path, self.fd, self.digest, self.start + start,
                        max(0, min(length, self.length - start)))

    def whole(self) -> bytes:
        return self._read(0, self.length)

    def unchanged(self) -> bool:
        """Whether the open file is as it was digested: not written to since (its size and
        modification time; its change time moves when it is only renamed over)."""
        info = os.fstat(self.fd)
        return (info.st_size, info.st_mtime_ns) == (self.size, self.modified)

    def check_unchanged(self) -> None:
        if not self.unchanged():
            raise FaceChanged(self.path)

    def close(self) -> None:
        os.close(self.fd)

    def _read(self, start: int, count: int) -> bytes:
        data = os.pread(self.fd, count, self.start + start)
        if len(data) != count:
            raise FaceChanged(self.path)
        return data
