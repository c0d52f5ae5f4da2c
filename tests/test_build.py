"""The sample issue end to end: the PDF, its fonts and text, the fit report and the geometry."""
import copy
import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml

from pagesetter.cli import main
from pagesetter.intake import normalise_punctuation
from pagesetter.loader import load_issue
from pagesetter.pipeline import place_pages
from pagesetter.render.dump import dump_pages

from .conftest import SAMPLE, minimal, write_issue
from .conftest import article as first_article

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "2023-03.pdf"
    assert main([str(SAMPLE), "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def sample_pages():
    issue = load_issue(SAMPLE)
    return issue, place_pages(issue)


def copy_paragraphs():
    """The sample's copy as it is printed (half-width marks typed in Chinese text set as
    GB/T 15834 marks)."""
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    for article in data["pages"][0]["articles"]:
        for block in article["body"]:
            yield normalise_punctuation(block if isinstance(block, str)
                                        else block["subhead"]).text
    for photo in data["pages"][0]["photos"]:
        yield normalise_punctuation(photo["caption"]).text


def squash(text):
    return re.sub(r"\s+", "", text)


def test_all_copy_is_on_the_page_and_copies_out_in_yaml_order(sample_pdf):
    pdf = pdfium.PdfDocument(str(sample_pdf))
    text = squash(pdf[0].get_textpage().get_text_range())
    position = 0
    for paragraph in copy_paragraphs():
        wanted = squash(paragraph)
        found = text.find(wanted)
        assert found >= 0, paragraph[:30]
        if not paragraph.startswith("近日，科右前旗俄体镇"):  # caption: after its photo title
            assert found >= position, f"out of reading order: {paragraph[:20]}"
            position = found


def test_sample_page_fits_without_overset_or_holes(sample_pages):
    _, pages = sample_pages
    assert len(pages) == 1
    for fit in pages[0].fit:
        assert fit.over == 0, fit
        assert fit.empty <= 2, fit
    assert pages[0].warnings == ()


def test_the_samples_half_width_comma_is_set_full_width_and_reported_at_its_column(
        sample_pages):
    """The copy has `行动之中 , 抓住` (as the reporter typed it): printed as `之中，抓住`, with a
    warning at the comma's own line and column."""
    issue, pages = sample_pages
    (warning,) = issue.warnings
    line = warning.line()
    source = SAMPLE.read_text(encoding="utf-8").splitlines()
    row = next(k for k, text in enumerate(source, 1) if "行动之中 , 抓住" in text)
    column = source[row - 1].index("行动之中 , 抓住") + len("行动之中 ") + 1
    assert line.startswith(f"warning: {SAMPLE}:{row}:{column}: "), line
    assert "articles[5].body[2]" in line and "`,`" in line and "`，`" in line
    body = [b for b in pages[0].blocks if b.name == "中旗人大" and b.kind == "body"]
    assert "之中，抓住" in "".join(line.text for b in body for line in b.lines)


def test_body_baselines_sit_on_the_line_grid(sample_pages):
    issue, pages = sample_pages
    grid = issue.format.grid
    body = issue.format.styles["body"]
    offset = (grid.line_pitch - body.size) / 2 + 0.88 * body.size
    count = 0
    for block in pages[0].blocks:
        if block.kind != "body":
            continue
        for line in block.lines:
            expected = grid.line_top(line.grid_line) + offset
            assert abs(line.baseline - expected) < 0.01
            count += 1
    assert count > 250


def test_justified_body_lines_fill_their_column(sample_pages):
    issue, pages = sample_pages
    grid = issue.format.grid
    for block in pages[0].blocks:
        if block.kind != "body":
            continue
        lines = block.lines
        for line, nxt in zip(lines, lines[1:], strict=False):
            # a line that is not the last of its paragraph ends at the column's right edge
            if line.style == "body" and nxt.x - line.x < 1 and line.width + (line.x - block.x) \
                    < grid.column_width - 0.01:
                last_of_paragraph = nxt.x - block.x > 1  # next line is indented
                assert last_of_paragraph or line is lines[-1], line.text


def test_sample_geometry_matches_the_golden_dump(sample_pages):
    _, pages = sample_pages
    expected = (GOLDEN / "2023-03.dump.txt").read_text(encoding="utf-8")
    assert dump_pages(pages) == expected


def test_small_page_geometry_matches_the_golden_dump(minimal_issue):
    pages = place_pages(load_issue(minimal_issue))
    expected = (GOLDEN / "minimal.dump.txt").read_text(encoding="utf-8")
    assert dump_pages(pages) == expected


def test_two_builds_are_byte_identical(tmp_path, sample_pdf):
    again = tmp_path / "again.pdf"
    assert main([str(SAMPLE), "-o", str(again)]) == 0
    assert again.read_bytes() == sample_pdf.read_bytes()


def test_overset_copy_fails_with_exit_3_and_a_report(tmp_path, capsys):
    doc = minimal()
    first_article(doc)["place"]["height"] = 4
    issue = write_issue(tmp_path / "overset.yaml", doc)
    out = tmp_path / "page.pdf"
    assert main([str(issue), "-o", str(out)]) == 3
    err = capsys.readouterr().err
    assert re.search(r"`短讯` \(columns 1–2, lines 1–4\) is \d+ lines? too long \(\d+ needed, "
                     r"\d+ available; more than copyfitting closes\): cut \d+ characters, "
                     r"or make it \d+ grid lines? taller; "
                     r"the overset starts at “.+”", err), err
    # named where the editor changes it: the article's place, as an error is (file:line:col)
    (line,) = [ln for ln in err.splitlines() if ln.startswith("overset:")]
    where = line.split(": ")[1]
    assert where.startswith(f"{issue}:"), line
    number = int(where.split(":")[-2])
    text = issue.read_text(encoding="utf-8").splitlines()
    assert text[number - 2].strip() == "place:" and text[number - 1].strip() == "column: 1", line
    assert not out.exists()
    assert main([str(issue), "-o", str(out), "--allow-overset"]) == 3
    assert out.exists()


def test_grid_overlay_draws_on_the_proof(tmp_path, minimal_issue):
    plain, proof = tmp_path / "plain.pdf", tmp_path / "proof.pdf"
    assert main([str(minimal_issue), "-o", str(plain)]) == 0
    assert main([str(minimal_issue), "-o", str(proof), "--grid"]) == 0
    assert proof.stat().st_size > plain.stat().st_size
    with pikepdf.open(proof) as pdf:
        (group,) = pdf.Root.OCProperties.OCGs
        assert group.Usage.Print.PrintState == "/OFF"  # shows on screen, never prints
        xobjects = pdf.pages[0].Resources.XObject
        (overlay,) = [xobjects[k] for k in xobjects.keys() if "PagesetterProof" in k]
        assert overlay.OC == group
    with pikepdf.open(plain) as pdf:
        assert "/OCProperties" not in pdf.Root


def test_default_output_is_out_slash_stem(tmp_path, monkeypatch, minimal_issue, capsys):
    monkeypatch.chdir(tmp_path)
    assert main([str(minimal_issue)]) == 0
    assert (tmp_path / "out" / "minimal.pdf").is_file()
    assert "wrote out/minimal.pdf" in capsys.readouterr().out


def test_batch_mode_builds_several_issues(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    first = write_issue(tmp_path / "a.yaml")
    doc = minimal()
    doc["number"] = 2
    second = write_issue(tmp_path / "b.yaml", doc)
    assert main([str(first), str(second), "--no-check", "-j", "2"]) == 0
    out = capsys.readouterr().out
    assert out.index("wrote out/a.pdf") < out.index("wrote out/b.pdf")
    assert (tmp_path / "out" / "a.pdf").is_file() and (tmp_path / "out" / "b.pdf").is_file()


def test_batch_mode_reports_a_bad_issue_and_builds_the_rest(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    good = write_issue(tmp_path / "good.yaml")
    doc = minimal()
    first_article(doc)["bylin"] = first_article(doc).pop("byline")
    bad = write_issue(tmp_path / "bad.yaml", doc)
    assert main([str(good), str(bad), "--no-check"]) == 2
    captured = capsys.readouterr()
    assert "did you mean `byline`" in captured.err
    assert (tmp_path / "out" / "good.pdf").is_file()
    assert re.search(r"^batch: 2 issues, 1 built, 1 failed; 1 pages in \d+\.\d s$",
                     captured.out, re.M), captured.out


def two_page_issue(tmp_path):
    doc = minimal()
    second = copy.deepcopy(doc["pages"][0])
    second["number"] = 2
    doc["pages"].append(second)
    return write_issue(tmp_path / "two.yaml", doc)


def test_split_writes_one_complete_pdfx_file_per_page(tmp_path, capsys):
    issue = two_page_issue(tmp_path)
    assert main([str(issue), "--split", "-o", f"{tmp_path}/plates/"]) == 0
    files = sorted((tmp_path / "plates").iterdir())
    assert [f.name for f in files] == ["two-p1.pdf", "two-p2.pdf"]
    for number, path in enumerate(files, 1):
        text = pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range()
        assert f"第{number}版" in text
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) == 1
            assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-1:2001"
            assert len(pdf.Root.OutputIntents) == 1
        assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "wrote 2 page files" in out and out.count("preflight: passed") == 1


def test_split_needs_a_folder_not_a_file(tmp_path, capsys):
    issue = two_page_issue(tmp_path)
    assert main([str(issue), "--split", "-o", str(tmp_path / "one.pdf")]) == 2
    assert "give -o a folder" in capsys.readouterr().err
    assert not (tmp_path / "one.pdf").exists()


def test_pdf_glyphs_sit_where_the_layout_put_them(sample_pdf, sample_pages):
    """Regression: Tc (character spacing) outlives ET, so a line after a justified one was
    letter-spaced and ran into the next column. Every glyph's origin in the PDF must be the
    placed one."""
    _, pages = sample_pages
    pdf = pdfium.PdfDocument(str(sample_pdf))
    assert glyphs_where_placed(pdf[0], pages[0]) > 5000


def test_a_paragraph_set_again_on_another_page_sits_where_placed(tmp_path):
    """Pages 2 and 3 repeat page 1's copy (page 3 in another order), so their lines come from
    the composer's and the renderer's memos; they must still land where they were placed."""
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    page = data["pages"][0]
    data["pages"][0]["photos"][0]["file"] = str(SAMPLE.parent / page["photos"][0]["file"])
    reordered = {**page, "number": 4,
                 "articles": [{**a, "body": a["body"][1:] + a["body"][:1]}
                              if all(isinstance(b, str) for b in a["body"]) else a
                              for a in page["articles"]]}
    data["pages"] = [page, {**page, "number": 3}, reordered]
    issue_file = tmp_path / "three.yaml"
    issue_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "three.pdf"
    assert main([str(issue_file), "-o", str(out)]) == 0
    pages = place_pages(load_issue(issue_file))
    pdf = pdfium.PdfDocument(str(out))
    for number in range(3):
        assert glyphs_where_placed(pdf[number], pages[number]) > 5000


def glyphs_where_placed(pdf_page, page) -> int:
    """Check every body glyph's origin in the PDF against the placed page; how many there were."""
    import ctypes

    import pypdfium2.raw as raw

    text = pdf_page.get_textpage()
    media = pdf_page.get_mediabox()
    trim = pdf_page.get_trimbox()
    assert media[0] < trim[0]
    found = {}
    x, y = ctypes.c_double(), ctypes.c_double()
    for i in range(text.count_chars()):
        raw.FPDFText_GetCharOrigin(text, i, x, y)
        ch = chr(raw.FPDFText_GetUnicode(text, i))
        found.setdefault((ch, round(trim[3] - y.value, 1)), []).append(x.value - trim[0])
    checked = 0
    for block in page.blocks:
        if block.kind != "body":
            continue
        for line in block.lines:
            for run in line.runs:
                for ch, dx in zip(run.text, run.xs, strict=True):
                    gx = line.x + dx
                    xs = found.get((ch, round(line.baseline, 1)), [])
                    assert any(abs(v - gx) < 0.05 for v in xs), (line.text, ch, gx)
                    checked += 1
    return checked


def test_a_build_leaves_the_hosts_garbage_collector_settings_as_it_found_them(
        tmp_path, minimal_issue, capsys):
    """A build tunes the cycle collector for itself (docs/performance.md); a program that calls
    pagesetter's main() gets its collector back as it was."""
    import gc

    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    assert main([str(minimal_issue), "-o", str(tmp_path / "out.pdf")]) == 0
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, frozen)
