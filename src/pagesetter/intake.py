"""Copy intake: what arrives from reporters, made fit to set.

Reporters type Chinese copy on keyboards that give half-width marks: `据统计,"十四五"以来;…(…)!`.
Between Chinese characters these are typing slips, and GB/T 15834 §4 gives the marks Chinese text
uses instead. `normalise` sets them as those marks (straight quotes paired by position into
“…”, brackets into （…）, `...` into ……), drops the spaces typed around them, and lists every
change; Latin-only runs, numbers (16.39, 1,500, 10:30), URLs and e-mail addresses are never
touched. A format or an article can say `punctuation: as-typed` to keep what was typed.

The same pass stops copy that YAML cut short: a plain scalar followed by ` #` lost the rest of
its line to a comment (`#5G改变生活#` topics are common in Chinese copy).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import Diagnostic, InputError, warning
from .textrules import HALF_WIDTH_MARKS, is_wide
from .yamlsrc import Node

#: Runs that are never normalised: URLs, e-mail addresses, and numbers with separators.
_PROTECTED = re.compile(r"(?:https?://|ftp://|www\.)[^\s\u3000-\u303f\uff00-\uffef“”‘’]*"
                        r"[^\s\u3000-\u303f\uff00-\uffef“”‘’.,;:!?)]"
                        r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                        r"|\d+(?:[.,:]\d+)+", re.ASCII)
_QUOTES = {'"': ("“", "”"), "'": ("‘", "’")}


@dataclass(frozen=True)
class Change:
    index: int  # where the typed mark starts in the text as typed
    typed: str
    set_as: str


@dataclass(frozen=True)
class Normalised:
    text: str
    changes: tuple[Change, ...]


def _chinese(ch: str | None) -> bool:
    return ch is not None and is_wide(ch) and ch != "\u3000"


def _latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


#: Any character the normaliser may change; copy without one is returned as it is, unread.
_CANDIDATES = re.compile(r"[,.;:?!()\"']")


def normalise_punctuation(text: str) -> Normalised:
    """`text` with the half-width marks typed in Chinese context replaced (see the module)."""
    if not _CANDIDATES.search(text):
        return Normalised(text, ())
    protected = [False] * len(text)
    for match in _PROTECTED.finditer(text):
        for k in range(match.start(), match.end()):
            protected[k] = True
    out = list(text)  # one entry per typed character; a replaced mark becomes its GB/T mark
    changed: dict[int, str] = {}

    def neighbour(k: int, step: int) -> str | None:
        """The nearest character before (-1) or after (+1) position k, spaces skipped, as it
        will be printed."""
        k += step
        while 0 <= k < len(text) and text[k] == " ":
            k += step
        return out[k] if 0 <= k < len(text) else None

    def replace(k: int, mark: str) -> None:
        out[k] = mark
        changed[k] = mark

    for quote, (opening, closing) in _QUOTES.items():
        _pair_quotes(text, quote, opening, closing, protected, neighbour, replace)
    _pair_brackets(text, protected, neighbour, replace)
    for k, ch in enumerate(text):
        if ch not in HALF_WIDTH_MARKS or protected[k] or k in changed:
            continue
        if ch == "." and text[k:k + 3] == "...":
            continue  # an ellipsis, handled below as one mark
        left, right = neighbour(k, -1), neighbour(k, +1)
        # After Chinese, or before it (a period only after it: `Mr. 李`, `No. 1`).
        if _chinese(left) or (_chinese(right) and left is not None and ch != "."):
            replace(k, HALF_WIDTH_MARKS[ch])
    typed = {k: text[k] for k in changed}
    for match in re.finditer(r"\.{3,}|。{3,}", text):  # an ellipsis typed as dots
        k = match.start()
        if not protected[k] and _chinese(neighbour(k, -1)):
            for j in range(match.start(), match.end()):
                out[j] = ""
                changed.pop(j, None)
            out[k] = changed[k] = "……"
            typed[k] = match.group()
    _drop_spaces_around(text, out, changed)
    changes = tuple(Change(k, typed[k], changed[k]) for k in sorted(changed))
    return Normalised("".join(out), changes)


def _pair_quotes(text, quote, opening, closing, protected, neighbour, replace) -> None:
    """Straight quotes paired by position: odd ones open, even ones close. A pair is Chinese
    when a Chinese character stands inside it or just outside; an apostrophe between letters
    (it's) is not a quote."""
    positions = [k for k, ch in enumerate(text) if ch == quote and not protected[k]
                 and not (quote == "'" and 0 < k < len(text) - 1
                          and _latin_letter(text[k - 1]) and _latin_letter(text[k + 1]))]
    for a, b in zip(positions[::2], positions[1::2], strict=False):  # an odd one is left
        inside = text[a + 1:b]
        if any(map(_chinese, inside)) or _chinese(neighbour(a, -1)) or \
                _chinese(neighbour(b, +1)):
            replace(a, opening)
            replace(b, closing)


def _pair_brackets(text, protected, neighbour, replace) -> None:
    """( ) pairs, matched by nesting, become （ ） when Chinese stands inside or around them."""
    stack: list[int] = []
    for k, ch in enumerate(text):
        if protected[k]:
            continue
        if ch == "(":
            stack.append(k)
        elif ch == ")" and stack:
            a = stack.pop()
            if any(map(_chinese, text[a + 1:k])) or _chinese(neighbour(a, -1)) or \
                    _chinese(neighbour(k, +1)):
                replace(a, "（")
                replace(k, "）")


def _drop_spaces_around(text: str, out: list[str], changed: dict[int, str]) -> None:
    """A full-width mark carries its own space: spaces typed between it and its neighbour go,
    except next to a Latin letter (where a space may be meant)."""
    for k in changed:
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(text) and text[j] == " ":
                j += step
            beyond = out[j] if 0 <= j < len(text) else None
            if beyond is not None and _latin_letter(beyond[:1]):
                continue
            for m in range(min(k, j) + 1, max(k, j)):
                if text[m] == " ":
                    out[m] = ""


class Intake:
    """Reads the copy fields of one issue file, collecting a warning for every change made."""

    def __init__(self, default: str = "normalise") -> None:
        self.default = default
        self.warnings: list[Diagnostic] = []

    def for_block(self, setting: str | None) -> "Copy":
        """The reader for one article's or photo's copy (its own `punctuation:` if it has one)."""
        return Copy(self, (setting or self.default) == "normalise")


@dataclass
class Copy:
    intake: Intake
    normalise: bool

    def optional(self, record, key: str) -> str:
        """Copy field `key` of `record`, read like any copy; "" when it is not given."""
        return self(record[key]) if key in record else ""

    def __call__(self, node: Node) -> str:
        text = node.text()
        comment = node.plain_comment()
        if comment is not None:
            raise InputError(comment, "text after ' #' was read as a YAML comment, so the rest "
                             "of the line is lost", node.path, "quote the paragraph or write it "
                             "as a block (`- |` and the text on the next line)")
        if not self.normalise:
            return text
        result = normalise_punctuation(text)
        for change in result.changes:
            context = text[max(0, change.index - 6):change.index + len(change.typed) + 6]
            self.intake.warnings.append(warning(
                node.pos_of(change.index),
                f"half-width `{change.typed}` in Chinese text set as `{change.set_as}` "
                f"(“{context.strip()}”)", node.path,
                "GB/T 15834 §4; write `punctuation: as-typed` on the article or the format to "
                "print what was typed"))
        return result.text

