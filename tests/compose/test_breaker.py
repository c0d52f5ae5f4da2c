"""The line breaker with exact widths: 1 em = 1 pt, Latin characters ½ em. No font involved.

Each test states where a line ends, and why, in the punctuation style it names (开明式 unless
said otherwise)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pagesetter.compose.breaker import break_units, may_break_after
from pagesetter.compose.pieces import Span
from pagesetter.compose.segment import segment
from pagesetter.textrules import NO_LINE_END, NO_LINE_START, PunctStyle


class Metrics:
    """Every character ½ em except the wide ones (1 em), in one punctuation style."""

    def __init__(self, style=PunctStyle.KAIMING):
        self.style = style

    def advance(self, style, ch):
        from pagesetter.textrules import is_wide

        return 1.0 if is_wide(ch) else 0.5

    def punctuation(self, style):
        return self.style

    def face_for(self, style, ch):
        return "", 0.0  # one face has every character


def units_of(text, style=PunctStyle.KAIMING):
    return segment([Span(text, "body", 1.0)], Metrics(style))


def lines_of(text, measure, indent=0.0, justify=True, style=PunctStyle.KAIMING):
    broken = break_units(units_of(text, style), measure, indent, justify=justify)
    units = broken.units
    out = []
    for line in broken.lines:
        parts = [units[line.start].text]
        parts += [u.gap_text + u.text for u in units[line.start + 1:line.end]]
        out.append(("".join(parts), line))
    return out


def texts(text, measure, indent=0.0, style=PunctStyle.KAIMING):
    return [t for t, _ in lines_of(text, measure, indent, style=style)]


def test_han_text_fills_each_line_to_the_measure():
    assert texts("一二三四五六七八九十", 4) == ["一二三四", "五六七八", "九十"]


def test_first_line_is_indented():
    assert texts("一二三四五六七八", 4, indent=2) == ["一二", "三四五六", "七八"]


# --- 开明式: 。？！ full inside a line, every other mark half --------------------------------

@pytest.mark.parametrize("mark, width", [("，", 0.5), ("、", 0.5), ("；", 0.5), ("：", 0.5),
                                         ("“", 0.625), ("”", 0.625), ("（", 0.5), ("》", 0.5),
                                         ("。", 1.0), ("？", 1.0), ("！", 1.0)])
def test_kaiming_mark_widths(mark, width):
    (_, unit, _) = units_of(f"一{mark}二")
    assert unit.width == width


def test_kaiming_line_holds_one_more_character_for_two_pause_marks():
    # 18 + 3 × ½ = 19.5 ≤ 20: the original's 思路、方法、答案，… line.
    text = "思路、方法、答案，切实做到了把思想和行动统一到大会精神上来。"
    assert texts(text, 20)[0] == "思路、方法、答案，切实做到了把思想和行动统"


def test_kaiming_stop_stays_full_inside_a_line():
    # 一二三。四五 = 6 cells: the stop is not squeezed to take 六 (that runs a whole em over).
    assert texts("一二三。四五六七", 6) == ["一二三。四五", "六七"]


def test_a_line_squeezes_a_little_to_take_its_next_character():
    # 一二。三四 is 5 cells, ¼ em past a measure of 4¾: the stop gives up that ¼ em.
    ((text, line), *_rest) = lines_of("一二。三四五六", 4.75)
    assert text == "一二。三四" and line.squeezed and line.width == pytest.approx(4.75)


def test_a_line_does_not_squeeze_half_an_em_for_an_ordinary_character():
    # Taking 四 runs ½ em past 4½: more than MAX_OVERRUN, so the line ends before it.
    assert texts("一二。三四五六", 4.5)[0] == "一二。三"


def test_a_line_with_nothing_to_squeeze_does_not_overrun():
    # 一二三四五 is 5 cells, ¼ em past 4¾, and Han characters give nothing up.
    assert texts("一二三四五六", 4.75)[0] == "一二三四"


def test_sentence_final_stop_at_line_end_is_half_and_flush_right():
    ((text, line), *_rest) = lines_of("一二三四。五六七八", 4.5)
    assert text == "一二三四。"
    assert line.natural == 4.5 and line.width == 4.5


def test_stop_inside_the_line_is_squeezed_to_take_a_no_start_mark():
    # 一。二三四 is 5 cells; the ， after it may not start a line: 。 gives up half (先挤进) and
    # the line-end ， is half: 4.5 + ½ = 5.
    assert texts("一。二三四，五六", 5) == ["一。二三四，", "五六"]


def test_a_line_squeezes_to_keep_an_opening_quote_with_its_character():
    # 一。二三“ fits 5 cells (4.5); 四 does not, and “ may not end the line: rather than push the
    # quote down, the line squeezes its 。 to half and takes “四 (先挤进, for a line-end
    # prohibition as for a line-start one) — the original's 之家”和“人 line.
    assert texts("一。二三“四五”六", 5) == ["一。二三“四", "五”六"]
    # With nothing to squeeze, the quote goes down with its character (后推出).
    assert texts("一二三四“五六”七", 4.5) == ["一二三四", "“五六”七"]


def test_a_character_is_pushed_down_when_nothing_can_be_squeezed():
    # 一二三四五 fills 5 cells; the 。 may not start the next line and there is nothing to squeeze.
    assert texts("一二三四五。六七", 5) == ["一二三四", "五。六七"]


def test_opening_quote_never_ends_a_line():
    result = texts("一二三“四五”六七", 4)
    assert all(not t.endswith("“") for t in result)
    assert result[0] == "一二三"  # 一二三“ fits, 四 does not (4.5), and “ may not end a line


def test_opening_bracket_starting_a_line_is_flush():
    (first, second) = lines_of("一二三四（五六）", 4)
    assert second[0] == "（五六）"
    line = second[1]
    (bracket,) = units_of("（")
    assert line.cells[0] + bracket.glyphs[0].dx == pytest.approx(-0.5)  # its blank half is gone


# --- 全角式 and 行末半角式 ----------------------------------------------------------------------

def test_quanjiao_marks_are_full_and_squeezed_only_to_take_a_no_start_mark():
    q = PunctStyle.QUANJIAO
    assert texts("一、二三四五六", 5, style=q) == ["一、二三四", "五六"]
    # 一、二三四 = 5 cells; the 。 may not start a line: 、 gives up half, the end 。 too.
    assert texts("一、二三四。五六", 5, style=q) == ["一、二三四。", "五六"]


def test_quanjiao_keeps_a_full_mark_at_the_line_end_unless_squeezed():
    ((text, line), *_rest) = lines_of("一二三，四五", 4, style=PunctStyle.QUANJIAO)
    assert text == "一二三，" and line.natural == 4.0


def test_line_end_half_style_trims_only_at_the_end():
    style = PunctStyle.LINE_END_HALF
    (_, unit, _) = units_of("一，二", style)
    assert unit.width == 1.0
    ((text, line), *_rest) = lines_of("一二三，四五", 3.5, style=style)
    assert text == "一二三，" and line.natural == 3.5


def test_adjacent_marks_take_one_and_a_half_cells_in_quanjiao():
    q = PunctStyle.QUANJIAO
    assert sum(u.width for u in units_of("”，", q)) == 1.5
    assert sum(u.width for u in units_of("。”", q)) == 1.5
    assert sum(u.width for u in units_of("）《", q)) == 1.5


def test_adjacent_marks_in_kaiming():
    assert sum(u.width for u in units_of("”，")) == 1.0  # both half already
    assert sum(u.width for u in units_of("。”")) == 1.5  # the stop stays full


# --- Latin and numbers ----------------------------------------------------------------------

def test_typed_space_between_digits_and_han_prints_like_none():
    spaced, unspaced = "会议与2023 年的实际工作相结合起来", "会议与2023年的实际工作相结合起来"
    assert texts(spaced, 6) == texts(unspaced, 6)


def test_han_latin_gap_is_a_quarter_em_and_gone_at_line_start():
    units = units_of("年2023年")
    assert units[1].gap_before == 0.25 and units[2].gap_before == 0.25


def test_han_latin_gaps_shrink_evenly_and_never_below_an_eighth():
    # 一1二2三3四。: squeezed to take the 。, the gaps all shrink alike and stay ≥ ⅛ em.
    broken = break_units(units_of("一1二2三3四。五"), 7.0)  # natural 7 + ½ for the 。
    line = broken.lines[0]
    units = broken.units
    assert units[line.end - 1].text == "。" and line.squeezed
    gaps = [line.cells[k] - (line.cells[k - 1] + units[line.start + k - 1].width)
            for k in range(1, line.end - line.start) if units[line.start + k].gap_before]
    assert max(gaps) - min(gaps) < 1e-9 and min(gaps) >= 0.125 - 1e-9


def test_a_unit_symbol_is_set_solid_after_its_number():
    for text in ("气温22.6 ℃，", "气温22.6℃，"):
        units = units_of(text)
        assert [u.text for u in units] == ["气", "温", "22.6℃", "，"]
    assert [u.text for u in units_of("增长15 %。")] == ["增", "长", "15%", "。"]


def test_ratio_sign_takes_half_a_cell_and_binds_its_numbers():
    units = units_of("比例1∶2")
    ratio = units[3]
    assert ratio.text == "∶" and ratio.width == 0.5 and ratio.no_start and ratio.no_end
    assert units[4].gap_before == 0  # no Han–Latin gap beside a mark


def test_a_joining_plus_never_starts_a_line():
    # 合作社 + 农户: + carries Han–Latin gaps and stays with the item before it.
    units = units_of("合作社 + 农户")
    plus = [u for u in units if u.text == "+"][0]
    assert plus.no_start and plus.gap_before == 0.25
    for measure in (3, 3.5, 4, 4.25, 4.5):
        assert all(not t.startswith("+") for t in texts("合作社 + 农户 + 电商", measure))


def test_interpunct_takes_half_a_cell_centred():
    (_, dot, _) = units_of("马·拉")
    assert dot.width == 0.5 and dot.glyphs[0].dx == 0.0  # ½-em glyph centred in a ½-em cell


def test_number_with_decimal_point_is_never_split():
    result = texts("总投资16.39亿元总投资16.39亿元", 6)
    assert all("16." not in t or "16.39" in t for t in result)


def test_dash_pair_is_never_split():
    result = texts("一二三——四五六七", 4)
    assert all(t.count("—") in (0, 2) for t in result)


def test_a_url_breaks_after_a_slash_rather_than_spreading_the_line():
    text = "详见网站www.example.gov.cn/news/2023/index.html查询"
    lines = lines_of(text, 12)
    first, line = lines[0]
    assert first == "详见网站www.example.gov" and not line.loose  # then .cn/news/… (CMOS 14.18)
    assert lines[1][0].startswith(".cn/")
    assert "".join(t for t, _ in lines) == text


def test_a_long_word_is_hyphenated_at_a_syllable_rather_than_spreading_the_line():
    text = "一二三四五六七internationalization八九"
    (first, line), *rest = lines_of(text, 10)
    assert first.endswith("-") and not line.loose
    word = first[7:-1] + rest[0][0].split("八")[0]
    assert word == "internationalization"


def test_a_line_that_cannot_avoid_spreading_is_flagged_loose():
    # Nothing can break: 一 then a 13-character number and a no-start mark.
    (first, line), *_ = lines_of("一二1234567890123。", 8)
    assert line.loose or line.forced


def test_leftover_space_is_spread_evenly_between_all_units():
    ((_, line), *_rest) = lines_of("一二三四五。六", 5)  # pushes 五 down: 4 cells on a 5 measure
    gaps = [b - a for a, b in zip(line.cells, line.cells[1:], strict=False)]
    assert max(gaps) - min(gaps) < 1e-9
    assert abs(gaps[0] - (1 + 1 / 3)) < 1e-9


def test_han_latin_gaps_stretch_to_a_third_before_every_gap_widens():
    # ab cd一二三四五 is 7.75 wide on an 8 measure: the word space is ½ em already (its limit),
    # the Han–Latin gap widens from ¼ to ⅓ em, and the rest is shared by all six gaps.
    broken = break_units(units_of("ab cd一二三四五六。七"), 8.0)
    line, units = broken.lines[0], broken.units
    after = [line.cells[k] - (line.cells[k - 1] + units[k - 1].width) for k in range(1, 7)]
    even = (0.25 - (1 / 3 - 0.25)) / 6
    assert after[0] == pytest.approx(0.5 + even)  # the word space
    assert after[1] == pytest.approx(1 / 3 + even)  # the Han–Latin gap, at its limit first
    assert after[2:] == pytest.approx([even] * 4)


# --- properties ------------------------------------------------------------------------------

HAN = "人大代表工作会议精神全面推进社会治理发展"
PUNCT = "，。、；：？！“”（）《》"
LATIN_WORDS = ["2023", "16.39", "PDF", "80", "ok", "22.6℃", "1∶2", "+"]

tokens = st.one_of(
    st.sampled_from(list(HAN)),
    st.sampled_from(list(PUNCT)),
    st.sampled_from(LATIN_WORDS),
    st.sampled_from([" 2023 ", "——", "……", " + "]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(tokens, min_size=1, max_size=120), st.integers(min_value=8, max_value=24),
       st.sampled_from(list(PunctStyle)))
def test_lines_obey_prohibitions_fill_the_measure_and_keep_the_text(parts, measure, style):
    text = "".join(parts)
    broken = break_units(units_of(text, style), float(measure), 2.0)
    units, lines = broken.units, broken.lines
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
    # the text is kept, except for the hyphens a long word broken at a line end shows there
    assert joined.replace("-", "") == text.replace(" ", "").replace("-", "")
    shown = joined.count("-") - text.count("-")
    assert 0 <= shown <= sum(units[line.end - 1].text.endswith("-") for line in lines), text
    # forced breaks only where an unpartable run really is longer than the line
    for line in lines:
        if line.forced:
            assert not any(line.start < k < line.end and may_break_after(units, k - 1)
                           for k in range(line.start + 1, line.end))


def test_forced_break_is_flagged_when_an_unpartable_run_exceeds_the_line():
    broken = break_units(units_of("2023，…………人人"), 6.0)
    units, lines = broken.units, broken.lines
    assert lines[0].forced
    assert [units[k].text for k in range(lines[0].start, lines[0].end)] == ["2023", "，", "……"]
