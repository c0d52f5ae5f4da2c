"""What the content walk carries: the graphics state the rules need, and the walk of one
document (its report, its budget, what it has walked), with the limits that bound it."""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import TYPE_CHECKING

from pikepdf import Dictionary, Name

from .report import Report, Where

if TYPE_CHECKING:
    from .walk import XObjectFacts

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
BOUNDED_FILTERS = {"/ASCIIHexDecode": 1, "/ASCII85Decode": 4, "/RunLengthDecode": 128}
#: Text filters a Flate layer may be wrapped in (ASCII85's `z` stands for four zero bytes).
TEXT_FILTERS = {"/ASCIIHexDecode", "/ASCII85Decode"}

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

    def text_size(self) -> float:
        a, b, c, d = self.tm  # finite: checked when the text matrix was set
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
    two_byte_fonts: dict[tuple, bool] = field(default_factory=dict)  # Type 0: codes of 2 bytes
    drawn: set[tuple] = field(default_factory=set)  # (form, resources, state, page) walked
    parsed: dict[tuple, list] = field(default_factory=dict)  # a form's instructions, kept
    kept_tokens: int = 0
    scope: tuple = ()  # the resources of the stream being walked (see walk_stream)
    xobjects: dict[tuple, XObjectFacts] = field(default_factory=dict)  # (scope, name) → XObject
    #: What a renderer would do, with every draw of a form expanded: operators and bytes.
    drawing: list[int] = field(default_factory=lambda: [0, 0])
    form_drawing: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def once(self, rule: str, message: str, where: Where, value=None) -> None:
        """A failure, reported once a page (a colour used a thousand times is one problem)."""
        key = (rule, message, where.page)
        if key not in self.reported:
            self.reported.add(key)
            self.report.fail(rule, message, where, value)

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


def as_dict(obj) -> Dictionary:
    return obj if isinstance(obj, Dictionary) else Dictionary()


def resource(resources: Dictionary, category: str, name):
    """The resource `name` of `category` (/Font, /XObject …), or None. `name` comes from the
    content stream and may be anything: only a name is looked up (pikepdf crashes on a lookup
    by a dictionary)."""
    if not isinstance(name, Name):
        return None
    return as_dict(resources.get(category)).get(name)


def transparency_group(obj) -> bool:
    group = obj.get("/Group")
    return isinstance(group, Dictionary) and group.get("/S") == Name.Transparency


def finite_numbers(operands) -> tuple[float, ...]:
    out = []
    for value in operands:
        number = float(value)
        if not math.isfinite(number):
            raise ValueError("not a finite number")
        out.append(number)
    return tuple(out)
