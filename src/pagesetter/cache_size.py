"""The on-disk cache (cache.py) kept within a size, as ccache and pip's cache are.

Every entry is keyed by the content it was made from, so a photo cropped again, a new face or
a file saved over adds entries and none ever becomes wrong: without a bound, a desk that sets
an issue a day fills its disk with separated photos. Once a process has written to the cache
(on its first write, and again after each eighth of the bound written), it sums the entries'
sizes and, above the bound, removes the entries used longest ago until a quarter of the bound
is free, so that the next writes do not prune again at once. An entry served from the cache
counts as used (its files' modification time is moved to the time of reading, at most once an
hour: a hit does not write to the disk each time).

Only what the cache writes is removed: files named as its entries are (`<key>.json`,
`<key>.bin`) or as the files staged while one is written (files.write_atomically, once they
are a day old: a write killed half-way), in folders of the cache that are its user's own, never
through a link. `PAGESETTER_CACHE_MAX` sets the bound (bytes, or with K, M, G: binary
multiples); 0 removes every entry each time.
"""
from __future__ import annotations

import os
import re
import stat
import sys
import time
from pathlib import Path
from typing import Iterator

DEFAULT_MAX = 1 << 30  # bytes
#: A hit moves its entry's time only when it is older than this: one write an hour at most.
USED_AGAIN_S = 3600
#: A staged file this old is a write that was killed, not one in progress.
STALE_STAGED_S = 86_400
#: After pruning, this share of the bound is free.
FREED_SHARE = 0.25
#: Pruning again once this share of the bound has been written since.
WRITTEN_SHARE = 0.125

_ENTRY = re.compile(r"([0-9a-f]{40})\.(json|bin)")
_STAGED = re.compile(r"\.pagesetter-[A-Za-z0-9_]+\.tmp")
_SIZE = re.compile(r"\s*(\d+)\s*([KMG]?)(?:i?B)?\s*", re.IGNORECASE)
_MULTIPLES = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def cache_max(environ: os._Environ | dict[str, str] = os.environ) -> int:
    """The bound in bytes: PAGESETTER_CACHE_MAX, or DEFAULT_MAX (with a warning when the
    variable is set to something that is not a size)."""
    value = environ.get("PAGESETTER_CACHE_MAX")
    if value is None or not value.strip():
        return DEFAULT_MAX
    match = _SIZE.fullmatch(value)
    if match is None:
        from .errors import SourcePos, warning

        print(warning(SourcePos("PAGESETTER_CACHE_MAX"),
                      f"{value!r} is not a size; the cache is kept within "
                      f"{DEFAULT_MAX >> 30} GiB",
                      hint="give bytes, or a number with K, M or G, e.g. 500M").line(),
              file=sys.stderr)
        return DEFAULT_MAX
    return int(match.group(1)) * _MULTIPLES[match.group(2).upper()]


def used_again(fd: int, info: os.stat_result) -> None:
    """Mark the entry open as `fd` as used now (when it was last marked over an hour ago); a
    cache on a read-only disk is only pruned less well."""
    now = time.time()
    if now - info.st_mtime > USED_AGAIN_S:
        try:
            os.utime(fd)
        except OSError:
            pass


def written_to(folder: Path, size: int, written: dict[Path, int], limit: int) -> None:
    """`size` bytes were just written to the cache in `folder`: keep it within `limit` when
    this is the first write since `written` (bytes written since each folder was last kept
    within its size) was made, or an eighth of the bound has been written since."""
    since = written.get(folder)
    if since is None or since + size >= WRITTEN_SHARE * limit:
        keep_within(folder, limit)
        written[folder] = 0
    else:
        written[folder] = since + size


def keep_within(folder: Path, limit: int) -> int:
    """Remove the entries of the cache in `folder` used longest ago until they take at most
    (1 − FREED_SHARE) × `limit` bytes, when they take more than `limit`, and files staged by
    writes that were killed. Returns the bytes removed. Entries another process removes
    meanwhile are skipped; a file that cannot be removed is left."""
    entries: dict[tuple[str, str], _Entry] = {}  # (kind, key) → its files
    removed = 0
    now = time.time()
    for kind, path, info in _files(folder):
        named = _ENTRY.fullmatch(path.name)
        if named is not None:
            entries.setdefault((kind, named.group(1)), _Entry()).add(path, info)
        elif _STAGED.fullmatch(path.name) and now - info.st_mtime > STALE_STAGED_S:
            removed += _removed([path], info.st_size)
    total = sum(entry.size for entry in entries.values())
    if total <= limit:
        return removed
    target = limit * (1 - FREED_SHARE)
    # Oldest first; the same time is broken by key, so pruning does not depend on listing order.
    for _, entry in sorted(entries.items(), key=lambda item: (item[1].used, item[0])):
        if total <= target:
            break
        removed += _removed(entry.files(), entry.size)
        total -= entry.size
    return removed


class _Entry:
    """An entry's files, their bytes and when it was last used (its newest file's time)."""

    def __init__(self) -> None:
        self.used = 0.0
        self.size = 0
        self.paths: list[Path] = []

    def add(self, path: Path, info: os.stat_result) -> None:
        self.used = max(self.used, info.st_mtime)
        self.size += info.st_size
        self.paths.append(path)

    def files(self) -> list[Path]:
        """The record first: a record is never beside bytes that are gone (cache.cached_blob)."""
        return sorted(self.paths, key=lambda path: path.suffix != ".json")


def _files(folder: Path) -> Iterator[tuple[str, Path, os.stat_result]]:
    """(kind, path, status) of the regular files in the cache's kind folders: folders (not
    links) that are the user's own and that only the user can write."""
    try:
        kinds = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for kind in kinds:
        try:
            if not kind.is_dir(follow_symlinks=False) or not _own(kind.stat(follow_symlinks=False)):
                continue
            files = list(os.scandir(kind.path))
        except OSError:
            continue
        for file in files:
            try:
                info = file.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                yield kind.name, Path(file.path), info


def _own(info: os.stat_result) -> bool:
    return info.st_uid == os.geteuid() and not info.st_mode & 0o022


def _removed(paths: list[Path], size: int) -> int:
    """`size` when the files are gone (removed here or by another process meanwhile), else 0."""
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            return 0
    return size
