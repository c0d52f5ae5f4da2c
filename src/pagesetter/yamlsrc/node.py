"""YAML nodes with their file, field path and positions, and the accessors that validate as they
read (`mapping`, `sequence`, `text`, `integer`, `length` …); `Reading`, what reading one document
gathers (its problems, the files it names)."""
from __future__ import annotations

import difflib
import math
import re
from pathlib import Path
from typing import AbstractSet, Callable, Collection, Iterator, TypeVar

import yaml

from ..errors import InputError, SourcePos
from ..units import UnitError, parse_length
from .read import _pos

_DECIMAL = re.compile(r"[-+]?[0-9][0-9_]*")

T = TypeVar("T")
S = TypeVar("S")


class Reading:
    """What reading one document gathers: its problems, so that one run reports them all
    (unknown keys are left out and reading goes on; a list item that cannot be read is left
    out and the next one read), and the files it names (a format, faces, photos) as they are
    met, found or not — what `watch` watches when the document could not be read."""

    def __init__(self) -> None:
        self.diagnostics: list = []
        self.named: list[Path] = []

    def names(self, path: Path) -> None:
        if path not in self.named:
            self.named.append(path)

    def add(self, *errors: InputError) -> None:
        for error in errors:
            for diagnostic in error.diagnostics:
                if diagnostic not in self.diagnostics:
                    self.diagnostics.append(diagnostic)

    def each(self, nodes: list["Node"], read: Callable[["Node"], T]) -> list[T]:
        """`read` of every node; the problems of a node that cannot be read are noted and the
        node left out."""
        out = []
        for node in nodes:
            try:
                out.append(read(node))
            except InputError as exc:
                self.add(exc)
        return out

    def attempt(self, read: Callable[[], T], stand_in: S) -> T | S:
        """`read()`; or, when it cannot be read, `stand_in` once its problems are noted."""
        try:
            return read()
        except InputError as exc:
            self.add(exc)
            return stand_in

    def each_named(self, node: "Node", read: Callable[[str, "Node"], T],
                   stand_in: Callable[[str], T] | None) -> dict[str, T]:
        """`read(name, value)` of every entry of the mapping `node`; an entry that cannot be
        read is noted and given `stand_in(name)` (so that names referring to it are not
        reported again), or left out when there is no stand-in."""
        out = {}
        for name, value in node.items():
            try:
                out[name] = read(name, value)
            except InputError as exc:
                self.add(exc)
                if stand_in is not None:
                    out[name] = stand_in(name)
        return out

    def raise_all(self, also: InputError | None = None) -> None:
        """Raise every problem noted (and `also`) as one error, if there is any: file by file
        as they were met, each file's in line order."""
        if also is not None:
            self.add(also)
        if self.diagnostics:
            met = {file: k for k, file in enumerate(dict.fromkeys(
                d.pos.file for d in self.diagnostics))}
            first, *rest = sorted(self.diagnostics, key=lambda d: (
                met[d.pos.file], d.pos.line, d.pos.column))
            raise InputError(first.pos, first.message, first.field, first.hint, tuple(rest))


class Node:
    """A YAML node with its file, its field path (`pages[0].articles[2].place`) and accessors."""

    def __init__(self, node: yaml.Node, file: str, path: str, source: str = "",
                 reading: "Reading | None" = None) -> None:
        self.node = node
        self.file = file
        self.path = path
        self.source = source  # the document's text, for positions inside a value
        #: Where problems that need not stop the reading are gathered (unknown keys), so that
        #: one run reports every one of them; None: each is raised at once.
        self.reading = reading

    def pos_of(self, index: int) -> SourcePos:
        """Where character `index` of this scalar's value stands in the file. The value is
        matched against its source text, skipping what YAML does not keep (quotes, escapes'
        backslashes, indentation, folded line breaks)."""
        node = self.node
        if not self.source or not isinstance(node, yaml.ScalarNode):
            return self.pos
        value, start = str(node.value), node.start_mark.index
        source = self.source[start:node.end_mark.index]
        i = j = 0
        while i < min(index, len(value)) and j < len(source):
            if value[i] == source[j]:
                i += 1
                j += 1
            elif source[j] in " \t\r\n\\\"'|>-+" or not value[i].isspace():
                j += 1
            else:  # a space or line break the folding made
                i += 1
        while j < len(source) and source[j] in " \t\r\n\"'|>-+":
            j += 1
        before = self.source[:start + j]
        line = before.count("\n")
        return SourcePos(self.file, line + 1, start + j - (before.rfind("\n") + 1) + 1)

    def plain_comment(self) -> SourcePos | None:
        """Where a YAML comment cut this plain (unquoted) scalar short: a ` #` after it on its
        last line, or a `#` line indented as its continuation — `#话题#` in copy."""
        node = self.node
        if not self.source or not isinstance(node, yaml.ScalarNode) or node.style not in \
                (None, ""):
            return None
        end = node.end_mark.index
        line_end = self.source.find("\n", end)
        rest = self.source[end:line_end if line_end >= 0 else len(self.source)]
        match = re.match(r"[ \t]+#", rest)
        if match:
            return self._at(end + match.end() - 1)
        if line_end >= 0:
            next_end = self.source.find("\n", line_end + 1)
            following = self.source[line_end + 1:next_end if next_end >= 0 else None]
            # An indented line opening with `#话题` (not `# note`, not a `#---` rule) right under
            # the copy was meant as more of it.
            match = re.match(r"[ \t]+#(?=[^\s#=*-])", following)
            if match:
                return self._at(line_end + match.end())
        return None

    def _at(self, index: int) -> SourcePos:
        before = self.source[:index]
        return SourcePos(self.file, before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1)

    @property
    def pos(self) -> SourcePos:
        return _pos(self.node, self.file)

    def error(self, message: str, hint: str = "") -> InputError:
        return InputError(self.pos, message, self.path or "(top level)", hint)

    def _child(self, node: yaml.Node, suffix: str) -> "Node":
        return Node(node, self.file, f"{self.path}{suffix}" if self.path else suffix.lstrip("."),
                    self.source, self.reading)

    # --- structure -------------------------------------------------------------------------
    def mapping(self, allowed: Collection[str],
                required: AbstractSet[str] = frozenset()) -> dict[str, "Node"]:
        if not isinstance(self.node, yaml.MappingNode):
            raise self.error(f"expected a mapping (key: value lines), found {self.kind()}",
                             "write its fields as `key: value` lines, indented under it")
        out: dict[str, Node] = {}
        found: list[InputError] = []
        meant: set[str] = set()  # the fields unknown keys look like misspellings of
        for key_node, value_node in self.node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                found.append(Node(key_node, self.file, self.path, self.source).error(
                    "keys must be plain names", "write the key as a word, e.g. `name:`"))
            elif key not in allowed:
                close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
                hint = f"did you mean `{close[0]}`?" if close else \
                    "allowed here: " + ", ".join(sorted(allowed))
                meant.update(close)
                found.append(self._child(key_node, f".{key}").error(f"unknown key `{key}`",
                                                                    hint))
            elif key in out:
                found.append(self._child(key_node, f".{key}").error(f"`{key}` is given twice",
                                                                    "keep one of them"))
            else:
                out[key] = self._child(value_node, f".{key}")
        missing = sorted(set(required) - set(out))
        # A required field written misspelt is one problem (the unknown key says which), not two.
        found += [self.error(f"missing required field `{name}`", f"add `{name}:` to this block")
                  for name in missing if name not in meant]
        if found and (self.reading is None or missing):
            if self.reading is not None:  # the mapping cannot be read: the rest go with it
                self.reading.add(*found[:-1])
                raise found[-1]
            raise InputError(found[0].pos, found[0].message, found[0].field, found[0].hint,
                             tuple(e.diagnostic for e in found[1:]))
        if found and self.reading is not None:
            self.reading.add(*found)  # the unknown keys are left out; reading goes on
        return out

    def items(self) -> Iterator[tuple[str, "Node"]]:
        """Key/value pairs of a mapping whose keys are free names (styles, colours)."""
        if not isinstance(self.node, yaml.MappingNode):
            raise self.error(f"expected a mapping, found {self.kind()}",
                             "write its entries as `name: value` lines, indented under it")
        for key_node, value_node in self.node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
            yield str(key), self._child(value_node, f".{key}")

    def sequence(self, min_items: int = 0) -> list["Node"]:
        if not isinstance(self.node, yaml.SequenceNode):
            raise self.error(f"expected a list (lines starting with '- '), found {self.kind()}",
                             "write each item on a line of its own, starting with '- '")
        if len(self.node.value) < min_items:
            raise self.error(f"expected at least {min_items} item(s)", f"give at least {min_items}")
        return [self._child(v, f"[{i}]") for i, v in enumerate(self.node.value)]

    # --- scalars ---------------------------------------------------------------------------
    def _scalar(self) -> yaml.ScalarNode:
        if not isinstance(self.node, yaml.ScalarNode):
            raise self.error(f"expected a single value, found {self.kind()}",
                             "write one value after the colon")
        return self.node

    def text(self, allow_empty: bool = False) -> str:
        node = self._scalar()
        if node.tag.endswith((":null", ":bool")):
            raise self.error(f"expected text, found {self.kind()}",
                             "quote it (\"…\") if it is yes, no, true, false, null or ~")
        value = str(node.value)
        if not allow_empty and not value.strip():
            raise self.error("expected text, found an empty value",
                             "write the text after the colon, or leave the field out")
        return value

    def boolean(self) -> bool:
        node = self._scalar()
        if not node.tag.endswith(":bool") or node.value not in ("true", "false"):
            raise self.error(f"expected true or false, found {self.kind()}", "write true or false")
        return node.value == "true"

    def integer(self, low: int | None = None, high: int | None = None) -> int:
        node = self._scalar()
        if not node.tag.endswith(":int"):
            raise self.error(f"expected a whole number, found {self.kind()}",
                             "write a whole number, e.g. 3")
        if not _DECIMAL.fullmatch(node.value):  # YAML 1.1 also reads 0b101, 0x1F, 1:00 …
            raise self.error(f"`{node.value}` is not a plain whole number",
                             "write it in decimal digits, e.g. 3")
        value = int(node.value.replace("_", ""))
        self._check_range(value, low, high)
        return value

    def number(self, low: float | None = None, high: float | None = None) -> float:
        node = self._scalar()
        if not node.tag.endswith((":int", ":float")):
            raise self.error(f"expected a number, found {self.kind()}", "write a number, e.g. 1.5")
        if node.tag.endswith(":int") and not _DECIMAL.fullmatch(node.value):
            raise self.error(f"`{node.value}` is not a plain number", "write decimal digits")
        try:
            value = float(node.value.replace("_", ""))
        except ValueError:  # YAML's .nan, .inf and base-60 floats
            value = math.nan
        if not math.isfinite(value):
            raise self.error(f"`{node.value}` is not a finite number", "write a number, e.g. 1.5")
        self._check_range(value, low, high)
        return value

    def length(self, em: float | None = None, low: float | None = None,
               high: float | None = None, default_unit: str = "pt") -> float:
        """A length in pt (see units.parse_length); `low`/`high` bound it, in pt."""
        node = self._scalar()
        value: object = node.value
        if node.tag.endswith((":int", ":float")):
            value = self.number()
        try:
            points = parse_length(value, em=em, default_unit=default_unit)
        except UnitError as exc:
            raise self.error(str(exc), exc.hint) from None
        if not math.isfinite(points):
            raise self.error(f"`{node.value}` is not a finite length",
                             "write a length such as 9pt or 3mm")
        self._check_range(points, low, high, "pt")
        return points

    def _check_range(self, value: float, low: float | None, high: float | None,
                     unit: str = "") -> None:
        if (low is not None and value < low) or (high is not None and value > high):
            if low is not None and high is not None:
                rng = f"{low:g}{unit}…{high:g}{unit}"
            else:
                rng = f"≥ {low:g}{unit}" if low is not None else f"≤ {high:g}{unit}"
            raise self.error(f"{value:g}{unit} is out of range ({rng})",
                             f"give a value of {rng}")

    def choice(self, options: Collection[str]) -> str:
        value = self.text()
        if value not in options:
            close = difflib.get_close_matches(value, list(options), n=1, cutoff=0.5)
            hint = f"did you mean `{close[0]}`?" if close else \
                "one of: " + ", ".join(sorted(options))
            raise self.error(f"unknown name `{value}`", hint)
        return value

    def kind(self) -> str:
        if isinstance(self.node, yaml.MappingNode):
            return "a mapping"
        if isinstance(self.node, yaml.SequenceNode):
            return "a list"
        tag = self.node.tag.rsplit(":", 1)[-1]
        if tag == "null":
            return "nothing"
        return {"str": "text", "int": "a number", "float": "a number", "bool": "true/false",
                "timestamp": "a date"}.get(tag, tag) + f" `{self.node.value}`"
