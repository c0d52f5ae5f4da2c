"""YAML with source positions, loaded safely, and small typed accessors that validate as they go.

Documents are composed into nodes (never constructed into Python objects), so a YAML tag can build
nothing; only the plain-data tags are accepted. Aliases are allowed but their expansion is bounded,
so an alias bomb is an error rather than a hang.
"""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import yaml

from .errors import InputError, SourcePos
from .units import UnitError, parse_length

MAX_EXPANDED_NODES = 200_000
#: The largest issue or format file read: a 16-page issue is about 200 kB.
MAX_FILE_BYTES = 16 * 1024 * 1024
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same marks, faster
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in
               ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}


def load_yaml(path: Path, what: str = "file") -> "Node":
    """Read and compose one YAML document; every problem is an InputError with a position."""
    name = str(path)
    data = _read_regular_file(path, name, what)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(SourcePos(name, line, column),
                         f"byte 0x{data[exc.start]:02x} is not UTF-8",
                         hint="save the file as UTF-8") from None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#")
                                for ln in text.splitlines()):
        raise InputError(SourcePos(name), f"the {what} is empty",
                         hint="see docs/issue-format.md for an example")
    try:
        root = yaml.compose(text.lstrip("\ufeff"), Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, name) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: say where
        source = text.lstrip("\ufeff")
        if _LOADER is not yaml.SafeLoader:  # libyaml counts bytes, PyYAML characters
            before = source.encode("utf-8")[:exc.position].decode("utf-8", "ignore")
        else:
            before = source[:exc.position]
        pos = SourcePos(name, before.count("\n") + 1, len(before) - before.rfind("\n"))
        raise InputError(pos, f"character U+{exc.character:04X} is not allowed in YAML",
                         hint="remove it, or write it as an escape in a quoted string") \
            from None
    except yaml.YAMLError as exc:
        raise InputError(SourcePos(name), f"YAML error: {exc}") from None
    if root is None:
        raise InputError(SourcePos(name), f"the {what} is empty")
    _check_nodes(root, name)
    return Node(root, name, "", text.lstrip("\ufeff"))


def _syntax_error(exc: yaml.MarkedYAMLError, name: str) -> InputError:
    """The syntax error at the token that opened what was left unfinished (an unclosed `{`,
    `[` or quote, a key without its colon) where the parser names one before the place it
    stopped; otherwise where it stopped."""
    problem = exc.problem or exc.context or "invalid YAML"
    opened, stopped = exc.context_mark, exc.problem_mark
    if opened is not None and exc.context and (stopped is None or
                                               (opened.line, opened.column) <
                                               (stopped.line, stopped.column)):
        what = exc.context.removeprefix("while ").removeprefix("parsing ") \
            .removeprefix("scanning ")
        where = f" (the parser stopped at line {stopped.line + 1}, column " \
            f"{stopped.column + 1})" if stopped is not None else ""
        return InputError(SourcePos(name, opened.line + 1, opened.column + 1),
                          f"YAML syntax error: {what} that starts here is not finished: "
                          f"{problem}{where}",
                          hint="close the bracket or quote, or add the missing colon")
    mark = stopped or opened
    pos = SourcePos(name, mark.line + 1, mark.column + 1) if mark else SourcePos(name)
    return InputError(pos, f"YAML syntax error: {problem}",
                      hint="check indentation, colons and quotes")


def _read_regular_file(path: Path, name: str, what: str) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES. A FIFO, a device (/dev/zero) or a
    folder is refused before it is read, so it can neither hang the build nor fill memory."""
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise InputError(SourcePos(name), f"no such {what}", hint="check the path") from None
    except OSError as exc:
        raise InputError(SourcePos(name), f"cannot read the {what}: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(SourcePos(name), f"the {what} is not a regular file",
                             hint="give the path of a YAML file")
        if info.st_size > MAX_FILE_BYTES:
            raise InputError(SourcePos(name), f"the {what} is {info.st_size // 1_000_000} MB; "
                             f"pagesetter reads at most {MAX_FILE_BYTES // 1_000_000} MB",
                             hint="an issue of 16 pages is about 0.2 MB: is this the right file?")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(SourcePos(name), f"cannot read the {what}: {exc.strerror}") from None
    finally:
        os.close(fd)


def _check_nodes(root: yaml.Node, name: str) -> None:
    """Reject non-plain tags and bound the size of the document once aliases are expanded."""
    sizes: dict[int, int] = {}
    active: set[int] = set()
    shared = False  # whether any node is reached twice (an alias)

    def size(node: yaml.Node) -> int:
        nonlocal shared
        key = id(node)
        if key in sizes:
            shared = True
            return sizes[key]
        if key in active:
            raise InputError(_pos(node, name), "a YAML alias refers to itself",
                             hint="remove the recursive anchor")
        if node.tag not in _PLAIN_TAGS:
            raise InputError(_pos(node, name), f"YAML tag {node.tag} is not allowed",
                             hint="issue files hold plain data: strings, numbers, lists, maps")
        active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        active.discard(key)
        sizes[key] = total
        if total > MAX_EXPANDED_NODES:
            if shared:
                raise InputError(_pos(node, name), f"YAML aliases expand to more than "
                                 f"{MAX_EXPANDED_NODES} values", hint="this looks like an alias "
                                 "bomb")
            raise InputError(_pos(node, name), f"the document holds more than "
                             f"{MAX_EXPANDED_NODES} values", hint="an issue holds a few hundred: "
                             "is this the right file?")
        return total

    size(root)


def _pos(node: yaml.Node, name: str) -> SourcePos:
    return SourcePos(name, node.start_mark.line + 1, node.start_mark.column + 1)


#: A plain decimal integer as people write one (YAML 1.1 also has 0b, 0o, 0x and base 60).
_DECIMAL = re.compile(r"[-+]?[0-9][0-9_]*")

T = TypeVar("T")


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

    def raise_all(self, also: InputError | None = None) -> None:
        """Raise every problem noted (and `also`) as one error, if there is any."""
        if also is not None:
            self.add(also)
        if self.diagnostics:
            first, *rest = self.diagnostics
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
    def mapping(self, allowed: set[str] | dict,
                required: set[str] = frozenset()) -> dict[str, "Node"]:
        if not isinstance(self.node, yaml.MappingNode):
            raise self.error(f"expected a mapping (key: value lines), found {self.kind()}")
        out: dict[str, Node] = {}
        found: list[InputError] = []
        meant: set[str] = set()  # the fields unknown keys look like misspellings of
        for key_node, value_node in self.node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                found.append(Node(key_node, self.file, self.path, self.source).error(
                    "keys must be plain names"))
            elif key not in allowed:
                close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
                hint = f"did you mean `{close[0]}`?" if close else \
                    "allowed here: " + ", ".join(sorted(allowed))
                meant.update(close)
                found.append(self._child(key_node, f".{key}").error(f"unknown key `{key}`",
                                                                    hint))
            elif key in out:
                found.append(self._child(key_node, f".{key}").error(f"`{key}` is given twice"))
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
        if found:
            self.reading.add(*found)  # the unknown keys are left out; reading goes on
        return out

    def items(self) -> Iterator[tuple[str, "Node"]]:
        """Key/value pairs of a mapping whose keys are free names (styles, colours)."""
        if not isinstance(self.node, yaml.MappingNode):
            raise self.error(f"expected a mapping, found {self.kind()}")
        for key_node, value_node in self.node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
            yield str(key), self._child(value_node, f".{key}")

    def sequence(self, min_items: int = 0) -> list["Node"]:
        if not isinstance(self.node, yaml.SequenceNode):
            raise self.error(f"expected a list (lines starting with '- '), found {self.kind()}")
        if len(self.node.value) < min_items:
            raise self.error(f"expected at least {min_items} item(s)")
        return [self._child(v, f"[{i}]") for i, v in enumerate(self.node.value)]

    # --- scalars ---------------------------------------------------------------------------
    def _scalar(self) -> yaml.ScalarNode:
        if not isinstance(self.node, yaml.ScalarNode):
            raise self.error(f"expected a single value, found {self.kind()}")
        return self.node

    def text(self, allow_empty: bool = False) -> str:
        node = self._scalar()
        if node.tag.endswith((":null", ":bool")):
            raise self.error(f"expected text, found {self.kind()}")
        value = str(node.value)
        if not allow_empty and not value.strip():
            raise self.error("expected text, found an empty value")
        return value

    def boolean(self) -> bool:
        node = self._scalar()
        if not node.tag.endswith(":bool") or node.value not in ("true", "false"):
            raise self.error(f"expected true or false, found {self.kind()}")
        return node.value == "true"

    def integer(self, low: int | None = None, high: int | None = None) -> int:
        node = self._scalar()
        if not node.tag.endswith(":int"):
            raise self.error(f"expected a whole number, found {self.kind()}")
        if not _DECIMAL.fullmatch(node.value):  # YAML 1.1 also reads 0b101, 0x1F, 1:00 …
            raise self.error(f"`{node.value}` is not a plain whole number",
                             "write it in decimal digits, e.g. 3")
        value = int(node.value.replace("_", ""))
        self._check_range(value, low, high)
        return value

    def number(self, low: float | None = None, high: float | None = None) -> float:
        node = self._scalar()
        if not node.tag.endswith((":int", ":float")):
            raise self.error(f"expected a number, found {self.kind()}")
        if node.tag.endswith(":int") and not _DECIMAL.fullmatch(node.value):
            raise self.error(f"`{node.value}` is not a plain number", "write decimal digits")
        try:
            value = float(node.value.replace("_", ""))
        except ValueError:  # YAML's .nan, .inf and base-60 floats
            value = math.nan
        if not math.isfinite(value):
            raise self.error(f"`{node.value}` is not a finite number")
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
            raise self.error(str(exc)) from None
        if not math.isfinite(points):
            raise self.error(f"`{node.value}` is not a finite length")
        self._check_range(points, low, high, "pt")
        return points

    def _check_range(self, value: float, low: float | None, high: float | None,
                     unit: str = "") -> None:
        if (low is not None and value < low) or (high is not None and value > high):
            if low is not None and high is not None:
                rng = f"{low:g}{unit}…{high:g}{unit}"
            else:
                rng = f"≥ {low:g}{unit}" if low is not None else f"≤ {high:g}{unit}"
            raise self.error(f"{value:g}{unit} is out of range ({rng})")

    def choice(self, options: list[str] | set[str]) -> str:
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


# --- field definitions ------------------------------------------------------------------------
# A file format is declared as data: shapes (mappings) of fields, each field of a kind. The
# loader reads through them (keys, required fields, types and ranges), and `pagesetter schema`
# turns the same objects into a JSON Schema, so the two cannot drift apart. Checks that need
# context (a column within this format's grid) stay in the loader.

class Kind:
    """What one value may be: read from a node (validating), and described as JSON Schema."""

    doc: str = ""

    def accepts(self, node: Node) -> bool:
        """Whether the node is of this kind's YAML type (for `OneOf`)."""
        return isinstance(node.node, yaml.ScalarNode)

    def read(self, node: Node):
        raise NotImplementedError

    def schema(self) -> dict:
        raise NotImplementedError

    def described(self, schema: dict) -> dict:
        return {"description": self.doc, **schema} if self.doc else schema


@dataclass(frozen=True)
class Text(Kind):
    doc: str = ""
    allow_empty: bool = False

    def read(self, node: Node) -> str:
        return node.text(self.allow_empty)

    def schema(self) -> dict:
        # A number is text too where text is expected (a paragraph `2023`), as the loader reads it.
        return self.described({"type": ["string", "number"]} if self.allow_empty else
                              {"type": ["string", "number"], "pattern": r"\S"})


@dataclass(frozen=True)
class Integer(Kind):
    doc: str = ""
    low: int | None = None
    high: int | None = None

    def accepts(self, node: Node) -> bool:
        return isinstance(node.node, yaml.ScalarNode) and node.node.tag.endswith(":int")

    def read(self, node: Node) -> int:
        return node.integer(self.low, self.high)

    def schema(self) -> dict:
        return self.described(_bounded({"type": "integer"}, self.low, self.high))


@dataclass(frozen=True)
class Length(Kind):
    """A length: a number of pt, or text with a unit (3mm, 1.5字, 小五); see units.py."""

    doc: str = ""
    low: float | None = None  # pt
    high: float | None = None
    em: float | None = None  # what 字 is, pt (None: 字 is not allowed)

    def read(self, node: Node) -> float:
        return node.length(em=self.em, low=self.low, high=self.high)

    def schema(self) -> dict:
        return self.described({"type": ["number", "string"]})


@dataclass(frozen=True)
class Bool(Kind):
    doc: str = ""

    def accepts(self, node: Node) -> bool:
        return isinstance(node.node, yaml.ScalarNode) and node.node.tag.endswith(":bool")

    def read(self, node: Node) -> bool:
        return node.boolean()

    def schema(self) -> dict:
        return self.described({"type": "boolean"})


@dataclass(frozen=True)
class Number(Kind):
    doc: str = ""
    low: float | None = None
    high: float | None = None

    def read(self, node: Node) -> float:
        return node.number(self.low, self.high)

    def schema(self) -> dict:
        return self.described(_bounded({"type": "number"}, self.low, self.high))


@dataclass(frozen=True)
class Choice(Kind):
    options: tuple[str, ...] = ()
    doc: str = ""

    def accepts(self, node: Node) -> bool:
        return isinstance(node.node, yaml.ScalarNode) and node.node.tag.endswith(":str")

    def read(self, node: Node) -> str:
        return node.choice(list(self.options))

    def schema(self) -> dict:
        return self.described({"enum": list(self.options)})


#: An ISO calendar date as people write one (YAML reads it as a timestamp; its text is kept).
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Date(Kind):
    doc: str = ""

    def read(self, node: Node) -> str:
        import datetime

        text = str(node.node.value) if isinstance(node.node, yaml.ScalarNode) else ""
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError(text)
            datetime.date.fromisoformat(text)
        except ValueError:
            raise node.error(f"`{text}` is not a date", "write it as YYYY-MM-DD") from None
        return text

    def schema(self) -> dict:
        return self.described({"type": "string", "format": "date",
                               "pattern": "^" + _ISO_DATE.pattern + "$"})


@dataclass(frozen=True)
class Seq(Kind):
    item: Kind = Text()
    doc: str = ""
    min_items: int = 0
    max_items: int | None = None

    def accepts(self, node: Node) -> bool:
        return isinstance(node.node, yaml.SequenceNode)

    def items(self, node: Node) -> list[Node]:
        items = node.sequence(self.min_items)
        if self.max_items is not None and len(items) > self.max_items:
            raise node.error(f"expected at most {self.max_items} item(s)")
        return items

    def read(self, node: Node) -> list:
        return [self.item.read(item) for item in self.items(node)]

    def schema(self) -> dict:
        out = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            out["minItems"] = self.min_items
        if self.max_items is not None:
            out["maxItems"] = self.max_items
        return self.described(out)


@dataclass(frozen=True)
class OneOf(Kind):
    """One of several kinds, told apart by YAML type (text or a mapping, a number or `auto`):
    the first option that accepts the node reads it."""

    options: tuple[Kind, ...] = ()
    expected: str = ""  # what the error says is expected
    doc: str = ""

    def accepts(self, node: Node) -> bool:
        return any(option.accepts(node) for option in self.options)

    def read(self, node: Node):
        for option in self.options:
            if option.accepts(node):
                return option.read(node)
        raise node.error(f"expected {self.expected}, found {node.kind()}")

    def schema(self) -> dict:
        return self.described({"oneOf": [option.schema() for option in self.options]})


@dataclass(frozen=True)
class Field:
    kind: Kind
    required: bool = False


@dataclass(frozen=True)
class Shape(Kind):
    """A mapping with named fields. A named shape is one definition in the JSON Schema."""

    name: str = ""
    fields: dict[str, Field] = dataclass_field(default_factory=dict)
    doc: str = ""

    def __hash__(self) -> int:
        return hash(self.name)

    def accepts(self, node: Node) -> bool:
        return isinstance(node.node, yaml.MappingNode)

    @property
    def required(self) -> set[str]:
        return {key for key, f in self.fields.items() if f.required}

    def read(self, node: Node) -> "Record":
        return Record(node, self)

    def schema(self) -> dict:
        if self.name:
            return {"$ref": f"#/$defs/{self.name}"}
        return self.definition()

    def definition(self) -> dict:
        out: dict = {"type": "object",
                     "properties": {key: f.kind.schema() for key, f in self.fields.items()},
                     "additionalProperties": False}
        if self.required:
            out["required"] = sorted(self.required)
        return self.described(out)

    def shapes(self) -> list["Shape"]:
        """This shape and every named shape inside it, each once, outermost first."""
        found: dict[str, Shape] = {}

        def visit(kind: Kind) -> None:
            if isinstance(kind, Shape):
                if kind.name and kind.name in found:
                    return
                if kind.name:
                    found[kind.name] = kind
                for f in kind.fields.values():
                    visit(f.kind)
            elif isinstance(kind, Seq):
                visit(kind.item)
            elif isinstance(kind, OneOf):
                for option in kind.options:
                    visit(option)

        visit(self)
        return list(found.values())


def _bounded(schema: dict, low, high) -> dict:
    if low is not None:
        schema["minimum"] = low
    if high is not None:
        schema["maximum"] = high
    return schema


class Record:
    """The fields of one YAML mapping, checked against the keys allowed and required (a
    `Shape`, or sets of names): required fields by `record[key]`, optional ones by
    `record.get(key, read, default)`, and with a shape any field by `record.value(key)`."""

    def __init__(self, node: Node, allowed: "set[str] | Shape",
                 required: set[str] = frozenset()) -> None:
        self.node = node
        self.shape = allowed if isinstance(allowed, Shape) else None
        if self.shape is not None:
            allowed, required = set(self.shape.fields), self.shape.required
        self.items = node.mapping(allowed, required)

    def __contains__(self, key: str) -> bool:
        return key in self.items

    def __getitem__(self, key: str) -> Node:
        return self.items[key]

    def get(self, key: str, read: Callable[[Node], T], default: T) -> T:
        return read(self.items[key]) if key in self.items else default

    def value(self, key: str, default=None):
        """The field read as its shape declares it; `default` when it is not given."""
        assert self.shape is not None, "value() needs a Shape"
        if key not in self.items:
            return default
        return self.shape.fields[key].kind.read(self.items[key])

    def positions(self) -> dict[str, SourcePos]:
        return {key: node.pos for key, node in self.items.items()}
