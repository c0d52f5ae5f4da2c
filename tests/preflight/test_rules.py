"""`pagesetter check` against a corpus of small PDFs made here with pikepdf: a base file that
passes every rule, and one defect (or one legal variation) at a time. The must-fail and
must-pass lists are those of a PDF/X-1a:2001 preflight profile (#12)."""
import shutil

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, Stream, String

from pagesetter.preflight import Unreadable, Verdict, check_pdf
from pagesetter.cli import main
from pagesetter.colour import profile_path

from ..pdfs import (BASE_CONTENT, BLEED, TRIM, embedded_font, make_pdf, overprint_states,  # noqa: F401
                    form, tiny_font, verdicts)

def failed(path, rule, text=""):
    report, found = verdicts(path)
    assert Verdict.FAIL in found.get(rule, set()), report.text()
    if text:
        assert any(text in f.message for f in report.findings if f.rule == rule), report.text()
    return report


def test_the_base_file_passes_every_rule(tmp_path):
    report, found = verdicts(make_pdf(tmp_path / "base.pdf"))
    assert report.ok, report.text()
    assert {Verdict.FAIL, Verdict.WARN}.isdisjoint(set().union(*found.values())), report.text()


# --- must fail ---------------------------------------------------------------------------------

def rgb_space(pdf):
    return {"/ColorSpace": Dictionary(RGB=Name.DeviceRGB)}


@pytest.mark.parametrize("name, content, resources, text", [
    ("rgb_by_rg", "1 0 0 rg 20 20 50 50 re f", None, "RGB"),
    ("rgb_by_cs_sc", "/DeviceRGB cs 1 0 0 sc 20 20 50 50 re f", None, "RGB"),
    ("rgb_by_named_space_scn", "/RGB cs 1 0 0 scn 20 20 50 50 re f", rgb_space, "RGB"),
    ("lab", "/L cs 50 0 0 sc 20 20 50 50 re f",
     lambda pdf: {"/ColorSpace": Dictionary(L=Array([Name.Lab, Dictionary(
         WhitePoint=Array([0.95, 1, 1.09]))]))}, "Lab"),
    ("icc_based", "/I cs 0 0 0 1 sc 20 20 50 50 re f",
     lambda pdf: {"/ColorSpace": Dictionary(I=Array([Name.ICCBased, pdf.make_indirect(
         Stream(pdf, profile_path().read_bytes(), N=4))]))}, "ICC"),
    ("indexed_on_rgb", "/P cs 0 sc 20 20 50 50 re f",
     lambda pdf: {"/ColorSpace": Dictionary(P=Array([Name.Indexed, Name.DeviceRGB, 0,
                                                     String(b"\xff\x00\x00")]))}, "indexed"),
    ("separation_with_rgb_alternate", "/S cs 1 sc 20 20 50 50 re f",
     lambda pdf: {"/ColorSpace": Dictionary(S=Array([
         Name.Separation, Name("/Spot"), Name.DeviceRGB, pdf.make_indirect(Dictionary(
             FunctionType=2, Domain=Array([0, 1]), C0=Array([1, 1, 1]), C1=Array([1, 0, 0]),
             N=1))]))}, "alternate"),
])
def test_colour_other_than_cmyk_grey_and_spot_fails(tmp_path, name, content, resources, text):
    failed(make_pdf(tmp_path / f"{name}.pdf", content, resources), "colour.spaces", text)


def test_an_rgb_inline_image_fails(tmp_path):
    content = "q 50 0 0 50 20 20 cm BI /W 1 /H 1 /CS /RGB /BPC 8 ID \xff\x00\x00 EI Q"
    failed(make_pdf(tmp_path / "inline.pdf", content), "colour.spaces", "inline image")


def test_an_rgb_shading_fails(tmp_path):
    def shading(pdf):
        return {"/Shading": Dictionary(Sh=pdf.make_indirect(Dictionary(
            ShadingType=2, ColorSpace=Name.DeviceRGB, Coords=Array([0, 0, 1, 0]),
            Function=pdf.make_indirect(Dictionary(FunctionType=2, Domain=Array([0, 1]),
                                                  C0=Array([0, 0, 0]), C1=Array([1, 0, 0]),
                                                  N=1)))))}
    failed(make_pdf(tmp_path / "sh.pdf", "/Sh sh", shading), "colour.spaces", "shading")


def test_an_rgb_shading_pattern_fails(tmp_path):
    def pattern(pdf):
        shading = pdf.make_indirect(Dictionary(
            ShadingType=2, ColorSpace=Name.DeviceRGB, Coords=Array([0, 0, 1, 0]),
            Function=pdf.make_indirect(Dictionary(FunctionType=2, Domain=Array([0, 1]),
                                                  C0=Array([0, 0, 0]), C1=Array([1, 0, 0]),
                                                  N=1))))
        return {"/Pattern": Dictionary(P0=pdf.make_indirect(Dictionary(
            Type=Name.Pattern, PatternType=2, Shading=shading)))}
    content = "/Pattern cs /P0 scn 20 20 50 50 re f"
    failed(make_pdf(tmp_path / "pattern.pdf", content, pattern), "colour.spaces", "shading")


def test_rgb_inside_a_form_fails(tmp_path):
    def resources(pdf):
        return {"/XObject": Dictionary(Fm=form(pdf, "1 0 0 rg 20 20 50 50 re f"))}
    failed(make_pdf(tmp_path / "form.pdf", "/Fm Do", resources), "colour.spaces", "RGB")


def test_rgb_inside_a_type3_glyph_fails(tmp_path):
    def resources(pdf):
        glyph = Stream(pdf, b"600 0 d0 1 0 0 rg 0 0 500 700 re f")
        font = pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.Type3, FontBBox=Array([0, 0, 600, 700]),
            FontMatrix=Array([0.001, 0, 0, 0.001, 0, 0]), FirstChar=65, LastChar=65,
            Widths=Array([600]), Encoding=Dictionary(Differences=Array([65, Name("/a")])),
            CharProcs=Dictionary(a=pdf.make_indirect(glyph))))
        return {"/Font": Dictionary(T3=font)}
    content = "/OPon gs 0 0 0 1 k BT /T3 12 Tf 20 20 Td (A) Tj ET"
    failed(make_pdf(tmp_path / "t3.pdf", content, resources), "colour.spaces", "RGB")


def test_an_annotation_inside_the_trim_fails(tmp_path):
    def finish(pdf):
        note = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Square,
                                            Rect=Array([50, 50, 80, 80])))
        pdf.pages[0].obj.Annots = Array([note])
    failed(make_pdf(tmp_path / "annot.pdf", finish=finish), "page.annotations", "Square")


@pytest.mark.parametrize("name, content, space", [
    ("rgb", "/OPon gs 0 0 0 rg BT /F1 9 Tf 40 100 Td (AB) Tj ET", None),
    ("icc_rgb", "/OPon gs /C3 cs 0 0 0 sc BT /F1 9 Tf 40 100 Td (AB) Tj ET", 3),
    ("icc_grey", "/OPon gs /C1 cs 0 scn BT /F1 9 Tf 40 100 Td (AB) Tj ET", 1),
])
def test_black_text_in_a_converted_colour_space_fails_the_black_text_rule(tmp_path, name,
                                                                          content, space):
    """Regression: black text in RGB or ICC-based grey (typst's output) read "ok text.black:
    black text is 100% K, overprinting" beside the colour-space failure."""
    def resources(pdf):
        profiles = {n: pdf.make_indirect(Stream(pdf, b"profile", N=n)) for n in (1, 3)}
        return {"/ColorSpace": Dictionary(C1=Array([Name.ICCBased, profiles[1]]),
                                          C3=Array([Name.ICCBased, profiles[3]]))}
    report = failed(make_pdf(tmp_path / f"{name}.pdf", content, resources), "text.black",
                    "is not 100 % K alone")
    assert ("rich black" in report.text()) == (space != 1)


@pytest.mark.parametrize("name, content, rule, text", [
    ("black_text_opm_0", "/K0 gs 0 0 0 1 k BT /F1 9 Tf 40 100 Td (AB) Tj ET", "text.black",
     "OPM 0"),
    ("black_text_knocking_out", "/OPoff gs 0 0 0 1 k BT /F1 9 Tf 40 100 Td (AB) Tj ET",
     "text.black", "knocks out"),
    ("white_text_overprinting", "/OPon gs 0 0 0 0 k BT /F1 9 Tf 40 100 Td (AB) Tj ET",
     "colour.overprint", "white text"),
    ("white_fill_overprinting", "/OPon gs 0 0 0 0 k 20 20 50 50 re f", "colour.overprint",
     "white a fill"),
    ("rich_black_small_text_through_sc",
     "/OPon gs /DeviceCMYK cs 0.6 0.4 0.4 1 sc BT /F1 9 Tf 40 100 Td (AB) Tj ET",
     "text.black", "rich black"),
])
def test_overprint_that_vanishes_or_knocks_out_fails(tmp_path, name, content, rule, text):
    def resources(pdf):
        return {"/ExtGState": Dictionary(K0=pdf.make_indirect(Dictionary(op=True, OPM=0)))}
    failed(make_pdf(tmp_path / f"{name}.pdf", content, resources), rule, text)


@pytest.mark.parametrize("glyphs", [False, True])
@pytest.mark.parametrize("name, content, text", [
    ("colour", "/OPon gs 0 0 0 1 k BT /F1 9 Tf 40 100 Td (AB) Tj 0.6 0.4 0.4 1 k (AB) Tj ET",
     "rich black"),
    ("overprint", "/OPon gs 0 0 0 1 k BT /F1 9 Tf 40 100 Td (AB) Tj /OPoff gs (AB) Tj ET",
     "knocks out"),
    ("font_size", "/OPon gs 0.6 0.4 0.4 1 k BT /F1 12 Tf 40 100 Td (AB) Tj /F1 9 Tf (AB) Tj ET",
     "rich black 9.0 pt"),
    ("text_matrix", "/OPon gs 0.6 0.4 0.4 1 k BT /F1 5 Tf 3 0 0 3 40 100 Tm (AB) Tj "
                    "1 0 0 1 40 80 Tm (AB) Tj ET", "rich black 5.0 pt"),
    ("restored_state", "/OPon gs 0 0 0 1 k q 0.6 0.4 0.4 1 k BT /F1 12 Tf 40 100 Td (AB) Tj ET "
                       "Q BT /F1 12 Tf 40 80 Td (AB) Tj ET /OPoff gs BT /F1 12 Tf (AB) Tj ET",
     "knocks out"),
])
def test_text_shown_again_after_its_state_changed_is_checked_again(tmp_path, glyphs, name,
                                                                   content, text):
    """Text shown in a state already checked is skipped; the same font after a change of
    colour, overprint, size or matrix is not (the first show here passes)."""
    report, found = verdicts(make_pdf(tmp_path / f"{name}.pdf", content), glyphs=glyphs)
    assert Verdict.FAIL in found.get("text.black", set()), report.text()
    assert any(text in f.message for f in report.findings if f.rule == "text.black"), \
        report.text()


@pytest.mark.parametrize("name, state, text", [
    ("fill_opacity", {"ca": 0.5}, "ca 0.5"),
    ("stroke_opacity", {"CA": 0.8}, "CA 0.8"),
    ("blend_mode", {"BM": Name.Multiply}, "blend mode"),
    ("soft_mask", {"SMask": Dictionary(S=Name.Luminosity, G=Name.Null)}, "soft mask"),
])
def test_transparency_fails(tmp_path, name, state, text):
    def resources(pdf):
        return {"/ExtGState": Dictionary(T=pdf.make_indirect(Dictionary(**state)))}
    failed(make_pdf(tmp_path / f"{name}.pdf", "/T gs 20 20 50 50 re f", resources),
           "transparency", text)


def test_an_image_with_a_soft_mask_fails(tmp_path):
    def resources(pdf):
        mask = Stream(pdf, b"\x80", Type=Name.XObject, Subtype=Name.Image, Width=1, Height=1,
                      ColorSpace=Name.DeviceGray, BitsPerComponent=8)
        image = Stream(pdf, b"\x00\x00\x00\xff", Type=Name.XObject, Subtype=Name.Image,
                       Width=1, Height=1, ColorSpace=Name.DeviceCMYK, BitsPerComponent=8,
                       SMask=pdf.make_indirect(mask))
        return {"/XObject": Dictionary(Im=pdf.make_indirect(image))}
    failed(make_pdf(tmp_path / "smask.pdf", "q 50 0 0 50 20 20 cm /Im Do Q", resources),
           "transparency", "soft mask")


def test_a_transparency_group_fails(tmp_path):
    def finish(pdf):
        pdf.pages[0].obj.Group = Dictionary(S=Name.Transparency, CS=Name.DeviceCMYK)
    failed(make_pdf(tmp_path / "group.pdf", finish=finish), "transparency", "group")


def test_object_and_cross_reference_streams_fail_an_x1a_2001_claim(tmp_path):
    path = make_pdf(tmp_path / "objstm.pdf", version="1.5",
                    save={"object_stream_mode": pikepdf.ObjectStreamMode.generate})
    report = failed(path, "file.version", "object streams")
    assert any("cross-reference stream" in f.message for f in report.findings)


def test_a_pdf_14_header_may_claim_x1a_2003_at_most(tmp_path):
    failed(make_pdf(tmp_path / "v14.pdf", version="1.4"), "file.version", "X-1a:2003 at most")
    claims_2003 = make_pdf(tmp_path / "v14b.pdf", version="1.4",
                           info={"GTS_PDFXVersion": String("PDF/X-1a:2003"),
                                 "GTS_PDFXConformance": String("PDF/X-1a:2003")})
    _, found = verdicts(claims_2003)
    assert found["file.version"] == {Verdict.PASS}


def test_an_rgb_output_profile_fails(tmp_path):
    def finish(pdf):
        srgb = Stream(pdf, (shutil.which("true") and _srgb_profile()))
        srgb.N = 3
        pdf.Root.OutputIntents[0].DestOutputProfile = pdf.make_indirect(srgb)
    failed(make_pdf(tmp_path / "srgb.pdf", finish=finish), "intent.output", "CMYK output")


def _srgb_profile() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def test_a_custom_output_condition_without_a_profile_fails(tmp_path):
    def finish(pdf):
        del pdf.Root.OutputIntents[0].DestOutputProfile
    failed(make_pdf(tmp_path / "custom.pdf", finish=finish), "intent.output", "registered")


def test_no_output_intent_fails(tmp_path):
    failed(make_pdf(tmp_path / "nointent.pdf", intent=False), "intent.output")


@pytest.mark.parametrize("trapped", [None, "/Unknown"])
def test_trapped_missing_or_unknown_fails(tmp_path, trapped):
    def finish(pdf):
        if trapped is None:
            del pdf.docinfo.Trapped
        else:
            pdf.docinfo.Trapped = Name(trapped)
    failed(make_pdf(tmp_path / "trapped.pdf", finish=finish), "info.trapped")


def test_encryption_fails(tmp_path):
    path = make_pdf(tmp_path / "enc.pdf", version="1.4",
                    save={"encryption": pikepdf.Encryption(owner="o", user="", R=3, aes=False,
                                                          metadata=False)})
    failed(path, "file.encryption")


def test_a_password_protected_file_is_unreadable(tmp_path, capsys):
    path = make_pdf(tmp_path / "pw.pdf", version="1.4",
                    save={"encryption": pikepdf.Encryption(owner="o", user="u", R=3, aes=False,
                                                          metadata=False)})
    with pytest.raises(Unreadable):
        check_pdf(path)
    assert main(["check", str(path)]) == 2


@pytest.mark.parametrize("name, finish, text", [
    ("open_action_javascript", lambda pdf: pdf.Root.__setitem__(
        "/OpenAction", Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))),
     "OpenAction"),
    ("link_with_uri", lambda pdf: pdf.pages[0].obj.__setitem__("/Annots", Array([
        pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link,
                                     Rect=Array([0, 0, 5, 5]),
                                     A=Dictionary(S=Name.URI, URI=String("http://x"))))])),
     "action"),
])
def test_javascript_and_actions_fail(tmp_path, name, finish, text):
    failed(make_pdf(tmp_path / f"{name}.pdf", finish=finish), "file.actions", text)


@pytest.mark.parametrize("filter_name, text", [("/LZWDecode", "LZW"),
                                                ("/JBIG2Decode", "JBIG2"),
                                                ("/JPXDecode", "JPX")])
def test_lzw_jbig2_and_jpx_fail(tmp_path, filter_name, text):
    def resources(pdf):
        image = Stream(pdf, b"\x00", Type=Name.XObject, Subtype=Name.Image, Width=1, Height=1,
                       ColorSpace=Name.DeviceGray, BitsPerComponent=8)
        return {"/XObject": Dictionary(Im=pdf.make_indirect(image))}

    def finish(pdf):  # the bytes as they are, marked as compressed this way
        pdf.pages[0].Resources.XObject.Im.write(b"\x80\x0b\x60\x50", filter=Name(filter_name))
    path = make_pdf(tmp_path / "lzw.pdf", "q 9 0 0 9 20 20 cm /Im Do Q", resources,
                    finish=finish, save={"stream_decode_level": pikepdf.StreamDecodeLevel.none,
                                         "compress_streams": False})
    failed(path, "file.compression", text)


def test_an_unembedded_font_fails(tmp_path):
    def resources(pdf):
        return {"/Font": Dictionary(F2=pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)))}
    content = "/OPon gs 0 0 0 1 k BT /F2 9 Tf 40 100 Td (x) Tj ET"
    failed(make_pdf(tmp_path / "helv.pdf", content, resources), "fonts.embedded", "Helvetica")


def test_a_glyph_missing_from_its_font_fails(tmp_path):
    content = "/OPon gs 0 0 0 1 k BT /F1 9 Tf 40 100 Td (ABC) Tj ET"  # C is not in the font
    failed(make_pdf(tmp_path / "glyph.pdf", content), "fonts.glyphs", "0x43")


# --- must pass ---------------------------------------------------------------------------------

def passes(path, allowed_warnings=()):
    report, found = verdicts(path)
    assert report.ok, report.text()
    warned = {rule for rule, v in found.items() if Verdict.WARN in v}
    assert warned <= set(allowed_warnings), report.text()


def test_an_art_box_instead_of_a_trim_box_passes(tmp_path):
    passes(make_pdf(tmp_path / "art.pdf", boxes={"/ArtBox": TRIM, "/BleedBox": BLEED}))


def test_no_bleed_box_passes(tmp_path):
    passes(make_pdf(tmp_path / "nobleed.pdf", boxes={"/TrimBox": TRIM}))


def test_box_corners_in_any_order_pass(tmp_path):
    passes(make_pdf(tmp_path / "corners.pdf", boxes={"/TrimBox": [180, 180, 20, 20],
                                                     "/BleedBox": [190, 10, 10, 190]}))


def test_overprinting_text_in_a_form_inheriting_the_page_state_passes(tmp_path):
    def resources(pdf):
        inner = Dictionary(Font=Dictionary(F1=embedded_font(pdf)))
        return {"/XObject": Dictionary(Fm=form(pdf, "BT /F1 9 Tf 40 100 Td (AB) Tj ET",
                                               inner))}
    passes(make_pdf(tmp_path / "inherit.pdf", "/OPon gs 0 0 0 1 k /Fm Do", resources))


def test_no_xmp_is_a_warning_at_most(tmp_path):
    passes(make_pdf(tmp_path / "noxmp.pdf", xmp=False), allowed_warnings={"info.xmp"})


def test_a_registered_output_condition_without_a_profile_passes(tmp_path):
    def finish(pdf):
        intent = pdf.Root.OutputIntents[0]
        del intent.DestOutputProfile
        intent.OutputConditionIdentifier = String("IFRA26")
        intent.RegistryName = String("http://www.color.org")
    passes(make_pdf(tmp_path / "registered.pdf", finish=finish))


def test_overprint_set_with_op_alone_passes(tmp_path):
    def resources(pdf):
        return {"/ExtGState": Dictionary(Big=pdf.make_indirect(Dictionary(OP=True, OPM=1)))}
    content = "/Big gs 0 0 0 1 k BT /F1 9 Tf 40 100 Td (AB) Tj ET"
    passes(make_pdf(tmp_path / "bigop.pdf", content, resources))
