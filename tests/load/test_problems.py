"""Bad input found by the hostile-input campaign (#27): one line per problem naming file, line,
column and field, every problem of the document in one run, exit 2, no traceback, nothing
written and nothing read that is not the user's to give."""
import copy
import shutil

import pytest

from pagesetter.cli import main

from ..conftest import MINIMAL, PHOTO, ROOT, article, edited, minimal, photo, write_issue

OLD = b"%PDF old output that must survive"


def build_fails(issue, tmp_path, capsys) -> list[str]:
    """Build `issue` over an existing output: exit 2, the output untouched; the error lines."""
    out = tmp_path / "page.pdf"
    out.write_bytes(OLD)
    assert main([str(issue), "-o", str(out)]) == 2
    assert out.read_bytes() == OLD
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return [line for line in err.splitlines() if line.startswith("error: ")]


def test_every_misspelt_field_of_the_document_is_reported_in_one_run(tmp_path, capsys):
    """Regression: `bylin` twice and `sectoin` took three runs, one problem each."""
    doc = minimal()
    doc["pages"][0]["articles"].append(dict(article(doc), name="第二篇"))
    doc["pages"][0]["articles"][1]["place"] = {"column": 1, "span": 2, "line": 30,
                                                "height": 12}
    for a in doc["pages"][0]["articles"]:
        a["bylin"] = a.pop("byline")
    doc["pages"][0]["sectoin"] = doc["pages"][0].pop("section")
    lines = build_fails(write_issue(tmp_path / "typos.yaml", doc), tmp_path, capsys)
    problems = [line for line in lines if "unknown key" in line]
    assert len(problems) == 3, lines
    assert sum("`bylin` (hint: did you mean `byline`?)" in line for line in problems) == 2
    assert any("pages[0].sectoin: unknown key `sectoin`" in line for line in problems)
    assert lines[-1].endswith("3 problems; nothing written")
    assert all(line.count(":") >= 4 for line in problems)  # file:line:column: field: …


def test_problems_of_different_articles_and_photos_are_all_reported(tmp_path, capsys):
    doc = minimal()
    article(doc)["place"]["span"] = 9
    photo(doc)["focus"] = [2, 0]
    del article(doc)["body"]
    lines = build_fails(write_issue(tmp_path / "many.yaml", doc), tmp_path, capsys)
    assert any("missing required field `body`" in line for line in lines), lines
    assert any("photos[0].focus[0]" in line for line in lines), lines


def test_an_unclosed_brace_is_reported_where_it_opens(tmp_path, capsys):
    """Regression: an unclosed `{` on line 53 was reported at 54:12, where the parser
    stopped."""
    text = edited(MINIMAL, "place:\n      column: 1\n      span: 2\n",
                  "place: {column: 1, span: 2,\n      line: 1\n")
    issue = tmp_path / "brace.yaml"
    issue.write_text(text, encoding="utf-8")
    opening = next(n for n, line in enumerate(text.splitlines(), 1) if "place: {" in line)
    column = text.splitlines()[opening - 1].index("{") + 1
    (line,) = build_fails(issue, tmp_path, capsys)
    assert f"brace.yaml:{opening}:{column}: YAML syntax error: a flow mapping that starts " \
           f"here is not finished" in line, line


@pytest.mark.parametrize("indent", ["\t", "  \t", "\t  "])
def test_a_tab_in_the_indentation_is_named_at_its_line_and_column(tmp_path, capsys, indent):
    """Regression: a tab before `byline:` was reported at the headline above it as "a plain
    scalar that starts here is not finished", with a hint to close a bracket or quote."""
    lines = MINIMAL.splitlines()
    row = next(n for n, line in enumerate(lines) if line.lstrip().startswith("byline:"))
    lines[row] = indent + lines[row].lstrip()
    issue = tmp_path / "tab.yaml"
    issue.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (line,) = build_fails(issue, tmp_path, capsys)
    assert line == f"error: {issue}:{row + 1}:{indent.index(chr(9)) + 1}: YAML syntax error: " \
                   f"a tab indents this line; YAML indents with spaces only (hint: replace " \
                   f"the tab with spaces)", line


def test_a_continued_article_whose_first_part_has_auto_height_is_an_input_error(tmp_path,
                                                                                capsys):
    """Regression: `TypeError: 'Node' object is not subscriptable` at loader.py:311, exit 1."""
    doc = minimal()
    article(doc)["place"]["height"] = "auto"
    article(doc)["continues"] = [{"page": 1, "place": {"column": 5, "span": 1, "line": 1,
                                                       "height": 20}}]
    (line,) = build_fails(write_issue(tmp_path / "cont.yaml", doc), tmp_path, capsys)
    assert "pages[0].articles[0].place.height: an article that continues elsewhere needs a " \
           "height here" in line


def test_a_photo_cut_short_during_the_build_is_an_input_error_at_its_field(tmp_path, capsys,
                                                                            monkeypatch):
    """Regression: a photo replaced during a build gave a bare `OSError: image file is
    truncated`, with no field or line."""
    import pagesetter.loader as loader

    picture = tmp_path / "photo.jpg"
    picture.write_bytes(PHOTO.read_bytes() + b"\0" * 7)  # new content: not in the cache
    doc = minimal()
    photo(doc)["file"] = str(picture)
    issue = write_issue(tmp_path / "cut.yaml", doc)
    loaded = loader.load_issue

    def load_then_cut(path, *args):
        result = loaded(path, *args)
        picture.write_bytes(picture.read_bytes()[:5000])
        return result
    monkeypatch.setattr(loader, "load_issue", load_then_cut)
    (line,) = build_fails(issue, tmp_path, capsys)
    where = next(n for n, text in enumerate(issue.read_text().splitlines(), 1)
                 if "photo.jpg" in text)
    assert f"cut.yaml:{where}:" in line and "pages[0].photos[0].file: photo " in line
    assert "cannot be read while the page is drawn" in line and "hint: " in line


def test_a_photo_whose_separation_fails_is_not_said_to_be_replaced(tmp_path, capsys,
                                                                    monkeypatch):
    """Regression: a failure of the separation itself (LittleCMS) was reported as "cannot be
    read while the page is drawn …; was it replaced during the build?"."""
    import pagesetter.separation as separation

    def failing(picture):
        raise RuntimeError("cannot build transform")

    monkeypatch.setattr(separation, "press_cmyk", failing)
    monkeypatch.setenv("PAGESETTER_CACHE", "off")
    picture = tmp_path / "photo.jpg"
    picture.write_bytes(PHOTO.read_bytes())
    doc = minimal()
    photo(doc)["file"] = str(picture)
    (line,) = build_fails(write_issue(tmp_path / "sep.yaml", doc), tmp_path, capsys)
    assert f"pages[0].photos[0].file: photo {picture} cannot be separated for print " \
           f"(RuntimeError: cannot build transform)" in line, line
    assert "replaced" not in line and "hint: save it again as an sRGB" in line


def format_with_face(tmp_path, face: str) -> str:
    """A copy of the bulletin format in `tmp_path` whose body face is `face`."""
    text = (ROOT / "layout" / "bulletin.yaml").read_text(encoding="utf-8")
    (tmp_path / "house.yaml").write_text(
        edited(text, "song: NotoSerifSC-Regular.ttf", f"song: {face}"), encoding="utf-8")
    return "house.yaml"


def test_a_truncated_face_says_so_in_words(tmp_path, capsys):
    """Regression: "unpack requires a buffer of 2 bytes"."""
    (tmp_path / "cut.ttf").write_bytes((ROOT / "fonts" / "NotoSerifSC-Regular.ttf")
                                       .read_bytes()[:3000])
    doc = minimal()
    doc["format"] = format_with_face(tmp_path, "cut.ttf")
    (line,) = build_fails(write_issue(tmp_path / "face.yaml", doc), tmp_path, capsys)
    assert "house.yaml:" in line and "fonts.song: font file cut.ttf cannot be used: it is " \
           "damaged or truncated" in line, line


def test_fonts_outside_the_format_folder_and_fonts_are_refused_before_they_are_read(
        tmp_path, capsys, monkeypatch):
    """Regression: a font path of /etc/passwd was opened and its first bytes echoed back
    (`version=0x726F6F74`); /dev/zero was refused by another rule. One rule now, applied before
    any file is opened."""
    opened = []
    real_open = open

    def watching_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)
    monkeypatch.setattr("builtins.open", watching_open)
    shutil.copy(ROOT / "fonts" / "NotoSerifSC-Regular.ttf", tmp_path / "own.ttf")
    for face, says in (("/etc/passwd", "is outside the format's folder and fonts/"),
                       ("/dev/zero", "is outside the format's folder and fonts/"),
                       ("../fonts/x.ttf", "is outside the format's folder and fonts/"),
                       ("own.ttf/../../../etc/passwd", "is outside"),
                       ("README.md", "is not a .ttf, .otf or .ttc file")):
        doc = minimal()
        doc["format"] = format_with_face(tmp_path, face)
        (line,) = build_fails(write_issue(tmp_path / "face.yaml", doc), tmp_path, capsys)
        assert says in line and "fonts.song" in line, line
        assert "version=" not in line and "0x726F" not in line
    assert not any(name in ("/etc/passwd", "/dev/zero") for name in opened)


def test_a_bad_date_and_editorial_entries_are_reported_with_the_problems_of_the_pages(
        tmp_path, capsys):
    """Regression: the issue's date and its `editorial` list were read after its pages (and
    the list stopped at its first bad entry), so a bad date, two bad entries and a missing
    photo took four runs, one problem each."""
    doc = minimal()
    doc["date"] = "2023-13-45"
    doc["editorial"] = ["pages[0].sectoin", "date", "publicaton"]
    photo(doc)["file"] = "images/missing.jpg"
    lines = build_fails(write_issue(tmp_path / "four.yaml", doc), tmp_path, capsys)
    assert any(": date: `2023-13-45` is not a date" in line for line in lines), lines
    assert any("`pages[0].sectoin` is not a field of this issue" in line for line in lines)
    assert any("`publicaton` is not a field of this issue" in line for line in lines), lines
    assert any("images/missing.jpg does not exist" in line for line in lines), lines
    assert lines[-1].endswith("4 problems; nothing written"), lines


def test_a_page_numbered_twice_is_reported_at_its_number_with_the_other_problems(tmp_path,
                                                                                   capsys):
    """Regression: two pages with one number were reported at the `pages` list, and only in a
    run after the pages' other problems were mended."""
    doc = minimal()
    second = copy.deepcopy(doc["pages"][0])
    second["articles"][0]["bylin"] = second["articles"][0].pop("byline")
    doc["pages"].append(second)
    issue = write_issue(tmp_path / "twice.yaml", doc)
    lines = build_fails(issue, tmp_path, capsys)
    (twice,) = [line for line in lines if "is numbered twice" in line]
    assert "pages[1].number: page 1 is numbered twice (also pages[0])" in twice, twice
    line_number = int(twice.split(":")[2])
    assert issue.read_text(encoding="utf-8").splitlines()[line_number - 1].strip() \
        .startswith(("number:", "- number:"))
    assert any("`bylin`" in line for line in lines), lines


def test_every_problem_of_a_place_on_the_grid_is_reported_with_a_hint(tmp_path, capsys):
    """Regression: a column and a line off the grid took two runs, and neither said how the
    grid is numbered."""
    doc = minimal()
    article(doc)["place"] = {"column": 7, "span": 2, "line": 95, "height": 12,
                             "text_columns": 3}
    lines = build_fails(write_issue(tmp_path / "off.yaml", doc), tmp_path, capsys)
    assert len(lines) == 4, lines
    column, line, text_columns, total = lines
    assert column.endswith("place.column: 7 is out of range (1…5: the grid has 5 columns) "
                           "(hint: columns are numbered 1…5 from the left)")
    assert "place.line: 95 is out of range" in line and "numbered 1…90 from the top" in line
    assert "place.text_columns: 3 is out of range (1…2" in text_columns
    assert "(hint: at most text_columns 2, or a wider span)" in text_columns
    assert total.endswith("3 problems; nothing written")


def test_a_misspelt_layout_does_not_hide_the_problems_of_its_pages_blocks(tmp_path, capsys):
    """Regression: `layout: automatic` was the page's only problem reported, and a misspelt
    key and a bad punctuation in its article waited for the next run."""
    doc = minimal()
    doc["pages"][0]["layout"] = "automatic"
    article(doc)["bylin"] = article(doc).pop("byline")
    article(doc)["punctuation"] = "weird"
    lines = build_fails(write_issue(tmp_path / "layout.yaml", doc), tmp_path, capsys)
    assert any("pages[0].layout: unknown name `automatic` (hint: did you mean `auto`?)" in line
               for line in lines), lines
    assert any("articles[0].bylin: unknown key" in line for line in lines), lines
    assert any("articles[0].punctuation: unknown name `weird`" in line for line in lines)
    assert lines[-1].endswith("3 problems; nothing written"), lines


def test_every_mistaken_field_of_one_article_is_reported_in_one_run(tmp_path, capsys):
    """Regression: an article's fields were read until the first that could not be, so a bad
    punctuation hid a headline style and a place: three runs for one article."""
    doc = minimal()
    article(doc)["punctuation"] = "weird"
    article(doc)["headline"] = {"main": "乌市人大：细化目标任务", "style": "nosuch"}
    article(doc)["place"] = {"column": "one", "span": 2, "line": 95, "height": 12}
    article(doc)["box"] = {"rule": "thick"}
    lines = build_fails(write_issue(tmp_path / "one.yaml", doc), tmp_path, capsys)
    fields = ["articles[0].punctuation:", "articles[0].headline.style:",
              "articles[0].place.column:", "articles[0].place.line: 95 is out of range",
              "articles[0].box.rule:"]
    for field in fields:
        assert sum(field in line for line in lines) == 1, (field, lines)
    assert lines[-1].endswith(f"{len(fields)} problems; nothing written"), lines


def test_every_mistaken_field_of_a_photo_and_of_a_page_is_reported_in_one_run(tmp_path,
                                                                                capsys):
    """Regression: a photo's missing file hid its bad focus and place, and a page's bad
    masthead hid its number."""
    doc = minimal()
    photo(doc)["file"] = "images/missing.jpg"
    photo(doc)["focus"] = [2, 0.5]
    photo(doc)["place"]["span"] = 9
    doc["pages"][0]["masthead"] = "big"
    doc["pages"][0]["number"] = "two"
    lines = build_fails(write_issue(tmp_path / "photo.yaml", doc), tmp_path, capsys)
    fields = ["photos[0].file:", "photos[0].focus", "photos[0].place.span:",
              "pages[0].masthead:", "pages[0].number:"]
    for field in fields:
        assert sum(field in line for line in lines) == 1, (field, lines)
    assert lines[-1].endswith(f"{len(fields)} problems; nothing written"), lines


def test_every_mistaken_field_of_a_box_and_of_a_continuation_is_reported_in_one_run(
        tmp_path, capsys):
    """Regression: a box's unknown tint hid its bad rule, and a continuation's bad page hid
    its place off the grid."""
    doc = minimal()
    article(doc)["box"] = {"tint": "pinkish", "rule": "thick"}
    article(doc)["continues"] = [{"page": "two", "place": {"column": 6, "span": 1, "line": 1,
                                                          "height": "auto"}}]
    lines = build_fails(write_issue(tmp_path / "box.yaml", doc), tmp_path, capsys)
    fields = ["articles[0].box.tint:", "articles[0].box.rule:", "continues[0].page:",
              "continues[0].place.column:"]
    for field in fields:
        assert sum(field in line for line in lines) == 1, (field, lines)
