"""Print shop and archive: PDF/X finishing, preflight, page images and ALTO."""
import re
import shutil
import xml.etree.ElementTree as ET

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from pagesetter.check import Verdict, check_pdf
from pagesetter.cli import main

from .conftest import SAMPLE, article, minimal, write_issue
from .test_build import copy_paragraphs, squash

ALTO = "{http://www.loc.gov/standards/alto/ns-v4#}"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    base = tmp_path_factory.mktemp("archive")
    out = base / "2023-03.pdf"
    assert main([str(SAMPLE), "-o", str(out), "--png", str(base / "png"), "--dpi", "60",
                 "--alto", str(base / "alto")]) == 0
    return base


def test_sample_passes_preflight(archive):
    report = check_pdf(archive / "2023-03.pdf")
    assert report.ok, report.text()
    checks = {f.check for f in report.findings}
    assert {"fonts embedded", "no RGB", "boxes", "output intent", "black text"} <= checks


def test_pdfx_output_intent_info_and_boxes(archive):
    with pikepdf.open(archive / "2023-03.pdf") as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert len(intent.DestOutputProfile.read_bytes()) > 10_000
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-1:2001"
        assert pdf.docinfo.Trapped == "/False"
        assert str(pdf.docinfo.CreationDate).startswith("D:20230331")
        with pdf.open_metadata() as meta:
            assert meta["xmp:CreateDate"].startswith("2023-03-31")
        page = pdf.pages[0]
        trim = [float(v) for v in page.TrimBox]
        bleed = [float(v) for v in page.BleedBox]
        media = [float(v) for v in page.MediaBox]
        assert trim[2] - trim[0] == pytest.approx(390 / 25.4 * 72, abs=0.01)
        assert trim[0] - bleed[0] == pytest.approx(3 / 25.4 * 72, abs=0.01)
        assert media[0] < bleed[0] and media[2] > bleed[2]  # room for marks and slug


def write_pdf(path, content, resources=lambda pdf: pikepdf.Dictionary()):
    """A one-page PDF from elsewhere: `content` operators, `resources(pdf)` for what they name."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(200, 200))
    page.obj.TrimBox = pikepdf.Array([10, 10, 190, 190])
    page.obj.BleedBox = pikepdf.Array([5, 5, 195, 195])
    page.obj.Resources = resources(pdf)
    page.obj.Contents = pdf.make_indirect(pikepdf.Stream(pdf, content.encode("latin-1")))
    pdf.save(path)
    return path


def helvetica(pdf):
    """Resources with an unembedded standard font as /F1."""
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                              BaseFont=pikepdf.Name.Helvetica)
    return pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(font)))


def test_preflight_fails_on_an_rgb_image(tmp_path):
    def rgb_image(pdf):
        image = pikepdf.Stream(pdf, bytes([200, 30, 30]) * 400)
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width = image.Height = 20
        image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
        return pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im1=pdf.make_indirect(image)))

    pdf = write_pdf(tmp_path / "rgb.pdf", "q 50 0 0 50 20 20 cm /Im1 Do Q", rgb_image)
    report = check_pdf(pdf, ghostscript=False)
    assert not report.ok
    assert any(f.check == "no RGB" and f.verdict is Verdict.FAIL for f in report.findings)


def test_preflight_fails_on_an_unembedded_font(tmp_path):
    pdf = write_pdf(tmp_path / "font.pdf", "BT /F1 12 Tf 20 100 Td (not embedded) Tj ET",
                    helvetica)
    report = check_pdf(pdf, ghostscript=False)
    assert any(f.check == "fonts embedded" and f.verdict is Verdict.FAIL for f in report.findings)


def test_preflight_fails_on_rich_black_text(tmp_path):
    pdf = write_pdf(tmp_path / "rich.pdf", "0.6 0.4 0.4 1 k BT /F1 9 Tf 20 100 Td (x) Tj ET",
                    helvetica)
    report = check_pdf(pdf, ghostscript=False)
    finding = [f for f in report.findings if f.check == "black text"][0]
    assert finding.verdict is Verdict.FAIL and "rich black" in finding.detail


def test_preflight_fails_on_black_text_that_knocks_out(tmp_path):
    pdf = write_pdf(tmp_path / "knockout.pdf", "0 0 0 1 k BT /F1 9 Tf 20 100 Td (x) Tj ET",
                    helvetica)
    finding = [f for f in check_pdf(pdf, ghostscript=False).findings
               if f.check == "black text"][0]
    assert finding.verdict is Verdict.FAIL and "knocks out" in finding.detail


@pytest.mark.skipif(not shutil.which("gs"), reason="Ghostscript not installed")
def test_preflight_measures_total_ink_with_ghostscript(tmp_path):
    report = check_pdf(write_pdf(tmp_path / "ink.pdf", "1 1 1 1 k 20 20 100 100 re f"))
    finding = [f for f in report.findings if f.check == "total ink"][0]
    assert finding.verdict is Verdict.FAIL and "400%" in finding.detail


def test_check_command_exit_codes(tmp_path, archive, capsys):
    assert main(["check", str(archive / "2023-03.pdf")]) == 0
    bad = write_pdf(tmp_path / "font.pdf", "BT /F1 12 Tf 20 100 Td (x) Tj ET", helvetica)
    assert main(["check", str(bad)]) == 1
    assert "FAIL" in capsys.readouterr().out
    assert main(["check", str(tmp_path / "missing.pdf")]) == 2


def test_png_is_the_trim_area_at_the_requested_dpi(archive):
    (png,) = (archive / "png").glob("*.png")
    assert png.name == "2023-03-p2.png"
    with Image.open(png) as im:
        assert im.size[0] == pytest.approx(390 / 25.4 * 60, abs=2)
        assert im.size[1] == pytest.approx(546 / 25.4 * 60, abs=2)
        assert round(im.info["dpi"][0]) == 60


def test_alto_carries_every_paragraph_with_coordinates_inside_the_page(archive):
    (xml,) = (archive / "alto").glob("*.xml")
    root = ET.parse(xml).getroot()
    assert root.find(f"{ALTO}Description/{ALTO}MeasurementUnit").text == "pixel"
    page = root.find(f".//{ALTO}Page")
    width, height = int(page.get("WIDTH")), int(page.get("HEIGHT"))
    with Image.open(archive / "png" / "2023-03-p2.png") as im:
        assert (width, height) == im.size
    strings = root.iter(f"{ALTO}String")
    text = ""
    for s in strings:
        x, y = int(s.get("HPOS")), int(s.get("VPOS"))
        w, h = int(s.get("WIDTH")), int(s.get("HEIGHT"))
        assert 0 <= x and x + w <= width and 0 <= y and y + h <= height
        text += s.get("CONTENT")
    text = squash(text)
    for paragraph in copy_paragraphs():
        assert squash(paragraph).replace(" ", "") in text.replace(" ", ""), paragraph[:20]


def test_characters_beyond_the_bmp_copy_out_of_the_pdf(tmp_path):
    rare = "𠅤𠙶"  # Extension B characters of 通用规范汉字表
    doc = minimal()
    article(doc)["body"][0] = f"传达学习{rare}。"
    issue = write_issue(tmp_path / "rare.yaml", doc)
    out = tmp_path / "rare.pdf"
    assert main([str(issue), "-o", str(out)]) == 0
    text = pdfium.PdfDocument(str(out))[0].get_textpage().get_text_range()
    assert rare in re.sub(r"\s", "", text)


def test_photo_is_jpeg_unless_jpeg_would_break_the_ink_limit(monkeypatch):
    from pagesetter import colour as render_pdf
    from pagesetter.colour import max_total_ink

    from .conftest import PHOTO

    monkeypatch.setenv("PAGESETTER_CACHE", "off")
    render_pdf.press_image.cache_clear()
    press = render_pdf.press_image(PHOTO, (0, 0, 200, 160), (200, 160))
    assert press.encoding == "jpeg" and press.data[:2] == b"\xff\xd8"
    with Image.open(__import__("io").BytesIO(press.data)) as im:
        assert im.mode == "CMYK" and im.size == (press.width, press.height) == (200, 160)
        assert max_total_ink(im) <= 240
    monkeypatch.setattr(render_pdf, "max_total_ink", lambda picture: 251.0)
    render_pdf.press_image.cache_clear()
    press = render_pdf.press_image(PHOTO, (0, 0, 200, 160), (200, 160))
    assert press.encoding == "flate"  # lossless
    assert len(__import__("zlib").decompress(press.data)) == 200 * 160 * 4
    render_pdf.press_image.cache_clear()


def test_build_preflight_catches_black_text_on_a_heavy_tint(tmp_path, capsys):
    """The build measures its own inks from the layout: 100 % K text overprinting a 200 % bar
    is 300 %, over the newsprint limit."""
    from pagesetter.resources import data_dir

    fmt = (data_dir("layout") / "bulletin.yaml").read_text(encoding="utf-8")
    assert "bar: [0, 20, 30, 0]" in fmt
    fmt = fmt.replace("bar: [0, 20, 30, 0]", "bar: [0, 100, 100, 0]")
    (tmp_path / "hot.yaml").write_text(fmt, encoding="utf-8")
    doc = minimal()
    doc["format"] = "hot.yaml"
    issue = write_issue(tmp_path / "issue.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "hot.pdf")]) == 1
    err = capsys.readouterr().err
    assert "FAIL total ink" in err and "black text on bar reaches 300%" in err


def test_photo_keeps_its_colours_in_the_pdf(archive):
    """The separated JPEG is embedded as it is; Pillow's CMYK JPEGs are stored inverted, so a
    missing /Decode array would print a negative."""
    from pagesetter.loader import load_issue
    from pagesetter.pipeline import place_pages

    with pikepdf.open(archive / "2023-03.pdf") as pdf:
        images = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)
                  and obj.get("/Subtype") == "/Image"]
        assert len(images) == 1 and "/DCTDecode" in str(images[0].Filter)
        assert list(images[0].Decode) == [1, 0] * 4
    (placed_page,) = place_pages(load_issue(SAMPLE))
    placed = placed_page.images[0]
    page = Image.open(archive / "png" / f"2023-03-p{placed_page.number}.png").convert("RGB")
    scale = page.width / placed_page.width
    box = [round(v * scale) for v in (placed.x, placed.y, placed.x + placed.width,
                                      placed.y + placed.height)]
    shown = page.crop(box).resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    with Image.open(placed.file) as source:
        wanted = source.convert("RGB").crop(placed.crop).resize((1, 1), Image.Resampling.BOX)
        wanted = wanted.getpixel((0, 0))
    assert all(abs(a - b) < 40 for a, b in zip(shown, wanted, strict=True)), (shown, wanted)
