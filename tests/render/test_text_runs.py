"""text_runs: a run cut into the strings ReportLab draws, with exact widths: evenly spaced glyphs
are one string, a half-width closing mark or pause does not cut its line, and every piece
starts where its first glyph is placed."""
import pypdfium2 as pdfium
import pytest

from pagesetter.compose import BULLETIN_BODY_FACE
from pagesetter.fonts import load_face
from pagesetter.kept import Kept, keeping
from pagesetter.model import BLACK
from pagesetter.placed import PlacedRun
from pagesetter.face_metrics import FIRST_SHAPED_CODE
from pagesetter.render.text_runs import drawn_text, even_pieces, run_pieces
from pagesetter.resources import data_dir
from pagesetter.textrules import OPENING

from ..conftest import article, minimal, write_issue


def test_evenly_spaced_glyphs_are_one_piece():
    widths = {ord("人"): 1000, ord("，"): 1000}
    # Four 9 pt glyphs stretched by 0.5 pt each: one piece, character spacing 0.5.
    xs = (0.0, 9.5, 19.0, 28.5)
    assert even_pieces("人人人人", xs, widths, 1000, 0.009) == [(0, 4, 0.5)]


def test_a_mark_drawn_at_its_full_width_starts_a_new_piece():
    widths = {ord("人"): 1000, ord("，"): 1000}
    # The comma gives up half its cell: the glyph after it is placed by its own position.
    xs = (0.0, 9.0, 18.0, 22.5, 31.5)
    pieces = even_pieces("人人，人人", xs, widths, 1000, 0.009)
    assert pieces == [(0, 3, 0.0), (3, 5, 0.0)]
    starts = [xs[start] for start, _, _ in pieces]
    assert starts == [0.0, 22.5]


@pytest.fixture(scope="module")
def face():
    with keeping(Kept()):
        return load_face(data_dir("fonts") / BULLETIN_BODY_FACE)


def run(text: str, xs: tuple[float, ...]) -> PlacedRun:
    return PlacedRun(text, xs, "song", 9.0, BLACK)


@pytest.mark.parametrize("text, xs, narrowed, pieces", [
    # 、 set half width in a line spread by 0.2 pt a gap: one string, 、 drawn ½ em narrower
    ("思路、方法", (0.0, 9.2, 18.4, 23.1, 32.3), "、", 1),
    # 。 set half width at 0 spacing
    ("好。再见", (0.0, 9.0, 13.5, 22.5), "。", 1),
    # ”， both half width: each narrowed
    ("说”，好", (0.0, 9.0, 13.5, 18.0), "”，", 1),
    # ，“ both half width: the quote's glyph starts half an em left of its cell (its blank is
    # on the left), so the comma's next glyph would not fall evenly
    ("划，“零", (0.0, 9.0, 9.0, 18.0), "", 2),
    # an opening mark is never narrowed: its ink is on the right
    ("（零零", (0.0, 4.5, 13.5), "", 2),
    # a full-width mark stays as it is
    ("好，再", (0.0, 9.0, 18.0), "", 1),
])
def test_a_half_width_mark_is_drawn_narrower_when_its_line_then_runs_evenly(
        face, text, xs, narrowed, pieces):
    drawn = drawn_text(face, run(text, xs))
    changed = "".join(ch for ch, code in zip(text, drawn, strict=True) if ch != code)
    assert changed == narrowed
    for ch, code in zip(text, drawn, strict=True):
        if ch != code:  # the same glyph, half an em narrower, copied out as typed
            assert ord(code) >= FIRST_SHAPED_CODE
            assert face.face.charToGlyph[ord(code)] == face.face.charToGlyph[ord(ch)]
            assert face.face.charWidths[ord(code)] == face.face.charWidths[ord(ch)] - 500
            assert face.shaped_text[ord(code)] == ch
    cut = run_pieces(face, run(text, xs))
    assert len(cut) == pieces
    assert [piece.dx for piece in cut] == [xs[len("".join(p.text for p in cut[:k]))]
                                           for k in range(len(cut))]


def test_half_width_marks_cut_no_line_and_copy_out_as_typed(tmp_path):
    """Regression: each half-width mark started a string of its own (a move and a font switch:
    half the text operators of a page), and text extraction broke lines after them."""
    from pagesetter.cli import main

    doc = minimal()
    copy = "思路、方法、答案，切实做到了把思想和行动统一起来。"
    article(doc)["body"] = [copy * 3]
    out = tmp_path / "x.pdf"
    assert main([str(write_issue(tmp_path / "x.yaml", doc)), "-o", str(out),
                 "--no-preflight"]) == 0
    document = pdfium.PdfDocument(str(out))
    text = document[0].get_textpage().get_text_range()
    document.close()
    assert copy in "".join(text.split())
    assert "\ufffd" not in text and not any(0x100000 <= ord(ch) for ch in text)
    from pagesetter.loader import load_issue
    from pagesetter.pipeline import place_pages

    with keeping(Kept()):
        (page,) = place_pages(load_issue(tmp_path / "x.yaml"))
        body = next(block for block in page.blocks if block.kind == "body")
        runs = [run for line in body.lines for run in line.runs]
        cut = [run_pieces(load_face(page.fonts[run.font]), run) for run in runs]
    plain = [pieces for run, pieces in zip(runs, cut, strict=True)
             if not OPENING & set(run.text)]  # (the byline's bracket is one more piece)
    assert len(plain) >= 3 and all(len(pieces) == 1 for pieces in plain)
