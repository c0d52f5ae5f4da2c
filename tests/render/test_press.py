"""What the print shop receives (#27): black strokes overprint their tint (Ghostscript's
separations show it), pages carry their printed numbers, a CMYK photo fit for the press is
embedded as it came and any change to a photo's pixels is reported, and page images cover the
whole trim and say they are sRGB."""
import io
import re
import shutil
import subprocess

import pikepdf
import pytest
from PIL import Image

from pagesetter.cli import main
from pagesetter.colour import jpeg_without_metadata
from pagesetter.grey import black_curve
from pagesetter.loader import load_issue
from pagesetter.pipeline import place_pages

from ..conftest import FRONT, PHOTO, minimal, photo, write_issue

needs_gs = pytest.mark.skipif(shutil.which("gs") is None, reason="needs Ghostscript (gs)")
DPI = 150


@needs_gs
def test_a_box_rule_overprints_its_tint_in_the_separations(tmp_path):
    """Regression: every K100 stroke knocked out, so 7,064 K-only pixels bordered the M5 Y15
    box tint of the tabloid's front page in the separations: a white hairline on coldset."""
    pages = place_pages(load_issue(FRONT))
    number, box = next((p.number, f) for p in pages for f in p.frames if f.tint is not None)
    out = tmp_path / "front.pdf"
    assert main([str(FRONT), "-o", str(out), "--no-check"]) == 0
    tiff = tmp_path / "page.tif"
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc",
                    f"-r{DPI}", "-dUseTrimBox", "-sOverprint=enable", f"-dFirstPage={number}",
                    f"-dLastPage={number}", f"-sOutputFile={tiff}", str(out)], check=True)
    scale = DPI / 72
    # The rule is centred on the tint's edge: along each side (clear of the corners) the pixel
    # on the edge is the rule's, over the tint. Overprinting, it keeps the tint's M and Y.
    clear = box.radius + 4
    edge = []
    for t in range(round((box.y + clear) * scale), round((box.y + box.height - clear) * scale)):
        edge += [(round(box.x * scale), t), (round((box.x + box.width) * scale) - 1, t)]
    for t in range(round((box.x + clear) * scale), round((box.x + box.width - clear) * scale)):
        edge += [(t, round(box.y * scale)), (t, round((box.y + box.height) * scale) - 1)]
    with Image.open(tiff) as im:
        inks = [im.getpixel(xy) for xy in edge]
    ruled = [ink for ink in inks if ink[3] > 200]
    assert len(ruled) > 0.8 * len(edge)
    knocked_out = [ink for ink in ruled if ink[1] == 0 or ink[2] == 0]
    assert knocked_out == [], f"{len(knocked_out)} of {len(ruled)} rule pixels are K only"


def test_each_page_is_labelled_with_its_printed_number(tmp_path):
    """Regression: no /PageLabels: a viewer showed "page 1" for 第2版."""
    out = tmp_path / "front.pdf"
    assert main([str(FRONT), "-o", str(out), "--no-check"]) == 0
    numbers = [p.number for p in load_issue(FRONT).pages]
    with pikepdf.open(out) as pdf:
        labels = [str(pikepdf.Page(p).label) for p in pdf.pages]
    assert labels == [str(n) for n in numbers]
    split = tmp_path / "split"
    assert main([str(FRONT), "-o", f"{split}/", "--split", "--no-check"]) == 0
    for n in numbers:
        with pikepdf.open(split / f"{FRONT.stem}-p{n}.pdf") as pdf:
            assert str(pdf.pages[0].label) == str(n)


def cmyk_jpeg(path, size=(1200, 800), colour=(20, 60, 80, 10), exif=None):
    Image.new("CMYK", size, colour).save(path, "JPEG", quality=90,
                                         **({"exif": exif} if exif else {}))
    return path


def image_streams(pdf_path) -> list[pikepdf.Stream]:
    with pikepdf.open(pdf_path) as pdf:
        return [obj.read_raw_bytes() for obj in pdf.objects if isinstance(obj, pikepdf.Stream)
                and obj.get("/Subtype") == pikepdf.Name.Image]


def photo_build(tmp_path, picture, capsys, place=None):
    doc = minimal()
    photo(doc)["file"] = str(picture)
    if place:
        photo(doc)["place"] = place
    issue = write_issue(tmp_path / "issue.yaml", doc)
    out = tmp_path / "issue.pdf"
    assert main([str(issue), "-o", str(out)]) == 0
    report = capsys.readouterr().out
    return out, next(line for line in report.splitlines() if "    photo " in line)


def test_a_cmyk_jpeg_fit_for_the_press_is_embedded_as_it_came(tmp_path, capsys):
    """Regression: a CMYK JPEG was re-encoded (Flate, ink-limited): its split PDF was 1.7 MB
    where the others were 0.4–0.6 MB, and no warning named the photo."""
    picture = cmyk_jpeg(tmp_path / "cmyk.jpg")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # metadata that must not travel with the page
    tagged = cmyk_jpeg(tmp_path / "tagged.jpg", exif=exif.tobytes())
    for source in (picture, tagged):
        out, line = photo_build(tmp_path, source, capsys)
        assert "CMYK JPEG embedded as it came" in line, line
        (stream,) = image_streams(out)
        assert stream == jpeg_without_metadata(source.read_bytes())
        assert b"Camera maker" not in stream and b"Exif" not in stream
    with Image.open(io.BytesIO(stream)) as im:
        assert im.mode == "CMYK" and im.size == (1200, 800)


def test_the_pdf_clips_a_photo_embedded_whole_to_its_crop(tmp_path, capsys):
    """The crop of a photo embedded as it came is done by the PDF: the page shows what a
    re-encoded crop showed (a red band at the left of the photo is cut off either way)."""
    import pypdfium2 as pdfium

    picture = tmp_path / "banded.jpg"
    im = Image.new("CMYK", (1200, 800), (0, 0, 0, 60))
    im.paste((0, 255, 255, 0), (0, 0, 150, 800))  # a red band the crop removes
    im.save(picture, "JPEG", quality=90)
    out, line = photo_build(tmp_path, picture, capsys,
                            {"column": 3, "span": 2, "line": 1, "height": 32})
    assert "embedded as it came" in line
    placed = place_pages(load_issue(tmp_path / "issue.yaml"))[0].images[0]
    assert placed.crop[0] > 150  # the band is outside the crop
    page = pdfium.PdfDocument(str(out))[0]
    left, _, _, top = page.get_trimbox()
    scale = 2
    bitmap = page.render(scale=scale).to_pil().convert("RGB")
    media_top = page.get_mediabox()[3]
    for dx in (2, placed.width / 2):
        x = (left + placed.x + dx) * scale
        y = (media_top - top + placed.y + placed.height / 2) * scale
        r, g, b = bitmap.getpixel((round(x), round(y)))
        assert abs(r - g) < 40 and abs(g - b) < 40, (r, g, b)  # grey, not red


@pytest.mark.parametrize("make, says", [
    (lambda path: shutil.copy(PHOTO, path), "separated from RGB to CMYK through the newsprint "
                                            "profile"),
    (lambda path: cmyk_jpeg(path, colour=(250, 250, 250, 250)), "ink limited from 392 % to "
                                                                "240 %"),
    (lambda path: Image.new("CMYK", (900, 600), (20, 60, 80, 10)).save(path, "TIFF"),
     "cropped to its box; encoded as JPEG"),
])
def test_every_change_to_a_photos_pixels_is_reported(tmp_path, capsys, make, says):
    picture = tmp_path / "photo.tif" if "TIFF" in repr(make) else tmp_path / "photo.jpg"
    make(picture)
    _, line = photo_build(tmp_path, picture, capsys)
    assert says in line, line


@pytest.mark.parametrize("name, make", [
    ("grey.png", lambda path: Image.open(PHOTO).convert("L").save(path)),
    ("grey16.png", lambda path: Image.open(PHOTO).convert("L").convert("I").point(
        lambda v: v * 257).convert("I;16").save(path)),
    ("black-and-white.jpg", lambda path: Image.open(PHOTO).convert("L").convert("RGB").save(
        path, quality=85)),
])
def test_a_grey_photo_prints_in_black_ink_only(tmp_path, capsys, name, make):
    """Regression: grey photos were separated to all four inks (a rich grey that fringes with
    colour off register), and a 16-bit grey PNG printed as an empty white box."""
    picture = tmp_path / name
    make(picture)
    out, line = photo_build(tmp_path, picture, capsys)
    assert "grey: printed in black only" in line, line
    (stream,) = image_streams(out)
    with Image.open(io.BytesIO(stream)) as im:
        cyan, magenta, yellow, black = (band.getextrema() for band in im.split())
    assert cyan == magenta == yellow == (0, 0)
    with Image.open(PHOTO) as source:  # the photo's own range of greys, not paper
        darkest = source.convert("L").getextrema()[0]
    assert abs(black[1] - black_curve()[darkest]) <= 12  # JPEG overshoots at the darkest


def test_a_colour_photo_is_still_separated_to_four_inks(tmp_path, capsys):
    out, line = photo_build(tmp_path, PHOTO, capsys)
    assert "separated from RGB to CMYK" in line
    (stream,) = image_streams(out)
    with Image.open(io.BytesIO(stream)) as im:
        assert all(band.getextrema()[1] > 0 for band in im.split()[:3])


@pytest.mark.parametrize("name, make, says", [
    ("float.tif", lambda path: Image.new("F", (900, 600), 0.5).save(path),
     "32-bit floating-point pixels"),
    ("wide.tif", lambda path: Image.new("I", (900, 600), 1 << 24).save(path), "32-bit pixels"),
    ("lab.tif", lambda path: Image.new("LAB", (900, 600), (50, 128, 128)).save(path),
     "CIELab pixels"),
])
def test_a_photo_whose_pixels_cannot_be_printed_is_an_input_error(tmp_path, capsys, name, make,
                                                                   says):
    """Regression: such a TIFF printed black or white, or failed while the page was drawn with
    "was it replaced during the build?"."""
    picture = tmp_path / name
    make(picture)
    doc = minimal()
    photo(doc)["file"] = str(picture)
    issue = write_issue(tmp_path / "issue.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert f"image {picture} has {says}, which pagesetter does not print" in err
    assert "pages[0].photos[0].file" in err and "hint: save it as 8- or 16-bit" in err


def test_page_images_are_the_same_in_order_whatever_the_encoders(tmp_path, monkeypatch):
    """Page images are encoded by threads, as many at once as ENCODING_PIXELS allows: the same
    PNGs, in page order, as one at a time."""
    from pagesetter.render import png

    pdf = tmp_path / "front.pdf"
    assert main([str(FRONT), "-o", str(pdf), "--no-check"]) == 0
    one = list(png.page_images(pdf.read_bytes(), [1, 2], dpi=40))
    assert [n for n, _, _ in one] == [1, 2]
    assert list(png.page_images(pdf.read_bytes(), [1, 2], dpi=40, workers=3)) == one
    monkeypatch.setattr(png, "ENCODING_PIXELS", 1)  # a page at a time, however many threads
    assert list(png.page_images(pdf.read_bytes(), [1, 2], dpi=40, workers=3)) == one


def test_page_images_cover_the_whole_trim_and_are_tagged_srgb(tmp_path):
    """Regression: the PNG was cropped 1–2 px short of the trim at 300 dpi (4605 px for 4606.3)
    and carried no colour profile."""
    issue = write_issue(tmp_path / "issue.yaml")
    assert main([str(issue), "-o", str(tmp_path / "a.pdf"), "--png", str(tmp_path),
                 "--no-check"]) == 0
    fmt = load_issue(issue).format
    with Image.open(tmp_path / "issue-p1.png") as im:
        for pixels, points in zip(im.size, (fmt.trim_width, fmt.trim_height), strict=True):
            exact = points * 300 / 72
            assert exact <= pixels <= exact + 2, (pixels, exact)
        assert im.info.get("srgb") == 0 and im.info["dpi"][0] == pytest.approx(300, abs=0.01)
    assert re.search(rb"sRGB", (tmp_path / "issue-p1.png").read_bytes()[:100])
