"""Rules about what the pages draw, found by walking every content stream with its graphics
state the way a RIP does: through forms (which inherit the state at their `Do`), tiling patterns
and Type 3 glyphs, each with its own resources.

Bounded before any work is done: each draw of a content stream is charged its decoded bytes and
an estimate of its tokens (counted while it is inflated, never kept) against one budget per walk,
before it is parsed, so a bomb ends in a "skipped: too large" finding. A form is parsed once and
walked once per page for each graphics state it is drawn in (what it finds depends on nothing
else), so a form drawn a hundred thousand times costs one walk.
"""
from __future__ import annotations

import copy
import io
import math
import zlib
from dataclasses import dataclass, field, fields, replace
from operator import attrgetter
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from ..parallel import ForkedCall
from .document import filter_names
from .report import Finding, Report, Where

MAX_DECODED = 64 * 1024 * 1024  # bytes of one content stream, decoded
#: Tokens one parse may hold in memory (qpdf's parse takes about 220 bytes a token).
MAX_STREAM_TOKENS = 2_000_000
#: What one walk (a half of the pages) may read in all, counting every draw of a stream.
MAX_TOKENS = 4_000_000
MAX_BYTES = 256 * 1024 * 1024
#: Parsed forms kept for their next draw, in tokens.
MAX_KEPT_TOKENS = 1_000_000
MAX_DEPTH = 12  # forms inside forms
#: Text smaller than this may not be rich black (ISO 12647-3 practice: 4-colour text ≥ 10 pt).
SMALL_TEXT = 10.0
#: Filters whose output is at most this many times their input, safe to decode whole.
BOUNDED_FILTERS = {"/ASCIIHexDecode": 1, "/ASCII85Decode": 1, "/RunLengthDecode": 128}

OPERATORS = ("q Q cm gs g G k K rg RG cs CS sc SC scn SCN Tf Tr Tm Tj TJ ' \" Do sh "
             "f F f* B B* b b* S s d0 d1 BI ID EI")
TEXT_SHOW = {"Tj", "TJ", "'", '"'}
FILL_PAINT = {"f", "F", "f*", "B", "B*", "b", "b*"}
STROKE_PAINT = {"S", "s", "B", "B*", "b", "b*"}
INLINE_SPACES = {"/G": "/DeviceGray", "/RGB": "/DeviceRGB", "/CMYK": "/DeviceCMYK",
                 "/I": "/Indexed"}


class TooLarge(Exception):
    pass


@dataclass(slots=True)
class State:
    """The part of the graphics state the rules need. Changed in place by the operators of one
    content stream; `q` saves a copy, `Q` restores it, a form starts from a copy."""

    fill_space: str = "/DeviceGray"
    fill: tuple[float, ...] = (0.0,)
    stroke_space: str = "/DeviceGray"
    stroke: tuple[float, ...] = (0.0,)
    fill_problem: str = ""  # why the fill colour space is not allowed ("" when it is)
    stroke_problem: str = ""
    op: bool = False  # fill overprint
    OP: bool = False  # stroke overprint
    opm: int = 0
    font: str = ""
    font_size: float = 0.0
    render: int = 0  # text rendering mode (3: invisible)
    scale: float = 1.0  # CTM scale (√|det|), for text sizes
    tm: tuple = (1, 0, 0, 1)  # the text matrix's a b c d, as written

    def text_key(self) -> tuple:
        """What the text rules look at: text shown again in the same is checked once."""
        return (self.fill_space, self.fill, self.stroke_space, self.stroke, self.op, self.OP,
                self.opm, self.render, self.font_size, self.tm, self.scale)

    def text_size(self) -> float:
        a, b, c, d = _numbers(self.tm)
        return self.font_size * math.sqrt(abs(a * d - b * c)) * self.scale


#: The whole state as a tuple, at C speed: a form drawn again in an equal state is not walked
#: again.
_state_key = attrgetter(*(f.name for f in fields(State)))


@dataclass
class Walk:
    """What the walk of one document carries: its report, its budget, the fonts used with the
    codes shown in each, the forms and glyph procedures already walked."""

    report: Report
    operators: int = 0  # instructions walked
    tokens: int = 0  # charged against MAX_TOKENS (estimated before parsing)
    bytes: int = 0  # decoded bytes charged against MAX_BYTES
    codes: dict[tuple, set[int]] = field(default_factory=dict)
    fonts: dict[tuple, Dictionary] = field(default_factory=dict)
    walked: set[tuple] = field(default_factory=set)
    glyphs: bool = True  # collect the codes shown, to check them against the fonts
    reported: set[tuple] = field(default_factory=set)  # (rule, message, page): said once
    font_keys: dict[tuple, tuple | None] = field(default_factory=dict)  # (resources, name)
    drawn: set[tuple] = field(default_factory=set)  # (form, resources, state, page) walked
    parsed: dict[tuple, list] = field(default_factory=dict)  # a form's instructions, kept
    kept_tokens: int = 0
    scope: tuple = ()  # the resources of the stream being walked (see _walk)
    xobjects: dict[tuple, object] = field(default_factory=dict)  # (scope, name) → XObject
    #: What a renderer would do, with every draw of a form expanded: operators and bytes.
    drawing: list[int] = field(default_factory=lambda: [0, 0])
    form_drawing: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def once(self, rule: str, message: str, where: Where) -> None:
        """A failure, reported once a page (a colour used a thousand times is one problem)."""
        key = (rule, message, where.page)
        if key not in self.reported:
            self.reported.add(key)
            self.report.fail(rule, message, where)

    def charge(self, size: int, tokens: int) -> None:
        """Count a draw of a stream before it is parsed; TooLarge past the budget."""
        if tokens > MAX_STREAM_TOKENS:
            raise TooLarge(f"a content stream holds about {tokens:,} tokens, more than "
                           f"{MAX_STREAM_TOKENS:,}")
        self.tokens += tokens
        self.bytes += size
        if self.tokens > MAX_TOKENS:
            raise TooLarge(f"more than {MAX_TOKENS:,} tokens of content to read")
        if self.bytes > MAX_BYTES:
            raise TooLarge(f"more than {MAX_BYTES // 2**20} MB of content to read")


#: Documents this long have their second half walked by a helper process (when the caller
#: allows one): a page's content is checked on its own, so the halves are independent.
PARALLEL_FROM = 4
CONTENT_RULES = ("colour.spaces", "colour.overprint", "text.black", "transparency",
                 "fonts.embedded", "fonts.glyphs")


@dataclass(frozen=True)
class PartResult:
    """What walking some of the pages found."""

    findings: tuple[Finding, ...]
    operators: int
    stopped: str = ""  # why the walk stopped before the end ("" when it did not)
    drawing: tuple[int, int] = (0, 0)  # operators and bytes a renderer would go through


@dataclass(frozen=True)
class Drawing:
    """How much a renderer would go through to draw the pages: operators and decoded bytes,
    with every draw of a form counted (what Ghostscript's ink measurement would cost)."""

    operators: int
    bytes: int
    stopped: str = ""  # why the walk stopped (and the counts are not whole), or ""


def check_content(pdf: pikepdf.Pdf, report: Report, glyphs: bool = True,
                  source: bytes | Path | None = None, workers: int = 1) -> Drawing:
    """The content rules over every page. The pages are walked in two halves, each with its
    own memory of what it has checked and its own budget, so the findings are the same however
    many processes do the work; with `workers` > 1 and the document's `source` (its bytes or
    file) to reopen, a helper walks the second half."""
    halves = _halves(len(pdf.pages))
    later = None
    if len(halves) == 2 and workers > 1 and source is not None \
            and len(pdf.pages) >= PARALLEL_FROM:
        later = ForkedCall(_walk_part_of, source, halves[1], glyphs)
        halves = halves[:1]
    try:
        parts = [_walk_part(pdf, pages, glyphs, report.file) for pages in halves]
        if later is not None:
            parts.append(later.result())
    finally:
        if later is not None:
            later.close()
    for part in parts:
        report.findings.extend(part.findings)
    stopped = next((part.stopped for part in parts if part.stopped), "")
    drawing = Drawing(sum(p.drawing[0] for p in parts), sum(p.drawing[1] for p in parts),
                      stopped)
    if stopped:
        for rule in CONTENT_RULES:
            report.skip(rule, f"skipped: {stopped}")
        return drawing
    for rule, passed in (("colour.spaces", "CMYK, grey and spot colours only"),
                         ("colour.overprint", "nothing overprints that vanishes or knocks "
                                              "out"),
                         ("text.black", "black text is 100% K, overprinting"),
                         ("transparency", "no transparency"),
                         ("fonts.embedded", "every font used is embedded"),
                         ("fonts.glyphs", "every glyph shown is in its font" if glyphs
                          else "known from composition: every character was found in its "
                               "face")):
        report.close_rule(rule, passed)
    return drawing


def _halves(count: int) -> list[range]:
    if count < 2:
        return [range(count)]
    half = (count + 1) // 2
    return [range(half), range(half, count)]


def _walk_part_of(source: bytes | Path, pages: range, glyphs: bool) -> PartResult:
    """`_walk_part` in a helper process, on its own copy of the document."""
    with pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source) as pdf:
        return _walk_part(pdf, pages, glyphs, Path())


def _walk_part(pdf: pikepdf.Pdf, pages: range, glyphs: bool, file: Path) -> PartResult:
    """The content rules over `pages` (numbers from 0), with the fonts they use."""
    walk = Walk(Report(file), glyphs=glyphs)
    try:
        _walk_pages(pdf, walk, pages)
        _check_fonts(walk, glyphs)
    except TooLarge as exc:
        stopped = f"too large ({exc})"
    except (pikepdf.PdfError, RecursionError) as exc:
        walk.report.fail("file.structure", f"the file's objects cannot be read: {exc}")
        stopped = "the file's objects cannot be read"
    else:
        stopped = ""
    finally:
        walk.parsed.clear()
    return PartResult(tuple(walk.report.findings), walk.operators, stopped,
                      (walk.drawing[0], walk.drawing[1]))


def _walk_pages(pdf: pikepdf.Pdf, walk: Walk, numbers: range) -> None:
    for index in numbers:
        page = pdf.pages[index]
        number = index + 1
        resources = _dict(page.obj.get("/Resources"))
        if _transparency_group(page.obj):
            walk.report.fail("transparency", "a transparency group on the page",
                             Where(page=number))
        _walk(walk, page.obj, resources, State(), Where(page=number), 0)


def _dict(obj) -> Dictionary:
    return obj if isinstance(obj, Dictionary) else Dictionary()


def _resource(resources: Dictionary, category: str, name):
    """The resource `name` of `category` (/Font, /XObject …), or None. `name` comes from the
    content stream and may be anything: only a name is looked up (pikepdf crashes on a lookup
    by a dictionary)."""
    if not isinstance(name, Name):
        return None
    return _dict(resources.get(category)).get(name)


def _transparency_group(obj) -> bool:
    group = obj.get("/Group")
    return isinstance(group, Dictionary) and group.get("/S") == Name.Transparency


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
        if names == ["/FlateDecode"]:
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


def _walk(walk: Walk, owner, resources: Dictionary, state: State, where: Where,
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
            _inline_image(walk, instruction, resources, where)
            continue
        try:
            _step(walk, op, instruction.operands, resources, state, where, depth)
        except (ValueError, TypeError, IndexError, ZeroDivisionError) as exc:
            walk.report.fail("colour.spaces", f"{op} with operands it cannot take ({exc})",
                             replace(where, operator=op))


def _numbers(operands) -> tuple[float, ...]:
    out = []
    for value in operands:
        number = float(value)
        if not math.isfinite(number):
            raise ValueError("not a finite number")
        out.append(number)
    return tuple(out)


def _step(walk: Walk, op: str, operands, resources: Dictionary, state: State, where: Where,
          depth: int) -> None:
    """Apply one operator to `state`; problems found on the way go to the report (at `where`,
    with the operator added when something is reported)."""
    if op in TEXT_SHOW:
        _text(walk, op, operands, resources, state, where, depth)
        return
    if op == "Tm":
        state.tm = tuple(_numbers(operands[:4]))
        return
    if op == "Tf":
        if not isinstance(operands[0], Name):
            raise ValueError("the font is not a name")
        state.font, state.font_size = str(operands[0]), abs(float(operands[1]))
        return
    here = Where(where.page, where.obj, op)
    if op == "cm":
        a, b, c, d, _, _ = _numbers(operands)
        state.scale *= math.sqrt(abs(a * d - b * c))
    elif op == "gs":
        _graphics_state(walk, resources, operands[0], state, here)
    elif op in ("g", "G", "k", "K", "rg", "RG"):
        space = {"g": "/DeviceGray", "k": "/DeviceCMYK", "rg": "/DeviceRGB"}[op.lower()]
        values = _numbers(operands)
        if len(values) != {"/DeviceGray": 1, "/DeviceCMYK": 4, "/DeviceRGB": 3}[space]:
            raise ValueError(f"{len(values)} operands")
        if op.islower():
            state.fill_space, state.fill = space, values
            state.fill_problem = _space_problem(space)
        else:
            state.stroke_space, state.stroke = space, values
            state.stroke_problem = _space_problem(space)
    elif op in ("cs", "CS"):
        space, problem = _space_named(resources, operands[0])
        initial = (0.0, 0.0, 0.0, 1.0) if space == "/DeviceCMYK" else (0.0,)
        if op == "cs":
            state.fill_space, state.fill, state.fill_problem = space, initial, problem
        else:
            state.stroke_space, state.stroke, state.stroke_problem = space, initial, problem
    elif op in ("sc", "scn", "SC", "SCN"):
        numbers = tuple(float(v) for v in operands if not isinstance(v, Name))
        names = [v for v in operands if isinstance(v, Name)]
        if names:
            _pattern(walk, resources, names[0], here, depth)
        if op.islower():
            state.fill = numbers
        else:
            state.stroke = numbers
    elif op == "Tr":
        state.render = int(operands[0])
    elif op in FILL_PAINT or op in STROKE_PAINT:
        _painted(walk, op, state, here)
    elif op == "Do":
        _xobject(walk, resources, operands[0], state, here, depth)
    elif op == "sh":
        _shading(walk, _resource(resources, "/Shading", operands[0]), here)


# --- colour spaces ------------------------------------------------------------------------------

def _space_named(resources: Dictionary, name) -> tuple[str, str]:
    """The family of the colour space `name` names (a device name, or one in the resources),
    and why PDF/X-1a does not allow it ("" when it does)."""
    if isinstance(name, Name) and str(name) in ("/DeviceGray", "/DeviceCMYK", "/DeviceRGB",
                                                "/Pattern"):
        space = str(name)
    else:
        space = _resource(resources, "/ColorSpace", name)
    return _family(space), _space_problem(space)


def _family(space) -> str:
    if isinstance(space, Name):
        return str(space)
    if isinstance(space, str):
        return space
    if isinstance(space, Array) and len(space) and isinstance(space[0], Name):
        return str(space[0])
    return "/Unknown"


def _space_problem(space, depth: int = 0) -> str:
    """Why `space` is not allowed in PDF/X-1a, or ""."""
    family = _family(space)
    if family in ("/DeviceGray", "/DeviceCMYK", "/Pattern"):
        return ""
    if family in ("/DeviceRGB", "/CalRGB"):
        return "RGB colour"
    if family == "/Lab":
        return "Lab colour"
    if family == "/ICCBased":
        return "ICC-based colour (PDF/X-1a allows none)"
    if family == "/CalGray":
        return "CalGray colour"
    if family == "/Indexed" and isinstance(space, Array) and len(space) > 1 and depth < 4:
        base = _space_problem(space[1], depth + 1)
        return f"an indexed palette on {base}" if base else ""
    if family in ("/Separation", "/DeviceN") and isinstance(space, Array) and len(space) > 2 \
            and depth < 4:
        alternate = _space_problem(space[2], depth + 1)
        return f"a {family[1:]} colour whose alternate is {alternate}" if alternate else ""
    if family == "/Unknown":
        return "an undefined colour space"
    return f"{family[1:]} colour"


def _pattern(walk: Walk, resources: Dictionary, name, where: Where, depth: int) -> None:
    pattern = _resource(resources, "/Pattern", name)
    if not isinstance(pattern, Dictionary):
        return
    key = ("pattern", pattern.objgen)
    if key in walk.walked:
        return
    walk.walked.add(key)
    if isinstance(pattern, Stream):  # a tiling pattern: its own content
        _walk(walk, pattern, _dict(pattern.get("/Resources")), State(), where, depth + 1)
    else:
        _shading(walk, pattern.get("/Shading"), where)


def _shading(walk: Walk, shading, where: Where) -> None:
    if isinstance(shading, Dictionary):
        problem = _space_problem(shading.get("/ColorSpace"))
        if problem:
            walk.report.fail("colour.spaces", f"a shading in {problem}", where)


def _inline_image(walk: Walk, instruction, resources: Dictionary, where: Where) -> None:
    image = instruction.iimage.obj
    space = image.get("/CS", image.get("/ColorSpace"))
    if isinstance(space, Name):
        space = INLINE_SPACES.get(str(space)) or _resource(resources, "/ColorSpace", space) \
            or space
    problem = _space_problem(space) if space is not None else ""
    if problem and not image.get("/IM", image.get("/ImageMask", False)):
        walk.report.fail("colour.spaces", f"an inline image in {problem}",
                         replace(where, operator="BI"))
    for name in filter_names(image.get("/F", image.get("/Filter"))):
        if name in ("/LZW", "/LZWDecode"):
            walk.report.fail("file.compression", "an LZW inline image",
                             replace(where, operator="BI"))


# --- graphics states, forms, images --------------------------------------------------------------

def _graphics_state(walk: Walk, resources: Dictionary, name, state: State,
                    where: Where) -> None:
    gs = _resource(resources, "/ExtGState", name)
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
        walk.fonts[(state.font,)] = gs.Font[0]


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
        entry = walk.xobjects[key] = _XObject.of(_resource(resources, "/XObject", name))
    if entry.kind == "form":
        # A form drawn again in the same state on the same page finds the same: not walked.
        scope = ("resources", entry.resources.objgen) if entry.own_resources and \
            entry.resources.is_indirect else ("owner", entry.stream.objgen) \
            if entry.own_resources else walk.scope
        drawn = (entry.stream.objgen, scope, _state_key(state), where.page)
        if drawn in walk.drawn:
            operators, size = walk.form_drawing.get(entry.stream.objgen, (0, 0))
            walk.drawing[0] += operators
            walk.drawing[1] += size
            return
    at = replace(where, obj=str(name))
    for rule, problem in entry.problems:
        walk.once(rule, problem, at)
    if entry.kind == "form":
        _walk(walk, entry.stream, entry.resources if entry.own_resources else resources,
              state, at, depth + 1, scope)


@dataclass(frozen=True)
class _XObject:
    """An XObject as the walk needs it, looked at once: what it is, what is wrong with it, and
    a form's stream and resources (a form without resources uses its page's, PDF 1.7 §7.8.3)."""

    kind: str  # form | image | other | missing
    problems: tuple[tuple[str, str], ...] = ()  # (rule, message)
    stream: Stream | None = None
    resources: Dictionary | None = None
    own_resources: bool = False

    @classmethod
    def of(cls, xobject) -> "_XObject":
        if not isinstance(xobject, Stream):
            return cls("missing", (("colour.spaces", "an XObject that is not defined"),))
        subtype = xobject.get("/Subtype")
        if subtype == Name.Image:
            problems = []
            if not xobject.get("/ImageMask", False):
                problem = _space_problem(xobject.get("/ColorSpace"))
                if problem:
                    problems.append(("colour.spaces", f"an image in {problem}"))
            if "/SMask" in xobject:
                problems.append(("transparency", "an image with a soft mask"))
            return cls("image", tuple(problems))
        if subtype == Name.Form:
            problems = [("transparency", "a transparency group")] \
                if _transparency_group(xobject) else []
            inner = xobject.get("/Resources")
            own = isinstance(inner, Dictionary)
            return cls("form", tuple(problems), xobject, inner if own else None, own)
        return cls("other")


# --- text and painting --------------------------------------------------------------------------

def _text(walk: Walk, op: str, operands, resources: Dictionary, state: State, where: Where,
          depth: int) -> None:
    cache = (walk.scope, state.font)
    font = walk.font_keys.get(cache, False)
    if font is False:
        font = walk.font_keys[cache] = _font(walk, resources, state,
                                             Where(where.page, where.obj, op), depth)
    if font is not None and walk.glyphs:
        codes = walk.codes.setdefault(font, set())
        two_bytes = walk.fonts[font].get("/Subtype") == Name.Type0
        for value in operands:
            for item in (value if isinstance(value, Array) else (value,)):
                if isinstance(item, pikepdf.String):
                    data = bytes(item)
                    codes.update(_two_byte_codes(data) if two_bytes else data)
    if state.render in (3, 7):  # invisible text (3) or a clip (7) prints nothing
        return
    seen = (font, state.text_key())
    if seen in walk.reported:  # text in this state was checked already
        return
    walk.reported.add(seen)
    where = Where(where.page, where.obj, op)
    if state.render in (0, 2, 4, 6):
        if state.fill_problem:
            walk.once("colour.spaces", state.fill_problem, where)
        _black_text(walk, state, state.text_size(), where)
        _overprint(walk, state.fill_space, state.fill, state.op, state.opm, "text", where)
    if state.render in (1, 2, 5, 6):
        if state.stroke_problem:
            walk.once("colour.spaces", state.stroke_problem, where)
        _overprint(walk, state.stroke_space, state.stroke, state.OP, state.opm, "outlined text",
                   where)


def _black_text(walk: Walk, state: State, size: float, where: Where) -> None:
    """Black text: 100 % K alone, overprinting (with the nonzero overprint mode when it is
    DeviceCMYK, or it knocks the plates below out); small text never in rich black."""
    space, fill = state.fill_space, state.fill
    if space == "/DeviceCMYK" and len(fill) == 4:
        c, m, y, k = fill
        if k >= 0.9 and (c or m or y) and size < SMALL_TEXT:
            walk.report.fail("text.black", f"rich black {size:.1f} pt text "
                                           f"({c * 100:.0f}/{m * 100:.0f}/{y * 100:.0f}/"
                                           f"{k * 100:.0f})", where, size)
        elif (c, m, y, k) == (0, 0, 0, 1) and not state.op:
            walk.report.fail("text.black", "black text knocks out (it does not overprint)",
                             where)
        elif (c, m, y, k) == (0, 0, 0, 1) and state.opm == 0:
            walk.report.fail("text.black", "black text set to overprint with OPM 0: DeviceCMYK "
                                           "zeros knock the plates below out", where)
    elif space == "/DeviceGray" and len(fill) == 1 and fill[0] == 0 and not state.op:
        walk.report.fail("text.black", "black text knocks out (it does not overprint)", where)


def _painted(walk: Walk, op: str, state: State, where: Where) -> None:
    if op in FILL_PAINT:
        if state.fill_problem:
            walk.once("colour.spaces", state.fill_problem, where)
        _overprint(walk, state.fill_space, state.fill, state.op, state.opm, "a fill", where)
    if op in STROKE_PAINT:
        if state.stroke_problem:
            walk.once("colour.spaces", state.stroke_problem, where)
        _overprint(walk, state.stroke_space, state.stroke, state.OP, state.opm, "a stroke",
                   where)
        if state.stroke_space == "/DeviceCMYK" and state.stroke == (0.0, 0.0, 0.0, 1.0) \
                and not (state.OP and state.opm == 1):
            key = ("colour.overprint", "black stroke", where.page)
            if key not in walk.reported:
                walk.reported.add(key)
                walk.report.warn("colour.overprint", "a 100 % K stroke knocks out what is "
                                 "under it (a white hairline where plates misregister; set it "
                                 "to overprint with OPM 1)", where)


def _overprint(walk: Walk, space: str, colour: tuple[float, ...], overprint: bool, opm: int,
               what: str, where: Where) -> None:
    """What vanishes on press: white set to overprint."""
    if not overprint:
        return
    white = (space == "/DeviceCMYK" and len(colour) == 4 and not any(colour)) or \
        (space == "/DeviceGray" and colour == (1.0,))
    if white:
        walk.report.fail("colour.overprint", f"white {what} set to overprint: it vanishes on "
                                             f"press", where)


# --- fonts ---------------------------------------------------------------------------------------

def _font(walk: Walk, resources: Dictionary, state: State, where: Where,
          depth: int) -> tuple | None:
    """The key of the font in use (its resource dictionary and name), checked once."""
    if state.font.startswith("gs:"):
        key = (state.font,)
    else:
        font = _resource(resources, "/Font", Name(state.font)) if state.font else None
        if not isinstance(font, Dictionary):
            walk.report.fail("fonts.embedded", f"font {state.font or '(none)'} is not defined",
                             where)
            return None
        key = (font.objgen, state.font) if font.is_indirect else (id(font), state.font)
        walk.fonts.setdefault(key, font)
    font = walk.fonts[key]
    if key not in walk.walked:
        walk.walked.add(key)
        _embedded(walk, font, replace(where, obj=state.font, operator="Tf"))
        if font.get("/Subtype") == Name.Type3:
            procs = _dict(font.get("/CharProcs"))
            glyph_resources = font.get("/Resources")
            for _, proc in procs.items():
                if isinstance(proc, Stream):
                    _walk(walk, proc, glyph_resources if isinstance(glyph_resources, Dictionary)
                          else resources, State(), replace(where, obj=state.font), depth + 1)
    return key


def _embedded(walk: Walk, font: Dictionary, where: Where) -> None:
    if font.get("/Subtype") == Name.Type3:
        return
    parts = font.get("/DescendantFonts")
    descendants = [d for d in parts if isinstance(d, Dictionary)] \
        if isinstance(parts, Array) else [font]
    for descendant in descendants:
        descriptor = descendant.get("/FontDescriptor")
        if not isinstance(descriptor, Dictionary) or not any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            walk.report.fail("fonts.embedded", f"{descendant.get('/BaseFont', '?')} is not "
                                               f"embedded", where)


def _two_byte_codes(data: bytes) -> list[int]:
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]


def _check_fonts(walk: Walk, glyphs: bool) -> None:
    """Every code shown has a glyph: within the font's FirstChar…LastChar, and (with `glyphs`)
    mapped to a glyph of its embedded TrueType program."""
    for key, codes in walk.codes.items():
        font = walk.fonts[key]
        name = str(font.get("/BaseFont", key[-1]))
        try:
            missing = _missing_codes(font, codes, glyphs)
        except Exception as exc:  # noqa: BLE001 — a font program we cannot parse
            walk.report.warn("fonts.glyphs", f"{name}: its glyphs cannot be checked ({exc})")
            continue
        if missing:
            shown = ", ".join(f"{c:#x}" for c in sorted(missing)[:5])
            walk.report.fail("fonts.glyphs", f"{name} lacks glyphs for codes {shown}"
                                             f"{' …' if len(missing) > 5 else ''}",
                             value=len(missing))


def _missing_codes(font: Dictionary, codes: set[int], glyphs: bool) -> set[int]:
    subtype = font.get("/Subtype")
    if subtype == Name.Type0:
        descendants = font.get("/DescendantFonts")
        descendant = descendants[0] if isinstance(descendants, Array) and len(descendants) \
            else Dictionary()
        program = _program(descendant, "/FontFile2") if glyphs else None
        if program is None:
            return set()
        count = program["maxp"].numGlyphs
        mapping = descendant.get("/CIDToGIDMap")
        if isinstance(mapping, Stream):
            table = mapping.read_bytes()
            gids = {c: int.from_bytes(table[2 * c:2 * c + 2], "big") for c in codes}
        else:
            gids = {c: c for c in codes}
        return {c for c, g in gids.items() if g == 0 or g >= count}
    if subtype == Name.Type3:
        procs = _dict(font.get("/CharProcs"))
        names = _encoding_names(font)
        return {c for c in codes if names.get(c) not in procs}
    first = int(font.get("/FirstChar", 0))
    last = int(font.get("/LastChar", 255))
    missing = {c for c in codes if not first <= c <= last}
    program = _program(font, "/FontFile2") if glyphs else None
    if program is not None:
        mapped = set()
        for table in program["cmap"].tables:
            if (table.platformID, table.platEncID) in ((3, 0), (1, 0), (3, 1)):
                mapped |= {code & 0xFF for code, gid in table.cmap.items() if gid != ".notdef"}
        missing |= {c for c in codes if c not in mapped}
    return missing


def _encoding_names(font: Dictionary) -> dict[int, str]:
    names: dict[int, str] = {}
    differences = _dict(font.get("/Encoding")).get("/Differences")
    if isinstance(differences, Array):
        code = 0
        for item in differences:
            if isinstance(item, Name):
                names[code] = str(item)
                code += 1
            else:
                code = int(item)
    return names


def _program(font: Dictionary, key: str):
    descriptor = font.get("/FontDescriptor")
    stream = descriptor.get(key) if isinstance(descriptor, Dictionary) else None
    if not isinstance(stream, Stream):
        return None
    import io

    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(stream.read_bytes()), lazy=True)
