"""The loaded issue and page format: immutable, validated, with source positions.

Every length is in pt (the loader resolves mm, 字号 names and 字 once; see units.py). Objects that
come from a YAML mapping know their field path and the position of each of their fields, so a
diagnostic about a field names it at its own line (`at`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from .errors import Diagnostic, SourcePos
from .textrules import PunctStyle


class Located:
    """A model object read from a YAML mapping: `path`, `pos` and its fields' positions."""

    path: str
    pos: SourcePos
    fields: Mapping[str, SourcePos]

    def at(self, name: str) -> tuple[SourcePos, str]:
        """Where field `name` is written, and its full field path."""
        return self.fields.get(name, self.pos), f"{self.path}.{name}" if self.path else name


@dataclass(frozen=True)
class Colour:
    """A process colour; c, m, y, k in 0…1. Newsprint has no RGB."""

    name: str
    c: float
    m: float
    y: float
    k: float

    @property
    def total_ink(self) -> float:
        return (self.c + self.m + self.y + self.k) * 100

    @property
    def is_solid_black(self) -> bool:
        """100 % K alone: the colour that overprints (GB/T newspaper practice, ISO 12647-3)."""
        return (self.c, self.m, self.y, self.k) == (0, 0, 0, 1)


BLACK = Colour("black", 0, 0, 0, 1)


@dataclass(frozen=True)
class CopyfitLimits:
    """How far a style's paragraphs may be set tighter or looser to close a frame (缩行/拉行):
    em per line each way, and how many lines an article may gain or lose so."""

    condense: float = 0.5
    expand: float = 0.5
    lines: int = 2


#: A body style's copyfitting unless its format says otherwise.
DEFAULT_COPYFIT = CopyfitLimits()


@dataclass(frozen=True)
class TextStyle:
    name: str
    font: str  # face key in PageFormat.fonts
    size: float  # pt
    colour: Colour
    align: str = "justify"  # justify | left | centre | right
    leading: float = 0.0  # line pitch for multi-line headlines, pt (0: 1.25 × size)
    indent: float = 0.0  # first-line indent, pt
    background: Colour | None = None  # headline bars
    lines: int = 0  # grid lines a one-line block of this style occupies (0: as needed)
    punctuation: PunctStyle = PunctStyle.KAIMING  # house style of punctuation widths
    bold: str = ""  # face key for **bold** runs in copy set in this style ("" : none)
    rise: float = 0.0  # baseline shift, pt up (superscripts; negative: subscripts)
    emphasis: bool = False  # 着重号: a dot under each character (GB/T 15834 §4.16)
    copyfit: CopyfitLimits | None = None  # paragraphs may be set tighter or looser (body)
    max_lines: int = 0  # a headline in this style takes at most this many lines (0: any)


@dataclass(frozen=True)
class Grid:
    """The base column grid and the body line grid, in pt from the trim's top-left corner."""

    columns: int
    column_width: float
    gutter: float
    line_pitch: float
    lines: int
    left: float
    top: float
    body_size: float  # the body style's size (its 字), pt
    balance: bool = True  # fixed-height articles: balance the text columns (False: fill in turn)

    def column_x(self, column: int) -> float:
        """Left edge of base column `column` (0-based)."""
        return self.left + column * (self.column_width + self.gutter)

    def span_width(self, span: int) -> float:
        return span * self.column_width + (span - 1) * self.gutter

    def line_top(self, line: int) -> float:
        """Top of grid line `line` (0-based)."""
        return self.top + line * self.line_pitch

    @property
    def width(self) -> float:
        return self.span_width(self.columns)

    @property
    def height(self) -> float:
        return self.lines * self.line_pitch


@dataclass(frozen=True)
class Header:
    top: float  # from the trim top, pt
    height: float
    rule_width: float
    rule_colour: Colour
    name_style: str
    info_style: str
    mongolian_style: str = ""  # the style of the publication's Mongolian name, if it has one


@dataclass(frozen=True)
class HeadlineStyle:
    """A named look for an article's head: the text styles of its kicker (引题), main headline
    (主题) and deck (副题), and an optional rule under it. A bar or a reversed headline is a
    main style with a background colour."""

    name: str
    main: str
    kicker: str = "kicker"
    deck: str = "deck"
    rule: float = 0.0  # pt; a rule under the head (0: none)
    rule_colour: Colour = BLACK
    vertical: bool = False  # 竖排: top to bottom in a strip at the article's left


@dataclass(frozen=True)
class Masthead:
    """A front page's 报头, as a page template: the publication's name large, the issue number,
    date and CN number beside it, and a slot for the day's index (要目). It takes `lines` grid
    lines at the top of the grid instead of the page header."""

    name: str
    lines: int
    name_style: str
    info_style: str
    index_style: str
    index_title: str = "本期导读"
    rule: float = 2.0
    rule_colour: Colour = BLACK
    mongolian_style: str = ""  # the style of the publication's Mongolian name, if it has one


@dataclass(frozen=True)
class PageFormat:
    name: str
    source: Path
    trim_width: float
    trim_height: float
    bleed: float
    grid: Grid
    header: Header
    fonts: dict[str, Path]
    styles: dict[str, TextStyle]
    rule_width: float  # rules between articles, pt
    rule_colour: Colour
    headline_styles: tuple[HeadlineStyle, ...]  # the looks an article's head may take
    font_positions: dict[str, SourcePos] = field(default_factory=dict)  # where each face is named
    punctuation: str = "normalise"  # copy intake: "normalise" half-width marks, or "as-typed"
    mastheads: Mapping[str, Masthead] = field(default_factory=dict)  # page templates by name
    colours: Mapping[str, Colour] = field(default_factory=dict)  # by name, for issue fields
    words: tuple[str, ...] = ()  # names headlines keep whole (科右中旗, 人大常委会 …)
    #: face key → its fallback faces' keys in `fonts` (`<key>+1` …), for characters it lacks
    fallbacks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    rules_between: bool = True  # rules between blocks
    column_rules: bool = False  # rules between an article's text columns (articles may say)

    def headline_style(self, name: str) -> HeadlineStyle:
        return next(s for s in self.headline_styles if s.name == name)


@dataclass(frozen=True)
class Placement:
    column: int  # 0-based first base column
    span: int  # base columns
    line: int  # 0-based first grid line
    height: int | None  # grid lines; None = auto
    text_columns: int  # text columns the span is split into
    pos: SourcePos

    def yaml(self) -> str:
        """The place as an issue file writes it (counting from 1)."""
        height = "auto" if self.height is None else self.height
        text = (f"{{column: {self.column + 1}, span: {self.span}, line: {self.line + 1}, "
                f"height: {height}")
        if self.text_columns != self.span:
            text += f", text_columns: {self.text_columns}"
        return text + "}"


@dataclass(frozen=True)
class AutoPlace:
    """An article or photo the make-up places (`place: auto`), with the desk's hints."""

    priority: int = 0  # 1 = the lead; 0: none given (after every numbered one)
    spans: tuple[int, ...] = ()  # base columns it may span (empty: any)
    top: bool = False  # at the top of its stack of blocks
    with_photo: str = ""  # the photo (by name) that stays with it
    pos: SourcePos | None = None


@dataclass(frozen=True)
class BoxStyle:
    """A box round an article (花边/框): rule, inset from the rule to the text, tint inside."""

    rule: float  # pt (0: a tint with no rule)
    colour: Colour
    inset: float  # pt, between the rule and the text on every side
    tint: Colour | None = None
    corners: str = "square"  # square | round


@dataclass(frozen=True)
class Continuation(Located):
    """Where an article's copy goes on (转版): a region on a page of the issue, with its
    continuation headline (接题)."""

    page: int  # the page number (第N版)
    place: Placement
    headline: str  # 接题
    path: str
    pos: SourcePos
    fields: Mapping[str, SourcePos] = field(default_factory=dict)


@dataclass(frozen=True)
class Headline:
    main: str
    kicker: str = ""
    deck: str = ""
    style: str = "headline"
    pos: SourcePos | None = None


@dataclass(frozen=True)
class Paragraph:
    text: str
    pos: SourcePos


@dataclass(frozen=True)
class Subhead:
    text: str
    pos: SourcePos


Block = Paragraph | Subhead


@dataclass(frozen=True)
class Article(Located):
    name: str  # how reports and errors name it
    headline: Headline | None
    byline: str
    author: str
    blocks: tuple[Block, ...]
    place: Placement | None  # None until the make-up places it (`auto`)
    path: str  # field path, e.g. pages[0].articles[2]
    pos: SourcePos
    fields: Mapping[str, SourcePos] = field(default_factory=dict)
    frame: BoxStyle | None = None
    column_rules: bool = False
    continues: tuple[Continuation, ...] = ()
    photo: InlinePhoto | None = None  # a photo inside the article, the text wrapping round it
    page: int = 0  # the number of the page it starts on
    auto: AutoPlace | None = None  # placed by the make-up
    briefs: bool = False  # a briefs column (简讯): its subheads are the items' heads


@dataclass(frozen=True)
class Photo(Located):
    name: str
    file: Path
    place: Placement | None  # None until the make-up places it (`auto`)
    title: str
    caption: str
    credit: str
    focus: tuple[float, float]  # focal point, 0…1 from the image's top-left
    path: str
    pos: SourcePos
    pixel_size: tuple[int, int] = (0, 0)  # width, height of the image file
    fields: Mapping[str, SourcePos] = field(default_factory=dict)
    auto: AutoPlace | None = None  # placed by the make-up


@dataclass(frozen=True)
class InlinePhoto(Located):
    """A photo inside an article: it takes the top of `columns` of the article's text columns
    (on its `side`), and the text of those columns starts below its caption."""

    name: str
    file: Path
    columns: int
    side: str  # right | left
    lines: int | None  # grid lines of the image; None: from its shape
    caption: str
    credit: str
    focus: tuple[float, float]
    pixel_size: tuple[int, int]
    path: str
    pos: SourcePos
    fields: Mapping[str, SourcePos] = field(default_factory=dict)
    title: str = ""  # (an article's photo has no title of its own)


@dataclass(frozen=True)
class IndexEntry:
    """An entry of the day's index (要目): its text, and the page it refers to — the page the
    article it names (`article`) starts on, filled in from the issue (0: no page)."""

    text: str
    article: str = ""
    page: int = 0
    pos: SourcePos | None = None


@dataclass(frozen=True)
class Page(Located):
    number: int
    section: str
    editor: str
    articles: tuple[Article, ...]
    photos: tuple[Photo, ...]
    path: str  # pages[0]
    pos: SourcePos
    fields: Mapping[str, SourcePos] = field(default_factory=dict)
    masthead: str = ""  # the format's masthead template this page uses ("": the page header)
    index: tuple[IndexEntry, ...] = ()  # the day's index (要目) in the masthead
    layout: str = ""  # "auto": articles and photos without a place are placed by the make-up

    @property
    def articles_and_photos(self) -> tuple[Article | Photo, ...]:
        """What stands on the page's grid, articles first, each in the order the issue gives."""
        return (*self.articles, *self.photos)


@dataclass(frozen=True)
class Issue(Located):
    source: Path
    publication: str
    number: int
    date: str  # ISO date
    format: PageFormat
    pages: tuple[Page, ...]
    pos: SourcePos
    path: str = ""
    fields: Mapping[str, SourcePos] = field(default_factory=dict)
    warnings: tuple[Diagnostic, ...] = ()  # from reading the copy (punctuation normalised …)
    cn: str = ""  # 国内统一连续出版物号, printed in a masthead
    publication_mongolian: str = ""  # the name in Mongolian script, beside it in a masthead


def grid_place(block: Article | Photo) -> Placement:
    """The block's place on the grid, asked for only once it has one (the make-up gives one to
    each `auto` block before anything is poured)."""
    if block.place is None:
        raise ValueError(f"`{block.name}` has no place yet: the make-up places it first")
    return block.place


def auto_hints(block: Article | Photo) -> AutoPlace:
    """The make-up's hints for a block it places, asked for only of `auto` blocks."""
    if block.auto is None:
        raise ValueError(f"`{block.name}` has a place of its own; the make-up leaves it be")
    return block.auto
