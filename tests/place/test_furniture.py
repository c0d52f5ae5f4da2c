"""Page furniture: continuations (转版), boxes, headline looks, the masthead, column rules,
inline markup and an article's own photo — each a field of the issue format, checked on the
placed page, and the tabloid sample that shows them all."""
import copy
import re

import pikepdf
import pytest

from pagesetter.cli import main
from pagesetter.errors import InputError
from pagesetter.loader import load_issue
from pagesetter.pipeline import place_pages
from pagesetter.render.dump import dump_pages

from ..conftest import FRONT, PARAGRAPHS, PHOTO, ROOT, article, minimal, write_issue

GOLDEN = ROOT / "tests" / "golden"
LONG = PARAGRAPHS * 6


@pytest.fixture(scope="module")
def front():
    issue = load_issue(FRONT)
    return issue, place_pages(issue)


def lines_of(page, name=None, kind=None):
    return [line for block in page.blocks for line in block.lines
            if (name is None or block.name == name) and (kind is None or block.kind == kind)]


def text_of(page, name=None, kind=None):
    return "".join(line.text for line in lines_of(page, name, kind))


# --- the tabloid sample ------------------------------------------------------------------------

def test_the_front_sample_builds_fits_and_passes_preflight(tmp_path, capsys):
    out = tmp_path / "front.pdf"
    assert main([str(FRONT), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "preflight: passed" in captured.out
    assert "are empty" not in captured.err and "overset" not in captured.err
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 2


def test_the_front_sample_matches_its_golden_dump(front):
    _, pages = front
    assert dump_pages(pages) == (GOLDEN / "2023-03-front.dump.txt").read_text(encoding="utf-8")


# --- continuations -----------------------------------------------------------------------------

def test_a_continued_article_flows_on_with_jump_lines_and_a_continuation_headline(front):
    issue, (one, two) = front
    assert "（下转第2版）" in text_of(one, "市域社会治理", "jump")
    assert "（上接第1版）" in text_of(two, "市域社会治理", "jump")
    assert "汇聚人大力量" in text_of(two, "市域社会治理", "headline")
    # the copy is set once, in order, across both pages
    lead = next(a for a in issue.pages[0].articles if a.name == "市域社会治理")
    printed = "".join(line.text for page in (one, two) for block in page.blocks
                      if block.name == "市域社会治理" and block.kind in ("body", "subhead")
                      for line in block.lines)
    assert printed.endswith(lead.blocks[-1].text[-10:])
    assert printed.startswith(lead.blocks[0].text[:10])
    assert "市域社会治理现代化是一项长期的系统工程" in text_of(two, "市域社会治理", "body")


def test_a_continued_article_has_one_fit_report(front):
    _, (one, two) = front
    assert [f.name for f in one.fit].count("市域社会治理") == 1
    assert "市域社会治理" not in [f.name for f in two.fit]
    (fit,) = [f for f in one.fit if f.name == "市域社会治理"]
    assert fit.over == 0 and fit.lines_needed == fit.lines_available - fit.empty


def two_pages(doc):
    second = copy.deepcopy(doc["pages"][0])
    second["number"] = 2
    second["articles"] = []
    second["photos"] = []
    doc["pages"].append(second)
    return doc


def test_a_continuation_to_a_page_the_issue_lacks_is_an_error_at_its_line(tmp_path):
    doc = two_pages(minimal())
    article(doc)["continues"] = [{"page": 7, "place": {"column": 1, "span": 2, "line": 1,
                                                       "height": "auto"}}]
    path = write_issue(tmp_path / "a.yaml", doc)
    with pytest.raises(InputError) as caught:
        load_issue(path)
    line = caught.value.diagnostic.line()
    row = next(k for k, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if "page: 7" in text)
    assert f"{path}:{row}:" in line and "continues[0].page" in line and "page 7" in line


def test_every_continuation_to_a_missing_page_is_reported_in_one_run(tmp_path):
    """Regression: the check stopped at the first continuation to a page the issue lacks."""
    doc = two_pages(minimal())
    article(doc)["continues"] = [{"page": page, "place": {"column": 1, "span": 2, "line": 1,
                                                          "height": height}}
                                 for page, height in ((7, 10), (9, "auto"))]
    with pytest.raises(InputError) as caught:
        load_issue(write_issue(tmp_path / "a.yaml", doc))
    fields = [d.field for d in caught.value.diagnostics]
    assert fields == ["pages[0].articles[0].continues[0].page",
                      "pages[0].articles[0].continues[1].page"], fields


def test_a_continuation_on_the_same_page_names_the_column(tmp_path):
    doc = minimal()
    article(doc)["body"] = list(LONG)
    article(doc)["place"]["height"] = 14
    article(doc)["continues"] = [{"page": 1, "place": {"column": 5, "span": 1, "line": 1,
                                                       "height": "auto"}}]
    (page,) = place_pages(load_issue(write_issue(tmp_path / "a.yaml", doc)))
    jumps = text_of(page, "短讯", "jump")
    assert "（下转第5栏）" in jumps and "（上接第1栏）" in jumps
    assert page.fit[0].over == 0


def test_a_continuation_with_other_column_widths_is_refused(tmp_path):
    doc = two_pages(minimal())
    article(doc)["continues"] = [{"page": 2, "place": {"column": 1, "span": 2, "line": 1,
                                                       "height": "auto", "text_columns": 1}}]
    with pytest.raises(InputError, match="as wide"):
        place_pages(load_issue(write_issue(tmp_path / "a.yaml", doc)))


# --- boxes, headline looks, column rules -------------------------------------------------------

def test_a_boxed_article_has_its_frame_and_keeps_its_text_inside_the_inset(front):
    _, (one, _) = front
    (frame,) = [f for f in one.frames if f.tint is not None]
    assert frame.rule == 0.75 and frame.radius > 0 and frame.tint.name == "box-tint"
    inset = 1.5 * 9
    for line in lines_of(one, "中旗人大"):
        assert line.x >= frame.x + inset - 0.01
        assert line.x + line.width <= frame.x + frame.width - inset + 0.01


def test_headline_looks_set_their_own_styles(front):
    _, (one, two) = front
    lead = [line for line in lines_of(one, "市域社会治理") if line.style.startswith(("kicker",
                                                                                  "headline",
                                                                                  "deck"))]
    assert {line.style for line in lead} == {"kicker-lead", "headline-lead", "deck-lead"}
    reversed_head = [ln for ln in lines_of(one, "中旗人大", "headline")]
    assert [ln.text for ln in reversed_head] == ["中旗人大", "履行职能职责", "发挥代表作用"]
    assert all(run.colour.name == "white" for ln in reversed_head for run in ln.runs)
    assert any(rect.colour.name == "red" for rect in one.rects)
    plain = [r for r in two.rules if abs(r.width - 1.0) < 1e-9]
    assert plain, "the plain look draws a rule under its headline"


def test_an_unknown_headline_look_is_an_input_error_with_a_suggestion(tmp_path):
    doc = minimal()
    article(doc)["headline"] = {"main": "乌市人大", "style": "reverse"}
    with pytest.raises(InputError, match="did you mean `reversed`"):
        load_issue(write_issue(tmp_path / "a.yaml", doc))


def test_column_rules_stand_in_the_gutters_between_text_columns(front):
    issue, (one, _) = front
    grid = issue.format.grid
    gutters = {round(grid.column_x(c) - grid.gutter / 2, 2) for c in (1, 2)}
    vertical = {round(r.x1, 2) for r in one.rules if r.x1 == r.x2}
    assert gutters <= vertical


# --- masthead ----------------------------------------------------------------------------------

def test_the_front_page_carries_the_masthead_instead_of_the_header(front):
    issue, (one, two) = front
    assert [b.kind for b in one.blocks].count("masthead") == 1
    assert "header" not in [b.kind for b in one.blocks]
    masthead = text_of(one, kind="masthead")
    assert "兴安人大" in masthead and "CN15-0033/D" in masthead and "本期导读" in masthead
    for entry in issue.pages[0].index:
        assert entry.text.replace(" ", "") in masthead.replace(" ", "").replace("\u3000", "")
    assert "header" in [b.kind for b in two.blocks]


def test_an_article_over_the_masthead_is_an_overlap(tmp_path):
    doc = copy.deepcopy(minimal())
    doc["format"] = "tabloid"
    doc["pages"][0]["masthead"] = "front"
    with pytest.raises(InputError, match="overlaps `masthead`"):
        place_pages(load_issue(write_issue(tmp_path / "a.yaml", doc)))


def test_a_masthead_the_format_lacks_is_an_error(tmp_path):
    doc = minimal()
    doc["pages"][0]["masthead"] = "frnt"
    with pytest.raises(InputError, match="did you mean `front`"):
        load_issue(write_issue(tmp_path / "a.yaml", doc))


# --- inline markup and an article's own photo -------------------------------------------------

def test_markup_sets_bold_dots_and_scripts(tmp_path):
    doc = minimal()
    article(doc)["body"] = ["要**加粗**也要*着重*，CO~2~与m^2^。"]
    issue = load_issue(write_issue(tmp_path / "a.yaml", doc))
    (page,) = place_pages(issue)
    runs = [run for line in lines_of(page, "短讯", "body") for run in line.runs]
    by_text = {run.text: run for run in runs}
    assert by_text["加粗"].font == "song-bold"
    assert by_text["着重"].emphasis
    sub = next(r for r in runs if r.text == "2" and r.rise < 0)
    sup = next(r for r in runs if r.text == "2" and r.rise > 0)
    assert sub.size == sup.size == pytest.approx(9 * 0.6)
    assert "要加粗也要着重" in text_of(page, "短讯", "body")


def test_emphasis_dots_print_under_the_characters(tmp_path):
    doc = minimal()
    article(doc)["body"] = ["*着重着重着重着重着重*"]
    out = tmp_path / "a.pdf"
    assert main([str(write_issue(tmp_path / "a.yaml", doc)), "-o", str(out)]) == 0
    with pikepdf.open(out) as pdf:
        content = b"".join(op.operator.unparse() for op in
                           pikepdf.parse_content_stream(pdf.pages[0]))
    assert content.count(b"c") >= 10 * 4  # each dot is a circle of four curves


def test_an_articles_photo_takes_the_top_of_its_column_and_the_text_starts_below(front):
    _, (_, two) = front
    (image,) = [i for i in two.images if i.name.startswith("前旗人大")]
    caption = [b for b in two.blocks if b.kind == "caption" and b.name.startswith("前旗人大")]
    bottom = max(b.y + b.height for b in caption)
    for line in lines_of(two, "前旗人大", "body"):
        if line.x >= image.x - 0.01:  # the photo's column
            assert line.baseline > bottom
    assert any(line.x < image.x - 1 and line.baseline < image.y + image.height
               for line in lines_of(two, "前旗人大", "body")), "text beside the photo"


def test_an_articles_photo_may_not_take_every_column(tmp_path):
    doc = minimal()
    article(doc)["photo"] = {"file": str(PHOTO), "columns": 2}
    with pytest.raises(InputError, match="all 2 text columns"):
        load_issue(write_issue(tmp_path / "a.yaml", doc))


def test_furniture_fields_are_in_the_schema():
    from pagesetter.schema import issue_schema

    schema = issue_schema()
    article_fields = schema["$defs"]["article"]["properties"]
    assert {"box", "continues", "column_rules", "photo"} <= set(article_fields)
    assert {"masthead", "index"} <= set(schema["$defs"]["page"]["properties"])
    assert re.search("转版", article_fields["continues"]["description"])
