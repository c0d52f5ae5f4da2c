"""The preflight bounds its work before doing it (#27): hostile files end in a finding within
seconds and well under a gigabyte, never in a traceback, exhausted memory or minutes of
Ghostscript; and a rule that could not run never reads as passed."""
import base64
import shutil
import zlib

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, Stream

from ..conftest import measured
from ..pdfs import make_pdf

needs_gs = pytest.mark.skipif(shutil.which("gs") is None, reason="needs Ghostscript (gs)")

#: What every hostile case must stay within (the issue's targets).
MAX_SECONDS = 10
MAX_MIB = 1024


def within_bounds(run):
    assert "Traceback" not in run.err, run.err
    assert run.seconds < MAX_SECONDS, f"{run.seconds:.1f} s"
    assert run.peak_mib < MAX_MIB, f"{run.peak_mib:.0f} MiB"


def form(pdf, data: bytes, resources=None, compress=False) -> Stream:
    stream = Stream(pdf, zlib.compress(data, 9) if compress else data)
    if compress:
        stream.Filter = Name.FlateDecode
    stream.Type, stream.Subtype, stream.BBox = Name.XObject, Name.Form, Array([0, 0, 1, 1])
    if resources is not None:
        stream.Resources = resources
    return pdf.make_indirect(stream)


def drawing(content: bytes, xobject_of=None):
    """A `finish` for make_pdf: the page's content replaced by `content` (compressed), with the
    form `xobject_of(pdf)` as /F."""
    def finish(pdf):
        page = pdf.pages[0].obj
        if xobject_of is not None:
            page.Resources.XObject = Dictionary(F=xobject_of(pdf))
        stream = Stream(pdf, zlib.compress(content, 9))
        stream.Filter = Name.FlateDecode
        page.Contents = pdf.make_indirect(stream)
    return finish


def test_a_form_of_a_megabyte_of_spaces_drawn_100000_times_is_checked_in_seconds(tmp_path):
    """Regression: 1,000 draws took 22 s and 1.06 GB; 100,000 ended in a MemoryError."""
    path = make_pdf(tmp_path / "spaces.pdf", finish=drawing(
        b"/F Do " * 100_000, lambda pdf: form(pdf, b" " * 2**20, compress=True)))
    assert path.stat().st_size < 300_000
    run = measured(["check", path])
    within_bounds(run)
    assert run.code in (0, 4), run.out  # every content rule applied; the ink not rendered
    assert "ok   colour.spaces" in run.out and "skipped: too large" in run.out


@pytest.mark.parametrize("depth", [6, 8])
def test_forms_nested_deep_each_drawing_the_next_ten_times_are_checked_in_seconds(tmp_path,
                                                                                   depth):
    """Regression: 6 deep took 141 s and 1.2 GB before "skipped"; 8 deep was killed after
    200 s. Each level draws the next in ten colours, so no two draws share a state."""
    def nest(pdf):
        inner = form(pdf, b"0 0 0 1 k 0 0 1 1 re f")
        for _ in range(depth - 1):
            body = b"".join(f"0 0 0 {k / 10:g} k /F Do ".encode() for k in range(10))
            inner = form(pdf, body, Dictionary(XObject=Dictionary(F=inner)))
        return inner
    path = make_pdf(tmp_path / "nested.pdf", finish=drawing(b"/F Do", nest))
    run = measured(["check", path])
    within_bounds(run)
    assert run.code in (0, 4) and "ok   colour.spaces" in run.out, run.out


def test_a_content_bomb_is_skipped_before_it_is_parsed(tmp_path):
    """Regression: the suite's own bomb (0.2 MB inflating to 50 MB of `q Q`) took 87–121 s
    and 7.5 GB before it was reported: the operator cap was checked after parsing."""
    path = make_pdf(tmp_path / "bomb.pdf", finish=drawing(b"q Q " * (50 * 2**20 // 4)))
    assert path.stat().st_size < 2_000_000
    run = measured(["check", path])
    within_bounds(run)
    assert run.code == 4, run.out
    assert "skip colour.spaces: skipped: too large" in run.out
    assert "not checked:" in run.out and "passed" in run.out.splitlines()[-1]


def test_a_stream_whose_filter_cannot_be_bounded_is_not_decoded(tmp_path):
    def finish(pdf):
        stream = Stream(pdf, b"")
        stream.write(b"\x80" * 1000, filter=Name.LZWDecode)  # as a bomb would use it
        pdf.pages[0].obj.Contents = pdf.make_indirect(stream)
    keep = {"stream_decode_level": pikepdf.StreamDecodeLevel.none, "compress_streams": False}
    run = measured(["check", make_pdf(tmp_path / "lzw.pdf", finish=finish, save=keep)])
    within_bounds(run)
    assert run.code == 1 and "cannot be bounded" in run.out  # LZW also fails X-1a


def ascii_over_flate(content: bytes, text_filter: str):
    """A `finish` for make_pdf: the page's content Flate-compressed, then wrapped in a text
    filter, as ReportLab writes its pages (ASCII85 over Flate)."""
    def finish(pdf):
        packed = zlib.compress(content, 9)
        encoded = base64.a85encode(packed, wrapcol=72) + b"~>" \
            if text_filter == "/ASCII85Decode" else packed.hex().encode() + b">"
        stream = Stream(pdf, b"")
        stream.write(encoded, filter=Array([Name(text_filter), Name.FlateDecode]))
        pdf.pages[0].obj.Contents = pdf.make_indirect(stream)
    return finish


KEEP_FILTERS = {"stream_decode_level": pikepdf.StreamDecodeLevel.none, "compress_streams": False}


@pytest.mark.parametrize("text_filter", ["/ASCII85Decode", "/ASCIIHexDecode"])
def test_content_in_a_text_filter_over_flate_is_checked(tmp_path, text_filter):
    """Regression: every content rule of a ReportLab page (ASCII85 over Flate) was skipped as
    "too large … cannot be bounded", and its RGB passed unseen."""
    path = make_pdf(tmp_path / "a85.pdf", save=KEEP_FILTERS,
                    finish=ascii_over_flate(b"1 0 0 rg 0 0 10 10 re f", text_filter))
    with pikepdf.open(path) as pdf:
        assert pdf.pages[0].obj.Contents.Filter[0] == Name(text_filter)
    run = measured(["check", path])
    within_bounds(run)
    assert "FAIL colour.spaces" in run.out and "RGB" in run.out, run.out
    assert "skipped" not in run.out.split("ink.total")[0], run.out


def test_a_content_bomb_in_ascii85_over_flate_is_skipped_before_it_is_parsed(tmp_path):
    path = make_pdf(tmp_path / "a85bomb.pdf", save=KEEP_FILTERS,
                    finish=ascii_over_flate(b"q Q " * (50 * 2**20 // 4), "/ASCII85Decode"))
    run = measured(["check", path])
    within_bounds(run)
    assert run.code == 4 and "skip colour.spaces: skipped: too large" in run.out, run.out


def test_content_that_is_not_ascii85_is_a_structure_finding(tmp_path):
    def finish(pdf):
        stream = Stream(pdf, b"")
        stream.write(b"\x7f\x7f not ascii85 ~>",
                     filter=Array([Name.ASCII85Decode, Name.FlateDecode]))
        pdf.pages[0].obj.Contents = pdf.make_indirect(stream)
    run = measured(["check", make_pdf(tmp_path / "bad85.pdf", finish=finish,
                                      save=KEEP_FILTERS)])
    within_bounds(run)
    assert "FAIL file.structure" in run.out and "ASCII85Decode" in run.out, run.out


@needs_gs
@pytest.mark.parametrize("name, change", [
    ("a 14400 pt bleed box", {"/MediaBox": [0, 0, 14400, 14400],
                              "/BleedBox": [0, 0, 14400, 14400]}),
    ("a 5000 pt page", {"/MediaBox": [0, 0, 5000, 5000], "/BleedBox": [0, 0, 5000, 5000]}),
    ("UserUnit 50", {"/UserUnit": 50}),
])
def test_huge_pages_are_measured_at_a_lower_resolution_without_a_traceback(tmp_path, name,
                                                                            change):
    """Regression: a 14400 pt BleedBox made Ghostscript write a 3.6 GB TIFF, then Pillow raised
    DecompressionBombError; /UserUnit 50 ended in UnidentifiedImageError; a 600-byte 5000 pt
    page cost 1.2 GB."""
    def finish(pdf):
        for key, value in change.items():
            pdf.pages[0].obj[key] = Array(value) if isinstance(value, list) else value
    path = make_pdf(tmp_path / "huge.pdf", finish=finish)
    run = measured(["check", path])
    within_bounds(run)
    assert run.code in (0, 4), run.out
    assert "ink.total" in run.out


def test_without_ghostscript_the_ink_rule_is_not_checked_and_that_is_not_a_pass(tmp_path):
    """Regression: without gs, `check` said "skip ink.total … passed" and exited 0, which a
    plant's script takes as press-ready."""
    path = make_pdf(tmp_path / "base.pdf")
    run = measured(["check", path], env={"PATH": str(tmp_path)})
    assert run.code == 4, run.out
    assert run.out.splitlines()[-1].strip() == (
        "passed the rules it could check; not checked: ink.total (not checked: Ghostscript "
        "(gs) is not installed (hint: install it, e.g. apt install ghostscript))")
    json_run = measured(["check", "--json", path], env={"PATH": str(tmp_path)})
    assert json_run.code == 4 and '"not_checked": [\n   "ink.total"' in json_run.out


@needs_gs
def test_with_ghostscript_every_rule_is_applied_and_the_file_passes(tmp_path):
    run = measured(["check", make_pdf(tmp_path / "base.pdf")])
    assert run.code == 0 and run.out.splitlines()[-1].strip() == "passed", run.out


@pytest.mark.slow
def test_a_pdf_too_large_in_tokens_is_skipped_whatever_its_operators(tmp_path):
    """Text shows, colour changes and fills near the per-stream limit: checked (or skipped)
    within the bounds, each with a verdict."""
    for name, body in (("tj", b"BT /F1 9 Tf " + b"(A)Tj " * 600_000 + b"ET"),
                       ("k", b"0 0 0 1 k " * 390_000), ("re", b"0 0 1 1 re f " * 300_000)):
        run = measured(["check", make_pdf(tmp_path / f"{name}.pdf", finish=drawing(body))])
        within_bounds(run)
        assert run.code in (0, 1, 4) and "colour.spaces" in run.out, run.out

