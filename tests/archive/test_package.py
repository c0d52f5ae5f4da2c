"""`pagesetter archive`: the samples' bag validated with no network — METS, MODS and ALTO
against their schemas (tests/xsd), the JPEG 2000 images with jpylyzer, the bag with bagit — and
what the schemas cannot say: no two ALTO blocks of a page overlap, every article is in the
logical map once, the same issues give the same bytes."""
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pagesetter.cli import main

from ..conftest import ROOT

XSD = Path(__file__).resolve().parent.parent / "xsd"
METS = "{http://www.loc.gov/METS/}"
ALTO = "{http://www.loc.gov/standards/alto/ns-v4#}"
SAMPLES = [ROOT / "issues" / "2023-03.yaml", ROOT / "issues" / "2023-03-front.yaml"]


@pytest.fixture(scope="module")
def bag(tmp_path_factory):
    out = tmp_path_factory.mktemp("archive") / "bag"
    assert main(["archive", *map(str, SAMPLES), "-o", str(out)]) == 0
    return out


def issue_folders(bag: Path) -> list[Path]:
    return sorted(p for p in (bag / "data").iterdir() if p.is_dir())


def test_the_bag_validates_and_holds_a_folder_per_issue(bag):
    import bagit

    bagit.Bag(str(bag)).validate()
    assert [p.name for p in issue_folders(bag)] == ["2023-03-31_01", "2023-03-31_02"]
    manifests = {p.name for p in bag.glob("manifest-*.txt")}
    assert manifests == {"manifest-sha256.txt", "manifest-md5.txt"}
    tabloid = issue_folders(bag)[1]
    assert sorted(p.name for p in tabloid.iterdir()) == [
        "0001.jp2", "0001.pdf", "0001.xml", "0002.jp2", "0002.pdf", "0002.xml", "METS.xml",
        "press.pdf"]


def test_mets_mods_and_alto_are_valid_against_their_schemas(bag):
    import xmlschema

    mets = xmlschema.XMLSchema(str(XSD / "mets-1-12-1.xsd"))
    mods = xmlschema.XMLSchema(str(XSD / "mods-3-8.xsd"))
    alto = xmlschema.XMLSchema(str(XSD / "alto-4-4.xsd"))
    for folder in issue_folders(bag):
        mets.validate(str(folder / "METS.xml"))
        root = ET.parse(folder / "METS.xml").getroot()
        records = list(root.iter("{http://www.loc.gov/mods/v3}mods"))
        assert records
        for record in records:
            mods.validate(ET.tostring(record, encoding="unicode"))
        for page in sorted(folder.glob("0*.xml")):
            alto.validate(str(page))


def test_the_service_images_are_valid_jp2_of_the_ndnp_profile(bag):
    for image in sorted(bag.glob("data/*/*.jp2")):
        report = subprocess.run([sys.executable, "-m", "jpylyzer", str(image)],
                                capture_output=True, text=True, check=True).stdout
        root = ET.fromstring(report)
        text = {e.tag.split("}")[-1]: e.text for e in root.iter()}
        assert text["isValid"] == "True", image
        assert (text["levels"], text["layers"], text["order"], text["transformation"]) == \
            ("6", "25", "RLCP", "9-7 irreversible")
        assert (text["nC"], text["bPCDepth"]) == ("1", "8")  # one 8-bit grey component
        assert (text["xTsiz"], text["yTsiz"]) == ("1024", "1024")
        assert 0.5 < float(text["compressionRatio"]) / 8 < 4  # about 1 bit a pixel or less


def boxes(alto: Path) -> list[tuple[str, int, int, int, int]]:
    root = ET.parse(alto).getroot()
    return [(e.get("ID"), *(int(e.get(k)) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT")))
            for e in root.iter() if e.tag in (f"{ALTO}TextBlock", f"{ALTO}Illustration")]


def test_no_two_alto_blocks_of_a_page_overlap(bag):
    for alto in sorted(bag.glob("data/*/0*.xml")):
        found = boxes(alto)
        assert len(found) > 10
        overlaps = [(a[0], b[0]) for i, a in enumerate(found) for b in found[i + 1:]
                    if a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
                    and a[2] < b[2] + b[4] and b[2] < a[2] + a[4]]
        assert overlaps == [], alto


def test_words_are_strings_with_sp_between_and_photos_are_illustrations(bag):
    root = ET.parse(bag / "data" / "2023-03-31_01" / "0001.xml").getroot()
    assert root.find(f".//{ALTO}Illustration") is not None
    line = next(tl for tl in root.iter(f"{ALTO}TextLine")
                if len(tl.findall(f"{ALTO}String")) > 3)
    strings = [s.get("CONTENT") for s in line.findall(f"{ALTO}String")]
    assert all(1 <= len(s) <= 12 for s in strings)  # words, not the whole line
    assert len(line.findall(f"{ALTO}SP")) == len(strings) - 1
    software = root.find(f".//{ALTO}processingSoftware")
    assert software.find(f"{ALTO}softwareName").text == "pagesetter"


def test_the_logical_map_holds_every_article_once_and_a_continued_one_on_both_pages(bag):
    from pagesetter.loader import load_issue

    for folder, sample in zip(issue_folders(bag), SAMPLES, strict=True):
        issue = load_issue(sample)
        root = ET.parse(folder / "METS.xml").getroot()
        logical = root.find(f"{METS}structMap[@TYPE='logical']")
        divs = [d for d in logical.iter(f"{METS}div") if d.get("TYPE") in ("article", "picture")]
        assert len(divs) == sum(len(p.articles) + len(p.photos) for p in issue.pages)
        ids = {e.get("ID") for alto in folder.glob("0*.xml")
               for e in ET.parse(alto).getroot().iter() if e.get("ID")}
        for div in divs:
            areas = [a.get("BEGIN") for a in div.iter(f"{METS}area")]
            assert areas and set(areas) <= ids, div.get("LABEL")
        continued = [a for p in issue.pages for a in p.articles if a.continues]
        for article in continued:
            div = next(d for d in divs if d.get("LABEL") == " ".join(article.headline.main
                                                                       .split()))
            files = {a.get("FILEID") for a in div.iter(f"{METS}area")}
            assert len(files) == 2  # both pages it stands on


def test_a_bag_built_twice_is_byte_identical(bag, tmp_path):
    again = tmp_path / "again"
    assert main(["archive", *map(str, SAMPLES), "-o", str(again)]) == 0
    first = {p.relative_to(bag): p.read_bytes() for p in bag.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_the_page_pdf_is_the_trimmed_page_labelled_with_its_number(bag):
    import pikepdf

    with pikepdf.open(bag / "data" / "2023-03-31_01" / "0001.pdf") as pdf:
        page = pdf.pages[0]
        assert list(page.MediaBox) == list(page.TrimBox) and "/BleedBox" not in page.obj
        assert pdf.Root.PageLabels.Nums[1].St == 2  # printed as page 2
        assert "2023-03-31" in str(pdf.open_metadata().get("dc:date", ""))


def test_a_folder_that_holds_something_else_is_not_replaced(tmp_path, capsys):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    assert main(["archive", str(SAMPLES[1]), "-o", str(out)]) == 2
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep"
    assert "holds no bag" in capsys.readouterr().err


def test_an_interrupt_while_a_bag_replaces_another_leaves_a_bag_in_place(tmp_path,
                                                                         monkeypatch):
    """Regression: Ctrl-C between moving the old bag aside and moving the new one in left no
    bag at the output (the old one hidden, the new one then removed as staged)."""
    import signal

    from pagesetter.archive import _replace

    out, staged = tmp_path / "bag", tmp_path / ".pagesetter-bag-x"
    for folder, text in ((out, "old"), (staged, "new")):
        folder.mkdir()
        (folder / "bagit.txt").write_text(text, encoding="utf-8")
    rename = Path.rename

    def rename_then_interrupt(self, target):
        moved = rename(self, target)
        signal.raise_signal(signal.SIGINT)
        return moved

    monkeypatch.setattr(Path, "rename", rename_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        _replace(staged, out)
    assert (out / "bagit.txt").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bag"]  # the old one removed


def test_service_images_made_by_two_processes_are_those_made_by_one(monkeypatch):
    """The JP2s of an issue's pages are made half here, half by a forked helper (OpenJPEG
    holds the interpreter, so threads would not share the work): the same images, in order."""
    from pagesetter import archive
    from pagesetter.loader import load_issue
    from pagesetter.pipeline import place_pages

    monkeypatch.setattr(archive, "DPI", 30)
    pdfs = []
    for name in ("2023-03-front.yaml", "2023-03.yaml"):
        issue = load_issue(ROOT / "issues" / name)
        pdfs += [archive._page_pdf(issue, page) for page in place_pages(issue)]
    shared = list(archive._service_images(pdfs))
    monkeypatch.setattr(archive.os, "cpu_count", lambda: 1)
    alone = list(archive._service_images(pdfs))
    assert len(alone) == 3 and shared == alone
