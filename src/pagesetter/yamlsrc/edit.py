"""Editing one value of a YAML document in its text, every other character kept.

The preview's make-up (`pagesetter watch`) rewrites a block's `place:` in the issue file the
editor keeps: the file stays the one source of truth, so the change is made in its text, at the
positions the composer gives, and nothing else moves — comments, spacing, quoting, key order.
A mapping written with the same keys keeps its style too: only the scalars that change are
rewritten. A value that is an alias or carries an anchor is refused (changing it would change
what else refers to it).
"""
from __future__ import annotations

import re
from typing import Mapping

import yaml


class NotEditable(ValueError):
    """The value cannot be rewritten in place; the message says why."""


def node_at(root: yaml.Node, path: str) -> yaml.Node | None:
    """The node at a field path such as `pages[0].articles[2]`, or None."""
    node: yaml.Node | None = root
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if name and isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == name), None)
        elif index and isinstance(node, yaml.SequenceNode) and int(index) < len(node.value):
            node = node.value[int(index)]
        else:
            return None
        if node is None:
            return None
    return node


def set_value(text: str, root: yaml.Node, path: str, key: str,
              value: str | Mapping[str, str]) -> str:
    """`text` (the document `root` was composed from) with `key` of the mapping at `path` set
    to `value`: a plain scalar, or a mapping of plain scalars written as a flow mapping. A
    missing key is added as the mapping's first entry."""
    mapping = node_at(root, path)
    if not isinstance(mapping, yaml.MappingNode):
        raise NotEditable(f"{path} is not a mapping")
    offsets = _line_offsets(text)
    entry = next(((k, v) for k, v in mapping.value if k.value == key), None)
    if entry is None:
        return _insert(text, offsets, mapping, key, _flow(value))
    key_node, node = entry
    start = _at(offsets, node.start_mark)
    between = text[_at(offsets, key_node.end_mark):start]
    if start < _at(offsets, key_node.end_mark) or "&" in between or \
            text[start:start + 1] in ("&", "*"):
        raise NotEditable(f"{path}.{key} is an anchor or an alias; edit it in the file")
    if isinstance(value, Mapping) and isinstance(node, yaml.MappingNode) and \
            _same_keys(node, value):
        return _set_scalars(text, offsets, node, value)
    if isinstance(node, yaml.MappingNode) and not node.flow_style:
        # a block mapping under the key: the new flow mapping goes on the key's line
        start = _at(offsets, key_node.end_mark)
        return text[:start] + ": " + _flow(value) + text[_end(offsets, node):]
    return text[:start] + _flow(value) + text[_end(offsets, node):]


def _same_keys(node: yaml.MappingNode, value: Mapping[str, str]) -> bool:
    keys = [k.value for k, v in node.value
            if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)]
    return len(keys) == len(node.value) == len(value) and set(keys) == set(value)


def _set_scalars(text: str, offsets: list[int], node: yaml.MappingNode,
                 value: Mapping[str, str]) -> str:
    """Each scalar of `node` whose value changes rewritten where it stands, last first."""
    for key_node, scalar in reversed(node.value):
        new = value[key_node.value]
        if scalar.value == new:
            continue
        start, end = _at(offsets, scalar.start_mark), _at(offsets, scalar.end_mark)
        text = text[:start] + new + text[end:]
    return text


def _insert(text: str, offsets: list[int], mapping: yaml.MappingNode, key: str,
            value: str) -> str:
    if not mapping.value:
        raise NotEditable("an empty mapping")
    if mapping.flow_style:  # after the opening brace
        start = _at(offsets, mapping.start_mark) + 1
        return text[:start] + f"{key}: {value}, " + text[start:]
    first = mapping.value[0][0]
    start = _at(offsets, first.start_mark)
    return text[:start] + f"{key}: {value}\n" + " " * first.start_mark.column + text[start:]


def _flow(value: str | Mapping[str, str]) -> str:
    if isinstance(value, str):
        return value
    return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"


def _line_offsets(text: str) -> list[int]:
    """The offset at which each line of `text` starts."""
    offsets = [0]
    for match in re.finditer("\n", text):
        offsets.append(match.end())
    return offsets


def _at(offsets: list[int], mark) -> int:
    """A mark's offset in the text, from its line and column (characters, as both of PyYAML's
    composers count them)."""
    return offsets[mark.line] + mark.column


def _end(offsets: list[int], node: yaml.Node) -> int:
    """Where a node's own text ends: for a block collection, the end of its last value (its
    end mark lies past the comments and blank lines after it)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style \
            and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return _at(offsets, node.end_mark)
