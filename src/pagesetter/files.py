"""Writing outputs so that nothing is lost: a file is replaced only by a complete new one."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Permissions of a new output file: what `open()` would give it.
FILE_MODE = 0o666 & ~_umask()


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: written to a hidden file beside it, then renamed over it.
    The temporary name is short (a long legal output name must not make it too long)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".pagesetter-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            os.fchmod(fh.fileno(), FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
