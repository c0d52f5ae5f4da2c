"""Page make-up on small synthetic pages."""
import pytest
from PIL import Image

from pagesetter.compose import Composer
from pagesetter.errors import InputError
from pagesetter.loader import load_issue
from pagesetter.place import place_issue

from .conftest import MINIMAL

LONG = "自治区两会闭幕后，乌市人大常委会便迅速组织人大代表、机关干部传达学习。" * 6


def build(tmp_path, text):
    path = tmp_path / "issue.yaml"
    path.write_text(text, encoding="utf-8")
    issue = load_issue(path)
    return issue, place_issue(issue, Composer(issue.format))[0]


def test_auto_height_article_overlapping_the_next_is_an_error_naming_both(tmp_path):
    text = MINIMAL.replace("height: 12", "height: auto").replace(
        "column: 3, span: 2, line: 1", "column: 2, span: 2, line: 3")
    with pytest.raises(InputError) as err:
        build(tmp_path, text)
    assert "`人大代表助力备春耕` overlaps `短讯`" in str(err.value)


def test_span_of_three_split_into_two_text_columns(tmp_path):
    text = MINIMAL.replace("span: 2, line: 1, height: 12",
                           "span: 3, line: 1, height: auto, text_columns: 2").replace(
        "column: 3, span: 2", "column: 4, span: 2").replace(
        "          - 坚持党的领导", f"          - {LONG}\n          - 坚持党的领导")
    issue, page = build(tmp_path, text)
    grid = issue.format.grid
    body = [b for b in page.blocks if b.kind == "body" and b.name == "短讯"][0]
    second = min(line.x - grid.left for line in body.lines if line.x - grid.left > 100)
    expected_width = (grid.span_width(3) - grid.gutter) / 2
    assert second == pytest.approx(expected_width + grid.gutter, abs=0.01)
    full = [ln for ln in body.lines if abs(ln.width - expected_width) < 0.01]
    assert len(full) >= 5


def test_subhead_is_never_the_last_thing_in_a_column(tmp_path):
    body = "\n".join(f"          - {LONG[:40 + 7 * i]}" for i in range(6))
    text = MINIMAL.replace(
        "          - 自治区两会闭幕后，乌市人大常委会便迅速组织人大代表、机关干部传达学习。\n"
        "          - 坚持党的领导，坚定拥护“两个确立”，坚决做到“两个维护”。",
        body + "\n          - subhead: 治理智慧“从群众中来”\n" + body).replace(
        "height: 12", "height: auto")
    text = text.replace("column: 3, span: 2, line: 1", "column: 3, span: 2, line: 60")
    issue, page = build(tmp_path, text)
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
    text = MINIMAL.replace("height: 12", "height: 30")
    _, page = build(tmp_path, text)
    assert any("empty lines" in w and "`短讯`" in w for w in page.warnings)


def test_low_resolution_photo_is_a_warning_naming_it(tmp_path):
    small = tmp_path / "small.jpg"
    Image.new("RGB", (200, 150), "green").save(small)
    from .conftest import PHOTO

    _, page = build(tmp_path, MINIMAL.replace(str(PHOTO), str(small)))
    assert any("人大代表助力备春耕" in w and "ppi" in w for w in page.warnings)


def test_photo_crop_keeps_the_focal_point_inside(tmp_path):
    text = MINIMAL.replace("title: 人大代表助力备春耕",
                           "focus: [1.0, 0.5]\n        title: 人大代表助力备春耕")
    _, page = build(tmp_path, text)
    (image,) = page.images
    with Image.open(image.file) as im:
        width = im.size[0]
    assert image.crop[2] == width  # pushed to the right edge


EDGE_FORMAT = """\
name: edge
page: {trim: [373.5pt, 300mm], bleed: 3mm}
grid: {columns: 2, column_chars: 20, gutter_chars: 1.5, line_pitch: 15pt, top: 0, lines: 40,
       left: 0}
header: {top: 0, height: 0, name_style: header-name, info_style: body}
fonts: {song: NotoSerifSC-Regular.ttf, hei: NotoSansSC-Bold.ttf, kai: LXGWWenKai-Regular.ttf}
colours: {black: [0, 0, 0, 100], bar: [0, 20, 30, 0]}
styles:
  body: {font: song, size: 小五, indent: 2}
  byline: {font: hei, size: 小五}
  headline-bar: {font: hei, size: 小二, align: centre, background: bar, lines: 3}
  kicker: {font: hei, size: 五号, align: centre, lines: 2}
  deck: {font: song, size: 四号, align: centre, lines: 2}
  subhead: {font: hei, size: 五号, align: centre, lines: 2}
  author: {font: kai, size: 五号, align: left, lines: 2}
  caption-title: {font: hei, size: 五号, align: centre, lines: 2}
  caption: {font: kai, size: 小五}
  credit: {font: kai, size: 小五, align: right}
  header-name: {font: hei, size: 小一, align: left}
  folio: {font: hei, size: 四号, align: right}
headline_styles: [headline-bar]
"""


def test_tints_and_photos_touching_the_trim_run_into_the_bleed(tmp_path):
    fmt = tmp_path / "edge.yaml"
    fmt.write_text(EDGE_FORMAT, encoding="utf-8")
    text = MINIMAL.replace("format: bulletin", f"format: {fmt.name}").replace(
        "column: 3, span: 2, line: 1", "column: 2, span: 1, line: 1").replace(
        "column: 1, span: 2, line: 1, height: 12", "column: 1, span: 1, line: 1, height: 30")
    issue, page = build(tmp_path, text)
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
    from pagesetter.resources import data_dir

    text = MINIMAL.replace("          - 坚持党的领导",
                           f"          - {LONG}\n          - 坚持党的领导")
    issue, page = build(tmp_path, text.replace("height: 12", "height: 30"))
    balanced = body_lines_per_column(page, issue.format.grid, "短讯")
    assert abs(balanced[0] - balanced[1]) <= 1

    fmt = (data_dir("layout") / "bulletin.yaml").read_text(encoding="utf-8")
    (tmp_path / "fill.yaml").write_text(fmt.replace("last_column: balance", "last_column: fill"),
                                        encoding="utf-8")
    issue, page = build(tmp_path, text.replace("height: 12", "height: 30").replace(
        "format: bulletin", "format: fill.yaml"))
    filled = body_lines_per_column(page, issue.format.grid, "短讯")
    assert filled == [sum(balanced), 0]  # the first column takes all it can
