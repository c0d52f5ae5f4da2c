"""The PDF writer's own pieces: numbers, graphics states, evenly spaced pieces of a run."""
import pikepdf
import pytest

from pagesetter.render.pdf import _even_pieces, num


@pytest.mark.parametrize("value, text", [
    (1.0, "1"), (100, "100"), (0.5, "0.5"), (12.345678, "12.3457"), (-2.25, "-2.25"),
    (-0.00001, "0"), (0.00004, "0"), (1e-9, "0"), (1190.5512, "1190.5512"),
])
def test_numbers_are_short_and_never_minus_zero(value, text):
    assert num(value) == text


def test_evenly_spaced_glyphs_are_one_piece():
    widths = {ord("人"): 1000, ord("，"): 1000}
    # Four 9 pt glyphs stretched by 0.5 pt each: one piece, Tc 0.5.
    xs = (0.0, 9.5, 19.0, 28.5)
    assert _even_pieces("人人人人", xs, widths, 1000, 0.009) == [(0, 4, 0.5)]


def test_a_compressed_mark_starts_a_new_piece():
    widths = {ord("人"): 1000, ord("，"): 1000}
    # The comma gives up half its cell: the glyph after it is placed by its own position.
    xs = (0.0, 9.0, 18.0, 22.5, 31.5)
    pieces = _even_pieces("人人，人人", xs, widths, 1000, 0.009)
    assert pieces == [(0, 3, 0.0), (3, 5, 0.0)]
    starts = [xs[start] for start, _, _ in pieces]
    assert starts == [0.0, 22.5]


def test_overprint_states_never_set_stroke_overprint(tmp_path):
    """/OP without /op would switch fill overprint off too (PDF 1.7 table 58)."""
    from pagesetter.cli import main

    from .conftest import MINIMAL

    issue = tmp_path / "issue.yaml"
    issue.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out.pdf"
    assert main([str(issue), "-o", str(out)]) == 0
    with pikepdf.open(out) as pdf:
        states = pdf.pages[0].Resources.ExtGState
        values = {bool(states[k].op) for k in states.keys()}
        assert values == {True, False}
        for k in states.keys():
            assert "/OP" not in states[k]
            assert int(states[k].OPM) == (1 if states[k].op else 0)


def test_a_photo_that_fails_to_separate_fails_the_render(monkeypatch):
    """Separation runs in a background thread; its error must reach the build."""
    from pagesetter.loader import load_issue
    from pagesetter.pipeline import place_pages
    from pagesetter.render import pdf as render

    from .conftest import SAMPLE

    def broken(*key):
        raise OSError("disk gone")

    pages = place_pages(load_issue(SAMPLE))
    monkeypatch.setattr(render, "press_image", broken)
    with pytest.raises(OSError, match="disk gone"):
        render.render_pdf(pages)
