"""Page make-up: the flow with plain numbers, then small synthetic pages."""
import pytest
import yaml
from PIL import Image

from pagesetter.errors import InputError
from pagesetter.loader import load_issue
from pagesetter.pipeline import place_pages
from pagesetter.place.flow import Item, Slot, balanced_depth, fill
from pagesetter.resources import data_dir

from ..conftest import PHOTO, article, minimal, photo, write_issue

LONG = "自治区两会闭幕后，乌市人大常委会便迅速组织人大代表、机关干部传达学习。" * 6


# --- the flow: items of grid lines into regions ------------------------------------------------

def test_items_fill_a_region_then_move_to_the_next():
    flow = fill([Item(1)] * 5, [3, 3])
    assert [(s.region, s.line) for s in flow.slots] == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1)]
    assert flow.rest == 5


def test_what_does_not_fit_is_the_rest():
    flow = fill([Item(1)] * 7, [3, 3])
    assert flow.rest == 6 and len(flow.slots) == 6


def test_an_item_that_keeps_with_the_next_never_ends_a_region():
    # The subhead (2 lines) would fill lines 1–2 of a 3-line region, leaving no room for its
    # first body line: it moves to the next region.
    flow = fill([Item(1), Item(2, keep_with_next=True), Item(1)], [3, 3])
    assert flow.slots == (Slot(0, 0, 0), Slot(1, 1, 0), Slot(2, 1, 2))


def test_regions_may_differ_in_depth():
    """Columns shortened around a photo, or a continuation's part on another page."""
    flow = fill([Item(1)] * 6, [1, 4, 2])
    assert [s.region for s in flow.slots] == [0, 1, 1, 1, 1, 2]


def test_an_item_taller_than_its_region_stops_the_flow():
    assert fill([Item(1), Item(5)], [4, 4]).rest == 1


def test_balanced_depth_is_the_fewest_lines_per_column_that_hold_everything():
    assert balanced_depth([Item(1)] * 7, 2, 90) == 4
    # a subhead that may not end a column needs one line more
    items = [Item(1), Item(1), Item(2, keep_with_next=True), Item(1)]
    assert fill(items, [3, 3]).rest == 4
    assert balanced_depth(items, 2, 90) == 3
    assert balanced_depth([Item(1)] * 50, 2, 10) == 10  # never deeper than the room


# --- pages ---------------------------------------------------------------------------------

def build(tmp_path, doc):
    issue = load_issue(write_issue(tmp_path / "issue.yaml", doc))
    return issue, place_pages(issue)[0]


def test_auto_height_article_overlapping_the_next_is_an_error_naming_both(tmp_path):
    doc = minimal()
    article(doc)["place"]["height"] = "auto"
    photo(doc)["place"].update(column=2, line=3)
    with pytest.raises(InputError) as err:
        build(tmp_path, doc)
    assert "`人大代表助力备春耕` overlaps `短讯`" in str(err.value)


def test_span_of_three_split_into_two_text_columns(tmp_path):
    doc = minimal()
    article(doc)["place"].update(span=3, height="auto", text_columns=2)
    article(doc)["body"].insert(1, LONG)
    photo(doc)["place"]["column"] = 4
    issue, page = build(tmp_path, doc)
    grid = issue.format.grid
    body = [b for b in page.blocks if b.kind == "body" and b.name == "短讯"][0]
    second = min(line.x - grid.left for line in body.lines if line.x - grid.left > 100)
    expected_width = (grid.span_width(3) - grid.gutter) / 2
    assert second == pytest.approx(expected_width + grid.gutter, abs=0.01)
    full = [ln for ln in body.lines if abs(ln.width - expected_width) < 0.01]
    assert len(full) >= 5


def test_subhead_is_never_the_last_thing_in_a_column(tmp_path):
    doc = minimal()
    paragraphs = [LONG[:40 + 7 * i] for i in range(6)]
    article(doc)["body"] = paragraphs + [{"subhead": "治理智慧“从群众中来”"}] + paragraphs
    article(doc)["place"]["height"] = "auto"
    photo(doc)["place"]["line"] = 60
    issue, page = build(tmp_path, doc)
    grid = issue.format.grid
    blocks = [b for b in page.blocks if b.name == "短讯"]
    kinds = [b.kind for b in blocks]
    sub = kinds.index("subhead")
    after = blocks[sub + 1]
    assert after.kind == "body"
    # the first body line after the subhead is in the same column, right below it
    assert after.lines[0].x - blocks[sub].x < grid.column_width
    assert after.lines[0].baseline > blocks[sub].y + blocks[sub].height - 0.01


def test_article_with_many_empty_lines_is_a_warning(tmp_path):
    doc = minimal()
    article(doc)["place"]["height"] = 30
    _, page = build(tmp_path, doc)
    (warning,) = [w for w in page.warnings if "empty lines" in w.message]
    assert "`短讯`" in warning.message and warning.field == "pages[0].articles[0].place.height"


def test_low_resolution_photo_is_a_warning_naming_it(tmp_path):
    small = tmp_path / "small.jpg"
    Image.new("RGB", (200, 150), "green").save(small)
    doc = minimal()
    photo(doc)["file"] = str(small)
    _, page = build(tmp_path, doc)
    assert any("人大代表助力备春耕" in w.message and "ppi" in w.message for w in page.warnings)


def test_photo_crop_keeps_the_focal_point_inside(tmp_path):
    doc = minimal()
    photo(doc)["focus"] = [1.0, 0.5]
    _, page = build(tmp_path, doc)
    (image,) = page.images
    with Image.open(image.file) as im:
        width = im.size[0]
    assert image.crop[2] == width  # pushed to the right edge


def test_author_mark_is_indented_once_by_its_style(tmp_path):
    """Regression: the author indent was applied twice (once in the author's size, once in
    the body's), putting □包玉莲 about 4.3 body characters in."""
    doc = minimal()
    article(doc)["author"] = "□包玉莲"
    issue, page = build(tmp_path, doc)
    (author,) = [b for b in page.blocks if b.kind == "author"]
    style = issue.format.styles["author"]
    assert style.indent == pytest.approx(2 * style.size)  # `indent: 2` is two characters
    left = issue.format.grid.column_x(0)
    assert author.lines[0].x - left == pytest.approx(style.indent)


EDGE_FORMAT = {
    "name": "edge",
    "page": {"trim": ["373.5pt", "300mm"], "bleed": "3mm"},
    "grid": {"columns": 2, "column_chars": 20, "gutter_chars": 1.5, "line_pitch": "15pt",
             "top": 0, "lines": 40, "left": 0},
    "header": {"top": 0, "height": 0, "name_style": "header-name", "info_style": "body"},
    "fonts": {"song": "NotoSerifSC-Regular.ttf", "hei": "NotoSansSC-Bold.ttf",
              "kai": "LXGWWenKai-Regular.ttf"},
    "colours": {"black": [0, 0, 0, 100], "bar": [0, 20, 30, 0]},
    "styles": {
        "body": {"font": "song", "size": "小五", "indent": 2},
        "byline": {"font": "hei", "size": "小五"},
        "headline-bar": {"font": "hei", "size": "小二", "align": "centre", "background": "bar",
                         "lines": 3},
        "kicker": {"font": "hei", "size": "五号", "align": "centre", "lines": 2},
        "deck": {"font": "song", "size": "四号", "align": "centre", "lines": 2},
        "subhead": {"font": "hei", "size": "五号", "align": "centre", "lines": 2},
        "author": {"font": "kai", "size": "五号", "align": "left", "lines": 2},
        "caption-title": {"font": "hei", "size": "五号", "align": "centre", "lines": 2},
        "caption": {"font": "kai", "size": "小五"},
        "credit": {"font": "kai", "size": "小五", "align": "right"},
        "header-name": {"font": "hei", "size": "小一", "align": "left"},
        "folio": {"font": "hei", "size": "四号", "align": "right"},
    },
    "headline_styles": ["headline-bar"],
}


def test_tints_and_photos_touching_the_trim_run_into_the_bleed(tmp_path):
    (tmp_path / "edge.yaml").write_text(yaml.safe_dump(EDGE_FORMAT, allow_unicode=True),
                                        encoding="utf-8")
    doc = minimal()
    doc["format"] = "edge.yaml"
    article(doc)["place"].update(column=1, span=1, line=1, height=30)
    photo(doc)["place"].update(column=2, span=1, line=1)
    issue, page = build(tmp_path, doc)
    bleed = issue.format.bleed
    (bar,) = page.rects
    assert bar.x == pytest.approx(-bleed)  # the headline bar touches the left trim edge
    (image,) = page.images
    assert image.y == pytest.approx(-bleed)  # the photo touches the top and right trim edges
    assert image.x + image.width == pytest.approx(issue.format.trim_width + bleed)


def body_lines_per_column(page, grid, name):
    (body,) = [b for b in page.blocks if b.kind == "body" and b.name == name]
    columns = {}
    for line in body.lines:
        column = round((line.x - grid.left) // (grid.column_width + grid.gutter))
        columns[column] = columns.get(column, 0) + 1
    return [columns.get(c, 0) for c in range(2)]


def test_fixed_height_columns_balance_or_fill_as_the_format_says(tmp_path):
    doc = minimal()
    article(doc)["body"].insert(1, LONG)
    article(doc)["place"]["height"] = 30
    issue, page = build(tmp_path, doc)
    balanced = body_lines_per_column(page, issue.format.grid, "短讯")
    assert abs(balanced[0] - balanced[1]) <= 1

    fmt = yaml.safe_load((data_dir("layout") / "bulletin.yaml").read_text(encoding="utf-8"))
    fmt["grid"]["last_column"] = "fill"
    (tmp_path / "fill.yaml").write_text(yaml.safe_dump(fmt, allow_unicode=True),
                                        encoding="utf-8")
    doc["format"] = "fill.yaml"
    issue, page = build(tmp_path, doc)
    filled = body_lines_per_column(page, issue.format.grid, "短讯")
    assert filled == [sum(balanced), 0]  # the first column takes all it can


def test_photo_path_is_kept_as_given(tmp_path):
    _, page = build(tmp_path, minimal())
    assert page.images[0].file == PHOTO
