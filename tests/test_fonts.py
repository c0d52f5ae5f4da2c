"""Faces: metrics come from the ReportLab object that embeds, and a face the user brings —
hinted TrueType with composite glyphs, as licensed 方正/汉仪 faces are — sets and embeds."""
import io
import shutil
import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont

from pagesetter.cli import main
from pagesetter.fonts import FontBook, load_face
from pagesetter.resources import data_dir

from .conftest import minimal, write_issue
from .pdfs import font_program
from .test_build import glyphs_where_placed, squash

HOUSE = Path(__file__).parent / "fonts" / "house-face.yaml"
HOUSE_FONT = Path(__file__).parent / "fonts" / "WenQuanYiMicroHei-test.ttf"


@pytest.mark.parametrize("path", [data_dir("fonts") / "NotoSerifSC-Regular.ttf", HOUSE_FONT])
def test_advances_are_the_embedded_widths_and_agree_with_fonttools(path):
    """The composer's advances are the /Widths ReportLab writes (the same object), and both
    agree with fontTools' reading of hmtx, whatever the units per em."""
    book = FontBook({"f": path})
    reference = TTFont(path)
    per_em = reference["head"].unitsPerEm
    cmap = reference.getBestCmap()
    for ch in "人大，。“”（）A1 □":
        advance = reference["hmtx"][cmap[ord(ch)]][0] / per_em
        assert book.advance("f", ch) == pytest.approx(advance, abs=0.0005), ch
        assert book.advance("f", ch) * 1000 == load_face(path).face.charWidths[ord(ch)]
    assert book.missing_all("f", "人大𪚥人") == ["𪚥"] if path == HOUSE_FONT else True


def test_a_hinted_face_with_composite_glyphs_sets_and_embeds(tmp_path):
    doc = minimal()
    doc["format"] = str(HOUSE)
    issue = write_issue(tmp_path / "house.yaml", doc)
    out = tmp_path / "house.pdf"
    assert main([str(issue), "-o", str(out)]) == 0  # preflight included

    with pikepdf.open(out) as pdf:
        fonts = pdf.pages[0].Resources.Font
        embedded = [font_program(fonts[k]) for k in fonts.keys()]
    composites = 0
    for data in embedded:
        face = TTFont(io.BytesIO(data))
        assert {"fpgm", "prep", "cvt "} <= set(face.keys())  # the hinting programs travel
        glyf = face["glyf"]
        for name in face.getGlyphOrder():
            glyph = glyf[name]
            if glyph.isComposite():
                composites += 1
                for component in glyph.components:  # every part is in the subset
                    assert component.glyphName in glyf
                glyph.recalcBounds(glyf)
                assert glyph.xMax > glyph.xMin  # it draws something
    assert composites > 10

    document = pdfium.PdfDocument(str(out))
    text = squash(document[0].get_textpage().get_text_range())
    for paragraph in ("自治区两会闭幕后，乌市人大常委会便迅速组织人大代表、机关干部传达学习。",
                      "坚持党的领导，坚定拥护“两个确立”，坚决做到“两个维护”。"):
        assert paragraph in text
    from pagesetter.loader import load_issue
    from pagesetter.pipeline import place_pages

    (page,) = place_pages(load_issue(issue))
    assert glyphs_where_placed(document[0], page) > 30
    ink = document[0].render(scale=1).to_pil().convert("L")
    assert ink.getextrema()[0] < 50  # glyphs printed black, not blank boxes


def test_subset_tags_are_six_capitals(tmp_path):
    doc = minimal()
    doc["format"] = str(HOUSE)
    issue = write_issue(tmp_path / "house.yaml", doc)
    out = tmp_path / "house.pdf"
    assert main([str(issue), "-o", str(out), "--no-check"]) == 0
    with pikepdf.open(out) as pdf:
        fonts = pdf.pages[0].Resources.Font
        names = [str(fonts[k].BaseFont) for k in fonts.keys()]
    assert all(re.fullmatch(r"/[A-Z]{6}\+WenQuanYiMicroHei", n) for n in names), names


def test_a_face_read_from_the_metrics_cache_embeds_the_same_subsets(tmp_path, monkeypatch):
    """The faces' metrics kept on disk (face_metrics.py) give the same PDF, font programs and
    widths included, as faces parsed by ReportLab — the first build fills the cache, the second
    reads it, a third runs without it."""
    from pagesetter.kept import Kept, keeping

    from .conftest import SAMPLE

    from pagesetter import fonts

    monkeypatch.setenv("PAGESETTER_CACHE_DIR", str(tmp_path / "cache"))
    # as a new process: no face another test registered with ReportLab
    monkeypatch.setattr(fonts, "_registered", lambda digest: None)
    outputs = []
    for run, cache in enumerate(("on", "on", "off")):
        monkeypatch.setenv("PAGESETTER_CACHE", cache)
        out = tmp_path / f"{run}.pdf"
        with keeping(Kept()):  # faces read afresh, as a new process reads them
            assert main([str(SAMPLE), "-o", str(out), "--no-preflight"]) == 0
        outputs.append(out.read_bytes())
    assert list((tmp_path / "cache" / "faces").glob("*.bin"))
    assert outputs[0] == outputs[1] == outputs[2]
    with pikepdf.open(io.BytesIO(outputs[1])) as pdf:
        fonts = pdf.pages[0].Resources.Font
        assert all(font_program(fonts[k]) for k in fonts.keys())


def test_a_damaged_metrics_entry_is_read_again_from_the_face(tmp_path, monkeypatch):
    """An entry that passes its MAC but not the checks of a face's reading (here, a glyph
    number past the face's glyphs) is never used: the face is parsed again."""
    from pagesetter import face_metrics
    from pagesetter.face_file import FaceFile
    from pagesetter.kept import Kept, keeping

    monkeypatch.setenv("PAGESETTER_CACHE_DIR", str(tmp_path / "cache"))
    with keeping(Kept()):
        good = face_metrics.read_face(FaceFile.open(HOUSE_FONT))
        meta, blob = good.record()
    glyphs = face_metrics._arrays(meta, blob)["glyphs"]
    glyphs[0] = meta["numGlyphs"] + 5
    assert face_metrics._sound(meta, blob)
    broken = blob.replace(face_metrics._arrays(meta, blob)["glyphs"].tobytes(), glyphs.tobytes())
    assert not face_metrics._sound(meta, broken)


@pytest.mark.parametrize("path", [data_dir("fonts") / "NotoSansSC-Medium.ttf", HOUSE_FONT])
def test_a_face_read_from_the_cache_has_reportlabs_reading(tmp_path, monkeypatch, path):
    """What `extractInfo` sets, read back from the cache (glyphToChar made when first asked
    for, hmetrics and glyphPos over the arrays), equals ReportLab's own parse."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    from pagesetter import face_metrics
    from pagesetter.face_file import FaceFile
    from pagesetter.kept import Kept, keeping

    monkeypatch.setenv("PAGESETTER_CACHE_DIR", str(tmp_path / "cache"))
    with keeping(Kept()):
        face_metrics.read_face(FaceFile.open(path))  # parsed, and kept
        kept = face_metrics.read_face(FaceFile.open(path))  # read back
    parsed = TTFontFace(str(path))
    assert isinstance(kept, face_metrics._KeptFace) and kept._facts is not None
    for name in ("charToGlyph", "charWidths", "glyphToChar", "defaultWidth", "numGlyphs",
                 "ascent", "descent", "bbox", "name"):
        assert getattr(kept, name) == getattr(parsed, name), name
    assert len(kept.hmetrics) == len(parsed.hmetrics)
    assert all(kept.hmetrics[g] == parsed.hmetrics[g] for g in range(len(parsed.hmetrics)))
    assert list(kept.glyphPos) == parsed.glyphPos


def test_two_faces_of_one_postscript_name_are_each_drawn_with_their_own_glyphs(tmp_path):
    """ReportLab registers a face under the font first registered with its PostScript name,
    and names subsets after it: a fallback face of the body's name (a licensed family's
    supplement, another version of one face) was drawn as the body face — 𠮷 came out as the
    body's .notdef and copied out as nothing."""
    from fontTools import subset

    shutil.copy(HOUSE_FONT, tmp_path / HOUSE_FONT.name)
    fallback = TTFont(data_dir("fonts") / "NotoSansSC-Medium-Fallback.ttf")
    subsetter = subset.Subsetter()
    subsetter.populate(text="龑𠮷")
    subsetter.subset(fallback)
    for record in fallback["name"].names:
        if record.nameID == 6:
            record.string = "WenQuanYiMicroHei"  # the body face's PostScript name
    fallback.save(tmp_path / "supplement.ttf")
    fmt = HOUSE.read_text(encoding="utf-8") + "\nfallback:\n  song: supplement.ttf\n" \
        "  hei-medium: supplement.ttf\n"
    (tmp_path / "house-face.yaml").write_text(fmt, encoding="utf-8")
    doc = minimal()
    doc["format"] = str(tmp_path / "house-face.yaml")
    article = doc["pages"][0]["articles"][0]
    article["byline"] = "本报讯（赵𠮷）"  # the face has the others
    article["body"][0] = article["body"][0].replace("传达学习", "传达学习龑")
    out = tmp_path / "same-name.pdf"
    assert main([str(write_issue(tmp_path / "same-name.yaml", doc)), "-o", str(out)]) == 0

    document = pdfium.PdfDocument(str(out))
    text = squash(document[0].get_textpage().get_text_range())
    document.close()
    assert "赵𠮷" in text and "传达学习龑" in text
    with pikepdf.open(out) as pdf:
        fonts = pdf.pages[0].Resources.Font
        programs = {str(fonts[k].BaseFont): font_program(fonts[k])
                    for k in fonts.keys()}
    assert len(programs) == 2 and len(set(programs.values())) == 2  # two faces, two subsets
    supplement = next(TTFont(io.BytesIO(data)) for data in programs.values()
                      if len(TTFont(io.BytesIO(data)).getGlyphOrder()) <= 4)
    assert all(supplement["glyf"][name].numberOfContours for name in
               supplement.getGlyphOrder()[1:])  # 龑 and 𠮷 drawn, not blank


def test_a_face_is_parsed_from_the_very_bytes_its_name_digests(tmp_path):
    """The face file is opened once: its name (and cache key) is the digest of the bytes
    ReportLab parses and subsets, so a face saved over between the two can never be embedded
    under the other's name. The digest is kept for the file's status, and forgotten when the
    file changes."""
    import hashlib

    from pagesetter import fonts
    from pagesetter.cache import kept_digest
    from pagesetter.kept import Kept, keeping

    path = tmp_path / "house.ttf"
    shutil.copyfile(HOUSE_FONT, path)
    with keeping(Kept()):
        face = fonts.load_face(path)
        digest = hashlib.sha256(face.face._ttf_data[:]).hexdigest()
        assert face.fontName == f"pagesetter:{digest}"
        assert kept_digest(path) == digest == hashlib.sha256(path.read_bytes()).hexdigest()
        assert fonts.load_face(path) is face  # kept: not read again
        shutil.copyfile(data_dir("fonts") / "NotoSansMongolian-Regular.ttf", path)
        assert kept_digest(path) is None
        other = fonts.load_face(path)
        assert other is not face
        assert other.fontName == \
            f"pagesetter:{hashlib.sha256(other.face._ttf_data[:]).hexdigest()}"
