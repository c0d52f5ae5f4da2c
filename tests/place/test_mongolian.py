"""Mongolian script and vertical heads in a whole issue: a bilingual masthead, a Mongolian head,
an article in Mongolian, a vertical Chinese head and rare name characters build with exit 0;
the glyphs drawn are HarfBuzz's; the text copies out as typed; ALTO carries it."""
import io
import re
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from fontTools.ttLib import TTFont

from pagesetter.cli import main
from pagesetter.compose.shaping import harfbuzz

from ..conftest import ROOT, article, minimal, write_issue
from ..pdfs import font_program, glyph_ids

FACE = ROOT / "fonts" / "NotoSansMongolian-Regular.ttf"
NAME = "ᠬᠢᠩᠭᠠᠨ ᠠᠷᠠᠳ\u202fᠤᠨ ᠬᠤᠷᠠᠯ"
HEAD = "ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ"
BODY = ("ᠬᠢᠩᠭᠠᠨ ᠠᠶᠢᠮᠠᠭ\u202fᠤᠨ ᠠᠷᠠᠳ\u202fᠤᠨ ᠲᠥᠯᠥᠭᠡᠯᠡᠭᠴᠢ\u202fᠶᠢᠨ ᠬᠤᠷᠠᠯ ᠬᠢᠵᠦ᠂ "
        "ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ᠌ ᠦᠨ ᠰᠣᠨᠢᠨ ᠢ ᠬᠡᠪᠯᠡᠪᠡ᠃")


def regional_issue(tmp_path: Path) -> Path:
    doc = minimal()
    doc["format"] = "tabloid"
    doc["publication_mongolian"] = NAME
    page = doc["pages"][0]
    page["masthead"] = "front"
    del page["section"]
    first = article(doc)
    first["headline"] = {"main": "乌市人大：细化目标任务  实现推进有序", "style": "vertical"}
    first["byline"] = "本报讯（吉𠮷）"
    first["body"][0] += "王龑同志说。"
    first["place"] = {"column": 1, "span": 2, "line": 12, "height": 22}
    page["photos"][0]["place"] = {"column": 3, "span": 2, "line": 12, "height": 20}
    page["articles"].append({"name": "蒙古文", "headline": HEAD, "body": [BODY],
                             "place": {"column": 1, "span": 2, "line": 36, "height": 20}})
    return write_issue(tmp_path / "regional.yaml", doc)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mn")
    out = tmp / "regional.pdf"
    code = main([str(regional_issue(tmp)), "-o", str(out), "--alto", str(tmp / "alto")])
    return code, out, tmp / "alto"


def test_the_regional_issue_builds_and_passes_its_preflight(built):
    code, out, _ = built
    assert code == 0 and out.exists()  # the preflight runs in the build; a failure exits 1


def test_its_text_copies_out_as_typed(built):
    _, out, _ = built
    document = pypdfium2.PdfDocument(out.read_bytes())
    text = document[0].get_textpage().get_text_range()
    document.close()
    flat = re.sub(r"\s+", "", text)
    for typed in (NAME, HEAD, BODY, "乌市人大：细化目标任务", "吉𠮷", "王龑同志"):
        assert re.sub(r"\s+", "", typed) in flat, typed
    assert not re.search("[\ue000-\uf8ff\U000f0000-\U0010ffff]", text)  # no private codes


def harfbuzz_glyph_names(text: str) -> list[str]:
    hb = harfbuzz()  # (ReportLab is kept from importing it: pagesetter/__init__.py)
    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(FACE))))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    return [font.get_glyph_name(info.codepoint) for info in buffer.glyph_infos]


def drawn_outlines(out: Path) -> list[tuple]:
    """The outlines of the glyphs drawn in the Mongolian face, in content order."""
    outlines = []
    with pikepdf.open(out) as pdf:
        page = pdf.pages[0]
        fonts = {str(name): font for name, font in page.Resources.Font.items()}
        mongolian = {}
        for name, font in fonts.items():
            if "NotoSansMongolian" in str(font.BaseFont):
                mongolian[name] = (TTFont(io.BytesIO(font_program(font))), glyph_ids(font))
        current = None
        for operands, operator in pikepdf.parse_content_stream(page):
            if operator == pikepdf.Operator("Tf"):
                current = mongolian.get(str(operands[0]))
            elif operator == pikepdf.Operator("Tj") and current is not None:
                face, glyphs = current
                codes = bytes(operands[0])
                for k in range(0, len(codes), 2):  # two-byte CIDs
                    name = face.getGlyphOrder()[glyphs[int.from_bytes(codes[k:k + 2], "big")]]
                    outlines.append(_outline(face["glyf"][name], face["glyf"]))
    return outlines


def _outline(glyph, table) -> tuple:
    if glyph.isComposite():
        return tuple(_outline(table[c.glyphName], table) + (c.x, c.y) for c in glyph.components)
    if not glyph.numberOfContours:
        return ()
    return tuple(map(tuple, glyph.getCoordinates(table)[0]))


def test_the_glyphs_drawn_are_harfbuzz_s_with_positional_forms(built):
    _, out, _ = built
    face = TTFont(str(FACE))
    table = face["glyf"]
    wanted = []
    for text in (NAME, HEAD, BODY):
        names = harfbuzz_glyph_names(text)
        wanted += [_outline(table[n], table) for n in names]
        if text == HEAD:  # ᠮᠣᠩᠭᠣᠯ: initial, medial and final forms, never isolated letters
            assert {n.rsplit(".", 1)[-1] for n in names if "." in n} >= {"init", "medi", "fina"}\
                or any(n.endswith((".ini", ".med", ".fin")) for n in names)
            isolated = {face.getBestCmap()[ord(c)] for c in "ᠮᠣᠩᠭᠯ"}
            assert not isolated & set(names)
    drawn = [o for o in drawn_outlines(out) if o]
    wanted = [o for o in wanted if o]
    for outline in wanted:  # every glyph HarfBuzz chose is drawn
        assert outline in drawn
    assert len(drawn) == len(wanted)


def test_alto_carries_the_mongolian_and_the_vertical_head(built):
    _, _, alto = built
    (page,) = sorted(alto.glob("*.xml"))
    xml = page.read_text(encoding="utf-8")
    for word in ("ᠬᠢᠩᠭᠠᠨ", "ᠮᠣᠩᠭᠣᠯ", "ᠲᠥᠯᠥᠭᠡᠯᠡᠭᠴᠢ"):
        assert f'CONTENT="{word}' in xml or word in xml, word
    assert "乌市人大" in xml


def test_mongolian_inside_a_chinese_line_is_refused_with_where_it_may_go(tmp_path, capsys):
    doc = minimal()
    article(doc)["body"][0] += HEAD
    assert main([str(write_issue(tmp_path / "h.yaml", doc)), "-o", str(tmp_path / "h.pdf")]) == 2
    err = capsys.readouterr().err
    assert "Mongolian is set vertically" in err and "Traceback" not in err
    # one line for the word, not one for each of its letters
    assert len([line for line in err.splitlines() if "Mongolian letters" in line]) == 1


def test_a_build_without_mongolian_never_opens_the_face_nor_shapes(tmp_path, monkeypatch):
    from pagesetter import fonts
    from pagesetter.compose.shaping import Shaper
    from pagesetter.loader import load_issue
    from pagesetter.pipeline import issue_pdf, place_pages

    opened, shaped = [], []
    real = fonts.load_face
    monkeypatch.setattr(fonts, "load_face", lambda path: opened.append(path.name) or real(path))
    monkeypatch.setattr(Shaper, "_shape", lambda *args: shaped.append(args))
    issue = load_issue(write_issue(tmp_path / "plain.yaml"))
    issue_pdf(issue, place_pages(issue))
    assert opened and "NotoSansMongolian-Regular.ttf" not in opened and not shaped


def test_a_face_parsed_again_by_another_kept_does_not_take_the_shaped_codes_of_the_first(
        tmp_path):
    """Regression: in a process with two `Kept`s (the test suite, a watch session beside a
    batch), the second parse of the Mongolian face was registered under the same name, and
    ReportLab drew the first's private codes with the second's glyphs, and wrote its text."""
    from pagesetter.fonts import load_face
    from pagesetter.kept import Kept, keeping

    with keeping(Kept()):
        load_face(FACE)
    code, out, _ = 0, tmp_path / "again.pdf", None
    with keeping(Kept()):
        load_face(FACE).code_for(5, "x", 500)  # a code this parse gives another glyph
        code = main([str(regional_issue(tmp_path)), "-o", str(out)])
    with keeping(Kept()):
        assert code == 0
        text = pypdfium2.PdfDocument(out.read_bytes())[0].get_textpage().get_text_range()
    assert re.sub(r"\s+", "", HEAD) in re.sub(r"\s+", "", text)


def test_a_chinese_vertical_head_reads_right_to_left_and_a_mongolian_one_left_to_right(
        tmp_path):
    """Regression: the lines of a vertical Chinese head followed each other left to right;
    vertical Chinese reads in lines from right to left (clreq), Mongolian left to right."""
    from pagesetter.loader import load_issue
    from pagesetter.pipeline import place_pages

    doc = minimal()
    first = article(doc)
    first["headline"] = {"kicker": "兴安盟人大", "main": "乌市人大：细化目标任务  实现推进有序",
                         "deck": "盟人大常委会", "style": "vertical"}
    first["place"] = {"column": 1, "span": 2, "line": 1, "height": 22}
    doc["pages"][0]["articles"].append({
        "name": "蒙古文", "headline": "ᠮᠣᠩᠭᠣᠯ  ᠪᠢᠴᠢᠭ", "body": [BODY],  # two lines
        "place": {"column": 1, "span": 2, "line": 40, "height": 20}})
    (page,) = place_pages(load_issue(write_issue(tmp_path / "heads.yaml", doc)))
    blocks = {(b.name, b.kind): b for b in page.blocks}
    main_head = blocks["短讯", "headline"].lines
    assert [line.text for line in main_head] == ["乌市人大：细化目标任务", "实现推进有序"]
    assert main_head[0].bounds()[0] > main_head[1].bounds()[0]  # the first line on the right
    kicker, deck = blocks["短讯", "kicker"].lines[0], blocks["短讯", "deck"].lines[0]
    assert kicker.bounds()[0] > main_head[0].bounds()[0]  # the kicker nearest the text
    assert deck.bounds()[0] < main_head[1].bounds()[0]  # the deck leftmost
    mongolian = blocks["蒙古文", "headline"].lines
    assert len(mongolian) == 2 and mongolian[0].bounds()[0] < mongolian[1].bounds()[0]


def test_the_page_header_prints_the_mongolian_name_beside_the_name(tmp_path):
    """Regression: only a front page's masthead printed `publication_mongolian`; an inner
    page's header (报眉) dropped it."""
    from pagesetter.loader import load_issue
    from pagesetter.pipeline import place_pages

    doc = minimal()
    doc["publication_mongolian"] = NAME
    out = tmp_path / "plain.pdf"
    issue = write_issue(tmp_path / "plain.yaml", doc)
    assert main([str(issue), "-o", str(out)]) == 0
    (page,) = place_pages(load_issue(issue))
    (header,) = [b for b in page.blocks if b.kind == "header"]
    name, mongolian = header.lines[0], [line for line in header.lines if line.vertical]
    assert mongolian and "".join(line.text for line in mongolian).replace(" ", "") == \
        NAME.replace(" ", "")
    assert all(line.x > name.x + name.width for line in mongolian)  # beside the name
    top, bottom = name.baseline - name.size, name.baseline + name.size * 0.2
    assert all(top - 1 <= line.bounds()[1] and line.bounds()[3] <= bottom + 1
               for line in mongolian)  # within the name's height
    document = pypdfium2.PdfDocument(out.read_bytes())
    text = document[0].get_textpage().get_text_range()
    document.close()
    assert re.sub(r"\s+", "", NAME) in re.sub(r"\s+", "", text)


def test_a_mongolian_name_with_nothing_to_print_it_is_a_warning(tmp_path, capsys):
    """A format whose header has no `mongolian_style`, on an issue with no masthead: the name
    would be dropped without a word."""
    fmt = (ROOT / "layout" / "bulletin.yaml").read_text(encoding="utf-8")
    fmt = fmt.replace("  mongolian_style: header-mongolian", "")
    assert "header-mongolian   #" not in fmt
    (tmp_path / "plain-header.yaml").write_text(fmt, encoding="utf-8")
    doc = minimal()
    doc["format"] = str(tmp_path / "plain-header.yaml")
    doc["publication_mongolian"] = NAME
    out = tmp_path / "plain.pdf"
    assert main([str(write_issue(tmp_path / "plain.yaml", doc)), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "publication_mongolian: the Mongolian name is printed beside the name in a " \
        "masthead, or in a page header whose format gives it a style, and this issue has " \
        "neither" in err and "`mastheads`: front" in err
