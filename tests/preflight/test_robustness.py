"""`pagesetter check` on broken and hostile files (#17): malformed content and objects are
findings, never crashes; a content bomb is skipped, not inflated; what is not a PDF is exit 2
with one line; a helper walking half the pages finds what one process finds."""
import subprocess
import zlib

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, Stream, String

from pagesetter.cli import main
from pagesetter.preflight import Verdict, check_pdf

from ..pdfs import BASE_CONTENT, make_pdf, verdicts

@pytest.mark.parametrize("name, content", [
    ("k_with_three_operands", "0 0 1 k 20 20 50 50 re f"),
    ("g_with_none", "g 20 20 50 50 re f"),
    ("nan_colour", "0 0 0 nan k 20 20 50 50 re f"),
    ("undefined_xobject", "/Nope Do"),
    ("undefined_graphics_state", "/Nope gs"),
    ("undefined_font", "BT /Nope 9 Tf (x) Tj ET"),
    # found by the fuzz test: a lookup by a dictionary crashed pikepdf (a segmentation fault)
    ("dictionary_as_a_resource_name", "<< >> gs << >> Do [1] sh BT 5 9 Tf (x) Tj ET"),
])
def test_malformed_content_is_a_finding_not_a_crash(tmp_path, name, content):
    report, _ = verdicts(make_pdf(tmp_path / f"{name}.pdf", content))
    assert not report.ok


@pytest.mark.parametrize("name, finish", [
    ("trim_box_of_three", lambda pdf: pdf.pages[0].obj.__setitem__(
        "/TrimBox", Array([1, 2, 3]))),
    ("trim_box_of_text", lambda pdf: pdf.pages[0].obj.__setitem__(
        "/TrimBox", Array([String("a"), 2, 3, 4]))),
    ("xobject_not_a_stream", lambda pdf: pdf.pages[0].Resources.__setitem__(
        "/XObject", Dictionary(Fm=7))),
    ("font_not_a_dictionary", lambda pdf: pdf.pages[0].Resources.Font.__setitem__("/F1", 3)),
    ("extgstate_not_a_dictionary", lambda pdf: pdf.pages[0].Resources.ExtGState.__setitem__(
        "/OPon", Array([1]))),
    ("output_intents_not_an_array", lambda pdf: pdf.Root.__setitem__("/OutputIntents", 5)),
])
def test_malformed_objects_are_findings_not_crashes(tmp_path, name, finish):
    content = BASE_CONTENT + " /Fm Do"
    report, _ = verdicts(make_pdf(tmp_path / f"{name}.pdf", content, finish=finish))
    assert not report.ok


def test_an_unbalanced_restore_is_tolerated(tmp_path):
    report, _ = verdicts(make_pdf(tmp_path / "qqq.pdf", "Q Q Q " + BASE_CONTENT))
    assert report.ok, report.text()


def test_a_content_bomb_is_skipped_not_inflated(tmp_path):
    """Regression: a 0.2 MB PDF inflating to 200 MB of `q Q` took 8 GB."""
    def finish(pdf):
        bomb = zlib.compress(b"q Q " * (50 * 1024 * 1024 // 4 + 1), 9)
        stream = Stream(pdf, bomb)
        stream.Filter = Name.FlateDecode
        pdf.pages[0].obj.Contents = pdf.make_indirect(stream)
    path = make_pdf(tmp_path / "bomb.pdf", finish=finish)
    assert path.stat().st_size < 2_000_000
    report = check_pdf(path, ghostscript=False)
    assert any(f.verdict is Verdict.SKIP and "too large" in f.message for f in report.findings)


def test_not_a_pdf_is_exit_2(tmp_path, capsys):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"this is not a pdf")
    assert main(["check", str(junk), str(tmp_path / "missing.pdf")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all("(hint: " in line for line in err), err  # one line each
    assert "not a readable PDF" in err[0] and "missing.pdf: no such file" in err[1]


def test_a_non_utf8_file_name_is_reported_without_a_traceback(tmp_path):
    import os
    import sys

    name = os.path.join(os.fsencode(tmp_path), "页".encode("gbk") + b".pdf")
    with open(name, "wb") as fh:
        fh.write(b"%PDF-1.3 nothing else")
    proc = subprocess.run([sys.executable, "-m", "pagesetter", "check", name],
                          capture_output=True, timeout=60)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr


def test_json_report_has_one_object_per_finding(tmp_path, capsys):
    import json

    path = make_pdf(tmp_path / "rgb.pdf", "1 0 0 rg 20 20 50 50 re f")
    assert main(["check", "--json", str(path)]) == 1
    (report,) = json.loads(capsys.readouterr().out)
    rgb = [f for f in report["findings"] if f["rule"] == "colour.spaces"]
    assert rgb[0]["verdict"] == "fail" and rgb[0]["where"]["page"] == 1
    assert rgb[0]["where"]["operator"] == "f"
    assert {f["verdict"] for f in report["findings"]} <= {"pass", "fail", "warn", "skip"}


def six_pages_with_faults(path):
    """Six pages: RGB on page 2, black text knocking out on page 5, a glyph missing on 6."""
    contents = {2: "1 0 0 rg 20 20 50 50 re f",
                5: "/OPoff gs 0 0 0 1 k BT /F1 9 Tf 40 100 Td (AB) Tj ET",
                6: "/OPon gs 0 0 0 1 k BT /F1 9 Tf 40 100 Td (ABC) Tj ET"}

    def finish(pdf):
        for number in range(2, 7):
            pdf.pages.append(pikepdf.Page(pdf.pages[0].obj.copy()))
            page = pdf.pages[-1].obj
            page.Contents = pdf.make_indirect(Stream(
                pdf, contents.get(number, BASE_CONTENT).encode("latin-1")))
    return make_pdf(path, finish=finish)


def test_a_helper_walking_half_the_pages_finds_the_same(tmp_path):
    path = six_pages_with_faults(tmp_path / "six.pdf")
    alone = check_pdf(path, ghostscript=False, workers=1)
    helped = check_pdf(path, ghostscript=False, workers=2)
    from_bytes = check_pdf(path, ghostscript=False, workers=2, data=path.read_bytes())
    assert alone.findings == helped.findings == from_bytes.findings
    pages = {f.rule: f.where.page for f in alone.findings if f.verdict is Verdict.FAIL}
    assert pages["colour.spaces"] == 2 and pages["text.black"] == 5, alone.text()
    assert any("0x43" in f.message for f in alone.findings if f.rule == "fonts.glyphs")


def test_a_content_bomb_in_the_helpers_half_is_skipped(tmp_path):
    def finish(pdf):
        for _ in range(5):
            pdf.pages.append(pikepdf.Page(pdf.pages[0].obj.copy()))
        stream = Stream(pdf, zlib.compress(b"q Q " * (70 * 1024 * 1024 // 4), 9))
        stream.Filter = Name.FlateDecode
        pdf.pages[5].obj.Contents = pdf.make_indirect(stream)
    path = make_pdf(tmp_path / "bomb6.pdf", finish=finish)
    report = check_pdf(path, ghostscript=False, workers=2)
    assert any(f.verdict is Verdict.SKIP and "too large" in f.message for f in report.findings)


def test_an_inline_image_without_data_is_a_structure_finding_not_a_crash(tmp_path):
    """Regression (found by the fuzz test): `BI EI` made qpdf's parser throw IndexError."""
    report = check_pdf(make_pdf(tmp_path / "bi.pdf", "BI EI " + BASE_CONTENT), ghostscript=False)
    assert any(f.rule == "file.structure" and f.verdict is Verdict.FAIL for f in report.findings)
