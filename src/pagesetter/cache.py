"""A small on-disk cache for work that depends only on committed inputs: parsed font faces,
separated photos and the format and size of photo files. An editor rebuilds the same page
dozens of times an evening; the cache keeps those rebuilds from parsing CJK faces, opening
photos and separating the same photo each time.

Entries are keyed by what they are computed from (file contents or size and mtime, tool
versions), written atomically, and any problem with the cache falls back to computing: it is an
optimisation, never a source of truth. `PAGESETTER_CACHE_DIR` moves it; `PAGESETTER_CACHE=off`
turns it off. Default: `$XDG_CACHE_HOME/pagesetter` or `~/.cache/pagesetter`.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any, Callable

from . import __version__

FORMAT = 2  # bump when what is stored changes


def cache_dir() -> Path | None:
    if os.environ.get("PAGESETTER_CACHE", "").lower() in ("0", "off", "no", "false"):
        return None
    if os.environ.get("PAGESETTER_CACHE_DIR"):
        return Path(os.environ["PAGESETTER_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pagesetter"


def key(*parts: object) -> str:
    digest = hashlib.sha256(repr((FORMAT, __version__) + parts).encode("utf-8"))
    return digest.hexdigest()[:40]


def cached(kind: str, entry_key: str, compute: Callable[[], Any]) -> Any:
    """The stored value for `entry_key`, or `compute()` stored for next time."""
    folder = cache_dir()
    if folder is None:
        return compute()
    path = folder / kind / f"{entry_key}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError):
        pass
    value = compute()
    try:
        from .files import write_atomically

        write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only home or a full disk only costs speed
    return value


def file_stamp(path: Path) -> tuple[str, int, int]:
    """Cheap identity of a file: resolved path, size and modification time."""
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
