"""Reading a YAML document safely: a regular file of bounded size, UTF-8, composed into nodes
(never constructed into Python objects), only the plain-data tags, aliases bounded; every
problem an InputError at its line and column (an unfinished bracket at the token that opened
it)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ..errors import InputError, SourcePos

if TYPE_CHECKING:
    from .node import Node

MAX_EXPANDED_NODES = 200_000
#: The largest issue or format file read: a 16-page issue is about 200 kB.
MAX_FILE_BYTES = 16 * 1024 * 1024
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same marks, faster
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in
               ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}


def load_yaml(path: Path, what: str = "file") -> "Node":
    from .node import Node

    """Read and compose one YAML document; every problem is an InputError with a position."""
    name = str(path)
    data = _read_regular_file(path, name, what)
    try:
        text = data.decode("utf-8").lstrip("\ufeff")  # a byte-order mark is not content
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
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, name, text) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: say where
        if _LOADER is not yaml.SafeLoader:  # libyaml counts bytes, PyYAML characters
            before = text.encode("utf-8")[:exc.position].decode("utf-8", "ignore")
        else:
            before = text[:exc.position]
        pos = SourcePos(name, before.count("\n") + 1, len(before) - before.rfind("\n"))
        raise InputError(pos, f"character U+{exc.character:04X} is not allowed in YAML",
                         hint="remove it, or write it as an escape in a quoted string") \
            from None
    except yaml.YAMLError as exc:
        raise InputError(SourcePos(name), f"YAML error: {exc}",
                         hint="check the indentation, colons and quotes there") from None
    if root is None:
        raise InputError(SourcePos(name), f"the {what} is empty",
                         hint="write its fields (docs/issue-format.md)")
    _check_nodes(root, name)
    return Node(root, name, "", text)


def _syntax_error(exc: yaml.MarkedYAMLError, name: str, text: str) -> InputError:
    """The syntax error at the token that opened what was left unfinished (an unclosed `{`,
    `[` or quote, a key without its colon) where the parser names one before the place it
    stopped; otherwise where it stopped. A tab in the indentation where it stopped is named as
    such: YAML indents with spaces only, and an editor shows a tab as spaces."""
    problem = exc.problem or exc.context or "invalid YAML"
    opened, stopped = exc.context_mark, exc.problem_mark
    if stopped is not None and (tab := _indenting_tab(text, stopped.line)) is not None:
        return InputError(SourcePos(name, stopped.line + 1, tab + 1),
                          "YAML syntax error: a tab indents this line; YAML indents with "
                          "spaces only", hint="replace the tab with spaces")
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


def _indenting_tab(text: str, line: int) -> int | None:
    """The column (from 0) of a tab among the spaces that indent line `line` (from 0)."""
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return None
    row = lines[line]
    indent = row[:len(row) - len(row.lstrip(" \t"))]
    return indent.index("\t") if "\t" in indent else None


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
        raise InputError(SourcePos(name), f"cannot read the {what}: {exc.strerror}",
                         hint="check its permissions") from None
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
        raise InputError(SourcePos(name), f"cannot read the {what}: {exc.strerror}",
                         hint="check its permissions") from None
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
