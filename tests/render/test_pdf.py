"""The PDF renderer (ReportLab) and its finishing (pikepdf): evenly spaced pieces, overprint,
fonts as print needs them, and the one-way street from the placed page."""
import ast
import io
import re
from pathlib import Path

import pikepdf
import pypdfium2
import pytest


from ..conftest import PHOTO, SAMPLE, article, minimal, photo, write_issue
from ..pdfs import font_program

SRC = Path(__file__).resolve().parents[2] / "src" / "pagesetter"


def build(tmp_path, doc=None, name="issue", extra=()):
    from pagesetter.cli import main

    issue = write_issue(tmp_path / f"{name}.yaml", doc)
    out = tmp_path / f"{name}.pdf"
    assert main([str(issue), "-o", str(out), *extra]) == 0
    return out


def painted_states(pdf: pikepdf.Pdf, page: pikepdf.Page):
    """(what, colour, overprint, OPM) in force at every text show, fill and stroke of `page`,
    following q/Q, k, K and gs the way a RIP does (an ExtGState's /OP also sets /op when /op is
    absent)."""
    states = page.Resources.get("/ExtGState", {})
    fill, stroke, op, stroke_op, opm = (0.0,), (0.0,), False, False, 0
    stack, found = [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name == "q":
            stack.append((fill, stroke, op, stroke_op, opm))
        elif name == "Q":
            fill, stroke, op, stroke_op, opm = stack.pop()
        elif name == "k":
            fill = tuple(float(v) for v in operands)
        elif name == "K":
            stroke = tuple(float(v) for v in operands)
        elif name == "gs":
            state = states[operands[0]]
            if "/OP" in state:
                stroke_op = op = bool(state.OP)
            if "/op" in state:
                op = bool(state.op)
            if "/OPM" in state:
                opm = int(state.OPM)
        elif name in ("Tj", "TJ"):
            found.append(("text", fill, op, opm))
        elif name in ("f", "F", "f*", "B", "b"):
            found.append(("fill", fill, op, opm))
        if name in ("S", "s", "B", "b"):
            found.append(("stroke", stroke, stroke_op, opm))
    return found


def text_states(pdf: pikepdf.Pdf, page: pikepdf.Page):
    """(fill, op, OPM) in force at every text-showing operator of `page`."""
    return [state[1:] for state in painted_states(pdf, page) if state[0] == "text"]


def test_black_text_fills_and_strokes_overprint_with_the_nonzero_mode_and_tints_knock_out(
        tmp_path):
    """Black text, fills and strokes: 0/0/0/100, overprint true, OPM 1 (zero components leave
    the plates below alone); tints knock out. Regression: strokes never overprinted (the
    ExtGStates set only /op), so the tabloid's boxed article showed a K-only border round its
    M5 Y15 tint in the separations."""
    from pagesetter.cli import main

    from ..conftest import FRONT

    out = tmp_path / "front.pdf"
    assert main([str(FRONT), "-o", str(out)]) == 0
    kinds = set()
    with pikepdf.open(out) as pdf:
        for page in pdf.pages:
            for what, colour, overprint, opm in painted_states(pdf, page):
                if colour == (0, 0, 0, 1):
                    assert overprint and opm == 1, (what, colour)
                    kinds.add(what)
                elif what != "text" and len(colour) == 4 and sum(colour) < 4:
                    assert not overprint, (what, colour)  # a tint knocks out
    assert kinds >= {"text", "stroke"}


def test_no_module_of_ours_touches_reportlab_private_names_or_writes_pdf_operators():
    """ReportLab is used through its public API only; PDF operators are its business."""
    users = 0
    for path in SRC.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        imports = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                   and (node.module or "").startswith("reportlab")]
        for node in imports:
            assert not any(alias.name.startswith("_") for alias in node.names), path.name
        if imports:  # a module that uses ReportLab reaches into no object's private state
            users += 1
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                        and not node.attr.startswith("__"):
                    owner = node.value.id if isinstance(node.value, ast.Name) else "?"
                    assert owner in ("self", "cls"), \
                        f"{path.name}:{node.lineno}: {owner}.{node.attr}"
        for operator in (" Tj", " Tf", " re f", " cm ", " BDC", " TJ"):
            assert f'{operator}"' not in source and f"{operator}'" not in source, \
                (path.name, operator)
    assert users >= 2  # fonts.py and render/pdf.py


def test_faces_are_embedded_as_cid_keyed_subsets_with_tags_taken_from_their_content(tmp_path):
    """Each face is one CID-keyed font (Type0, Identity-H, its glyphs embedded as a TrueType
    subset), tagged from its content: the same subset gets the same tag in every file (a plate
    carrying pages of two files holds no two fonts under one name), a different one another."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = build(tmp_path / "a")
    again = build(tmp_path / "b")  # the same file name: the slug names it
    doc = minimal()
    article(doc)["body"][0] += "乌兰浩特。"
    other = build(tmp_path, doc)

    def subsets(path):
        with pikepdf.open(path) as pdf:
            fonts = pdf.pages[0].Resources.Font
            out = {}
            for key in fonts.keys():
                font = fonts[key]
                assert font.Subtype == "/Type0" and font.Encoding == "/Identity-H"
                # an object of its own, as readers expect (poppler saw no ToUnicode in an
                # inline one, and looked for object 0)
                assert font.is_indirect
                cid_font = font.DescendantFonts[0]
                assert cid_font.Subtype == "/CIDFontType2"
                assert "/FontFile2" in cid_font.FontDescriptor, f"{font.BaseFont} not embedded"
                assert "/ToUnicode" in font
                assert cid_font.FontDescriptor.FontName == cid_font.BaseFont == font.BaseFont
                tag, family = str(font.BaseFont)[1:].split("+")
                assert re.fullmatch("[A-Z]{6}", tag)
                out[tag] = (family, font_program(font))
            return out

    tags = subsets(first)
    assert len(set(family for family, _ in tags.values())) == len(tags)  # one font a face
    assert subsets(again) == tags
    changed = subsets(other)
    for tag in set(changed) & set(tags):  # a shared tag is the same subset
        assert changed[tag] == tags[tag]
    assert set(changed) != set(tags)


def test_each_line_is_drawn_in_one_font_a_face(tmp_path):
    """Regression: ReportLab's 256-glyph subsets made a line of Chinese switch fonts at most
    characters (1,340 switches a broadsheet page, each a font, a leading and a string to write
    and to preflight); with one CID-keyed font a face, a page sets each face once a run."""
    out = build(tmp_path)
    with pikepdf.open(out) as pdf:
        operators = [str(op) for _, op in pikepdf.parse_content_stream(pdf.pages[0])]
        faces = len(pdf.pages[0].Resources.Font)
    shown = operators.count("Tj")
    assert operators.count("Tf") <= faces * operators.count("BT"), operators.count("Tf")
    assert shown > 20


def test_characters_beyond_the_bmp_map_to_surrogate_pairs(tmp_path):
    """ReportLab writes `<2C317>`; the ToUnicode map must say <D870DF17> (UTF-16)."""
    rare = "𠅤𠙶"
    doc = minimal()
    article(doc)["body"][0] = f"传达学习{rare}。"
    out = build(tmp_path, doc)
    with pikepdf.open(out) as pdf:
        maps = [pdf.pages[0].Resources.Font[k].ToUnicode.read_bytes().decode("latin-1")
                for k in pdf.pages[0].Resources.Font.keys()]
    text = "\n".join(maps)
    for ch in rare:
        pair = ch.encode("utf-16-be").hex().upper()
        assert f"<{pair}>" in text, ch
    assert not re.search(r"<[0-9A-F]{5,6}>", text)


def test_every_glyph_is_drawn_where_it_was_placed_and_nothing_else_is_drawn():
    """Every glyph's origin in the PDF is its placed position (within the 0.001 pt ReportLab
    writes), across whole blocks of lines, and no other character is drawn on the trim (the
    slug stands below it)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    from pagesetter.loader import load_issue
    from pagesetter.pipeline import place_pages
    from pagesetter.render.marks import MARK_AREA
    from pagesetter.render.pdf import render_pdf

    page = place_pages(load_issue(SAMPLE))[0]
    data = render_pdf([page])
    margin = page.bleed + MARK_AREA
    expected = [(ch, margin + line.x + x, margin + page.height - line.baseline - run.rise)
                for block in page.blocks for line in block.lines for run in line.runs
                for ch, x in zip(run.text, run.xs, strict=True) if ch.strip()]
    document = pypdfium2.PdfDocument(data)
    text = document[0].get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    drawn = []
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        if ch.strip():
            pdfium_c.FPDFText_GetCharOrigin(text.raw, i, x, y)
            drawn.append((ch, x.value, y.value))
    slug = [d for d in drawn if d[2] < margin]  # below the trim: the slug, not placed text
    drawn = [d for d in drawn if d[2] >= margin]

    def in_page_order(glyphs):  # pdfium reads glyphs in its own order: compare by place
        return sorted(glyphs, key=lambda g: (-round(g[2], 1), g[1]))

    drawn, expected = in_page_order(drawn), in_page_order(expected)
    assert slug and [d[0] for d in drawn] == [e[0] for e in expected]
    worst = max(max(abs(a[1] - b[1]), abs(a[2] - b[2]))
                for a, b in zip(drawn, expected, strict=True))
    assert worst < 0.002


def test_a_photo_that_fails_to_separate_fails_the_render(monkeypatch, nothing_kept):
    """Separation runs in a background thread; its error must reach the build."""
    from pagesetter.loader import load_issue
    from pagesetter.pipeline import place_pages
    from pagesetter.render import photos
    from pagesetter.render.pdf import render_pdf

    def broken(*key):
        raise OSError("disk gone")

    pages = place_pages(load_issue(SAMPLE))
    monkeypatch.setattr(photos, "press_image", broken)
    with pytest.raises(OSError, match="disk gone"):
        render_pdf(pages)


def test_a_photo_replaced_under_the_same_name_is_drawn_anew(tmp_path):
    """Regression: ReportLab's readers are kept between renders in a warm process (watch); a
    photo file replaced by another picture of the same size must not show the old one."""
    import shutil

    from PIL import Image, ImageOps

    from pagesetter.loader import load_issue
    from pagesetter.pipeline import place_pages
    from pagesetter.render.pdf import render_pdf

    photo = tmp_path / "photo.jpg"
    shutil.copy(PHOTO, photo)
    doc = minimal()
    doc["pages"][0]["photos"][0]["file"] = str(photo)
    issue_file = write_issue(tmp_path / "a.yaml", doc)

    def embedded() -> bytes:
        with pikepdf.open(io.BytesIO(render_pdf(place_pages(load_issue(issue_file))))) as pdf:
            forms = pdf.pages[0].Resources.XObject
            form = next(forms[k] for k in forms.keys() if "photo" in str(k))
            images = form.Resources.XObject
            return next(images[k] for k in images.keys()).read_raw_bytes()

    before = embedded()
    with Image.open(PHOTO) as im:
        ImageOps.mirror(im).save(photo, quality=90)
    assert embedded() != before


def test_the_photo_is_embedded_once_as_the_separated_jpeg(tmp_path):
    """The CMYK JPEG passes through as it was separated (DCT), named by its content, with the
    /Decode an Adobe CMYK JPEG needs; two placements of one photo share it."""
    from pagesetter.colour import press_image, press_key
    from pagesetter.loader import load_issue
    from pagesetter.pipeline import place_pages

    doc = minimal()
    again = {**photo(doc), "place": {**photo(doc)["place"], "line": 40}}
    doc["pages"][0]["photos"].append(again)
    out = build(tmp_path, doc)
    (page,) = place_pages(load_issue(tmp_path / "issue.yaml"))
    press = press_image(*press_key(page.images[0]))
    with pikepdf.open(out) as pdf:
        images = {}
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                images[obj.objgen] = obj
        (image,) = images.values()
        filters = image.Filter if isinstance(image.Filter, pikepdf.Array) else [image.Filter]
        assert list(filters) == ["/DCTDecode"] and image.ColorSpace == "/DeviceCMYK"
        assert image.read_raw_bytes() == press.data
        assert list(image.Decode) == [1, 0] * 4
