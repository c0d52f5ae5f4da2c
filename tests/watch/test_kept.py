"""What a watch session keeps from build to build is keyed by content (kept.py)."""
import shutil
from pathlib import Path

import pikepdf

from pagesetter.options import BuildOptions
from pagesetter.resources import data_dir
from pagesetter.watch.session import Session

from ..conftest import minimal, write_issue
from ..pdfs import font_widths

HOUSE = Path(__file__).parent.parent / "fonts"


def _widths(pdf_file: Path) -> set[int]:
    with pikepdf.open(pdf_file) as pdf:
        fonts = pdf.pages[0].Resources.Font
        return {round(w) for key in fonts.keys() for w in font_widths(fonts[key])}


def test_a_face_saved_over_the_same_file_during_watch_gets_new_metrics(tmp_path):
    """Regression: faces were kept by path for the life of the process, so a face saved over
    its file kept its old advances in `watch` until the watcher was restarted."""
    for name in ("house-face.yaml", "WenQuanYiMicroHei-test.ttf"):
        shutil.copy(HOUSE / name, tmp_path / name)
    face = tmp_path / "WenQuanYiMicroHei-test.ttf"
    doc = minimal()
    doc["format"] = str(tmp_path / "house-face.yaml")
    out = tmp_path / "watched.pdf"
    session = Session(write_issue(tmp_path / "issue.yaml", doc), BuildOptions(preflight=False),
                      out)
    assert not session.rebuild().error
    assert session.composer is not None
    assert round(session.composer.fonts.advance("song", "1") * 1000) == 551
    before = _widths(out)

    shutil.copy(data_dir("fonts") / "NotoSerifSC-Regular.ttf", face)  # same name, new face
    build = session.rebuild()
    assert not build.error and build.placed == (1,)
    assert round(session.composer.fonts.advance("song", "1") * 1000) == 471
    after = _widths(out)
    assert 471 in after and 471 not in before and 551 in before and 551 not in after
