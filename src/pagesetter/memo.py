"""One memo for pure computations: a value per key, computed once.

Composition is a pure function of its inputs (copy, measure, style), and so is cutting a run of
glyphs into evenly spaced pieces; a paragraph set again (a rebuilt page, a story repeated across
pages) is looked up instead of set again. Every such cache in pagesetter is a `Memo`.
"""
from __future__ import annotations

from typing import Callable, Generic, Hashable, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    def __init__(self) -> None:
        self._values: dict[Hashable, V] = {}

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The value for `key`, computed by `compute()` the first time it is asked for."""
        try:
            return self._values[key]
        except KeyError:
            value = self._values[key] = compute()
            return value

    def __len__(self) -> int:
        return len(self._values)
