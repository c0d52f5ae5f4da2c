"""Writing outputs so that nothing is lost.

A file is replaced only by a complete new one (written beside it, then renamed). A build's
outputs — the PDF, page images, ALTO files, the dump — are checked before any is written
(`check_outputs`), staged as temporary files, and renamed into place together at the end
(`Outputs`), so a build that fails or is interrupted replaces nothing, and one interrupted during
the renames knows exactly which it made.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable

from .errors import InputError, SourcePos
from .interrupts import interrupts_deferred


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Permissions of a new output file: what `open()` would give it.
FILE_MODE = 0o666 & ~_umask()


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: written to a hidden file beside it, then renamed over it.
    The temporary name is short (a long legal output name must not make it too long)."""
    with interrupts_deferred():
        tmp = _staged(path, data)
        try:
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def _staged(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".pagesetter-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            os.fchmod(fh.fileno(), FILE_MODE)
    except BaseException:
        os.unlink(tmp)
        raise
    return Path(tmp)


class Outputs:
    """A build's outputs, staged beside their places and committed together. `written`: the
    record of files put in place kept by whoever runs the build (a command's run, a batch
    worker), so that an interrupt that comes after the build (as it returns, or while its
    summary is printed) still names them."""

    def __init__(self, written: list[Path] | None = None) -> None:
        self._staged: list[tuple[Path, Path]] = []  # (temporary file, final path)
        self.committed: list[Path] = []
        self.written = written if written is not None else []

    def stage(self, path: Path, data: bytes) -> None:
        with interrupts_deferred():  # the temporary file exists only once it is recorded
            self._staged.append((_staged(path, data), path))

    def commit(self) -> None:
        """Rename every staged file into place, in order; an interrupt comes between two
        renames, each recorded as it is made."""
        while self._staged:
            with interrupts_deferred():
                tmp, path = self._staged[0]
                os.replace(tmp, path)
                self._staged.pop(0)
                self.committed.append(path)
                self.written.append(path)

    def discard(self) -> None:
        """Remove what was staged and not committed (a second Ctrl-C waits for it)."""
        with interrupts_deferred():
            for tmp, _ in self._staged:
                tmp.unlink(missing_ok=True)
            self._staged.clear()


class OutputRefused(InputError):
    """An output the build will not write: one of its inputs, named twice, or not a regular
    file."""


def check_outputs(outputs: Iterable[Path], inputs: Iterable[Path], issue_file: Path) -> None:
    """Refuse (as an input error) any output that is an input of the build, is named twice,
    or exists and is not a regular file (a device, a FIFO, a folder, a symbolic link): writing
    it would replace what is not ours to replace."""
    where = SourcePos(str(issue_file))
    seen: dict[Path, Path] = {}
    input_ids = {_identity(p) for p in inputs}
    for path in outputs:
        if not str(path) or str(path) == ".":
            raise OutputRefused(where, "an output path is empty",
                                hint="name a file, e.g. out/a.pdf")
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            info = None
        except OSError as exc:
            raise OutputRefused(where, f"cannot write {path}: {exc.strerror or exc}",
                             hint="check the output path; nothing was replaced") from None
        if info is not None and not stat.S_ISREG(info.st_mode):
            kind = "a symbolic link" if stat.S_ISLNK(info.st_mode) else \
                "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise OutputRefused(where, f"output {path} is {kind}; pagesetter replaces only "
                             f"regular files", hint="choose another output path")
        if info is not None and (info.st_dev, info.st_ino) in input_ids:
            raise OutputRefused(where, f"output {path} is an input of this build; writing it would "
                             f"destroy it", hint="choose another output path")
        resolved = path.resolve()
        if resolved in seen:
            raise OutputRefused(where, f"{path} is named as two outputs ({seen[resolved]} and "
                             f"{path})", hint="give --dump, --png, --alto and -o other paths")
        seen[resolved] = path


def _identity(path: Path) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (-1, -1)
    return (info.st_dev, info.st_ino)
