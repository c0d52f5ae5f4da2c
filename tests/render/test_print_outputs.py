"""Print shop and archive: PDF/X finishing, preflight, page images and ALTO."""
import re
import xml.etree.ElementTree as ET

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from pagesetter.preflight import Verdict, check_pdf
from pagesetter.cli import main

from ..conftest import SAMPLE, article, minimal, write_issue
from ..test_build import copy_paragraphs, squash

ALTO = "{http://www.loc.gov/standards/alto/ns-v4#}"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    base = tmp_path_factory.mktemp("archive")
    out = base / "2023-03.pdf"
    assert main([str(SAMPLE), "-o", str(out), "--png", str(base / "png"), "--dpi", "60",
                 "--alto", str(base / "alto")]) == 0
    return base


def test_sample_passes_preflight(archive):
    """Every rule of `pagesetter check`, Ghostscript's ink included when it is installed."""
    from pagesetter.preflight import RULES

    report = check_pdf(archive / "2023-03.pdf")
    assert report.ok, report.text()
    assert {f.rule for f in report.findings} == set(RULES)
    assert not [f for f in report.findings if f.verdict is Verdict.WARN]


def test_check_command_exit_codes(tmp_path, archive, capsys):
    assert main(["check", str(archive / "2023-03.pdf")]) == 0
    assert main(["check", str(tmp_path / "missing.pdf")]) == 2


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


def test_photo_is_jpeg_unless_jpeg_would_break_the_ink_limit(monkeypatch, nothing_kept):
    from pagesetter import colour
    from pagesetter.colour import max_total_ink
    from pagesetter.kept import Kept, keeping

    from ..conftest import PHOTO

    monkeypatch.setenv("PAGESETTER_CACHE", "off")
    press = colour.press_image(PHOTO, (0, 0, 200, 160), (200, 160))
    assert press.encoding == "jpeg" and press.data[:2] == b"\xff\xd8"
    with Image.open(__import__("io").BytesIO(press.data)) as im:
        assert im.mode == "CMYK" and im.size == (press.width, press.height) == (200, 160)
        assert max_total_ink(im) <= 240
    monkeypatch.setattr(colour, "max_total_ink", lambda picture: 251.0)
    with keeping(Kept()):  # separated anew
        press = colour.press_image(PHOTO, (0, 0, 200, 160), (200, 160))
    assert press.encoding == "flate"  # lossless
    assert len(__import__("zlib").decompress(press.data)) == 200 * 160 * 4


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
    assert "FAIL ink.total" in err and "black text on bar reaches 300%" in err


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


def test_marks_none_gives_bare_pages_whose_media_is_the_bleed(tmp_path):
    from ..conftest import write_issue

    issue = write_issue(tmp_path / "bare.yaml")
    out = tmp_path / "bare.pdf"
    assert main([str(issue), "-o", str(out), "--marks", "none"]) == 0
    with pikepdf.open(out) as pdf:
        page = pdf.pages[0]
        assert [float(v) for v in page.MediaBox] == [float(v) for v in page.BleedBox]
    text = pdfium.PdfDocument(str(out))[0].get_textpage().get_text_range()
    assert "minimal.yaml" not in text and "bare.yaml" not in text  # no slug
    assert check_pdf(out).ok


def test_the_slug_stays_clear_of_the_crop_marks(archive):
    """Regression: the slug started on the bottom-left crop mark's line."""
    import ctypes

    import pypdfium2.raw as raw

    from pagesetter.render.marks import MARK_GAP, MARK_LENGTH

    page = pdfium.PdfDocument(str(archive / "2023-03.pdf"))[0]
    trim = page.get_trimbox()
    bleed = page.get_bleedbox()
    textpage = page.get_textpage()
    slug = []
    for i in range(textpage.count_chars()):
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        raw.FPDFText_GetCharBox(textpage, i, left, right, bottom, top)
        if top.value < bleed[1]:  # below the bleed: the slug
            slug.append((left.value, right.value, bottom.value, top.value))
    assert slug
    mark_top = bleed[1] - MARK_GAP  # the bottom-left crop mark starts 1 mm below the bleed
    mark_bottom = mark_top - MARK_LENGTH
    for left, right, bottom, top in slug:
        crosses_mark_line = left <= trim[0] <= right
        level_with_mark = bottom < mark_top and top > mark_bottom
        assert not (crosses_mark_line and level_with_mark)
    assert min(left for left, *_ in slug) > trim[0] + 5  # starts clear of the mark


def test_an_overset_proof_never_passes_as_press_ready(tmp_path, capsys):
    from ..conftest import article, minimal, write_issue

    doc = minimal()
    article(doc)["place"]["height"] = 4
    issue = write_issue(tmp_path / "over.yaml", doc)
    out = tmp_path / "over.pdf"
    assert main([str(issue), "-o", str(out), "--allow-overset"]) == 3  # even though written
    assert "not for press" in capsys.readouterr().out
    with pikepdf.open(out) as pdf:
        assert str(pdf.docinfo.PagesetterProof) == "overset"
        assert "/GTS_PDFXVersion" not in pdf.docinfo
        (group,) = pdf.Root.OCProperties.OCGs  # the marker is on the non-printing layer
        assert group.Usage.Print.PrintState == "/OFF"
        content = pdf.pages[0].Contents.read_bytes()
        assert b"0 1 0 0 k" not in content  # no magenta in what prints
    report = check_pdf(out, ghostscript=False)
    assert not report.ok
    assert any(f.rule == "proof.overset" and f.verdict is Verdict.FAIL for f in report.findings)
