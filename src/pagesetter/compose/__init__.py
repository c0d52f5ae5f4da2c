"""Compose stage: text in a style → set lines (units with positions), to clreq and GB/T 15834.

`segment` turns styled text into units, `breaker` breaks and justifies them; this module ties
them to a page format's styles and fonts. `break_lines` is the public entry point for tests and
comparisons; the page make-up calls `compose_text` and `compose_headline`, the same code path.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Iterable, Mapping, Sequence

from ..errors import Diagnostic, InputError, SourcePos
from ..fonts import FontBook
from ..memo import Memo
from ..model import BLACK, DEFAULT_COPYFIT, Issue, PageFormat, TextStyle
from ..resources import data_dir
from ..textrules import PunctStyle
from ..units import ZIHAO, fits
from .coverage import FallbackChar, MissingChar, fallback_warnings, missing_error
from .breaker import SetLine, break_units, count_lines, natural_width
from .copyfit import Setting
from .headline import (balanced_lines, join_halves, joined_spans, split_at_breaks,
                       split_halves)
from .pieces import Span, Unit
from .segment import segment
from .shaping import MONGOLIAN_FACE, Shaped, Shaper, is_mongolian, script_runs
from .vertical import VerticalLine, vertical_lines
from .words import WordBreaks, balanced

__all__ = ["ComposedLine", "Composer", "GlyphRun", "break_lines", "fit_measures", "line_text",
           "SetLine", "Span", "Unit", "VerticalLine"]


@dataclass(frozen=True)
class GlyphRun:
    """Glyphs of one style, size, horizontal scale and face: `text[i]` has its origin at
    `xs[i]` pt from the line's left edge (after its indent)."""

    text: str
    xs: tuple[float, ...]
    style: str
    size: float
    scale: float
    face: str = ""  # a fallback face (glyph.face); "": the style's
    rise: float = 0.0  # pt up


@dataclass(frozen=True)
class ComposedLine:
    """A set line with the units it holds (units[line.start:line.end] of `units`)."""

    units: tuple[Unit, ...]
    line: SetLine

    @cached_property
    def text(self) -> str:
        return line_text(self.units, self.line)

    @cached_property
    def glyph_runs(self) -> tuple[GlyphRun, ...]:
        """The line's glyphs where they are drawn, cut where style, size or scale change.
        Cached: a line the composer hands out again (same paragraph, same measure) is
        placed without walking its units again."""
        return glyph_runs(self.units, self.line)

    @property
    def width(self) -> float:
        return self.line.width


def glyph_runs(units: Sequence[Unit], line: SetLine) -> tuple[GlyphRun, ...]:
    runs: list[GlyphRun] = []
    chars: list[str] = []
    xs: list[float] = []
    # The run's style, size and scale, compared one by one: this runs for every glyph of a
    # page, and most glyphs share their unit's style and size.
    style, size, scale, face, rise = "", 0.0, 0.0, "", 0.0
    for unit, cell in zip(units[line.start:line.end], line.cells, strict=True):
        for g in unit.glyphs:
            g_style, g_size = g.style or unit.style, g.size or unit.size
            if g_style != style or g_size != size or g.scale != scale or g.face != face:
                if chars:
                    runs.append(GlyphRun("".join(chars), tuple(xs), style, size, scale, face,
                                         rise))
                chars, xs = [], []
                style, size, scale, face, rise = g_style, g_size, g.scale, g.face, g.rise
            chars.append(g.char)
            xs.append(cell + g.dx)
    if chars:
        runs.append(GlyphRun("".join(chars), tuple(xs), style, size, scale, face, rise))
    return tuple(runs)


def line_text(units: Sequence[Unit], line: SetLine) -> str:
    line_units = units[line.start:line.end]
    return line_units[0].text + "".join(u.gap_text + u.text for u in line_units[1:]) \
        if line_units else ""


class Composer:
    """Composes text in a set of named styles with their faces (those of a page format)."""

    def __init__(self, styles: Mapping[str, TextStyle], fonts: FontBook,
                 words: Iterable[str] = ()) -> None:
        self.styles = styles
        self.fonts = fonts
        self.breaks = WordBreaks(words)  # where headlines may break (segmenter made lazily)
        self._cells: dict = {}  # cell units of these styles, see segment()
        # Composition is a pure function of (spans, measure, style, indent): a paragraph set
        # again at the same measure is looked up, not composed again.
        self._paragraphs: Memo[tuple[ComposedLine, ...]] = Memo()
        self._headlines: Memo[tuple[ComposedLine, ...]] = Memo()
        self._units: Memo[tuple[Unit, ...]] = Memo()
        self._counts: Memo[int] = Memo()  # line counts of paragraphs not set (copyfitting)
        # Checked spans of (text, style) parts, with the characters their faces lack and those
        # set from a fallback face.
        self._spans: Memo[tuple[tuple[Span, ...], tuple[tuple[str, str], ...],
                                tuple[tuple[str, str, str], ...]]] = Memo()
        self.missing: list[MissingChar] = []  # found so far, in order
        self.fallbacks: list[FallbackChar] = []  # set from fallback faces so far, in order
        self.shaper = Shaper()  # Mongolian

    @classmethod
    def for_format(cls, fmt: PageFormat, words: Iterable[str] = ()) -> Composer:
        return cls(fmt.styles, FontBook(fmt.fonts, fmt.font_positions,
                                        fallbacks=fmt.fallbacks), (*fmt.words, *words))

    @classmethod
    def for_issue(cls, issue: Issue) -> Composer:
        """A composer for `issue`: its format's styles and faces, and its own names as words
        headlines keep whole."""
        return cls.for_format(issue.format, issue_words(issue))

    def style(self, name: str) -> TextStyle:
        return self.styles[name]

    def spans(self, parts: Sequence[tuple[str, str]], pos: SourcePos, where: str) -> list[Span]:
        """Spans for (text, style name) parts. A character missing from its style's face is
        noted in `missing` (at `pos`, field `where`) and set as the face's blank, so that one
        run finds every missing character of an issue. Spans checked separately (each part of
        a line blamed on its own field) may be joined with `+`: adjacent spans of one style are
        then set as one."""
        spans, missing, fallbacks = self._spans.get(tuple(parts),
                                                     lambda: self._checked_spans(parts))
        self.missing.extend(MissingChar(ch, style, pos, where) for ch, style in missing)
        self.fallbacks.extend(FallbackChar(ch, style, face, pos, where)
                              for ch, style, face in fallbacks)
        return list(spans)

    def _checked_spans(self, parts: Sequence[tuple[str, str]]) \
            -> tuple[tuple[Span, ...], tuple[tuple[str, str], ...],
                     tuple[tuple[str, str, str], ...]]:
        spans, missing, fallbacks = [], [], []
        for text, style_name in parts:
            style = self.style(style_name)
            lacking = () if self.fonts.has_all(style.font, text) else \
                self.fonts.not_in_face(style.font, text)
            for ch in lacking:
                face, _ = self.fonts.face_for(style.font, ch)
                if face:
                    fallbacks.append((ch, style_name, face))
                else:
                    missing.append((ch, style_name))
            spans.append(Span(text, style_name, style.size))
        return tuple(spans), tuple(missing), tuple(fallbacks)

    def fallback_warnings(self, found: Sequence[FallbackChar]) -> list[Diagnostic]:
        return fallback_warnings(found, self.styles, self.fonts)

    def missing_error(self, missing: Sequence[MissingChar]) -> InputError:
        return missing_error(missing, self.styles, self.fonts)

    def check_missing(self) -> None:
        """Raise the error for the characters found missing so far, if any."""
        if self.missing:
            raise self.missing_error(self.missing)

    def shape_mongolian(self, text: str, size: float) -> Shaped:
        return self.shaper.shape(self.fonts.paths[MONGOLIAN_FACE], text, size)

    def compose_vertical(self, text: str, style_name: str, pos: SourcePos, where: str,
                         length: float, thickness: float, balance: bool = True) \
            -> list[VerticalLine]:
        """`text` set top to bottom in lines at most `length` pt long and `thickness` pt wide
        (compose/vertical.py); its characters checked as `spans` checks them, Mongolian
        against the format's `mongolian` face."""
        for mongolian, run in script_runs(text):
            if not mongolian:
                self.spans([(run, style_name)], pos, where)
            elif MONGOLIAN_FACE not in self.fonts.paths:
                self.missing += [MissingChar(ch, style_name, pos, where) for ch in run
                                 if is_mongolian(ch)]
            else:
                self.missing += [MissingChar(ch, MONGOLIAN_FACE, pos, where)
                                 for ch in self.fonts.missing_all(MONGOLIAN_FACE, run)]
        return vertical_lines(self, text, style_name, length, thickness, balance)

    def advance(self, style_name: str, ch: str) -> float:
        """Advance of `ch` in ems of the style's face (segment.Metrics)."""
        return self.fonts.advance(self.styles[style_name].font, ch)

    def face_for(self, style_name: str, ch: str) -> tuple[str, float]:
        """The fallback face `ch` is set from in the style, and its rise in ems (segment.
        Metrics); ("", 0.0) for the style's own face."""
        return self.fonts.face_for(self.styles[style_name].font, ch)

    def punctuation(self, style_name: str) -> PunctStyle:
        """The style's punctuation style (segment.Metrics)."""
        return self.styles[style_name].punctuation

    def units(self, spans: Sequence[Span]) -> list[Unit]:
        """The spans' units (segmented once: a paragraph copyfitted is broken at several
        adjustments)."""
        return list(self._units.get(tuple(spans),
                                    lambda: tuple(segment(joined_spans(spans), self, self._cells))))

    def compose_text(self, spans: Sequence[Span], measure: float, style: TextStyle,
                     indent: float | None = None, adjust: float = 0.0) -> list[ComposedLine]:
        """Break a paragraph into lines of `measure` pt in `style`'s alignment; the first line
        is indented by `indent` pt (default: the style's indent). `adjust` (pt) sets it tighter
        (positive) or looser, copyfitting it (breaker.break_units)."""
        return list(self._paragraphs.get(
            (tuple(spans), measure, style, indent, adjust),
            lambda: tuple(self._compose_text(spans, measure, style, indent, adjust))))

    def line_count(self, spans: Sequence[Span], measure: float, style: TextStyle,
                   indent: float | None = None, adjust: float = 0.0) -> int:
        """How many lines compose_text sets the paragraph in, counted without setting them
        (breaker.count_lines) unless they are set already."""
        key = (tuple(spans), measure, style, indent, adjust)
        composed = self._paragraphs.known(key)
        if composed is not None:
            return len(composed)
        return self._counts.get(key, lambda: self._count_lines(spans, measure, style, indent,
                                                               adjust))

    def _count_lines(self, spans: Sequence[Span], measure: float, style: TextStyle,
                     indent: float | None, adjust: float) -> int:
        units = self.units(spans)
        if not units:
            return 0
        return count_lines(units, measure, style.indent if indent is None else indent,
                           justify=style.align == "justify", adjust=adjust)

    def setting(self, spans: Sequence[Span], measure: float, style: TextStyle,
                indent: float | None = None) -> Setting:
        """The paragraph as copyfitting sees it (copyfit.Setting: adjustments in ems of
        `style`)."""
        size = style.size
        return Setting(
            lambda em: [cl.text for cl in self.compose_text(spans, measure, style, indent,
                                                              em * size)],
            lambda em: self.line_count(spans, measure, style, indent, em * size))

    def _compose_text(self, spans: Sequence[Span], measure: float, style: TextStyle,
                      indent: float | None, adjust: float) -> list[ComposedLine]:
        first_indent = style.indent if indent is None else indent
        units = self.units(spans)
        if not units:
            return []
        broken = break_units(units, measure, first_indent, justify=style.align == "justify",
                             adjust=adjust)
        return [ComposedLine(broken.units, ln) for ln in broken.lines]

    def compose_headline(self, spans: Sequence[Span], measure: float) -> list[ComposedLine]:
        """Headline lines: a two-part headline (halves split by two or more spaces or a U+3000)
        keeps its halves a full-width space apart on one line, or breaks between them; any
        part too long for the measure is broken into balanced lines."""
        return list(self._headlines.get((tuple(spans), measure),
                                        lambda: tuple(self._compose_headline(spans, measure))))

    def _compose_headline(self, spans: Sequence[Span], measure: float) -> list[ComposedLine]:
        if any("\n" in span.text for span in spans):  # lines broken by hand
            return [line for part in split_at_breaks(spans)
                    for line in self._compose_headline(part, measure)]
        halves = split_halves(spans)
        joined = join_halves(halves)
        units = self.units(joined)
        if fits(natural_width(units, 0, len(units)), measure):
            broken = break_units(units, measure, justify=False)
            return [ComposedLine(broken.units, ln) for ln in broken.lines]
        out: list[ComposedLine] = []
        for half in halves:
            units = self.units(half)
            pieces = self._word_lines(half, measure) \
                if not fits(natural_width(units, 0, len(units)), measure) else None
            if pieces is None:  # one line, or a single word wider than the measure
                broken = balanced_lines(units, measure)
                out.extend(ComposedLine(broken.units, ln) for ln in broken.lines)
                continue
            for piece in pieces:
                piece_units = self.units([Span(piece, half[0].style, half[0].size)])
                broken = break_units(piece_units, measure, justify=False)
                out.extend(ComposedLine(broken.units, ln) for ln in broken.lines)
        return out

    def _word_lines(self, half: Sequence[Span], measure: float) -> list[str] | None:
        """The text of a headline's half broken between words into balanced lines (words.py);
        None when it is not of one style or no break between words fits."""
        if len(half) != 1:
            return None
        span = half[0]

        def width(piece: str) -> float:
            units = self.units([Span(piece, span.style, span.size)])
            return natural_width(units, 0, len(units)) if units else 0.0

        return balanced(span.text, self.breaks.points(span.text), width, measure)


#: The packaged bulletin format's body style (layout/bulletin.yaml), for `break_lines`. Written
#: out here so that composition needs no loader; a test holds it equal to the format's.
BULLETIN_BODY = TextStyle(name="body", font="song", size=ZIHAO["小五"], colour=BLACK,
                          align="justify", indent=2 * ZIHAO["小五"], copyfit=DEFAULT_COPYFIT)
BULLETIN_BODY_FACE = "NotoSerifSC-Regular.ttf"


@lru_cache(maxsize=1)
def bulletin_body_composer() -> Composer:
    """A composer for the bulletin's body style and face."""
    face = data_dir("fonts") / BULLETIN_BODY_FACE
    return Composer({"body": BULLETIN_BODY}, FontBook({BULLETIN_BODY.font: face}))


def break_lines(text: str, measure: float, indent: float = 2.0) -> list[str]:
    """Break one paragraph of body text in the bulletin format's body style.

    `measure` and `indent` are in characters (ems of the body size). Returns the printed lines;
    a space typed between Han and Latin text is printed as the Han–Latin gap, so it is not in
    the returned strings."""
    composer = bulletin_body_composer()
    style = composer.style("body")
    spans = composer.spans([(text, "body")], SourcePos("<text>"), "text")
    try:
        composer.check_missing()
    finally:
        composer.missing.clear()
    lines = composer.compose_text(spans, measure * style.size, style, indent=indent * style.size)
    return [ln.text for ln in lines]


def fit_measures(paragraphs: list[str], measure: float, lines: int,
                 indent: float = 2.0) -> list[float]:
    """The measure (em of the bulletin's body style) at which copyfitting sets each paragraph
    when `paragraphs`, set at `measure` em with a first-line indent of `indent` em, must fill
    exactly `lines` lines: `measure` for a paragraph left alone, more for one condensed, less
    for one expanded (copyfit.fit_depth, as the placer closes a frame). Where the style's limits
    cannot close them, every paragraph keeps `measure`."""
    from .copyfit import fit_depth

    composer = bulletin_body_composer()
    style = composer.style("body")
    size = style.size

    def setting(text: str) -> Setting:
        spans = composer.spans([(text, "body")], SourcePos("<text>"), "text")
        composer.missing.clear()
        return composer.setting(spans, measure * size, style, indent * size)

    chosen = fit_depth([setting(text) for text in paragraphs], lines,
                        style.copyfit or DEFAULT_COPYFIT) or {}
    return [measure + chosen.get(index, 0.0) for index in range(len(paragraphs))]


#: A name in parentheses in a byline (本报讯（赵峰）), or after the author mark (□包玉莲).
_BYLINE_NAMES = re.compile(r"（([^（）]{2,8})）|□\s*(\S{2,4})")


def issue_words(issue: Issue) -> list[str]:
    """Names of the issue a headline keeps whole: the publication, the articles' names (up to
    the colon, 乌市人大), and the names in bylines and author marks."""
    words = [issue.publication]
    for page in issue.pages:
        for article in page.articles:
            words.append(article.name.split("：")[0])
            for text in (article.byline, article.author):
                words += [a or b for a, b in _BYLINE_NAMES.findall(text or "")]
    return [w for w in words if w]
