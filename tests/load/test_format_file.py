"""Format files are validated like issue files: file:line, field path, hint."""
import pytest

from pagesetter.errors import InputError
from pagesetter.loader import load_format, load_issue
from pagesetter.resources import data_dir

FORMAT = (data_dir("layout") / "bulletin.yaml").read_text(encoding="utf-8")


def load(tmp_path, text):
    path = tmp_path / "fmt.yaml"
    path.write_text(text, encoding="utf-8")
    return load_format(path)


def test_bulletin_format_is_what_the_issue_asks_for():
    fmt = load_format(data_dir("layout") / "bulletin.yaml")
    grid = fmt.grid
    assert grid.columns == 5
    assert grid.column_width == 20 * 9  # exactly 20 characters of 小五
    assert grid.gutter == 1.5 * 9
    assert fmt.trim_width == pytest.approx(390 / 25.4 * 72)
    assert fmt.bleed == pytest.approx(3 / 25.4 * 72)
    for style in ("body", "byline", "headline-bar", "kicker", "deck", "subhead", "author",
                  "caption-title", "caption", "credit", "header-name", "folio"):
        assert style in fmt.styles


@pytest.mark.parametrize("old, new, expected", [
    ("column_chars: 20", "column_chars: 40", "does not fit the trim"),
    ("lines: 90", "lines: 200", "run off the page"),
    ("size: 小五, colour: black, align: justify", "size: 小九, colour: black, align: justify",
     "is not a length"),
    ("font: song, size: 小五, colour: black, align: justify",
     "font: sung, size: 小五, colour: black, align: justify", "did you mean `song`?"),
    ("black: [0, 0, 0, 100]", "black: [0, 0, 0, 120]", "not a percentage"),
    ("song: NotoSerifSC-Regular.ttf", "song: SimSun.ttf", "is neither beside the format"),
])
def test_format_errors_name_the_line_and_field(tmp_path, old, new, expected):
    assert old in FORMAT
    with pytest.raises(InputError) as err:
        load(tmp_path, FORMAT.replace(old, new, 1))
    message = str(err.value)
    assert expected in message and str(tmp_path / "fmt.yaml") + ":" in message


def test_duplicate_key_is_an_error(tmp_path):
    from ..conftest import MINIMAL, edited

    path = tmp_path / "dup.yaml"
    path.write_text(edited(MINIMAL, "number: 1\n", "number: 1\nnumber: 2\n"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_issue(path)
    assert "given twice" in str(err.value)


def test_recursive_alias_is_an_error(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("a: &a [1, *a]\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_issue(path)
    assert "refers to itself" in str(err.value)


@pytest.mark.parametrize("content, expected", [
    (b"not a font at all, just text", "cannot be used"),
    (b"OTTO" + bytes(200), "PostScript (CFF) outlines"),
])
def test_a_font_that_cannot_be_used_is_an_error_at_its_line_in_the_format(tmp_path, content,
                                                                         expected):
    """Faces are parsed when first used (by ReportLab); the error still names the format file,
    the line of the face and the field."""
    from pagesetter.compose import Composer
    from pagesetter.errors import SourcePos

    (tmp_path / "broken.ttf").write_bytes(content)
    fmt = load(tmp_path, FORMAT.replace("song: NotoSerifSC-Regular.ttf", "song: broken.ttf"))
    composer = Composer.for_format(fmt)
    with pytest.raises(InputError) as err:
        composer.spans([("人大", "body")], SourcePos("x.yaml", 1, 1), "text")
    message = str(err.value)
    line = FORMAT[:FORMAT.index("song: NotoSerifSC-Regular.ttf")].count("\n") + 1
    assert f"fmt.yaml:{line}:" in message and "fonts.song" in message
    assert expected in message


def test_a_font_beside_the_format_is_used_before_a_packaged_one(tmp_path):
    import shutil

    shutil.copy(data_dir("fonts") / "LXGWWenKai-Regular.ttf", tmp_path / "House-Song.ttf")
    fmt = load(tmp_path, FORMAT.replace("song: NotoSerifSC-Regular.ttf", "song: House-Song.ttf"))
    assert fmt.fonts["song"] == tmp_path / "House-Song.ttf"
    assert fmt.fonts["kai"] == data_dir("fonts") / "LXGWWenKai-Regular.ttf"


def test_every_problem_of_a_format_file_is_reported_in_one_run_in_line_order(tmp_path):
    """Regression: a format file stopped at its first problem, so a misspelt face, a misspelt
    colour and a bad grid took three runs; and a style naming a face whose file is refused was
    reported as a second problem."""
    text = FORMAT
    for old, new in [("column_chars: 20", "column_chars: -3"),
                     ("byline:        {font: hei-medium,", "byline:        {font: hei-mediun,"),
                     ("credit:        {font: kai, size: 小五, colour: black",
                      "credit:        {font: kai, size: 小五, colour: blak"),
                     ("song: NotoSerifSC-Regular.ttf", "song: SimSun.ttf")]:
        assert old in text
        text = text.replace(old, new)
    with pytest.raises(InputError) as raised:
        load(tmp_path, text)
    found = raised.value.diagnostics
    assert [d.field for d in found] == ["grid.column_chars", "fonts.song", "styles.byline.font",
                                        "styles.credit.colour"], found
    assert [d.pos.line for d in found] == sorted(d.pos.line for d in found)
    assert "did you mean `black`?" in found[-1].hint
