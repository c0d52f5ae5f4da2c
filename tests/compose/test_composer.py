"""Composition through the bulletin format's styles and fonts (the renderer's code path)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pagesetter.compose import Composer, break_lines
from pagesetter.errors import SourcePos

POS = SourcePos("test")


def bulletin_composer():
    from pagesetter.loader import load_format
    from pagesetter.resources import data_dir

    return Composer.for_format(load_format(data_dir("layout") / "bulletin.yaml"))


@pytest.fixture(scope="module")
def composer():
    return bulletin_composer()


def headline(composer, text, chars):
    style = composer.style("headline-bar")
    spans = composer.spans([(text, "headline-bar")], POS, "headline")
    return [ln.text for ln in composer.compose_headline(spans, chars * style.size)]


def test_break_lines_sets_body_copy_at_twenty_characters():
    text = ("自治区两会闭幕后，乌市人大常委会便迅速组织人大代表、机关干部传达学习，"
            "并将学习贯彻自治区两会精神")
    lines = break_lines(text, 20)
    assert lines[0] == "自治区两会闭幕后，乌市人大常委会便迅"
    assert "".join(lines) == text


def test_two_part_headline_keeps_its_halves_on_one_line_when_it_fits(composer):
    assert headline(composer, "乌市人大：细化目标任务  实现推进有序", 22) == \
        ["乌市人大：细化目标任务\u3000实现推进有序"]


def test_single_space_between_chinese_halves_is_a_half_break(composer):
    assert headline(composer, "阿市人大：加强自身建设 提高监督水平", 22) == \
        ["阿市人大：加强自身建设\u3000提高监督水平"]


def test_two_part_headline_breaks_between_halves_when_too_long(composer):
    assert headline(composer, "乌市人大：细化目标任务  实现推进有序", 14) == \
        ["乌市人大：细化目标任务", "实现推进有序"]


def test_long_half_is_balanced_never_leaving_one_character_alone(composer):
    lines = headline(composer, "兴安盟人大助推市域社会治理现代化", 15)
    assert len(lines) == 2  # between words, as even as they allow, the longer first
    assert lines == ["兴安盟人大助推市域", "社会治理现代化"]


def test_byline_runs_in_and_body_continues_on_the_same_line(composer):
    body = composer.style("body")
    spans = composer.spans([("本报讯（赵峰）", "byline"), ("自治区两会闭幕后", "body")],
                           POS, "body")
    (line,) = composer.compose_text(spans, 20 * body.size, body)
    assert line.text == "本报讯（赵峰）自治区两会闭幕后"
    styles = {u.style for u in line.units}
    assert styles == {"byline", "body"}


def test_stray_half_width_comma_is_printed_as_typed():
    lines = break_lines("将两会精神的贯彻落实体现在实际行动之中 , 抓住重点，干在实处。", 20)
    assert "," in "".join(lines)


def test_missing_character_is_an_input_error_naming_it(composer):
    from pagesetter.errors import InputError

    # Extension G: in no face, the fallbacks included
    composer.spans([("人大\U00030000", "body")], POS, "pages[0].articles[0].body[1]")
    with pytest.raises(InputError) as err:
        composer.check_missing()
    assert "U+30000" in str(err.value) and "body[1]" in str(err.value)
    composer.missing.clear()


def test_break_lines_refuses_a_character_its_face_lacks():
    from pagesetter.errors import InputError

    with pytest.raises(InputError, match="U\\+20000"):
        break_lines("人大𠀀", 20)
    assert break_lines("人大", 20) == ["人大"]  # nothing left over from the refused text


def test_latin_word_longer_than_the_line_breaks_inside_instead_of_overflowing():
    word = "Supercalifragilisticexpialidociousandmorelettersthanfitonaline"
    lines = break_lines(f"传达学习{word}。", 20)
    # broken at a hyphenation point, with a hyphen, instead of running into the gutter
    assert len(lines) >= 2 and lines[0].endswith("-")
    assert "".join(line.removesuffix("-") for line in lines) == f"传达学习{word}。"
    composer = bulletin_composer()
    body = composer.style("body")
    spans = composer.spans([(f"传达学习{word}。", "body")], POS, "body")
    for line in composer.compose_text(spans, 20 * body.size, body)[:-1]:
        assert abs(line.width + line.line.indent - 20 * body.size) < 0.01


HAN_AND_FRIENDS = "人大代表会议与自治区两会精神，。、：；“”（）《》——……·□ AZaz09.,%"


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.tuples(st.text(HAN_AND_FRIENDS, min_size=1, max_size=30),
                                st.sampled_from(["body", "byline"])), min_size=1, max_size=3))
def test_han_runs_segment_exactly_as_single_characters(parts):
    """segment() takes runs of Han ideographs at once; the units must be the ones the
    character-at-a-time path makes, whatever surrounds the runs (spaces, Latin, marks, spans)."""
    import importlib
    import re

    from pagesetter.compose.pieces import Span
    from pagesetter.compose.segment import segment

    segment_module = importlib.import_module("pagesetter.compose.segment")

    composer = bulletin_composer()
    spans = [Span(text, style, composer.style(style).size) for text, style in parts]
    fast = segment(spans, composer)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segment_module, "HAN_RUN", re.compile("(?!)"))  # never matches
        slow = segment(spans, composer)
    assert fast == slow


def test_break_lines_sets_the_packaged_formats_body_style():
    """break_lines composes without the loader, from a body style written out in compose; it
    must be the one layout/bulletin.yaml defines (face file included)."""
    from pagesetter.compose import BULLETIN_BODY, BULLETIN_BODY_FACE, bulletin_body_composer

    fmt = bulletin_composer()
    assert fmt.style("body") == BULLETIN_BODY
    assert fmt.fonts.paths[BULLETIN_BODY.font].name == BULLETIN_BODY_FACE
    assert bulletin_body_composer().fonts.paths == {
        BULLETIN_BODY.font: fmt.fonts.paths[BULLETIN_BODY.font]}


def test_headline_halves_split_at_a_double_space_next_to_a_digit(composer):
    """Regression: a double space beside a digit, % or Latin letter did not split the halves,
    and the headline broke inside a word."""
    lines = headline(composer, "2024临江马拉松鸣枪开跑  3万名跑者畅跑滨江", 12)
    assert lines == ["2024临江马拉松鸣枪开跑", "3万名跑者畅跑滨江"]
    assert headline(composer, "增长15%  创新高", 22) == ["增长15%\u3000创新高"]


def test_curly_quotes_around_latin_are_chinese_marks(composer):
    body = composer.style("body")
    units = composer.units(composer.spans([("来一场“City Walk”吧", "body")], POS, "x"))
    quotes = [u for u in units if u.text in "“”"]
    # 开明式: ⅝ of a cell like any quote in Chinese text, never a Latin quote's advance
    assert [u.width for u in quotes] == [body.size * 0.625] * 2
    assert all(u.is_mark and not u.latin for u in quotes)


def test_a_number_keeps_its_unit_symbol_and_the_ratio_sign_is_half(composer):
    units = composer.units(composer.spans([("气温22.6 ℃，比例1∶2", "body")], POS, "x"))
    texts = [u.text for u in units]
    assert "22.6℃" in texts and "∶" in texts
    ratio = units[texts.index("∶")]
    assert ratio.width == composer.style("body").size / 2


def test_a_loose_line_is_reported_by_the_fit_report(tmp_path):
    """A line spread more than ¼ em a gap (an unbreakable run left it short) is named."""
    from pagesetter.loader import load_issue
    from pagesetter.pipeline import place_pages

    from ..conftest import article, minimal, write_issue

    doc = minimal()
    article(doc)["body"] = ["一二三四五六七八九十一二三四五123456789012345678901234567890123。"]
    (page,) = place_pages(load_issue(write_issue(tmp_path / "loose.yaml", doc)))
    (fit,) = page.fit
    assert fit.loose == ("三四五",)  # then the number, which fits a line of its own
