"""A small on-disk cache for work that depends only on input files: the format and size of
photo files, separated photos, faces' metrics (face_metrics.py), and the digests of settled
files under their status. An editor rebuilds the same page dozens of times an evening; the
cache keeps those rebuilds from reading, digesting and separating the same files each time.

The cache holds plain data only — JSON records and raw bytes, never pickles — so a planted entry
can at most be wrong, never run code; and it is never trusted: an entry is keyed by a content
hash of everything it was computed from, and every read is checked (type, length, and a keyed MAC
of record, bytes and key made with a secret of the user's own, `secret.key`, 0600 in the cache
folder), so an entry planted by anyone who cannot read that secret is never served: it is a miss,
computed again. A cache folder that is not the user's own, or that group or others can write, is
not used at all (one warning says so). Folders are created private (0700). `PAGESETTER_CACHE_DIR`
moves the cache; `PAGESETTER_CACHE=off` turns it off. Default: `$XDG_CACHE_HOME/pagesetter` or
`~/.cache/pagesetter`. It is kept within `PAGESETTER_CACHE_MAX` (1 GiB unless set), the entries
used longest ago removed first (cache_size.py).
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import stat
import sys
import time
from pathlib import Path
from typing import Any, Callable

from . import __version__
from .cache_size import cache_max, used_again, written_to
from .kept import current

FORMAT = 5  # bump when what is stored changes
MAX_ENTRY = 256 * 1024 * 1024  # bytes: anything larger is not ours
SECRET = "secret.key"  # the MAC key, in the cache folder
SECRET_BYTES = 32


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


#: A digest is kept in the cache under its file's status only once the file's times are this
#: far behind the clock: a file written again within one tick of the file system's clock keeps
#: its status, so a file younger than that is digested afresh (git's "racy" rule).
SETTLED_NS = 2_000_000_000


def file_digest(path: Path) -> str:
    """SHA-256 of a file's content: entries depend on what a file holds, not on its name,
    size or time. Kept in this process and in the cache under the file's status (_status): a
    file saved over, even by one of the same size and modification time, has a new change
    time, so its digest is taken again."""
    status = _status(path)
    return current().digests.get(status, lambda: _kept_digest(
        status, lambda: _digest(path), lambda: _status(path)))


def opened_digest(path: Path, fd: int) -> str:
    """The digest of the file open as `fd` (found at `path`), as file_digest finds it: taken
    from the open file, so it is the digest of what `fd` reads even when `path` is replaced
    meanwhile."""
    status = _status_of(path, os.fstat(fd))
    return current().digests.get(status, lambda: _kept_digest(
        status, lambda: _fd_digest(fd), lambda: _status_of(path, os.fstat(fd))))


def kept_digest(path: Path) -> str | None:
    """The file's digest when this process has taken it since the file last changed, else
    None (the file is not read)."""
    return current().digests.known(_status(path))


def _kept_digest(status: tuple, digest: Callable[[], str], now: Callable[[], tuple]) -> str:
    """The digest kept in the cache for `status`, else `digest()`, kept there when the file
    has settled (SETTLED_NS) and did not change while it was read (`now()` is its status
    again)."""
    settled = time.time_ns() - max(status[-2:]) > SETTLED_NS
    if not settled or cache_dir() is None:
        return digest()

    def taken() -> dict[str, Any]:
        value = digest()
        if now() != status:  # changed while it was read: not the digest of `status`
            raise _ChangedWhileRead(value)
        return {"sha256": value}

    try:
        record = cached_record("digests", key("digest", *status), taken,
                               lambda r: _DIGEST.fullmatch(str(r.get("sha256"))) is not None)
    except _ChangedWhileRead as changed:
        return changed.digest
    return record["sha256"]


_DIGEST = re.compile("[0-9a-f]{64}")


class _ChangedWhileRead(Exception):
    def __init__(self, digest: str) -> None:
        super().__init__(digest)
        self.digest = digest


def _status(path: Path) -> tuple:
    """What tells that a file changed (as git's index does)."""
    return _status_of(path, os.stat(path))


def _status_of(path: Path, info: os.stat_result) -> tuple:
    return str(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, \
        info.st_ctime_ns


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fd_digest(fd: int) -> str:
    digest = hashlib.sha256()
    at = 0
    while block := os.pread(fd, 1 << 20, at):
        digest.update(block)
        at += len(block)
    return digest.hexdigest()


def cached_record(kind: str, entry_key: str, compute: Callable[[], dict[str, Any]],
                  check: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """A JSON record: the stored one for `entry_key` when its MAC holds and `check` accepts
    it, else `compute()` stored for next time."""
    stored = _read(kind, f"{entry_key}.json")
    if stored is not None:
        try:
            record = json.loads(stored.decode("utf-8"))
            if isinstance(record, dict) and _signed(kind, entry_key, record, b"") \
                    and check(record):
                return {k: v for k, v in record.items() if k != "mac"}
        except (ValueError, TypeError, KeyError):
            pass
    record = compute()
    mac = _mac(kind, entry_key, record, b"")
    if mac:
        _write(kind, f"{entry_key}.json",
               json.dumps({**record, "mac": mac}, sort_keys=True).encode("utf-8"))
    return record


def cached_blob(kind: str, entry_key: str, compute: Callable[[], tuple[dict[str, Any], bytes]],
                check: Callable[[dict[str, Any], bytes], bool] = lambda meta, blob: True) \
        -> tuple[dict[str, Any], bytes]:
    """A record with bytes beside it (a separated photo, a face's metrics): record and bytes
    are checked against the length and the MAC of both that the record states, then by
    `check`; an entry that fails is computed and written again."""
    stored = _read(kind, f"{entry_key}.json")
    blob = _read(kind, f"{entry_key}.bin")
    if stored is not None and blob is not None:
        try:
            meta = json.loads(stored.decode("utf-8"))
            if isinstance(meta, dict) and meta.get("length") == len(blob) \
                    and _signed(kind, entry_key, meta, blob):
                meta = {k: v for k, v in meta.items() if k not in ("mac", "length")}
                if check(meta, blob):
                    return meta, blob
        except (ValueError, TypeError):
            pass
    meta, blob = compute()
    record = {**meta, "length": len(blob)}
    mac = _mac(kind, entry_key, record, blob)
    # The bytes first: a record is only ever beside the bytes it describes.
    if mac and _write(kind, f"{entry_key}.bin", blob):
        _write(kind, f"{entry_key}.json",
               json.dumps({**record, "mac": mac}, sort_keys=True).encode("utf-8"))
    return meta, blob


def look_at_folder() -> None:
    """Look at the cache folder (is it the user's own, its secret) and read its bound, once
    for the build in progress (its `Kept`): helpers forked afterwards inherit the answers, so
    a folder that cannot be used, or a bound that is not a size, is named in one warning."""
    folder = cache_dir()
    if folder is not None and _secret(folder) is not None:
        _bound()


def _bound() -> int:
    kept = current()
    if kept.cache_max is None:
        kept.cache_max = cache_max()
    return kept.cache_max


def _mac(kind: str, entry_key: str, record: dict[str, Any], blob: bytes) -> str:
    """HMAC-SHA256 of the entry (its kind, key, record without its MAC, and bytes) under the
    cache folder's secret; "" when there is no usable cache."""
    folder = cache_dir()
    secret = _secret(folder) if folder is not None else None
    if secret is None:
        return ""
    fields = {k: v for k, v in record.items() if k != "mac"}
    mac = hmac.new(secret, f"{kind}/{entry_key}\n".encode(), hashlib.sha256)
    mac.update(json.dumps(fields, sort_keys=True).encode("utf-8"))
    mac.update(blob)
    return mac.hexdigest()


def _signed(kind: str, entry_key: str, record: dict[str, Any], blob: bytes) -> bool:
    stated = record.get("mac")
    expected = _mac(kind, entry_key, record, blob)
    return isinstance(stated, str) and bool(expected) and hmac.compare_digest(stated, expected)


def _secret(folder: Path) -> bytes | None:
    """The folder's MAC key (made on first use), or None when the folder is not to be used; a
    folder refused for its owner or mode is named in one warning (a folder is looked at once
    a build, or once a watch session)."""
    return current().secrets.get(folder, lambda: _folder_secret(folder))


def _folder_secret(folder: Path) -> bytes | None:
    secret, problem = None, ""
    try:
        _private_folder(folder)
        problem = _not_private(folder)
        if not problem:
            secret, problem = _key(folder / SECRET)
    except OSError:
        pass  # a read-only home or a full disk only costs speed
    if problem:
        from .errors import SourcePos, warning

        print(warning(SourcePos(str(folder)), f"the cache folder is not used: {problem}",
                      hint="use a folder of your own that only you can write "
                           "(PAGESETTER_CACHE_DIR), or PAGESETTER_CACHE=off").line(),
              file=sys.stderr)
    return secret


def _not_private(path: Path) -> str:
    """Why `path` (a folder) may hold entries someone else planted, or ""."""
    info = os.stat(path)
    if not stat.S_ISDIR(info.st_mode):
        return "it is not a folder"
    if info.st_uid != os.geteuid():
        return "it belongs to another user"
    if info.st_mode & 0o022:
        return "group or others can write it"
    return ""


def _key(path: Path) -> tuple[bytes | None, str]:
    """The secret in `path`, made (0600, random) if there is none: (key, "") or (None, why)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL |
                         getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:  # made by another build just now
            return _key(path)
        with os.fdopen(fd, "wb") as fh:
            secret = os.urandom(SECRET_BYTES)
            fh.write(secret)
        return secret, ""
    except OSError:
        return None, f"its {SECRET} cannot be read"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() \
                or info.st_mode & 0o077 or info.st_size != SECRET_BYTES:
            return None, f"its {SECRET} is not a private file of yours"
        secret = os.read(fd, SECRET_BYTES + 1)
        return (secret, "") if len(secret) == SECRET_BYTES else \
            (None, f"its {SECRET} cannot be read")
    finally:
        os.close(fd)


def _read(kind: str, name: str) -> bytes | None:
    """An entry's bytes, or None: no cache, a cache folder not to be used, no entry, not a
    regular file (a FIFO, a device, a link), too large, or unreadable."""
    folder = cache_dir()
    if folder is None or _secret(folder) is None:
        return None
    try:
        if (folder / kind).is_dir() and _not_private(folder / kind):
            return None
    except OSError:
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
            data = fh.read(MAX_ENTRY + 1)
        used_again(fd, info)
        return data
    except OSError:
        return None
    finally:
        os.close(fd)


def _write(kind: str, name: str, data: bytes) -> bool:
    """Store an entry; a read-only home or a full disk only costs speed."""
    folder = cache_dir()
    if folder is None or _secret(folder) is None:
        return False
    try:
        from .files import write_atomically

        _private_folder(folder / kind)
        if _not_private(folder / kind):
            return False
        write_atomically(folder / kind / name, data)
    except OSError:
        return False
    written_to(folder, len(data), current().cache_written, _bound())
    return True


def _private_folder(path: Path) -> None:
    """A folder only its owner may read or write (whatever the umask)."""
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path, 0o700)
