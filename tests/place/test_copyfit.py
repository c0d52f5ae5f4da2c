"""Copyfitting on the page (#24): a frame a line short or long is closed the way a desk closes
it, the fit report and --dump say what was done, copy beyond the copyfit range is overset with
figures that count it, and what copyfitting leaves is warned of."""
import copy

import pytest
import yaml

from pagesetter.cli import main
from pagesetter.loader import load_issue
from pagesetter.pipeline import place_pages

from ..conftest import PHOTO, ROOT, SAMPLE, article, edited, minimal, write_issue


@pytest.fixture(scope="module")
def sample_fits():
    (page,) = place_pages(load_issue(SAMPLE))
    return {fit.path: fit for fit in page.fit}


def sample_doc() -> dict:
    doc = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    for photo in doc["pages"][0]["photos"]:
        photo["file"] = str(PHOTO)
    return doc


def frame_short_by(sample_fits, lines: int):
    """The sample with one auto-height article given a fixed frame that holds `lines` fewer
    body lines than its copy needs: (doc, its article's path and name)."""
    doc = sample_doc()
    for index, art in enumerate(doc["pages"][0]["articles"]):
        fit = sample_fits[f"pages[0].articles[{index}]"]
        columns = art["place"].get("text_columns", art["place"]["span"])
        if fit.adjusted or (fit.lines_needed - lines) % columns:
            continue
        head = fit.area.lines - fit.lines_available // columns
        art["place"]["height"] = head + (fit.lines_needed - lines) // columns
        return doc, fit.name
    raise AssertionError("no article of the sample has that shape")


def build(tmp_path, doc, capsys, *extra, name="issue"):
    issue = write_issue(tmp_path / f"{name}.yaml", doc)
    code = main([str(issue), "-o", str(tmp_path / f"{name}.pdf"), *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_frame_one_line_short_is_closed_by_condensing_one_paragraph(tmp_path, capsys,
                                                                      sample_fits):
    """Regression: a fixed-height article one line over was overset (exit 3), although any
    desk would close it."""
    doc, name = frame_short_by(sample_fits, 1)
    code, out, err = build(tmp_path, doc, capsys, "--dump", str(tmp_path / "dump.txt"))
    assert code == 0, err
    line = next(line for line in out.splitlines() if line.strip().startswith(name))
    assert "(0 empty" in line and "; closed 1 line (¶" in line and "condensed 0.5 em)" in line
    dump = (tmp_path / "dump.txt").read_text(encoding="utf-8")
    assert " track -0." in dump and "closed 1 line" in dump


def test_a_frame_four_lines_short_with_two_lines_of_copyfit_is_overset_with_exact_figures(
        tmp_path, capsys, sample_fits):
    doc, name = frame_short_by(sample_fits, 4)
    code, _, err = build(tmp_path, doc, capsys)
    assert code == 3
    (line,) = [ln for ln in err.splitlines() if ln.startswith("overset:")]
    assert f"`{name}`" in line and "more than copyfitting closes" in line
    cut = int(line.split(": cut ")[1].split(" characters")[0])
    taller = int(line.split("make it ")[1].split(" grid line")[0])
    index = next(i for i, a in enumerate(doc["pages"][0]["articles"])
                 if sample_fits[f"pages[0].articles[{i}]"].name == name)
    body = doc["pages"][0]["articles"][index]["body"]

    def without(count):
        out = copy.deepcopy(doc)
        blocks = out["pages"][0]["articles"][index]["body"] = list(body)
        while count > 0:
            last = blocks.pop()
            text = last if isinstance(last, str) else last["subhead"]
            if count < len(text):
                blocks.append(text[:len(text) - count])
            count -= len(text)
        return out
    assert build(tmp_path, without(cut), capsys, name="cut")[0] == 0
    assert build(tmp_path, without(cut - 1), capsys, name="cut-less")[0] == 3
    grown = copy.deepcopy(doc)
    grown["pages"][0]["articles"][index]["place"]["height"] += taller
    assert build(tmp_path, grown, capsys, name="taller")[0] == 0
    grown["pages"][0]["articles"][index]["place"]["height"] -= 1
    assert build(tmp_path, grown, capsys, name="not-tall")[0] == 3


def format_with(tmp_path, old: str, new: str) -> str:
    text = (ROOT / "layout" / "bulletin.yaml").read_text(encoding="utf-8")
    (tmp_path / "house.yaml").write_text(edited(text, old, new), encoding="utf-8")
    return "house.yaml"


def test_copyfit_off_in_the_format_leaves_the_frame_overset(tmp_path, capsys, sample_fits):
    doc, _ = frame_short_by(sample_fits, 1)
    doc["format"] = format_with(tmp_path, "copyfit: {condense: 0.5, expand: 0.5, lines: 2}",
                                "copyfit: off")
    assert build(tmp_path, doc, capsys)[0] == 3


def test_a_frame_one_line_long_is_filled_by_expanding_one_paragraph(tmp_path, capsys,
                                                                   sample_fits):
    doc, name = frame_short_by(sample_fits, -1)
    code, out, err = build(tmp_path, doc, capsys)
    assert code == 0, err
    line = next(line for line in out.splitlines() if line.strip().startswith(name))
    assert "(0 empty" in line and "; filled 1 line (¶" in line and " expanded " in line


def lone_but_pullable() -> str:
    """A paragraph of the sample's copy, cut so that at one column (20 characters) it ends in
    a lone character that condensing within half an em would pull back."""
    from pagesetter.compose import break_lines
    from pagesetter.compose.copyfit import Setting, lone_character, smallest_adjustment

    for block in (b for a in sample_doc()["pages"][0]["articles"] for b in a["body"]):
        if not isinstance(block, str):
            continue
        for end in range(len(block), 40, -1):
            text = block[:end]
            lines = break_lines(text, 20)
            if lone_character(lines[-1]) and smallest_adjustment(
                    Setting(lambda em, t=text: break_lines(t, 20 + em)), -1, 0.5) is not None:
                return text
    raise AssertionError("no such paragraph in the sample")


@pytest.mark.parametrize("height", ["full", "auto"])
def test_a_lone_last_character_is_pulled_back_unless_the_frame_is_full(tmp_path, capsys,
                                                                        height):
    from pagesetter.compose import break_lines

    text = lone_but_pullable()
    doc = minimal()
    art = article(doc)
    del art["headline"], art["byline"]
    art["body"] = [text]
    art["place"] = {"column": 1, "span": 1, "line": 1,
                    "height": len(break_lines(text, 20)) if height == "full" else "auto"}
    code, out, err = build(tmp_path, doc, capsys)
    assert code == 0, err
    lone = [line for line in err.splitlines() if "孤字" in line]
    if height == "full":
        assert "(0 empty" in out and len(lone) == 1, out + err
        assert "pages[0].articles[0].body[0]: `短讯` paragraph 1 ends in a single character " \
               "(孤字); its frame is full" in lone[0]
    else:
        assert lone == [] and "closed 1 line (¶1 condensed" in out, out


def test_auto_height_pulls_a_lone_last_character_back(sample_fits):
    """The sample's feature ends two paragraphs on 主。: condensed to pull them back."""
    feature = next(fit for fit in sample_fits.values() if fit.adjusted)
    assert feature.closed == len(feature.adjusted)
    assert all(em == 0.5 for _, em in feature.adjusted)
