"""The walk itself: every content stream read the way a RIP reads it — its decoded size and
tokens counted before it is parsed (a bomb is "too large" before it costs anything), each
operator applied to the graphics state, forms walked with the state they inherit (once per
page and state), and each rule asked where it applies (colour_rules, text_rules, font_rules)."""
from __future__ import annotations

import base64
import copy
import math
import zlib
from dataclasses import dataclass, replace

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from .colour_rules import inline_image, pattern, shading, space_named, space_problem
from .document import filter_names
from .report import Where
from .state import (BOUNDED_FILTERS, FILL_PAINT, MAX_DECODED, MAX_DEPTH, MAX_KEPT_TOKENS,
                    MAX_STREAM_TOKENS, OPERATORS, STROKE_PAINT, TEXT_FILTERS, TEXT_SHOW, State,
                    TooLarge, Walk, _state_key, finite_numbers, resource, transparency_group)
from .text_rules import painted, text_shown

#: Byte classes for counting tokens: white space, delimiters (each may start a token with no
#: space before it) and the rest.
_CLASSES = bytes(32 if b in b" \t\r\n\x0c\x00" else 100 if b in b"()<>[]{}/%" else 120
                 for b in range(256))


def _tokens(chunk: bytes) -> int:
    """An upper estimate of the tokens in `chunk`: starts of words after white space, and
    delimiters."""
    classes = chunk.translate(_CLASSES)
    return classes.count(b" x") + classes.count(b"d") + 1


def _measured(streams: list[Stream]) -> tuple[int, int]:
    """Decoded bytes and estimated tokens of `streams`, inflated piece by piece and never kept
    (TooLarge past MAX_DECODED, before the rest is inflated)."""
    size = tokens = 0
    for stream in streams:
        names = filter_names(stream.get("/Filter"))
        raw = stream.read_raw_bytes()
        if names and names[-1] == "/FlateDecode" and all(n in TEXT_FILTERS for n in names[:-1]):
            # ReportLab and others write ASCII85 over Flate: the text layer is decoded (its
            # growth bounded), the Flate layer inflated piece by piece as alone.
            if len(raw) * math.prod(BOUNDED_FILTERS[n] for n in names[:-1]) > MAX_DECODED:
                raise TooLarge(f"a content stream may decode past {MAX_DECODED // 2**20} MB")
            for name in names[:-1]:
                raw = _text_decoded(raw, name)
            chunk_size, chunk_tokens = _inflated(raw, MAX_DECODED - size,
                                                 MAX_STREAM_TOKENS - tokens)
            size, tokens = size + chunk_size, tokens + chunk_tokens
            continue
        growth = 1
        for name in names:
            if name not in BOUNDED_FILTERS:
                raise TooLarge(f"a content stream is encoded with {' + '.join(names)}, whose "
                               f"decoded size cannot be bounded before it is decoded")
            growth *= BOUNDED_FILTERS[name]
        if size + len(raw) * growth > MAX_DECODED:
            raise TooLarge(f"a content stream may decode past {MAX_DECODED // 2**20} MB")
        data = stream.read_bytes() if names else raw
        size, tokens = size + len(data), tokens + _tokens(data)
    return size, tokens


def _text_decoded(data: bytes, name: str) -> bytes:
    """`data` decoded from a PDF text filter (PDF 1.7 §7.4.2–3), by Python's own decoders."""
    end = b">" if name == "/ASCIIHexDecode" else b"~>"
    data = b"".join(data.partition(end)[0].split())  # white space is ignored
    try:
        if name == "/ASCIIHexDecode":
            return bytes.fromhex((data + b"0" if len(data) % 2 else data).decode("ascii"))
        return base64.a85decode(data.removeprefix(b"<~"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise pikepdf.PdfError(f"a content stream does not decode from {name[1:]} "
                               f"({exc})") from None


def _inflated(raw: bytes, room: int, most_tokens: int) -> tuple[int, int]:
    """Bytes and estimated tokens of a Flate stream, inflated 64 kB at a time (stopping once
    either is past what may be read)."""
    inflate = zlib.decompressobj()
    size = tokens = 0
    pending = raw
    try:
        while pending:
            piece = inflate.decompress(pending, 1 << 16)
            pending = inflate.unconsumed_tail
            size += len(piece)
            tokens += _tokens(piece)
            if size > room:
                raise TooLarge(f"a content stream inflates past {MAX_DECODED // 2**20} MB")
            if tokens > most_tokens:
                break  # Walk.charge says it is too large
            if not piece and not pending:
                break
    except zlib.error as exc:
        raise pikepdf.PdfError(f"a content stream does not inflate ({exc})") from None
    return size, tokens


def _content_streams(owner) -> list[Stream]:
    """The streams of a page's /Contents (one stream or an array), or the stream itself."""
    if isinstance(owner, Stream):
        return [owner]
    contents = owner.get("/Contents")
    if isinstance(contents, Stream):
        return [contents]
    if isinstance(contents, Array):
        return [c for c in contents if isinstance(c, Stream)]
    return []


def _instructions(walk: Walk, owner, key: tuple | None) -> list:
    """The parsed instructions of a page (its /Contents) or a stream, charged to the walk's
    budget first; a form's (`key`) are kept for its next draw while they fit MAX_KEPT_TOKENS."""
    streams = _content_streams(owner)
    size, tokens = _measured(streams)
    walk.charge(size, tokens)
    walk.drawing[1] += size
    if key is not None and key in walk.parsed:
        return walk.parsed[key]
    if size == 0 or not any(s.read_bytes().strip() for s in streams):
        return []
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # Parsed from the document itself: its operands belong to it, and it outlives them.
        instructions = pikepdf.parse_content_stream(owner, OPERATORS)
    if caught:
        raise pikepdf.PdfError(str(caught[0].message))
    if key is not None and walk.kept_tokens + tokens <= MAX_KEPT_TOKENS:
        walk.parsed[key] = instructions
        walk.kept_tokens += tokens
    return instructions


def walk_stream(walk: Walk, owner, resources: Dictionary, state: State, where: Where,
          depth: int, scope: tuple | None = None) -> None:
    """Walk `owner`'s content with `resources` from `state`. `scope` names the resources
    (stably, for the memo of forms already walked): an indirect dictionary by its object, else
    the object that holds them."""
    if depth > MAX_DEPTH:
        raise TooLarge(f"forms nested more than {MAX_DEPTH} deep")
    if scope is None:
        scope = ("resources", resources.objgen) if resources.is_indirect else \
            ("owner", owner.objgen if owner.is_indirect else where.page)
    form = None
    if isinstance(owner, Stream) and owner.is_indirect:
        form = owner.objgen
        walk.drawn.add((form, scope, _state_key(state), where.page))
    before = tuple(walk.drawing)
    try:
        instructions = _instructions(walk, owner, form)
    except (pikepdf.PdfError, IndexError, RuntimeError) as exc:  # qpdf's parser can throw any
        walk.report.fail("file.structure", f"a content stream cannot be read ({exc})", where)
        return
    walk.operators += len(instructions)
    walk.drawing[0] += len(instructions)
    state = copy.copy(state)  # the stream's own state, starting from what it inherits
    stack: list[State] = []
    outer, walk.scope = walk.scope, scope
    try:
        _instructions_walked(walk, instructions, resources, state, stack, where, depth)
    finally:
        walk.scope = outer
    if form is not None:
        walk.form_drawing[form] = (walk.drawing[0] - before[0], walk.drawing[1] - before[1])


def _instructions_walked(walk: Walk, instructions: list, resources: Dictionary, state: State,
                         stack: list[State], where: Where, depth: int) -> None:
    for instruction in instructions:
        op = str(instruction.operator)
        if op == "q":
            stack.append(copy.copy(state))
            continue
        if op == "Q":
            state = stack.pop() if stack else state
            continue
        if op == "INLINE IMAGE":
            inline_image(walk, instruction, resources, where)
            continue
        try:
            _step(walk, op, instruction.operands, resources, state, where, depth)
        except (ValueError, TypeError, IndexError, ZeroDivisionError) as exc:
            walk.report.fail("colour.spaces", f"{op} with operands it cannot take ({exc})",
                             replace(where, operator=op))


def _step(walk: Walk, op: str, operands, resources: Dictionary, state: State, where: Where,
          depth: int) -> None:
    """Apply one operator to `state`; problems found on the way go to the report (at `where`,
    with the operator added when something is reported)."""
    if op in TEXT_SHOW:
        text_shown(walk, op, operands, resources, state, where, depth)
        return
    if op == "Tm":
        state.tm = tuple(finite_numbers(operands[:4]))
        return
    if op == "Tf":
        if not isinstance(operands[0], Name):
            raise ValueError("the font is not a name")
        state.font, state.font_size = str(operands[0]), abs(float(operands[1]))
        return
    here = Where(where.page, where.obj, op)
    if op == "cm":
        a, b, c, d, _, _ = finite_numbers(operands)
        state.scale *= math.sqrt(abs(a * d - b * c))
    elif op == "gs":
        _graphics_state(walk, resources, operands[0], state, here)
    elif op in ("g", "G", "k", "K", "rg", "RG"):
        space = {"g": "/DeviceGray", "k": "/DeviceCMYK", "rg": "/DeviceRGB"}[op.lower()]
        values = finite_numbers(operands)
        if len(values) != {"/DeviceGray": 1, "/DeviceCMYK": 4, "/DeviceRGB": 3}[space]:
            raise ValueError(f"{len(values)} operands")
        if op.islower():
            state.fill_space, state.fill = space, values
            state.fill_problem = space_problem(space)
        else:
            state.stroke_space, state.stroke = space, values
            state.stroke_problem = space_problem(space)
    elif op in ("cs", "CS"):
        space, problem = space_named(resources, operands[0])
        initial = (0.0, 0.0, 0.0, 1.0) if space == "/DeviceCMYK" else (0.0,)
        if op == "cs":
            state.fill_space, state.fill, state.fill_problem = space, initial, problem
        else:
            state.stroke_space, state.stroke, state.stroke_problem = space, initial, problem
    elif op in ("sc", "scn", "SC", "SCN"):
        numbers = tuple(float(v) for v in operands if not isinstance(v, Name))
        names = [v for v in operands if isinstance(v, Name)]
        if names:
            pattern(walk, resources, names[0], here, depth)
        if op.islower():
            state.fill = numbers
        else:
            state.stroke = numbers
    elif op == "Tr":
        state.render = int(operands[0])
    elif op in FILL_PAINT or op in STROKE_PAINT:
        painted(walk, op, state, here)
    elif op == "Do":
        _xobject(walk, resources, operands[0], state, here, depth)
    elif op == "sh":
        shading(walk, resource(resources, "/Shading", operands[0]), here)


# --- graphics states, forms, images --------------------------------------------------------------

def _graphics_state(walk: Walk, resources: Dictionary, name, state: State,
                    where: Where) -> None:
    gs = resource(resources, "/ExtGState", name)
    if not isinstance(gs, Dictionary):
        walk.report.fail("colour.spaces", f"graphics state {name} is not defined", where)
        return
    _transparency_in(walk, gs, where)
    if "/OP" in gs:
        state.OP = state.op = bool(gs.OP)  # /op defaults to /OP (PDF 1.7 table 58)
    if "/op" in gs:
        state.op = bool(gs.op)
    if "/OPM" in gs:
        state.opm = int(gs.OPM)
    if "/Font" in gs and isinstance(gs.Font, Array) and len(gs.Font) == 2:
        state.font, state.font_size = f"gs:{gs.objgen}", abs(float(gs.Font[1]))
        font = gs.Font[0]
        # a font that is no dictionary is reported as one with no program
        walk.fonts[(state.font,)] = font if isinstance(font, Dictionary) else Dictionary()


def _transparency_in(walk: Walk, gs: Dictionary, where: Where) -> None:
    for key in ("/ca", "/CA"):
        if key in gs and float(gs[key]) < 1:
            walk.report.fail("transparency", f"{key[1:]} {float(gs[key]):g} (opacity below 1)",
                             where, float(gs[key]))
    blend = gs.get("/BM")
    names = [blend] if isinstance(blend, Name) else list(blend) if isinstance(blend, Array) \
        else []
    if names and not any(n in (Name.Normal, Name.Compatible) for n in names[:1]):
        walk.report.fail("transparency", f"blend mode {names[0]}", where)
    smask = gs.get("/SMask")
    if smask is not None and smask != Name("/None"):
        walk.report.fail("transparency", "a soft mask", where)


def _xobject(walk: Walk, resources: Dictionary, name, state: State, where: Where,
             depth: int) -> None:
    key = (walk.scope, str(name))
    entry = walk.xobjects.get(key)
    if entry is None:
        entry = walk.xobjects[key] = XObjectFacts.of(resource(resources, "/XObject", name))
    form, own = entry.stream, entry.resources
    if form is not None:
        # A form drawn again in the same state on the same page finds the same: not walked.
        scope = walk.scope if own is None else ("resources", own.objgen) if own.is_indirect \
            else ("owner", form.objgen)
        drawn = (form.objgen, scope, _state_key(state), where.page)
        if drawn in walk.drawn:
            operators, size = walk.form_drawing.get(form.objgen, (0, 0))
            walk.drawing[0] += operators
            walk.drawing[1] += size
            return
    at = replace(where, obj=str(name))
    for rule, problem in entry.problems:
        walk.once(rule, problem, at)
    if form is not None:
        walk_stream(walk, form, resources if own is None else own, state, at, depth + 1, scope)


@dataclass(frozen=True)
class XObjectFacts:
    """An XObject as the walk needs it, looked at once: what it is, what is wrong with it, and
    a form's stream and resources (a form without resources uses its page's, PDF 1.7 §7.8.3)."""

    kind: str  # form | image | other | missing
    problems: tuple[tuple[str, str], ...] = ()  # (rule, message)
    stream: Stream | None = None
    resources: Dictionary | None = None  # a form's own

    @classmethod
    def of(cls, xobject) -> "XObjectFacts":
        if not isinstance(xobject, Stream):
            return cls("missing", (("colour.spaces", "an XObject that is not defined"),))
        subtype = xobject.get("/Subtype")
        if subtype == Name.Image:
            problems = []
            if not xobject.get("/ImageMask", False):
                problem = space_problem(xobject.get("/ColorSpace"))
                if problem:
                    problems.append(("colour.spaces", f"an image in {problem}"))
            if "/SMask" in xobject:
                problems.append(("transparency", "an image with a soft mask"))
            return cls("image", tuple(problems))
        if subtype == Name.Form:
            problems = [("transparency", "a transparency group")] \
                if transparency_group(xobject) else []
            inner = xobject.get("/Resources")
            if isinstance(inner, Dictionary):
                return cls("form", tuple(problems), xobject, inner)
            return cls("form", tuple(problems), xobject)
        return cls("other")
