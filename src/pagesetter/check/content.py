"""Rules about what the pages draw, found by walking every content stream with its graphics
state the way a RIP does: through forms (which inherit the state at their `Do`), tiling patterns
and Type 3 glyphs, each with its own resources.

Bounded: a content stream that decodes past MAX_DECODED bytes, or a document past MAX_OPERATORS
operators, is reported as skipped ("too large to check"), never read into memory whole.
"""
from __future__ import annotations

import copy
import io
import math
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from ..parallel import Beside
from .document import filter_names
from .report import Finding, Report, Where

MAX_DECODED = 64 * 1024 * 1024  # bytes of one content stream, decoded
MAX_OPERATORS = 3_000_000  # in the whole document
MAX_DEPTH = 12  # forms inside forms
#: Text smaller than this may not be rich black (ISO 12647-3 practice: 4-colour text ≥ 10 pt).
SMALL_TEXT = 10.0

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


@dataclass
class Walk:
    """What the walk of one document carries: its report, the operators read so far, the
    fonts used with the codes shown in each, the forms and glyph procedures already walked."""

    report: Report
    operators: int = 0
    codes: dict[tuple, set[int]] = field(default_factory=dict)
    fonts: dict[tuple, Dictionary] = field(default_factory=dict)
    walked: set[tuple] = field(default_factory=set)
    glyphs: bool = True  # collect the codes shown, to check them against the fonts
    reported: set[tuple] = field(default_factory=set)  # (rule, message, page): said once
    font_keys: dict[tuple, tuple | None] = field(default_factory=dict)  # (resources, name)
    #: The document content is parsed in: parsed operands (a dictionary, an array) belong to it,
    #: so it must live as long as they are used.
    scratch: pikepdf.Pdf = field(default_factory=pikepdf.Pdf.new)

    def once(self, rule: str, message: str, where: Where) -> None:
        """A failure, reported once a page (a colour used a thousand times is one problem)."""
        key = (rule, message, where.page)
        if key not in self.reported:
            self.reported.add(key)
            self.report.fail(rule, message, where)


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


def check_content(pdf: pikepdf.Pdf, report: Report, glyphs: bool = True,
                  source: bytes | Path | None = None, workers: int = 1) -> None:
    """The content rules over every page. The pages are walked in two halves, each with its
    own memory of what it has checked, so the findings are the same however many processes
    do the work; with `workers` > 1 and the document's `source` (its bytes or file) to reopen,
    a helper walks the second half."""
    halves = _halves(len(pdf.pages))
    later = None
    if len(halves) == 2 and workers > 1 and source is not None \
            and len(pdf.pages) >= PARALLEL_FROM:
        later = Beside(_walk_part_of, source, halves[1], glyphs)
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
    if not stopped and sum(part.operators for part in parts) > MAX_OPERATORS:
        stopped = f"too large (more than {MAX_OPERATORS:,} operators)"
    if stopped:
        for rule in CONTENT_RULES:
            report.skip(rule, f"skipped: {stopped}")
        return
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
        walk.scratch.close()
    return PartResult(tuple(walk.report.findings), walk.operators, stopped)


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


def _decoded(stream: Stream) -> bytes:
    """The stream's data, refusing to inflate past MAX_DECODED (a small file can hold a bomb of
    `q Q` a hundred megabytes long)."""
    filters = stream.get("/Filter")
    if filters == Name.FlateDecode or (isinstance(filters, Array) and len(filters) == 1
                                       and filters[0] == Name.FlateDecode):
        inflate = zlib.decompressobj()
        data = inflate.decompress(stream.read_raw_bytes(), MAX_DECODED + 1)
        if len(data) > MAX_DECODED:
            raise TooLarge(f"a content stream inflates past {MAX_DECODED // 2**20} MB")
        return data
    if filters is None:
        data = stream.read_raw_bytes()
    else:
        data = stream.read_bytes()
    if len(data) > MAX_DECODED:
        raise TooLarge(f"a content stream is larger than {MAX_DECODED // 2**20} MB")
    return data


def _instructions(owner, scratch: pikepdf.Pdf) -> list:
    """Parsed instructions of a page (its /Contents, one stream or an array) or a stream."""
    if isinstance(owner, Stream):
        streams = [owner]
    else:
        contents = owner.get("/Contents")
        streams = [contents] if isinstance(contents, Stream) else \
            [c for c in contents if isinstance(c, Stream)] if isinstance(contents, Array) else []
    data = b"\n".join(_decoded(s) for s in streams)
    if not data.strip():
        return []
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        instructions = pikepdf.parse_content_stream(pikepdf.Stream(scratch, data), OPERATORS)
    if caught:
        raise pikepdf.PdfError(str(caught[0].message))
    return instructions


def _walk(walk: Walk, owner, resources: Dictionary, state: State, where: Where,
          depth: int) -> None:
    if depth > MAX_DEPTH:
        raise TooLarge(f"forms nested more than {MAX_DEPTH} deep")
    try:
        instructions = _instructions(owner, walk.scratch)
    except (pikepdf.PdfError, IndexError, RuntimeError) as exc:  # qpdf's parser can throw any
        walk.report.fail("file.structure", f"a content stream cannot be read ({exc})", where)
        return
    walk.operators += len(instructions)
    if walk.operators > MAX_OPERATORS:
        raise TooLarge(f"more than {MAX_OPERATORS:,} operators")
    state = copy.copy(state)  # the stream's own state, starting from what it inherits
    stack: list[State] = []
    # The text rules depend only on the state, so text shown again in the same state needs no
    # second look: `checked` holds the fonts (and sizes) whose text was checked since the state
    # last changed. Our text is a move (Td) to each evenly spaced piece of a line, then Tf and
    # Tj for each 256-glyph subset it touches, so most text shows are skipped here (a move
    # changes nothing the rules look at, and is not even parsed). When glyph codes are
    # collected, every text show is read.
    checked: set[tuple[str, float]] = set()
    for instruction in instructions:
        op = str(instruction.operator)
        # The commonest operators first.
        if op in TEXT_SHOW and not walk.glyphs:
            if (state.font, state.font_size) not in checked:
                _text(walk, op, (), resources, state, where, depth)
                checked.add((state.font, state.font_size))
            continue
        if op == "Tm":
            tm = tuple(instruction.operands[:4])
            if tm != state.tm:
                state.tm = tm
                checked.clear()
            continue
        if op != "Tf":
            checked.clear()
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
    xobject = _resource(resources, "/XObject", name)
    if not isinstance(xobject, Stream):
        walk.report.fail("colour.spaces", f"XObject {name} is not defined", where)
        return
    subtype = xobject.get("/Subtype")
    at = replace(where, obj=str(name))
    if subtype == Name.Image:
        if not xobject.get("/ImageMask", False):
            problem = _space_problem(xobject.get("/ColorSpace"))
            if problem:
                walk.report.fail("colour.spaces", f"an image in {problem}", at)
        if "/SMask" in xobject:
            walk.report.fail("transparency", "an image with a soft mask", at)
    elif subtype == Name.Form:
        if _transparency_group(xobject):
            walk.report.fail("transparency", "a transparency group", at)
        inner = xobject.get("/Resources")
        # A form without resources uses its page's (PDF 1.7 §7.8.3); it inherits the state.
        _walk(walk, xobject, inner if isinstance(inner, Dictionary) else resources, state,
              at, depth + 1)


# --- text and painting --------------------------------------------------------------------------

def _text(walk: Walk, op: str, operands, resources: Dictionary, state: State, where: Where,
          depth: int) -> None:
    cache = (id(resources), state.font)
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
