"""files.py: outputs staged beside their places and committed together, whatever interrupts."""
from __future__ import annotations

import os
import pathlib
import signal
import tempfile

import pytest

from pagesetter import files
from pagesetter.files import Outputs


def _leftovers(folder: pathlib.Path) -> list[pathlib.Path]:
    return sorted(folder.glob(".pagesetter-*"))


def test_an_interrupt_just_after_the_temporary_file_is_made_leaves_none_behind(tmp_path,
                                                                               monkeypatch):
    """Regression: a Ctrl-C between mkstemp and the staged file's record (CI, batch mode) left
    a `.pagesetter-*.tmp` in the output folder that discard() did not know of."""
    made = tempfile.mkstemp

    def mkstemp_then_interrupt(*args, **kwargs):
        result = made(*args, **kwargs)
        signal.raise_signal(signal.SIGINT)
        return result

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp_then_interrupt)
    outputs = Outputs()
    with pytest.raises(KeyboardInterrupt):
        outputs.stage(tmp_path / "a.pdf", b"new")
    outputs.discard()
    assert _leftovers(tmp_path) == []
    assert not (tmp_path / "a.pdf").exists()


def test_a_second_interrupt_while_discarding_still_removes_every_staged_file(tmp_path,
                                                                             monkeypatch):
    """Regression: batch workers are interrupted twice (terminal and batch); the second came
    while the first's discard() was removing staged files and left the rest."""
    outputs = Outputs()
    for name in ("a.pdf", "a-1.png", "a-1.alto.xml"):
        outputs.stage(tmp_path / name, b"new")
    unlink = pathlib.Path.unlink

    def unlink_then_interrupt(self, missing_ok=False):
        unlink(self, missing_ok=missing_ok)
        signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(pathlib.Path, "unlink", unlink_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        outputs.discard()
    monkeypatch.undo()
    assert _leftovers(tmp_path) == []


def test_an_interrupt_during_the_renames_names_each_file_put_in_place(tmp_path, monkeypatch):
    (tmp_path / "a.pdf").write_bytes(b"old")
    (tmp_path / "a.png").write_bytes(b"old")
    record: list = []  # the run's record of files put in place (cli.main keeps one)
    outputs = Outputs(record)
    outputs.stage(tmp_path / "a.pdf", b"new")
    outputs.stage(tmp_path / "a.png", b"new")
    replace = os.replace

    def replace_then_interrupt(source, target):
        replace(source, target)
        signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        outputs.commit()
    monkeypatch.undo()
    outputs.discard()
    assert outputs.committed == record == [tmp_path / "a.pdf"]
    assert (tmp_path / "a.pdf").read_bytes() == b"new"
    assert (tmp_path / "a.png").read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_a_file_written_atomically_is_complete_or_untouched(tmp_path):
    target = tmp_path / "cache" / "entry"
    files.write_atomically(target, b"complete")
    assert target.read_bytes() == b"complete"
    assert _leftovers(target.parent) == []
