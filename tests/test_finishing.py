"""finishing: a document finished by the command's helper is the one finished here, and an issue
it loaded the one loaded here, whatever the helper does (answers, fails, dies, cannot start, is
interrupted)."""
import os
import signal

import pikepdf
import pytest

from pagesetter import finishing, loader
from pagesetter.build import build_issue
from pagesetter.cli import main
from pagesetter.errors import InputError
from pagesetter.finishing import HERE, Finishing, FinishingHelper
from pagesetter.loader import load_issue
from pagesetter.options import BuildOptions
from pagesetter.pipeline import draw_issue
from pagesetter.render.document_info import DocumentInfo

from .conftest import minimal, write_issue

INFO = DocumentInfo(title="t", author="a", subject="s", date="2023-03-31", page_numbers=(1,))


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    issue = load_issue(write_issue(tmp_path_factory.mktemp("finishing") / "x.yaml"))
    return draw_issue(issue).pdf


def reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_helper_finishes_and_preflights_as_this_process_does(drawn, tmp_path, monkeypatch):
    summed = []

    def known_ink():  # summed here, while the helper makes the PDF/X
        summed.append(os.getpid())
        return ["page 1: 250% in a tint"]

    with FinishingHelper() as helper:
        assert helper.pid is not None
        # From here on this process cannot finish: what comes back was made by the helper.
        monkeypatch.setattr(Finishing, "pdfx", lambda *args: pytest.fail("finished here"))
        monkeypatch.setattr(Finishing, "preflight", lambda *args: pytest.fail("checked here"))
        pdf, report = helper.finish(drawn, INFO, tmp_path / "x.pdf", known_ink, 2)
        pid = helper.pid
    monkeypatch.undo()
    assert summed == [os.getpid()]
    here_pdf, here = HERE.finish(drawn, INFO, tmp_path / "x.pdf", known_ink, 2)
    assert pdf == here_pdf == HERE.finish(drawn, INFO)[0]
    assert (report.ok, report.text()) == (here.ok, here.text())
    assert not report.ok and "250% in a tint" in report.text()
    assert pid is not None and reaped(pid)


def test_work_that_fails_in_the_helper_raises_its_error_here(drawn, tmp_path):
    with FinishingHelper() as helper:
        with pytest.raises(pikepdf.PdfError):
            helper.finish(b"%PDF-1.3 not a document", INFO, tmp_path / "x.pdf", list, 1)
        assert helper.pid is not None  # it answered, and goes on answering
        assert helper.finish(drawn, INFO) == HERE.finish(drawn, INFO)


def test_the_work_of_a_helper_that_died_is_done_here(drawn):
    with FinishingHelper() as helper:
        pid = helper.pid
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert helper.finish(drawn, INFO) == HERE.finish(drawn, INFO)
        assert helper.pid is None


def test_without_fork_every_document_is_finished_here(drawn, monkeypatch):
    def no_fork():
        raise OSError("no processes left")

    monkeypatch.setattr(os, "fork", no_fork)
    with FinishingHelper() as helper:
        assert helper.pid is None
        assert helper.finish(drawn, INFO) == HERE.finish(drawn, INFO)


def test_a_process_with_threads_finishes_its_documents_itself(drawn):
    """A fork copies only the forking thread; a lock another thread holds would hang the
    helper, so a host with threads (a server, a test runner's watchdog) gets no helper."""
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        with FinishingHelper() as helper:
            assert helper.pid is None
            assert helper.finish(drawn, INFO) == HERE.finish(drawn, INFO)
    finally:
        stop.set()
        thread.join()


def test_an_interrupt_while_waiting_for_the_helper_stops_it(drawn, monkeypatch):
    def interrupted(fd):
        raise KeyboardInterrupt

    helper = FinishingHelper()
    pid = helper.pid
    monkeypatch.setattr(finishing, "_received", interrupted)
    with pytest.raises(KeyboardInterrupt):
        helper.finish(drawn, INFO)
    assert helper.pid is None and reaped(pid)


def test_the_command_writes_the_bytes_a_build_finished_here_writes(tmp_path, capsys):
    issue = write_issue(tmp_path / "x.yaml")
    assert main([str(issue), "-o", str(tmp_path / "helper.pdf")]) == 0
    assert "preflight: passed" in capsys.readouterr().out
    here = build_issue(issue, BuildOptions(output=tmp_path / "here.pdf"), finishing=HERE)
    assert here.status == 0 and "  preflight: passed" in here.out
    assert (tmp_path / "helper.pdf").read_bytes() == (tmp_path / "here.pdf").read_bytes()


# --- the issue, loaded by the helper while this process imports ---------------------------

def bad_issue(path):
    """An issue with two problems, in two places."""
    doc = minimal()
    doc["date"] = "2023-13-01"
    doc["pages"][0]["articles"][0]["place"]["column"] = 9
    return write_issue(path, doc)


def test_the_helper_loads_the_issue_this_process_would_load(tmp_path, monkeypatch):
    issue = write_issue(tmp_path / "x.yaml")
    with FinishingHelper(issue) as helper:
        # From here on this process cannot load: what comes back was loaded by the helper.
        monkeypatch.setattr(loader, "load_issue", lambda *args: pytest.fail("loaded here"))
        loaded = helper.loaded(issue)
    monkeypatch.undo()
    assert loaded is not None and loaded == load_issue(issue)


def test_an_issue_the_helper_cannot_load_raises_its_input_errors_here(tmp_path):
    issue = bad_issue(tmp_path / "bad.yaml")
    with pytest.raises(InputError) as here:
        load_issue(issue)
    with FinishingHelper(issue) as helper:
        with pytest.raises(InputError) as there:
            helper.loaded(issue)
        assert helper.pid is not None  # it answered, and goes on to finish
    assert len(here.value.diagnostics) == 2
    assert [d.line() for d in there.value.diagnostics] == \
        [d.line() for d in here.value.diagnostics]


def test_a_load_not_taken_or_of_another_issue_leaves_the_finishing_as_it_was(drawn, tmp_path):
    issue = write_issue(tmp_path / "x.yaml")
    with FinishingHelper(issue) as helper:  # its answer is never asked for
        assert helper.finish(drawn, INFO) == HERE.finish(drawn, INFO)
        assert helper.pid is not None
    with FinishingHelper(issue) as helper:
        assert helper.loaded(tmp_path / "other.yaml") is None
        assert helper.loaded(issue) is None  # one answer, taken once
        assert helper.finish(drawn, INFO) == HERE.finish(drawn, INFO)
        assert helper.pid is not None


def test_a_load_that_fails_otherwise_in_the_helper_is_done_here(tmp_path, monkeypatch):
    def broken(*args):
        raise RuntimeError("a bug")

    issue = write_issue(tmp_path / "x.yaml")
    monkeypatch.setattr(loader, "load_issue", broken)  # before the fork: the helper's too
    with FinishingHelper(issue) as helper:
        assert helper.loaded(issue) is None
        assert helper.pid is not None


def test_the_issue_of_a_helper_that_died_is_loaded_here(tmp_path, monkeypatch):
    monkeypatch.setattr(finishing, "_loaded", lambda path: signal.pause())  # never answers
    issue = write_issue(tmp_path / "x.yaml")
    with FinishingHelper(issue) as helper:
        pid = helper.pid
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert helper.loaded(issue) is None and helper.pid is None


def test_an_interrupt_while_waiting_for_the_issue_stops_the_helper(tmp_path, monkeypatch):
    def interrupted(fd):
        raise KeyboardInterrupt

    issue = write_issue(tmp_path / "x.yaml")
    helper = FinishingHelper(issue)
    pid = helper.pid
    monkeypatch.setattr(finishing, "_received", interrupted)
    with pytest.raises(KeyboardInterrupt):
        helper.loaded(issue)
    assert helper.pid is None and reaped(pid)


def test_the_command_reports_a_bad_issue_as_a_build_here_does(tmp_path, capsys):
    issue = bad_issue(tmp_path / "bad.yaml")
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    here = build_issue(issue, BuildOptions(output=tmp_path / "x.pdf"), finishing=HERE)
    assert capsys.readouterr().err.splitlines() == here.err and len(here.err) == 3
    assert not (tmp_path / "x.pdf").exists()
