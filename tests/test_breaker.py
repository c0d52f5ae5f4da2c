"""The line breaker with exact widths: 1 em = 1 pt, Latin characters ½ em. No font involved."""
from hypothesis import given, settings
from hypothesis import strategies as st

from pagesetter.compose.breaker import break_units
from pagesetter.compose.segment import Span, segment
from pagesetter.textrules import NO_LINE_END, NO_LINE_START


def advance(style, ch):
    return 0.5


def units_of(text):
    return segment([Span(text, "body", 1.0)], advance)


def lines_of(text, measure, indent=0.0, justify=True):
    units = units_of(text)
    out = []
    for line in break_units(units, measure, indent, justify=justify):
        parts = [units[line.start].text]
        parts += [u.gap_text + u.text for u in units[line.start + 1:line.end]]
        out.append(("".join(parts), line))
    return out


def texts(text, measure, indent=0.0):
    return [t for t, _ in lines_of(text, measure, indent)]


def test_han_text_fills_each_line_to_the_measure():
    assert texts("一二三四五六七八九十", 4) == ["一二三四", "五六七八", "九十"]


def test_first_line_is_indented():
    assert texts("一二三四五六七八", 4, indent=2) == ["一二", "三四五六", "七八"]


def test_closing_mark_is_squeezed_in_when_the_line_has_compressible_punctuation():
    # 一、二三四 is 5 cells at natural width; the 。 after it cannot start a line. Squeezing 、
    # to half width and setting the end 。 half width makes 4 + ½ + ½ = 5 fit.
    assert texts("一、二三四。五六", 5) == ["一、二三四。", "五六"]


def test_closing_mark_pushes_a_character_down_when_nothing_can_be_squeezed():
    # 一二三四五 fills 5 cells; the 。 cannot start the next line and there is nothing to squeeze.
    assert texts("一二三四五。六七", 5) == ["一二三四", "五。六七"]


def test_comma_at_line_end_is_half_width_and_flush_right():
    ((text, line), *_rest) = lines_of("一二三四，五六七八", 4.5)
    assert text == "一二三四，"
    assert line.natural == 4.5
    assert line.width == 4.5


def test_opening_quote_never_ends_a_line():
    result = texts("一二三“四五”六七", 4)
    assert all(not t.endswith("“") for t in result)
    assert result[0] == "一二三"


def test_adjacent_marks_take_one_and_a_half_cells():
    units = units_of("”，")
    assert sum(u.width for u in units) == 1.5
    units = units_of("。”")
    assert sum(u.width for u in units) == 1.5
    units = units_of("）《")
    assert sum(u.width for u in units) == 1.5


def test_typed_space_between_digits_and_han_prints_like_none():
    spaced, unspaced = "会议与2023 年的实际工作相结合起来", "会议与2023年的实际工作相结合起来"
    assert texts(spaced, 6) == texts(unspaced, 6)


def test_han_latin_gap_is_a_quarter_em_and_gone_at_line_start():
    units = units_of("年2023年")
    assert units[1].gap_before == 0.25 and units[2].gap_before == 0.25


def test_interpunct_takes_half_a_cell_centred():
    (_, dot, _) = units_of("马·拉")
    assert dot.width == 0.5 and dot.glyphs[0].dx == 0.0  # ½-em glyph centred in a ½-em cell


def test_number_with_decimal_point_is_never_split():
    result = texts("总投资16.39亿元总投资16.39亿元", 6)
    assert all("16." not in t or "16.39" in t for t in result)


def test_dash_pair_is_never_split():
    result = texts("一二三——四五六七", 4)
    assert all(t.count("—") in (0, 2) for t in result)


def test_leftover_space_is_spread_evenly_between_all_units():
    ((_, line), *_rest) = lines_of("一二三四五。六", 5)  # pushes 五 down: 4 cells on a 5 measure
    gaps = [b - a for a, b in zip(line.cells, line.cells[1:], strict=False)]
    assert max(gaps) - min(gaps) < 1e-9
    assert abs(gaps[0] - (1 + 1 / 3)) < 1e-9


# --- properties ------------------------------------------------------------------------------

HAN = "人大代表工作会议精神全面推进社会治理发展"
PUNCT = "，。、；：？！“”（）《》"
LATIN_WORDS = ["2023", "16.39", "PDF", "80", "ok"]

tokens = st.one_of(
    st.sampled_from(list(HAN)),
    st.sampled_from(list(PUNCT)),
    st.sampled_from(LATIN_WORDS),
    st.sampled_from([" 2023 ", "——", "……"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(tokens, min_size=1, max_size=120), st.integers(min_value=8, max_value=24))
def test_lines_obey_prohibitions_fill_the_measure_and_keep_the_text(parts, measure):
    text = "".join(parts)
    units = units_of(text)
    lines = break_units(units, float(measure), 2.0)
    assert lines[0].start == 0 and lines[-1].end == len(units)
    for prev, line in zip(lines, lines[1:], strict=False):
        assert prev.end == line.start
    for k, line in enumerate(lines):
        first, last = units[line.start], units[line.end - 1]
        after_forced_break = k > 0 and lines[k - 1].forced
        if k > 0 and not after_forced_break:
            assert first.text[0] not in NO_LINE_START, text
        if not line.last and not line.forced:
            assert last.text[-1] not in NO_LINE_END, text
            if line.end - line.start > 1:
                assert abs(line.width + line.indent - measure) < 0.01, (text, line)
    joined = "".join(u.text for u in units)
    assert joined == text.replace(" ", "")
    # forced breaks only where an unpartable run really is longer than the line
    for line in lines:
        if line.forced:
            assert not any(line.start < k < line.end and
                           _may_break(units, k - 1) for k in range(line.start + 1, line.end))


def _may_break(units, k):
    from pagesetter.compose.breaker import may_break_after

    return may_break_after(units, k)


def test_forced_break_is_flagged_when_an_unpartable_run_exceeds_the_line():
    units = units_of("2023，…………人人")
    lines = break_units(units, 6.0)
    assert lines[0].forced
    assert [units[k].text for k in range(lines[0].start, lines[0].end)] == ["2023", "，", "……"]
