"""The day's index, jump lines, briefs and headlines that do not fit (#26)."""
import copy

import pypdfium2 as pdfium
import pytest
import yaml

from pagesetter.cli import main
from pagesetter.loader import load_issue
from pagesetter.pipeline import place_pages

from ..conftest import FRONT, ROOT, article, minimal, write_issue


def front_doc() -> dict:
    doc = yaml.safe_load(FRONT.read_text(encoding="utf-8"))
    doc["format"] = str(ROOT / "layout" / "tabloid.yaml")
    for page in doc["pages"]:
        for a in page.get("articles", []):
            if "photo" in a:
                a["photo"]["file"] = str(ROOT / "issues" / a["photo"]["file"])
        for p in page.get("photos", []):
            p["file"] = str(ROOT / "issues" / p["file"])
    return doc


def index_lines(pages):
    (masthead,) = [b for b in pages[0].blocks if b.kind == "masthead"]
    return [line.text for line in masthead.lines]


def test_the_index_fills_in_each_articles_page_and_follows_it_when_it_moves(tmp_path):
    """Regression: page numbers were typed by hand, so an article moved to another page left
    the index wrong."""
    doc = front_doc()
    pages = place_pages(load_issue(write_issue(tmp_path / "a.yaml", doc)))
    lines = index_lines(pages)
    assert "（2版）" in lines and lines.count("（1版）") >= 2
    moved = copy.deepcopy(doc)  # 乌市人大 moves to page 2, in place of 突泉县人大
    first, second = moved["pages"]
    wu = next(a for a in first["articles"] if a["name"] == "乌市人大")
    tu = next(a for a in second["articles"] if a["name"] == "突泉县人大")
    wu["place"], tu["place"] = tu["place"], wu["place"]
    first["articles"].remove(wu)
    second["articles"].append(wu)
    second["articles"].remove(tu)
    first["articles"].append(tu)
    after = index_lines(place_pages(load_issue(write_issue(tmp_path / "b.yaml", moved))))
    k = after.index("乌市人大：细化目标任务")
    assert after[k + 1] == "（2版）"


def test_an_index_entry_hangs_under_its_bullet_and_its_reference_never_splits(tmp_path):
    """Regression: `■科右中旗开展普法宣传月（4` / `版）` split the page reference."""
    pages = place_pages(load_issue(write_issue(tmp_path / "a.yaml", front_doc())))
    (masthead,) = [b for b in pages[0].blocks if b.kind == "masthead"]
    bullets = [line for line in masthead.lines if line.text == "■"]
    refs = [line for line in masthead.lines if line.text.startswith("（")]
    assert bullets and all(ref.text.endswith("版）") for ref in refs)
    box = min(bullet.x for bullet in bullets)  # the index box: lines right of its bullets
    entries = [line for line in masthead.lines if line.x > box and line.text not in
               ("■", "本期导读") and not line.text.startswith("（")]
    hang = min(line.x for line in entries)
    assert all(line.x == pytest.approx(hang) for line in entries)  # every line of an entry
    assert all(bullet.x < hang for bullet in bullets)


def test_an_index_entry_naming_no_article_is_an_input_error(tmp_path, capsys):
    doc = front_doc()
    doc["pages"][0]["index"].append({"article": "不存在"})
    issue = write_issue(tmp_path / "a.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "a.pdf")]) == 2
    err = capsys.readouterr().err
    assert "pages[0].index[5].article: no article named `不存在`" in err


def test_a_continuations_jump_line_reads_before_its_body(tmp_path):
    """Regression: （上接第1版） came last in the PDF's text and in the ALTO, after the body it
    introduces."""
    out = tmp_path / "front.pdf"
    assert main([str(write_issue(tmp_path / "a.yaml", front_doc())), "-o", str(out),
                 "--alto", str(tmp_path), "--no-check"]) == 0
    text = "".join(pdfium.PdfDocument(str(out))[1].get_textpage().get_text_range().split())
    jump, body = text.find("（上接第1版）"), text.find("治理实效“到群众中去”")
    assert 0 <= jump < body
    alto = (tmp_path / "a-p2.xml").read_text(encoding="utf-8")
    assert alto.find("上接第") < alto.find("治理实效")


def test_a_briefs_column_sets_items_under_small_heads_with_rules_between(tmp_path):
    pages = place_pages(load_issue(write_issue(tmp_path / "a.yaml", front_doc())))
    briefs = [b for b in pages[1].blocks if b.name == "阿市人大简讯"]
    heads = [b for b in briefs if b.kind == "subhead"]
    assert [b.lines[0].text for b in heads] == ["加强监督工作", "改进代表工作", "加强自身建设"]
    assert any(b.kind == "headline" and b.lines[0].text == "阿市人大简讯" for b in briefs)
    rules = [r for r in pages[1].rules if r.y1 == r.y2 and any(
        abs(r.y1 - h.y) < 15 and r.x1 == pytest.approx(h.x) for h in heads)]
    assert len(rules) == 2  # between the three items, none over the first


def test_the_make_up_keeps_a_briefs_column_narrow(tmp_path):
    doc = minimal()
    page = doc["pages"][0]
    page["briefs"] = [{"items": [
        {"head": "科右中旗开展普法宣传月", "text": "近日，科右中旗开展普法宣传月活动。" * 4},
        {"head": "扎旗召开人大常委会", "text": "扎赉特旗人大常委会召开会议。" * 4}],
        "place": "auto"}]
    loaded = load_issue(write_issue(tmp_path / "a.yaml", doc))
    briefs = loaded.pages[0].articles[-1]
    assert briefs.briefs and briefs.auto.spans == (1,)


def test_a_headline_too_long_for_its_look_is_an_input_error_at_its_line(tmp_path, capsys):
    """Regression: a 31-character reversed headline in one column grew to 6 lines of red bar
    with exit 0."""
    doc = minimal()
    art = article(doc)
    art["headline"] = {"main": "兴安盟人大常委会召开第五次会议贯彻落实自治区两会精神确保"
                               "各项工作落到实处", "style": "headline-bar"}
    art["place"] = {"column": 1, "span": 1, "line": 1, "height": 40}
    issue = write_issue(tmp_path / "a.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "a.pdf")]) == 2
    (line,) = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("error:")]
    assert "pages[0].articles[0].headline" in line and "characters too long" in line
    assert "allows 3" in line and "hint: shorten it, widen the block" in line

