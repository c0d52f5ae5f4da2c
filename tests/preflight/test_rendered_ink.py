"""The preflight's total ink (preflight/rendered_ink.py): Ghostscript's separations of each page
inside its bleed, the spot named, pages rendered in runs by several processes within a time
budget, and pages not reached named, never passed."""
import shutil
import subprocess

import pytest
from pikepdf import Dictionary

from pagesetter.preflight import Verdict, check_pdf

from ..pdfs import BASE_CONTENT, TRIM, make_pdf, verdicts

needs_gs = pytest.mark.skipif(not shutil.which("gs"), reason="Ghostscript not installed")


@needs_gs
def test_total_ink_is_measured_inside_the_bleed_and_the_spot_reported(tmp_path):
    content = "1 1 1 1 k 150 150 10 10 re f"  # 400 % inside the trim, near its top right
    report = check_pdf(make_pdf(tmp_path / "ink.pdf", content))
    (finding,) = [f for f in report.findings if f.rule == "ink.total"]
    assert finding.verdict is Verdict.FAIL and finding.value == pytest.approx(400, abs=1)
    assert "mm from the left" in finding.message and finding.where.page == 1


@needs_gs
def test_registration_marks_outside_the_bleed_are_not_page_content(tmp_path):
    content = BASE_CONTENT + " 1 1 1 1 K 0.25 w 0 5 m 8 5 l S"  # a mark at the media's edge
    report = check_pdf(make_pdf(tmp_path / "marks.pdf", content))
    assert report.ok, report.text()


@needs_gs
def test_without_a_bleed_box_ink_is_measured_inside_the_trim(tmp_path):
    content = BASE_CONTENT + " 1 1 1 1 k 12 12 6 6 re f"  # in the bleed, outside the trim
    report = check_pdf(make_pdf(tmp_path / "trimonly.pdf", content, boxes={"/TrimBox": TRIM}))
    assert report.ok, report.text()


@needs_gs
def test_the_opm_0_knockout_is_what_ghostscript_separations_show(tmp_path):
    """The rule is checked against the truth: Ghostscript's separations of black text over a
    magenta tint, overprinting with OPM 0 (magenta knocked out under the text) and OPM 1."""
    from PIL import Image

    def resources(pdf):
        return {"/ExtGState": Dictionary(K0=pdf.make_indirect(Dictionary(op=True, OPM=0)))}

    magenta_under_text = {}
    for mode in ("K0", "OPon"):
        content = (f"0 1 0 0 k 20 20 160 160 re f /{mode} gs 0 0 0 1 k "
                   f"BT /F1 60 Tf 40 80 Td (A) Tj ET")
        path = make_pdf(tmp_path / f"{mode}.pdf", content, resources)
        out = tmp_path / f"{mode}.tif"
        subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep",
                        "-r72", f"-sOutputFile={out}", str(path)], check=True)
        with Image.open(tmp_path / f"{mode}(Magenta).tif") as plate:
            magenta_under_text[mode] = plate.getpixel((40 + 6 + 12, 200 - 80 - 20)) < 128
        ok = Verdict.FAIL not in verdicts(path)[1].get("text.black", set())
        assert ok == magenta_under_text[mode], mode
    assert magenta_under_text == {"K0": False, "OPon": True}


def pages_pdf(tmp_path, contents, boxes=None):
    """A PDF of one page per content (page i with `boxes[i]`, if given), from make_pdf's pages."""
    import pikepdf as pk

    parts = [make_pdf(tmp_path / f"part{i}.pdf", content,
                      boxes=(boxes or {}).get(i)) for i, content in enumerate(contents)]
    with pk.open(parts[0]) as pdf:
        for part in parts[1:]:
            with pk.open(part) as other:
                pdf.pages.extend(other.pages)
        pdf.save(tmp_path / "pages.pdf", force_version="1.3")
    return tmp_path / "pages.pdf"


INKY = "1 1 1 1 k 150 150 10 10 re f"  # 400 % inside the trim, near its top right


def ink_findings(report):
    return [(f.verdict, f.where.page, f.value, f.message) for f in report.findings
            if f.rule == "ink.total"]


@needs_gs
def test_total_ink_is_found_at_its_own_page_of_many_whatever_the_workers(tmp_path):
    """Pages are rendered in runs by several Ghostscript processes: a page's finding is its
    own, at the place a one-page file gives it, whatever the runs and the workers."""
    contents = [BASE_CONTENT] * 9
    contents[2] = contents[7] = INKY
    path = pages_pdf(tmp_path, contents, boxes={5: {"/TrimBox": TRIM}})  # page 6: trim only
    alone = ink_findings(check_pdf(make_pdf(tmp_path / "one.pdf", INKY)))
    one, two = (ink_findings(check_pdf(path, workers=n)) for n in (1, 2))
    assert one == two
    fails = [f for f in one if f[0] is Verdict.FAIL]
    assert [page for _, page, _, _ in fails] == [3, 8]
    assert all(value == alone[0][2] and message == alone[0][3]
               for _, _, value, message in fails)


@needs_gs
def test_a_run_ghostscript_cannot_finish_is_rendered_again_page_by_page(tmp_path, monkeypatch):
    from pagesetter.preflight import rendered_ink

    path = pages_pdf(tmp_path, [BASE_CONTENT, INKY, BASE_CONTENT])
    before = ink_findings(check_pdf(path))
    rendered = rendered_ink._rendered
    runs = []

    def failing(source, run, folder, timeout):
        runs.append(run.length)
        return "Ghostscript could not render it (test)" if run.length > 1 else \
            rendered(source, run, folder, timeout)

    monkeypatch.setattr(rendered_ink, "_rendered", failing)
    assert ink_findings(check_pdf(path)) == before
    assert runs == [3, 1, 1, 1]


@needs_gs
def test_pages_not_reached_within_the_budget_are_named_and_not_passed(tmp_path, monkeypatch):
    from pagesetter.preflight import rendered_ink

    monkeypatch.setattr(rendered_ink, "BUDGET", -1.0)
    report = check_pdf(pages_pdf(tmp_path, [BASE_CONTENT] * 3))
    (finding,) = [f for f in report.findings if f.rule == "ink.total"]
    assert finding.verdict is Verdict.SKIP
    assert "pages 1–3 not measured within" in finding.message


@pytest.mark.parametrize("pages, runs", [
    ([(True, (600, 800))] * 6, [(1, 4, True, 150), (5, 2, True, 150)]),
    ([(True, (600, 800)), (False, (600, 800)), (False, (600, 800))],
     [(1, 1, True, 150), (2, 2, False, 150)]),
    ([(True, (600, 800)), (True, (60000, 80000)), (True, (600, 800))],  # too large: skipped
     [(1, 1, True, 150), (3, 1, True, 150)]),
    ([(True, (600, 800)), (True, (3000, 4000))],  # √(24 Mpx / 2315 in²): 101 dpi
     [(1, 1, True, 150), (2, 1, True, 101)]),
])
def test_pages_are_rendered_in_runs_of_the_same_box_and_resolution(pages, runs):
    from pagesetter.preflight.rendered_ink import _runs

    assert [tuple(run) for run in _runs(pages)] == runs


@pytest.mark.parametrize("numbers, text", [
    ([1], "1"), ([1, 2, 3], "1–3"), ([3, 5, 6, 7, 9, 12, 13], "3, 5–7, 9, 12–13")])
def test_page_numbers_are_named_in_ranges(numbers, text):
    from pagesetter.preflight.rendered_ink import _ranges

    assert _ranges(numbers) == text


def test_a_run_that_outlasts_the_budget_stops_at_the_budget(tmp_path, monkeypatch):
    """A run's time is bounded by what is left of the budget, not by its pages' timeouts
    added up (four pages' 60 s each), and its pages are named as not measured."""
    import time

    from pagesetter.preflight import rendered_ink

    def slow(source, run, folder, timeout):
        time.sleep(timeout)
        return f"skipped: too large (rendering took more than {timeout:.0f} s)"

    monkeypatch.setattr(rendered_ink, "BUDGET", 1.0)
    monkeypatch.setattr(rendered_ink, "_rendered", slow)
    monkeypatch.setattr(rendered_ink.shutil, "which", lambda name: "/usr/bin/" + name)
    started = time.monotonic()
    report = check_pdf(pages_pdf(tmp_path, [BASE_CONTENT] * 3))
    assert time.monotonic() - started < 10
    (finding,) = [f for f in report.findings if f.rule == "ink.total"]
    assert finding.verdict is Verdict.SKIP and "pages 1–3 not measured within 1 s" in \
        finding.message
