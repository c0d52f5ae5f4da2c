"""What one process keeps from build to build: parsed formats and faces, separated photos, file
digests, the cache folder's secret, runs of glyphs cut into pieces for drawing, the headline
segmenter.

A long-lived caller owns a `Kept` and hands it to every build it runs (the watch `Session`, a
batch of issues); a one-shot build makes its own. Each memo is bounded and keyed by the
content of the files it was made from, never by their names alone: a face or a photo saved
over the same file name is a new face or photo. The build in progress makes its `Kept` current
(`keeping`), so that the code deep in the pipeline that reads a file finds it (`current`)
without every stage passing it on. Outside any build, `current` is a fresh `Kept` that keeps
nothing for longer than the call that asked for it.
"""
from __future__ import annotations

import contextlib
from contextvars import ContextVar
from typing import Any, Iterator

from .memo import Memo

KEPT_FORMATS = 8
KEPT_FACES = 16  # a CJK face parsed is some megabytes
KEPT_PHOTOS = 32  # separated photos (compressed CMYK samples)
KEPT_DIGESTS = 256
KEPT_SECRETS = 4
KEPT_PIECES = 16_384  # runs of glyphs: a broadsheet page has about 600
KEPT_SEGMENTERS = 2  # jieba with an issue's names: its dictionary, loaded, is tens of megabytes


class Kept:
    """Bounded memos, each keyed by content (see the module)."""

    def __init__(self) -> None:
        self.formats: Memo[Any] = Memo(KEPT_FORMATS)  # (path, sha256 of its bytes) → PageFormat
        self.faces: Memo[Any] = Memo(KEPT_FACES)  # sha256 of the font file → TTFont
        self.photos: Memo[Any] = Memo(KEPT_PHOTOS)  # (sha256, crop, size) → PressImage
        #: (path, inode, size, mtime, ctime) → sha256: a file's status changes with any write
        #: or replacement and cannot be set back.
        self.digests: Memo[str] = Memo(KEPT_DIGESTS)
        self.secrets: Memo[bytes | None] = Memo(KEPT_SECRETS)  # cache folder → its secret
        #: cache folder → bytes written to it since it was last kept within its size
        #: (cache_size.py), and that size (PAGESETTER_CACHE_MAX, read once)
        self.cache_written: dict[Any, int] = {}
        self.cache_max: int | None = None
        #: (face name: a digest of its content, text, positions, size, scale) → the run's
        #: evenly spaced pieces (render/pdf.py): a page drawn again cuts only its new runs.
        self.pieces: Memo[Any] = Memo(KEPT_PIECES)
        #: the words added to jieba's dictionary → its tokenizer (compose/words.py): loading
        #: the dictionary takes longer than placing a page.
        self.segmenters: Memo[Any] = Memo(KEPT_SEGMENTERS)


_CURRENT: ContextVar[Kept | None] = ContextVar("pagesetter_kept", default=None)


def current() -> Kept:
    """The `Kept` of the build in progress, or a fresh one outside any build."""
    return _CURRENT.get() or Kept()


@contextlib.contextmanager
def keeping(kept: Kept) -> Iterator[Kept]:
    """Make `kept` current for the work inside the block (and threads it starts with its
    context)."""
    token = _CURRENT.set(kept)
    try:
        yield kept
    finally:
        _CURRENT.reset(token)
