"""The field language of the file formats: a format is declared as data — shapes (mappings) of
fields, each field of a kind — so that the loader reads through them (keys, required fields,
types and ranges) and `pagesetter schema` turns the same objects into a JSON Schema; the two
cannot drift apart. Checks that need context (a column within this format's grid) stay in the
loaders."""
from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import AbstractSet, Any, Callable, TypeVar

import yaml

from ..errors import SourcePos
from .node import Node

T = TypeVar("T")

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
            raise node.error(f"expected at most {self.max_items} item(s)",
                             f"give at most {self.max_items}")
        return items

    def read(self, node: Node) -> list:
        return [self.item.read(item) for item in self.items(node)]

    def schema(self) -> dict:
        out: dict[str, Any] = {"type": "array", "items": self.item.schema()}
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
        raise node.error(f"expected {self.expected}, found {node.kind()}",
                         f"write {self.expected}")

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
            elif isinstance(kind, MapOf):
                visit(kind.value)
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
                 required: AbstractSet[str] = frozenset()) -> None:
        self.node = node
        self.shape: Shape | None = None
        if isinstance(allowed, Shape):
            self.shape = allowed
            self.items = node.mapping(set(allowed.fields), allowed.required)
        else:
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


@dataclass(frozen=True)
class MapOf(Kind):
    """A mapping of free names (styles, colours, faces) to values of one kind."""

    value: Kind = Text()
    doc: str = ""

    def accepts(self, node: Node) -> bool:
        return isinstance(node.node, yaml.MappingNode)

    def read(self, node: Node) -> dict:
        return {key: self.value.read(item) for key, item in node.items()}

    def schema(self) -> dict:
        return self.described({"type": "object", "additionalProperties": self.value.schema()})
