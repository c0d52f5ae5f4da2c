"""Copyfitting (缩行/拉行, #24): the chooser with exact widths, the tracking the breaker sets, and
the public fit_measures."""
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pagesetter.compose import break_lines, fit_measures
from pagesetter.compose.breaker import break_units, count_lines
from pagesetter.compose.copyfit import (STEP, Setting, adjustment, choose, close, fit_depth,
                                        lone_character, smallest_adjustment)
from pagesetter.compose.pieces import Unit
from pagesetter.model import CopyfitLimits
from pagesetter.textrules import NO_LINE_END, NO_LINE_START
from pagesetter.units import TOLERANCE

LIMITS = CopyfitLimits(condense=0.5, expand=0.5, lines=2)


def cells(count: int) -> list[Unit]:
    """`count` Han-like units one pt wide, of size 1 (widths in ems are pt)."""
    return [Unit("字", "body", 1.0, 1.0, (), False, False) for _ in range(count)]


def paragraph(chars: int, measure: int = 10):
    """A paragraph of `chars` one-em characters, as copyfit sees it: its lines at an
    adjustment (em per line), broken by the breaker itself."""
    units = cells(chars)

    def lines(em: float) -> list[str]:
        broken = break_units(units, measure, 0.0, adjust=em)
        return ["字" * (ln.end - ln.start) for ln in broken.lines]
    return Setting(lines, lambda em: count_lines(units, measure, 0.0, adjust=em))


# --- the breaker's tracking ------------------------------------------------------------------

def test_a_condensed_paragraph_breaks_wider_and_tracks_back_to_the_measure():
    broken = break_units(cells(42), 10.0, 0.0, adjust=0.5)
    # Broken at 10.5: ten characters a line still (11 would need 11), so nothing moves.
    assert [ln.end - ln.start for ln in broken.lines] == [10, 10, 10, 10, 2]
    broken = break_units(cells(42), 10.0, 0.0, adjust=1.0)
    assert [ln.end - ln.start for ln in broken.lines] == [11, 11, 11, 9]
    first = broken.lines[0]
    assert first.tracking == pytest.approx(-0.1)  # 1 em over 10 gaps
    assert first.cells[-1] == pytest.approx(10 - 0.1 * 10 + 0.0)  # the 11th starts at 9
    assert first.width == pytest.approx(10.0)  # flush at both edges
    assert broken.lines[-1].tracking == pytest.approx(-0.1)  # the last line tracks alike


def test_an_expanded_paragraph_breaks_narrower_and_spreads_to_the_measure():
    broken = break_units(cells(30), 10.0, 0.0, adjust=-1.0)
    assert [ln.end - ln.start for ln in broken.lines] == [9, 9, 9, 3]
    assert broken.lines[0].width == pytest.approx(10.0)
    assert broken.lines[0].tracking == pytest.approx(1 / 8)


# --- the chooser -----------------------------------------------------------------------------

def test_the_smallest_adjustment_is_found_to_the_step():
    # 41 characters at 10 a line: 5 lines, the last of one character. 41 at 10.25 a line
    # (10 characters each) still 5; at 10 + 1/64 … nothing moves until 11 characters fit.
    assert smallest_adjustment(paragraph(41), -1, 0.5) is None
    assert smallest_adjustment(paragraph(41), -1, 1.0) == pytest.approx(1.0)
    # Four full lines gain a fifth at the least narrowing (nine characters a line, the last
    # line four); three lines and one character gain none within half an em.
    assert smallest_adjustment(paragraph(40), 1, 0.5) == pytest.approx(-STEP)
    assert smallest_adjustment(paragraph(31), 1, 0.5) is None


def fake(lines_at):
    """A paragraph given by its line count at each adjustment (em)."""
    return Setting(lambda em: ["字字"] * lines_at(em))


def test_the_paragraph_that_moves_with_the_least_change_is_chosen_the_later_on_a_tie():
    steps = [0.25, None, 0.125, 0.125, 0.5]
    assert choose(steps, 1) == {3: 0.125}  # the later of the two cheapest
    assert choose(steps, 2) == {2: 0.125, 3: 0.125}
    assert choose(steps, 4) == {0: 0.25, 2: 0.125, 3: 0.125, 4: 0.5}
    assert choose(steps, 5) is None  # one cannot move
    assert choose([-0.25, -0.125], 1) == {1: -0.125}  # by size, whichever the sign


def test_a_chosen_paragraph_is_set_at_the_whole_step_unless_it_would_move_two_lines():
    one_line = fake(lambda em: 10 if em < 0.2 else 9)
    two_lines = fake(lambda em: 10 if em < 0.2 else 9 if em < 0.4 else 8)
    assert adjustment(one_line, -1, 0.5) == pytest.approx(0.5)
    assert adjustment(two_lines, -1, 0.5) == pytest.approx(0.4 - STEP, abs=STEP)


def test_close_loses_or_gains_lines_within_the_limits():
    settings = [fake(lambda em: 8 if em < 0.3 else 7), fake(lambda em: 5 if em < 0.1 else 4),
                fake(lambda em: 6 if em > -0.2 else 7)]
    assert close(settings, 1, LIMITS) == {1: 0.5}
    assert close(settings, 2, LIMITS) == {0: 0.5, 1: 0.5}
    assert close(settings, -1, LIMITS) == {2: -0.5}
    assert close(settings, 3, LIMITS) is None  # more than `lines`
    assert close(settings, 0, LIMITS) == {}


def test_an_expanded_paragraph_never_ends_in_a_lone_character():
    ends_lone = Setting(lambda em: ["字" * 10, "字" * 10, "字"] if em < -0.1 else ["字" * 10] * 2)
    assert smallest_adjustment(ends_lone, 1, 0.5) is None


@pytest.mark.parametrize("line, lone", [("主。", True), ("效", True), ("“猫”。", True),
                                        ("工作。", False), ("2023。", False), ("", False)])
def test_a_lone_character_with_or_without_closing_marks(line, lone):
    assert lone_character(line) is lone


def test_fit_depth_closes_exactly_or_not_at_all():
    settings = [paragraph(41), paragraph(32), paragraph(19)]
    counts = [len(s.lines(0)) for s in settings]
    assert counts == [5, 4, 2]
    big = CopyfitLimits(1.0, 1.0, 2)
    assert fit_depth(settings, 11, big) == {}  # it fills its depth already
    assert fit_depth(settings, 10, big) == {1: 1.0}  # 41 and 32 both need 1 em: the later
    assert fit_depth(settings, 10, LIMITS) is None  # half an em moves none of them
    assert fit_depth(settings, 8, big) is None  # three lines: more than `lines`


# --- fit_measures, the public function ------------------------------------------------------

PARAGRAPHS = [
    "加强监督工作，在履行法定职责上有新进展。阿市人大在产业转型升级、生态环境保护、优先保障民生、"
    "社会治理创新等方面加强法律监督和工作监督。创新监督方式，推动建立健全人大代表和人民群众参与"
    "监督机制，在遵循法定性、全局性、民主性、可行性的原则下，完善程序，加大力度，对重大事项适时"
    "作出决议决定。",  # eight lines at 19.75 em, the last “决定。”; seven at 20.25
    "坚持党的领导，坚定拥护“两个确立”，坚决做到“两个维护”。",
]


def test_fit_measures_leaves_copy_that_fills_its_depth_alone():
    depth = sum(len(break_lines(p, 19.5)) for p in PARAGRAPHS)
    assert fit_measures(PARAGRAPHS, 19.5, depth) == [19.5] * 2


def test_fit_measures_condenses_one_paragraph_to_save_a_line():
    depth = sum(len(break_lines(p, 19.75)) for p in PARAGRAPHS)
    measures = fit_measures(PARAGRAPHS, 19.75, depth - 1)
    assert measures == [20.25, 19.75]  # the paragraph ending “决定。”, the whole half em
    assert sum(len(break_lines(p, m)) for p, m in zip(PARAGRAPHS, measures, strict=True)) \
        == depth - 1
    assert fit_measures(PARAGRAPHS, 19.5, depth - 1) == [19.5, 19.5]  # beyond half an em


# --- properties ------------------------------------------------------------------------------

CHARS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同" \
        "工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理"
MARKS = "，。、；：？！“”（）《》"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=CHARS + MARKS, min_size=20, max_size=160),
       st.sampled_from([12.0, 15.5, 19.5, 20.0]),
       st.integers(-32, 32))
# Regressions: a condensed line of marks only ran past the measure (no gap to track it back),
# and one with a single trackable gap was held to a bound counted over all its gaps.
@example(text="““““““““““““““““““。“", measure=12.0, steps=1)
@example(text="““““““““““““““““““一“", measure=12.0, steps=1)
def test_copyfit_keeps_every_line_flush_and_every_prohibition(text, measure, steps):
    em = steps * STEP
    from pagesetter.compose import bulletin_body_composer
    from pagesetter.errors import SourcePos

    composer = bulletin_body_composer()
    style = composer.style("body")
    spans = composer.spans([(text, "body")], SourcePos("<t>"), "t")
    composer.missing.clear()
    lines = composer.compose_text(spans, measure * 9, style, adjust=em * 9)
    for line in lines:
        if line.line.forced or any(other.line.forced for other in lines):
            continue  # a run no break can part: it breaks where the measure ran out
        if line.text:
            assert line.text[0] not in NO_LINE_START or line is lines[0]
            assert line.text[-1] not in NO_LINE_END or line.line.last
        if not line.line.last and not line.line.forced:
            assert math.isclose(line.width + line.line.indent, measure * 9, abs_tol=TOLERANCE)
        assert line.width + line.line.indent <= measure * 9 + TOLERANCE
        # the gaps tracking widens: every gap but those between two marks (breaker._tracked)
        units = line.units[line.line.start:line.line.end]
        gaps = max(1, sum(not (a.is_mark and b.is_mark)
                          for a, b in zip(units, units[1:], strict=False)))
        assert abs(line.line.tracking) <= abs(em) * 9 / gaps * 1.5 + 1e-9 or line.line.last


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(5, 90), min_size=1, max_size=6), st.integers(-3, 3))
def test_copyfit_never_exceeds_its_limits(lengths, over):
    settings_ = [paragraph(n) for n in lengths]
    chosen = close(settings_, over, LIMITS)
    if chosen is None:
        return
    assert len(chosen) == abs(over)
    for index, em in chosen.items():
        assert -LIMITS.expand <= em <= LIMITS.condense
        assert len(settings_[index].lines(em)) == \
            len(settings_[index].lines(0)) - (1 if over > 0 else -1)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=CHARS + MARKS + "abc xyz-/.2023", min_size=1, max_size=200),
       st.sampled_from([3.0, 12.0, 15.5, 20.0]), st.integers(-32, 32),
       st.sampled_from([None, 0.0, 2.0]), st.booleans())
def test_counted_lines_are_the_lines_set(text, measure, steps, indent, justify):
    """Copyfitting counts a paragraph's lines without setting them: the count is always that
    of the lines set, long Latin runs cut and prohibitions kept alike."""
    from dataclasses import replace

    from pagesetter.compose import bulletin_body_composer
    from pagesetter.errors import SourcePos

    composer = bulletin_body_composer()
    style = composer.style("body")
    style = style if justify else replace(style, align="left")
    spans = composer.spans([(text, "body")], SourcePos("<t>"), "t")
    composer.missing.clear()
    units = composer.units(spans)
    given = None if indent is None else indent * 9
    first = style.indent if given is None else given
    adjust = steps * STEP * 9
    counted = count_lines(units, measure * 9, first, justify, adjust)
    assert counted == len(break_units(units, measure * 9, first, justify, adjust).lines)
    assert composer.line_count(spans, measure * 9, style, given, adjust) == counted == \
        len(composer.compose_text(spans, measure * 9, style, given, adjust))
