"""Ink measurement: the fast peak of C+M+Y+K equals the plain per-pixel maximum."""
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from pagesetter import colour
from pagesetter.colour import max_total_ink


def plain_peak(picture: Image.Image) -> float:
    raw = picture.tobytes()
    return max(sum(raw[i:i + 4]) for i in range(0, len(raw), 4)) / 255 * 100


@settings(max_examples=150, deadline=None)
@given(width=st.integers(1, 40), height=st.integers(1, 30), data=st.data())
def test_peak_ink_equals_the_per_pixel_maximum(width, height, data):
    samples = data.draw(st.binary(min_size=width * height * 4, max_size=width * height * 4))
    picture = Image.frombytes("CMYK", (width, height), samples)
    assert max_total_ink(picture) == plain_peak(picture)


def plain_place(picture: Image.Image) -> tuple[int, int]:
    """The top-left corner of the box of the pixels with the most ink."""
    raw = picture.tobytes()
    sums = [sum(raw[i:i + 4]) for i in range(0, len(raw), 4)]
    most = max(sums)
    at = [(i % picture.width, i // picture.width) for i, s in enumerate(sums) if s == most]
    return min(x for x, _ in at), min(y for _, y in at)


@settings(max_examples=150, deadline=None)
@given(width=st.integers(1, 30), height=st.integers(1, 30), rows=st.integers(1, 8),
       levels=st.lists(st.integers(0, 255), min_size=1, max_size=3), data=st.data())
def test_peak_ink_summed_a_strip_at_a_time_finds_the_peak_and_its_place(width, height, rows,
                                                                        levels, data):
    samples = bytes(data.draw(st.lists(st.sampled_from(levels), min_size=width * height * 4,
                                       max_size=width * height * 4)))
    picture = Image.frombytes("CMYK", (width, height), samples)  # few levels: many ties
    kept = colour.STRIP_ROWS
    colour.STRIP_ROWS = rows
    try:
        value, place = colour.peak_ink(picture)
    finally:
        colour.STRIP_ROWS = kept
    assert (value, place) == (plain_peak(picture), plain_place(picture))


def test_a_flat_tint_page_is_summed_a_strip_at_a_time(monkeypatch):
    """Found checking a page of one flat tint: every pixel ties for the peak, so the exact sums
    were taken over the whole page at once in 32-bit bands — a gigabyte for one broadsheet page
    at the ink check's resolution, four at once with four renderers."""
    seen = []
    exact = colour._exact_peak
    monkeypatch.setattr(colour, "_exact_peak", lambda p: seen.append(p.size) or exact(p))
    picture = Image.new("CMYK", (50, 1000), (60, 60, 60, 60))
    assert colour.peak_ink(picture) == (240 / 255 * 100, (0, 0))
    assert seen and all(height <= colour.STRIP_ROWS for _, height in seen)


def test_one_hot_pixel_in_a_light_picture_is_found():
    picture = Image.new("CMYK", (300, 200), (40, 30, 30, 20))
    picture.putpixel((217, 133), (200, 150, 120, 255))
    assert max_total_ink(picture) == (200 + 150 + 120 + 255) / 255 * 100


def test_near_ties_the_quarter_sums_cannot_tell_apart():
    # Equal quarter sums, different totals: the exact sum decides.
    picture = Image.new("CMYK", (4, 1), (0, 0, 0, 0))
    picture.putpixel((0, 0), (101, 101, 101, 101))  # 404
    picture.putpixel((3, 0), (100, 100, 100, 103))  # 403
    assert max_total_ink(picture) == 404 / 255 * 100


# --- photos as they arrive (#17: orientation, CMYK, transparency, bombs, size) ------------------

def build_with_photo(tmp_path, picture, **place):
    from pagesetter.cli import main

    from .conftest import minimal, photo, write_issue

    doc = minimal()
    photo(doc)["file"] = str(picture)
    photo(doc)["place"].update(place)
    issue = write_issue(tmp_path / "issue.yaml", doc)
    out = tmp_path / "out.pdf"
    return main([str(issue), "-o", str(out)]), issue, out


def embedded_image(pdf_path):
    import pikepdf

    with pikepdf.open(pdf_path) as pdf:
        (image,) = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                    and o.get("/Subtype") == "/Image"]
        return pikepdf.PdfImage(image).as_pil_image(), int(image.Width), int(image.Height)


def test_exif_orientation_is_applied(tmp_path):
    """Regression: a portrait phone photo (stored on its side, EXIF orientation 6) printed on
    its side."""
    from pagesetter.loader import load_issue

    from .conftest import PHOTO

    turned = tmp_path / "turned.jpg"
    with Image.open(PHOTO) as im:
        exif = Image.Exif()
        exif[0x0112] = 6  # rotate 90° clockwise to view
        im.save(turned, exif=exif)
        stored = im.size
    status, issue, _ = build_with_photo(tmp_path, turned)
    assert status == 0
    assert load_issue(issue).pages[0].photos[0].pixel_size == (stored[1], stored[0])


def test_a_cmyk_photo_passes_through_unchanged(tmp_path):
    """Regression: CMYK photos were converted to RGB and separated again: 0/0/0/100 printed as
    60/46/44/86 (236 % rich black)."""
    picture = tmp_path / "cmyk.tif"
    Image.new("CMYK", (900, 600), (0, 0, 0, 255)).save(picture)
    status, _, out = build_with_photo(tmp_path, picture)
    assert status == 0
    embedded, _, _ = embedded_image(out)
    assert embedded.mode == "CMYK"
    c, m, y, k = embedded.getpixel((embedded.width // 2, embedded.height // 2))
    assert (c, m, y) == (0, 0, 0) and k >= 250


def test_a_cmyk_photo_over_the_ink_limit_is_limited_keeping_its_black():
    from pagesetter.separation import to_press_cmyk

    rich = Image.new("CMYK", (4, 4), (200, 200, 200, 255))
    limited = to_press_cmyk(rich)
    assert max_total_ink(limited) <= 240.5
    assert limited.getpixel((0, 0))[3] == 255


def test_transparent_pixels_print_as_paper(tmp_path):
    """Regression: transparent pixels of a PNG printed as rich black."""
    picture = tmp_path / "logo.png"
    Image.new("RGBA", (900, 600), (0, 0, 0, 0)).save(picture)
    status, _, out = build_with_photo(tmp_path, picture)
    assert status == 0
    embedded, _, _ = embedded_image(out)
    assert max_total_ink(embedded.convert("CMYK")) < 5


def test_a_photo_bomb_is_refused_with_exit_2(tmp_path, capsys):
    """Regression: a 0.17 MB PNG of 12000×12000 pixels peaked at 4 GB."""
    picture = tmp_path / "bomb.png"
    Image.new("1", (12000, 12000)).save(picture)
    assert picture.stat().st_size < 1_000_000
    status, issue, out = build_with_photo(tmp_path, picture)
    assert status == 2 and not out.exists()
    err = capsys.readouterr().err
    assert f"{issue}:" in err and "pages[0].photos[0].file" in err and "megapixels" in err


def test_a_png_with_an_oversized_text_chunk_is_an_input_error(tmp_path, capsys):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("comment", "x" * 3_000_000, zip=True)
    picture = tmp_path / "chunky.png"
    Image.new("RGB", (900, 600), "green").save(picture, pnginfo=info)
    status, issue, _ = build_with_photo(tmp_path, picture)
    assert status == 2
    assert "pages[0].photos[0].file" in capsys.readouterr().err


def test_a_truncated_jpeg_names_its_yaml_line(tmp_path, capsys):
    """Regression: reported as "cannot write t.pdf: image file is truncated"."""
    from .conftest import PHOTO

    picture = tmp_path / "cut.jpg"
    data = PHOTO.read_bytes()
    picture.write_bytes(data[:len(data) // 2])
    status, issue, _ = build_with_photo(tmp_path, picture)
    assert status == 2
    err = capsys.readouterr().err
    assert "cannot write" not in err and f"{issue}:" in err and "photos[0].file" in err


def test_a_photo_too_tall_for_the_grid_is_an_error_not_a_page_overrun(tmp_path, capsys):
    """Regression: a 1×3000 image with an auto height ran off the page with exit 0."""
    picture = tmp_path / "strip.png"
    Image.new("RGB", (1, 3000), "green").save(picture)
    status, _, _ = build_with_photo(tmp_path, picture, height="auto")
    assert status == 2 and "past the grid" in capsys.readouterr().err


def test_a_big_photo_is_downsampled_to_what_the_page_needs(tmp_path):
    from pagesetter.colour import MAX_EMBED_PPI

    picture = tmp_path / "big.jpg"
    with Image.open(__import__("tests.conftest", fromlist=["PHOTO"]).PHOTO) as im:
        im.resize((6000, 4800)).save(picture, quality=85)
    status, _, out = build_with_photo(tmp_path, picture)
    assert status == 0
    _, width, _ = embedded_image(out)
    box_inches = 373.5 / 72  # two base columns
    assert width <= box_inches * MAX_EMBED_PPI + 2
