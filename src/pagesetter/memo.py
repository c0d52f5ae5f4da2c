"""One memo for pure computations: a value per key, computed once.

Composition is a pure function of its inputs (copy, measure, style), and so is cutting a run of
glyphs into evenly spaced pieces; a paragraph set again (a rebuilt page, a story repeated across
pages) is looked up instead of set again. Every such cache in pagesetter is a `Memo`.
"""
from __future__ import annotations

from typing import Callable, Generic, Hashable, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """Values by key; with a `limit`, the oldest value makes room for a new one."""

    def __init__(self, limit: int | None = None) -> None:
        self._values: dict[Hashable, V] = {}
        self.limit = limit

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The value for `key`, computed by `compute()` the first time it is asked for."""
        try:
            return self._values[key]
        except KeyError:
            value = compute()
            if self.limit is not None and len(self._values) >= self.limit:
                # pop with a default: another thread may have made room first
                self._values.pop(next(iter(self._values)), None)
            self._values[key] = value
            return value

    def known(self, key: Hashable) -> V | None:
        """The value for `key` if it has been computed, else None."""
        return self._values.get(key)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._values

    def __len__(self) -> int:
        return len(self._values)
