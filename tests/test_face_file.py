"""face_file: a face file read as ReportLab reads its bytes, slice by slice, and a file written
over in place while it is in use is an error, never a subset of other glyphs."""
import os
import shutil

import pytest

from pagesetter import fonts
from pagesetter.face_file import FaceChanged, FaceFile
from pagesetter.kept import Kept, keeping
from pagesetter.resources import data_dir

FACE = data_dir("fonts") / "NotoSansMongolian-Regular.ttf"  # small: quick to copy
OTHER = data_dir("fonts") / "LXGWWenKai-Regular.ttf"


@pytest.fixture
def face_path(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGESETTER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(fonts, "_registered", lambda digest: None)  # as a new process
    path = tmp_path / "face.ttf"
    shutil.copyfile(FACE, path)
    return path


@pytest.mark.parametrize("key", [0, 7, -1, -4, slice(0, 12), slice(100, 40), slice(-8, None),
                                 slice(None), slice(3, 50, 7)])
def test_a_face_file_reads_as_its_bytes(key):
    data = FACE.read_bytes()
    source = FaceFile.open(FACE)
    try:
        assert len(source) == len(data)
        assert source[key] == data[key]
        table = source.part(1000, 64)
        assert table[:] == data[1000:1064] and table[-1] == data[1063]
    finally:
        source.close()


def test_an_index_past_the_end_is_an_index_error():
    source = FaceFile.open(FACE)
    try:
        with pytest.raises(IndexError):
            source[len(source)]
    finally:
        source.close()


def loaded(path):
    """The face at `path` as a build loads it, its metrics from the cache (read twice: the
    first reading fills the cache)."""
    with keeping(Kept()):
        fonts.load_face(path)
    with keeping(Kept()):
        face = fonts.load_face(path)
    assert isinstance(face.face._ttf_data, FaceFile)
    return face


def test_a_face_read_slice_by_slice_subsets_as_from_its_bytes(face_path):
    from pagesetter.face_metrics import _KeptFace, _named

    face = loaded(face_path)
    codes = sorted(face.face.charToGlyph)[:40]
    in_memory = _KeptFace(_named(face_path.read_bytes(), face_path), face.face._facts)
    assert face.face.makeSubset(codes) == in_memory.makeSubset(codes)


def test_a_face_file_renamed_over_is_still_read_as_it_was_digested(face_path):
    face = loaded(face_path)
    codes = sorted(face.face.charToGlyph)[:40]
    before = face.face.makeSubset(codes)
    replacement = face_path.with_name("new.ttf")
    shutil.copyfile(OTHER, replacement)
    os.replace(replacement, face_path)  # as an editor saves
    assert face.face.makeSubset(codes) == before


def test_a_face_file_written_over_in_place_is_an_error_before_it_is_subset(face_path):
    face = loaded(face_path)
    codes = sorted(face.face.charToGlyph)[:40]
    with open(face_path, "r+b") as fh:  # as `cp other.ttf face.ttf` does
        fh.truncate(100)
    with pytest.raises(FaceChanged) as error:
        face.face.makeSubset(codes)
    assert "face.ttf changed while the build was reading it" in str(error.value)
    assert error.value.diagnostic.hint
    with pytest.raises(FaceChanged):
        face.face._ttf_data[200:300]  # a read that comes up short


def test_a_face_whose_file_was_written_over_is_read_from_a_file_with_its_bytes(face_path,
                                                                              monkeypatch):
    """A face is one object in a process (ReportLab's registry): when its file was written
    over and the same bytes come back in a file, the face reads them from there."""
    face = loaded(face_path)
    codes = sorted(face.face.charToGlyph)[:40]
    before = face.face.makeSubset(codes)
    with open(face_path, "r+b") as fh:
        fh.truncate(100)
    again = face_path.with_name("again.ttf")
    shutil.copyfile(FACE, again)
    registered = {face.fontName.removeprefix("pagesetter:"): face}
    monkeypatch.setattr(fonts, "_registered", registered.get)  # as ReportLab's registry
    with keeping(Kept()):
        assert fonts.load_face(again) is face
    assert face.face.makeSubset(codes) == before
