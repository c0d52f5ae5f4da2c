"""`pagesetter watch`: which pages a rebuild places again, the server's endpoints, a broken save,
the port, the file watching, and the preview in a real headless browser."""
import copy
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pikepdf
import pytest

from pagesetter.options import BuildOptions
from pagesetter.watch import watch_command, watch_loop
from pagesetter.watch.server import PreviewServer
from pagesetter.watch.session import Session

from ..conftest import article, edited, minimal, write_issue


def two_page_doc():
    doc = minimal()
    second = copy.deepcopy(doc["pages"][0])
    second["number"] = 2
    doc["pages"].append(second)
    return doc


@pytest.fixture
def session(tmp_path):
    issue = write_issue(tmp_path / "two.yaml", two_page_doc())
    return Session(issue, BuildOptions(preflight=False, allow_overset=True), tmp_path / "two.pdf")


def rewrite(path: Path, old: str, new: str, count: int = 1) -> None:
    path.write_text(edited(path.read_text(encoding="utf-8"), old, new, count), encoding="utf-8")


# --- what a rebuild places again --------------------------------------------------------------

def test_the_first_build_places_every_page_and_writes_the_pdf(session):
    build = session.rebuild()
    assert build.error == () and build.placed == (1, 2)
    assert set(build.images) == {1, 2} and build.images[1][0].startswith(b"\xff\xd8")
    with pikepdf.open(session.out) as pdf:
        assert len(pdf.pages) == 2


def test_an_edit_on_one_page_places_only_that_page_again(session):
    session.rebuild()
    text = session.issue_file.read_text(encoding="utf-8")
    # the second page's first paragraph: the last occurrence of it in the file
    marker = "传达学习。"
    at = text.rindex(marker)
    session.issue_file.write_text(text[:at] + "传达学习讨论。" + text[at + len(marker):],
                                  encoding="utf-8")
    build = session.rebuild()
    assert build.placed == (2,)
    assert build.images[1] is not None and build.images[2] is not None


def test_an_unchanged_file_places_nothing_again(session):
    session.rebuild()
    assert session.rebuild().placed == ()


def test_a_change_of_issue_facts_places_every_page_again(session):
    session.rebuild()
    rewrite(session.issue_file, "number: 1\n", "number: 4\n")
    assert session.rebuild().placed == (1, 2)


def test_a_broken_save_keeps_the_last_good_pages_and_says_why(session):
    good = session.rebuild()
    rewrite(session.issue_file, "publication:", "publication: [")
    broken = session.rebuild()
    assert broken.error and "YAML syntax error" in broken.error[0]
    assert broken.pages == good.pages and broken.version == good.version + 1
    rewrite(session.issue_file, "publication: [", "publication:")
    assert session.rebuild().error == ()


def test_an_unexpected_failure_is_reported_not_raised(session, monkeypatch):
    session.rebuild()
    import pagesetter.watch.session as module

    monkeypatch.setattr(module.Session, "_placed", lambda *a, **k: 1 / 0)
    rewrite(session.issue_file, "number: 1\n", "number: 5\n")
    build = session.rebuild()
    assert build.error and "ZeroDivisionError" in build.error[0]


# --- the server --------------------------------------------------------------------------------

@pytest.fixture
def served(session):
    session.rebuild()
    server = PreviewServer(session, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield session, f"http://127.0.0.1:{server.server_address[1]}"
    server.stop()


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_the_server_gives_the_page_the_state_and_the_images(served):
    session, url = served
    assert b"pagesetter" in get(url + "/") and b"EventSource" in get(url + "/")
    state = json.loads(get(url + "/state.json"))
    assert state["version"] == session.build.version and [p["number"] for p in state["pages"]]\
        == [1, 2]
    box = next(b for b in state["pages"][0]["boxes"] if b["name"] == "短讯")
    assert box["fit"]["available"] > 0 and box["place"].startswith("{column: 1, span: 2")
    assert box["source"].endswith(f"{session.issue_file.name}:{box['source'].split(':')[-1]}")
    assert get(url + state["pages"][0]["image"]).startswith(b"\xff\xd8")  # a JPEG
    with pytest.raises(urllib.error.HTTPError):
        get(url + "/page/9.jpg")


def test_events_announce_each_new_build(served):
    session, url = served
    stream = urllib.request.urlopen(url + "/events", timeout=10)
    assert stream.readline().decode().strip() == f"data: {session.build.version}"
    stream.readline()
    before = session.build.version
    session.rebuild()  # the pages on show (their PDF pending), then the PDF written
    seen = []
    while not seen or seen[-1] != session.build.version:
        line = stream.readline().decode().strip()
        if line.startswith("data: "):
            seen.append(int(line.split()[1]))
    assert before < seen[0] <= seen[-1] == session.build.version and len(seen) <= 2
    stream.close()


def test_a_second_watcher_on_the_same_port_gets_a_clear_error(tmp_path, capsys):
    issue = write_issue(tmp_path / "a.yaml")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert watch_command([str(issue), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"127.0.0.1:{port}" in err and "choose --port" in err


def test_the_watcher_rebuilds_when_the_file_is_saved(session):
    session.rebuild()
    stop = threading.Event()
    thread = threading.Thread(target=watch_loop, args=(session, session.out, stop), daemon=True)
    thread.start()
    time.sleep(0.5)
    version = session.build.version
    rewrite(session.issue_file, "number: 1\n", "number: 6\n")
    deadline = time.time() + 20
    while session.build.version == version and time.time() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(10)
    assert session.build.version > version and session.build.issue.number == 6


# --- the preview in a real browser -------------------------------------------------------------

def browser_or_skip():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("no Chromium and ChromeDriver installed (Debian: apt-get install chromium "
                    "chromium-driver; .ci/run installs them)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (pip install '.[test]')")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    try:
        return webdriver.Chrome(service=Service(driver), options=options)
    except Exception as exc:  # noqa: BLE001 — a browser that cannot start here
        pytest.skip(f"Chromium would not start: {exc.__class__.__name__}")


def wait_for(condition, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception:  # noqa: BLE001 — the page is changing under us
            pass
        time.sleep(0.1)
    raise AssertionError("the preview did not show it in time")


def test_the_preview_follows_edits_in_a_real_browser(tmp_path):
    from selenium.webdriver.common.by import By

    browser = browser_or_skip()
    doc = minimal()
    issue = write_issue(tmp_path / "live.yaml", doc)
    process = subprocess.Popen([sys.executable, "-m", "pagesetter", "watch", str(issue), "-o",
                                str(tmp_path / "live.pdf"), "--port", "0", "--no-check"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        url = wait_for(lambda: next(line.split()[1] for line in iter(process.stdout.readline, "")
                                    if line.startswith("preview:")))
        browser.get(url)
        wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".page img"))
        badge = wait_for(lambda: browser.find_element(By.CSS_SELECTOR,
                                                      '.box[data-path="pages[0].articles[0]"] '
                                                      '.badge'))
        assert "empty" in badge.text
        first_image = browser.find_element(By.CSS_SELECTOR, ".page img").get_attribute("src")
        # copy that no longer fits: the box turns red with its overset
        article(doc)["body"] = article(doc)["body"] * 8
        write_issue(issue, doc)
        wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".box.over"))
        over = browser.find_element(By.CSS_SELECTOR, ".box.over .badge").text
        assert "over" in over
        assert browser.find_element(By.CSS_SELECTOR, ".page img").get_attribute("src") != \
            first_image
        # clicking the article shows its place and source line
        browser.find_element(By.CSS_SELECTOR, ".box.over").click()
        details = browser.find_element(By.ID, "details").text
        assert "place: {column: 1, span: 2" in details and "live.yaml:" in details
        # an input error is listed above the last good page
        issue.write_text(issue.read_text(encoding="utf-8").replace("number: 1\n",
                                                                   "number: zero\n", 1),
                         encoding="utf-8")
        error = wait_for(lambda: browser.find_element(By.ID, "error").text)
        assert "live.yaml:" in error and "number" in error
        assert browser.find_elements(By.CSS_SELECTOR, ".page img")
        # the notes shown are the last good build's, and say so (not "0 errors" under one)
        assert browser.find_element(By.ID, "notes-summary").text.startswith(
            "last good build: ")
    finally:
        browser.quit()
        process.terminate()
        process.wait(20)


def test_the_preview_says_when_watch_is_gone_and_shows_the_build_once_it_is_back(tmp_path):
    """Regression: the status said "disconnected" for good after any break in the event
    stream, though the browser reconnects by itself."""
    from selenium.webdriver.common.by import By

    browser = browser_or_skip()
    issue = write_issue(tmp_path / "live.yaml")

    def watch(port: str) -> tuple[subprocess.Popen, str]:
        process = subprocess.Popen([sys.executable, "-m", "pagesetter", "watch", str(issue),
                                    "-o", str(tmp_path / "live.pdf"), "--port", port,
                                    "--no-check"], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True,
                                   env=dict(os.environ, PYTHONUNBUFFERED="1"))
        url = wait_for(lambda: next(line.split()[1] for line in
                                    iter(process.stdout.readline, "")
                                    if line.startswith("preview:")))
        return process, url

    process, url = watch("0")
    try:
        browser.get(url)
        status = lambda: browser.find_element(By.ID, "status").text  # noqa: E731
        wait_for(lambda: status().startswith("build "))
        process.terminate()
        process.wait(20)
        wait_for(lambda: "disconnected" in status())
        process, _ = watch(url.rsplit(":", 1)[1].strip("/"))
        wait_for(lambda: status().startswith("build "))
    finally:
        browser.quit()
        process.terminate()
        process.wait(20)


# --- preview images ----------------------------------------------------------------------------

def test_a_page_drawn_with_its_kept_photo_pixels_is_the_page_drawn_whole(tmp_path,
                                                                        monkeypatch):
    """The fast path (photos taken off the page, their pixels pasted back) is taken, and gives
    the same picture as drawing the page whole."""
    from PIL import Image, ImageChops

    from pagesetter.loader import load_issue
    from pagesetter.pipeline import issue_pdf, place_pages
    from pagesetter.watch import preview

    issue = load_issue(write_issue(tmp_path / "a.yaml"))
    pages = place_pages(issue)
    pdf = issue_pdf(issue, pages)
    previews = preview.Previews(60)
    whole = previews.images(pdf, pages, {1})[1][0]
    assert previews.patches, "the photo's pixels are kept"
    taken_off = []
    remove = preview._remove_photos
    monkeypatch.setattr(preview, "_remove_photos",
                        lambda *a: taken_off.append(remove(*a)) or taken_off[-1])
    quick = previews.images(pdf, pages, {1})[1][0]
    assert taken_off == [True]
    a, b = (Image.open(io.BytesIO(data)).convert("RGB") for data in (whole, quick))
    assert a.size == b.size
    assert ImageChops.difference(a, b).getbbox() is None


def test_a_photo_with_something_drawn_over_it_is_drawn_whole(tmp_path, monkeypatch):
    from dataclasses import replace

    from pagesetter.loader import load_issue
    from pagesetter.pipeline import issue_pdf, place_pages
    from pagesetter.placed import PlacedRect
    from pagesetter.watch import preview

    issue = load_issue(write_issue(tmp_path / "a.yaml"))
    (page,) = place_pages(issue)
    photo = page.images[0]
    covered = replace(page, rects=page.rects + (PlacedRect(photo.x + 5, photo.y + 5, 20, 20,
                                                          page.blocks[0].lines[0].runs[0]
                                                          .colour),))
    pdf = issue_pdf(issue, [covered])
    previews = preview.Previews(60)
    previews.images(pdf, [covered], {1})
    monkeypatch.setattr(preview, "_remove_photos", lambda *a: 1 / 0)  # must not be used
    previews.images(pdf, [covered], {1})
