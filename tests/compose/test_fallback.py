"""Fallback faces: ideographs a face lacks (rare name characters, CJK Extensions A–F) are set
from the format's fallback faces, aligned to the face's ideographic box, with a warning each;
only characters no face has stop the build."""
import pypdfium2
import pikepdf

from pagesetter.cli import main
from pagesetter.compose import Composer
from pagesetter.loader import load_issue

from ..conftest import article, minimal, write_issue

RARE = "龑𠮷"  # U+9F91 (not in the body faces' 8,105), U+20BB7 (Extension B)


def rare_issue(tmp_path):
    doc = minimal()
    article(doc)["byline"] = "本报讯（吉𠮷）"
    article(doc)["body"][0] += "王龑同志说。"
    return write_issue(tmp_path / "rare.yaml", doc)


def test_rare_characters_build_from_the_fallback_with_a_warning_each_and_copy_out(
        tmp_path, capsys):
    out = tmp_path / "rare.pdf"
    assert main([str(rare_issue(tmp_path)), "-o", str(out)]) == 0  # preflight included
    err = capsys.readouterr().err
    for ch in RARE:
        assert f"character 「{ch}」 (U+{ord(ch):04X}) is set from the fallback face" in err
    # each at the field that holds it, the run-in byline too
    assert "articles[0].byline: character 「𠮷」" in err
    assert "articles[0].body[0]: character 「龑」" in err
    document = pypdfium2.PdfDocument(out.read_bytes())
    text = document[0].get_textpage().get_text_range()
    document.close()
    assert "吉𠮷" in text and "王龑同志" in text
    with pikepdf.open(out) as pdf:
        fonts = pdf.pages[0].Resources.Font
        names = [str(fonts[k].BaseFont) for k in fonts.keys()]
    # the body's 龑 from Hanazono Mincho, the Hei byline's 𠮷 from Noto Sans CJK, as subsets
    assert any("HanaMinA" in name for name in names)
    assert any("NotoSansCJKsc-Medium" in name for name in names)
    assert all("+" in name for name in names)


def test_a_fallback_glyph_sits_on_the_faces_ideographic_box_and_keeps_the_cell(tmp_path):
    fmt = load_issue(write_issue(tmp_path / "plain.yaml")).format
    composer = Composer.for_format(fmt)
    body = fmt.styles["body"]
    face, rise = composer.face_for("body", "龑")
    assert face == "song+1" and composer.face_for("body", "王") == ("", 0.0)
    # Hanazono's box is 0.859/−0.141 em, Noto's 0.88/−0.12: raised by 0.0206 em
    assert abs(rise - 0.020625) < 1e-6
    assert composer.advance("body", "龑") == 1.0  # a full cell, like the face's own
    line = composer.compose_text(composer.spans([("王龑同志", "body")], fmt_pos(), "x"),
                                 body.size * 10, body)[0]
    runs = line.glyph_runs
    assert [(r.text, r.face) for r in runs] == [("王", ""), ("龑", "song+1"), ("同志", "")]
    assert runs[1].xs[0] == runs[0].xs[0] + body.size  # the cells of the line are unchanged


def test_a_hei_style_falls_back_to_hei_of_its_weight_then_to_ming(tmp_path):
    fmt = load_issue(write_issue(tmp_path / "plain.yaml")).format
    composer = Composer.for_format(fmt)
    assert fmt.styles["byline"].font == "hei-medium"
    files = {key: path.name for key, path in fmt.fonts.items()}
    byline_龑, byline_吉 = composer.face_for("byline", "龑"), composer.face_for("byline", "𠮷")
    assert files[byline_龑[0]] == files[byline_吉[0]] == "NotoSansSC-Medium-Fallback.ttf"
    assert byline_龑[1] == 0.0  # the same design: the same ideographic box as the face
    assert files[composer.face_for("headline", "龑")[0]] == "NotoSansSC-Bold-Fallback.ttf"
    # Extension C is in no Hei face: Hanazono Mincho B sets it, under the Hei style too
    assert files[composer.face_for("byline", "\U0002A701")[0]] == "HanaMinB-Fallback.ttf"
    # a Song style keeps a Ming design
    assert files[composer.face_for("body", "龑")[0]] == "HanaMinA-Fallback.ttf"


def fmt_pos():
    from pagesetter.errors import SourcePos

    return SourcePos("<test>")


def test_a_character_no_face_has_still_stops_the_build(tmp_path, capsys):
    doc = minimal()
    article(doc)["body"][0] += "\U00031350"  # Extension G: in no committed face
    assert main([str(write_issue(tmp_path / "g.yaml", doc)), "-o",
                 str(tmp_path / "g.pdf")]) == 2
    assert "U+31350" in capsys.readouterr().err


def test_a_page_without_rare_characters_never_opens_the_fallback_faces(tmp_path, monkeypatch):
    from pagesetter import fonts
    from pagesetter.place import place_page

    opened = []
    real = fonts.load_face
    monkeypatch.setattr(fonts, "load_face", lambda path: opened.append(path.name) or real(path))
    issue = load_issue(write_issue(tmp_path / "plain.yaml"))
    place_page(issue, issue.pages[0], Composer.for_issue(issue))
    assert opened and not [name for name in opened if "Fallback" in name]


def test_a_continued_articles_rare_character_is_warned_of_once(tmp_path):
    """Regression: the later page of a continued article sets its copy again, so each of its
    fallback characters was warned of twice, at the same line of the issue."""
    from pagesetter.pipeline import place_pages
    from pagesetter.report import fit_messages

    from ..place.test_front_matter import front_doc

    doc = front_doc()
    lead = doc["pages"][0]["articles"][0]
    assert lead["continues"]
    lead["headline"]["kicker"] = "兴安盟人大助推龑社会治理现代化"
    issue = write_issue(tmp_path / "front.yaml", doc)
    messages = fit_messages(issue, place_pages(load_issue(issue)))
    assert len([m for m in messages if "「龑」" in m]) == 1


def test_an_invisible_character_in_the_copy_is_named_and_the_hint_says_to_delete_it(
        tmp_path, capsys):
    """Regression: a zero-width space pasted with the copy was reported as 「」 (the character
    itself, invisible) with a hint to find a face that has it."""
    doc = minimal()
    doc["pages"][0]["articles"][0]["body"][0] = "自治区两会\u200b闭幕后，\ufeff乌市人大\x07常委会。"
    issue = write_issue(tmp_path / "bad.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    for shown, name in (("\\u200b", "zero width space"), ("\\ufeff", "zero width no-break space"),
                        ("\\x07", "a control character")):
        line = next(line for line in err.splitlines() if f"「{shown}」" in line)
        assert f"it prints as nothing ({name})" in line and "delete it from the copy" in line
