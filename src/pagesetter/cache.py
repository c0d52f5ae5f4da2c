"""A small on-disk cache for work that depends only on input files: the format and size of
photo files and separated photos. An editor rebuilds the same page dozens of times an evening;
the cache keeps those rebuilds from opening and separating the same photo each time.

The cache holds plain data only — JSON records and raw bytes, never pickles — so a planted entry
can at most be wrong, never run code; and it is never trusted: an entry is keyed by a content
hash of everything it was computed from, every read is checked (type, length and a SHA-256 of
record and bytes), and any entry that is missing, unreadable, not a regular file or fails a check
is a miss that is computed again. Folders are created private (0700). `PAGESETTER_CACHE_DIR`
moves the cache; `PAGESETTER_CACHE=off` turns it off. Default: `$XDG_CACHE_HOME/pagesetter` or
`~/.cache/pagesetter`.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any, Callable

from . import __version__

FORMAT = 3  # bump when what is stored changes
MAX_ENTRY = 256 * 1024 * 1024  # bytes: anything larger is not ours


def cache_dir() -> Path | None:
    if os.environ.get("PAGESETTER_CACHE", "").lower() in ("0", "off", "no", "false"):
        return None
    if os.environ.get("PAGESETTER_CACHE_DIR"):
        return Path(os.environ["PAGESETTER_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pagesetter"


def key(*parts: object) -> str:
    """An entry's key: a digest of what it is computed from (and of the cache's format)."""
    digest = hashlib.sha256(repr((FORMAT, __version__) + parts).encode("utf-8"))
    return digest.hexdigest()[:40]


#: Digests read in this process, by file and its status (inode, size, times — ctime changes on
#: any write or replacement and cannot be set back): a warm process (`watch`) asks for the same
#: photo's digest several times a build.
_DIGESTS: dict[tuple, str] = {}


def file_digest(path: Path) -> str:
    """SHA-256 of a file's content: entries depend on what a file holds, not on its name,
    size or time (a photo replaced by another of the same size and time is a new photo)."""
    info = os.stat(path)
    status = (str(path), info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    known = _DIGESTS.get(status)
    if known is not None:
        return known
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    if len(_DIGESTS) > 256:
        _DIGESTS.clear()
    _DIGESTS[status] = digest.hexdigest()
    return _DIGESTS[status]


def cached_record(kind: str, entry_key: str, compute: Callable[[], dict[str, Any]],
                  check: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """A JSON record: the stored one for `entry_key` when `check` accepts it, else
    `compute()` stored for next time."""
    stored = _read(kind, f"{entry_key}.json")
    if stored is not None:
        try:
            record = json.loads(stored.decode("utf-8"))
            if isinstance(record, dict) and check(record):
                return record
        except (ValueError, TypeError, KeyError):
            pass
    record = compute()
    _write(kind, f"{entry_key}.json", json.dumps(record, sort_keys=True).encode("utf-8"))
    return record


def cached_blob(kind: str, entry_key: str, compute: Callable[[], tuple[dict[str, Any], bytes]]) \
        -> tuple[dict[str, Any], bytes]:
    """A record with bytes beside it (a separated photo): record and bytes are checked against
    the length and the SHA-256 of both that the record states."""
    record = _read(kind, f"{entry_key}.json")
    blob = _read(kind, f"{entry_key}.bin")
    if record is not None and blob is not None:
        try:
            meta = json.loads(record.decode("utf-8"))
            if isinstance(meta, dict) and meta.get("length") == len(blob) \
                    and meta.get("sha256") == _digest(meta, blob):
                return meta, blob
        except (ValueError, TypeError):
            pass
    meta, blob = compute()
    meta = {**meta, "length": len(blob)}
    meta["sha256"] = _digest(meta, blob)
    # The bytes first: a record is only ever beside the bytes it describes.
    if _write(kind, f"{entry_key}.bin", blob):
        _write(kind, f"{entry_key}.json", json.dumps(meta, sort_keys=True).encode("utf-8"))
    return meta, blob


def _digest(meta: dict[str, Any], blob: bytes) -> str:
    fields = {k: v for k, v in meta.items() if k != "sha256"}
    digest = hashlib.sha256(json.dumps(fields, sort_keys=True).encode("utf-8"))
    digest.update(blob)
    return digest.hexdigest()


def _read(kind: str, name: str) -> bytes | None:
    """An entry's bytes, or None: no cache, no entry, not a regular file (a FIFO, a device, a
    link), too large, or unreadable."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / kind / name
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(MAX_ENTRY + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _write(kind: str, name: str, data: bytes) -> bool:
    """Store an entry; a read-only home or a full disk only costs speed."""
    folder = cache_dir()
    if folder is None:
        return False
    try:
        from .files import write_atomically

        _private_folder(folder)
        _private_folder(folder / kind)
        write_atomically(folder / kind / name, data)
        return True
    except OSError:
        return False


def _private_folder(path: Path) -> None:
    """A folder only its owner may read or write (whatever the umask)."""
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path, 0o700)
