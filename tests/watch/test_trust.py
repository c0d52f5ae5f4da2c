"""`pagesetter watch` under hostile use (#27): it never writes over its inputs, plans its output
as a build does, answers only requests addressed to itself, needs a token for anything that
would change state, bounds its connections, and sees a file fixed after a failed build."""
import http.client
import os
import shutil
import socket
import threading
import time

import pytest

from pagesetter.options import BuildOptions
from pagesetter.watch import watch_command, watch_loop
from pagesetter.watch import server as server_module
from pagesetter.watch.server import TOKEN_HEADER, PreviewServer
from pagesetter.watch.session import Session

from ..conftest import PHOTO, minimal, photo, write_issue


def run_watch_briefly(argv, seconds=1.5):
    """watch_command in a thread, stopped (as by Ctrl-C) after `seconds` unless it ends first;
    its exit code."""
    result = {}

    def run():
        result["code"] = watch_command(argv)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    return result.get("code"), thread


@pytest.mark.parametrize("target", ["issue", "photo"])
def test_watch_refuses_an_output_that_is_one_of_its_inputs(tmp_path, capsys, target):
    """Regression: `watch t/2023-03.yaml -o t/2023-03.yaml` replaced the YAML with the PDF on
    the first build; `-o images/….jpg` replaced the photo."""
    picture = tmp_path / "photo.jpg"
    shutil.copy(PHOTO, picture)
    doc = minimal()
    photo(doc)["file"] = str(picture)
    issue = write_issue(tmp_path / "t.yaml", doc)
    before = {p: p.read_bytes() for p in (issue, picture)}
    out = issue if target == "issue" else picture
    code, thread = run_watch_briefly([str(issue), "-o", str(out), "--port", "0"], 60)
    assert code == 2 and not thread.is_alive()
    assert all(p.read_bytes() == data for p, data in before.items())
    err = capsys.readouterr().err
    assert f"output {out} is an input of this build" in err and "Traceback" not in err


def test_watch_o_folder_writes_the_issue_pdf_inside_as_a_build_does(tmp_path):
    """Regression: `watch -o DIR/` wrote a file named DIR."""
    issue = write_issue(tmp_path / "t.yaml")
    session_out = BuildOptions(output=tmp_path / "proofs", output_dir=True).output_for(issue)
    from pagesetter.options import output_option

    output, folder = output_option(str(tmp_path / "proofs") + "/")
    assert folder and BuildOptions(output=output, output_dir=folder).output_for(issue) \
        == session_out == tmp_path / "proofs" / "t.pdf"
    session = Session(issue, BuildOptions(output=output, output_dir=True, preflight=False,
                                          allow_overset=True), session_out)
    assert session.rebuild().error == ()
    assert (tmp_path / "proofs").is_dir() and (tmp_path / "proofs" / "t.pdf").is_file()


@pytest.fixture
def served(tmp_path):
    session = Session(write_issue(tmp_path / "t.yaml"), BuildOptions(preflight=False,
                                                                      allow_overset=True),
                      tmp_path / "t.pdf")
    session.rebuild()
    server = PreviewServer(session, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.stop()


def request(server, method, path, headers=None, body=None):
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest(method, path, skip_host=True)
    for key, value in (headers or {"Host": f"127.0.0.1:{port}"}).items():
        connection.putheader(key, value)
    connection.endheaders(body)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), data


@pytest.mark.parametrize("path", ["/", "/state.json", "/page/1.jpg", "/events"])
def test_a_request_for_another_host_is_refused_and_reads_nothing(served, path):
    """Regression: `curl -H 'Host: attacker.example:PORT' …/state.json` gave the copy, the
    places and file paths; /page/2.jpg the unpublished page (DNS rebinding)."""
    port = served.server_address[1]
    for host in (f"attacker.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}", ""):
        status, headers, body = request(served, "GET", path, {"Host": host})
        assert status == 421 and b"pagesetter" not in body and b"\xff\xd8" not in body
        assert not any(k.lower().startswith("access-control") for k in headers)
    status, headers, body = request(served, "GET", "/state.json",
                                    {"Host": f"localhost:{port}"})
    assert status == 200 and not any(k.lower().startswith("access-control") for k in headers)


def test_a_write_needs_the_token_and_the_preview_origin(served):
    port = served.server_address[1]
    host = {"Host": f"127.0.0.1:{port}"}
    origin = {"Origin": f"http://127.0.0.1:{port}"}
    token = {TOKEN_HEADER: served.token}
    page = request(served, "GET", "/")[2].decode()
    assert served.token in page and len(served.token) >= 40
    for headers in (host, {**host, **origin}, {**host, **token},
                    {**host, **token, "Origin": "http://attacker.example"},
                    {**host, **origin, TOKEN_HEADER: "guess"}):
        assert request(served, "POST", "/place", headers, b"{}")[0] == 403
    assert request(served, "POST", "/nothing", {**host, **origin, **token}, b"{}")[0] == 404
    other = PreviewServer(served.session, 0)
    assert other.token != served.token  # made anew by each watch
    other.server_close()


@pytest.mark.slow
def test_idle_half_sent_requests_do_not_pile_up_threads(served, monkeypatch):
    """Regression: 3,000 idle half-sent requests made 3,000 threads (no timeout, no cap)."""
    monkeypatch.setattr(server_module, "MAX_CONNECTIONS", 8)
    port = served.server_address[1]
    served.slots = threading.BoundedSemaphore(8)
    before = threading.active_count()
    idle = []
    for _ in range(200):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /state.json HTTP/1.1\r\nHost: 127.0.0.1")  # never finished
        idle.append(s)
    time.sleep(0.5)
    assert threading.active_count() - before <= 8
    for s in idle:
        s.close()
    deadline = time.time() + 15
    while time.time() < deadline:  # the slots come back as the idle connections end
        try:
            if request(served, "GET", "/state.json")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        raise AssertionError("the server did not recover")


def test_an_idle_connection_is_closed_after_the_timeout(served, monkeypatch):
    monkeypatch.setattr(server_module._Handler, "timeout", 0.5)
    s = socket.create_connection(("127.0.0.1", served.server_address[1]))
    s.sendall(b"GET / HTTP/1.1\r\n")
    s.settimeout(5)
    started = time.time()
    assert s.recv(100) == b""  # closed by the server
    assert time.time() - started < 4
    s.close()


def follow(session, change, seconds=20):
    """Run the watch loop, make `change`, wait for a build without error; the build."""
    stop = threading.Event()
    thread = threading.Thread(target=watch_loop, args=(session, session.out, stop), daemon=True)
    thread.start()
    time.sleep(0.5)
    version = session.build.version
    change()
    deadline = time.time() + seconds
    while time.time() < deadline and (session.build.version == version or
                                      session.build.error):
        time.sleep(0.05)
    stop.set()
    thread.join(10)
    return session.build


def test_a_photo_fixed_after_a_failed_first_build_is_seen(tmp_path):
    """Regression: with the photo unreadable at start only the issue file was watched, so
    restoring the photo left the error on screen."""
    picture = tmp_path / "images" / "photo.jpg"
    picture.parent.mkdir()
    picture.write_bytes(b"not a photo yet")
    doc = minimal()
    photo(doc)["file"] = "images/photo.jpg"
    issue = write_issue(tmp_path / "t.yaml", doc)
    session = Session(issue, BuildOptions(preflight=False, allow_overset=True), tmp_path / "t.pdf")
    assert session.rebuild().error and picture in session.watched
    build = follow(session, lambda: shutil.copy(PHOTO, picture))
    assert build.error == () and build.pages


def test_a_photo_missing_at_start_in_a_folder_not_there_yet_is_seen(tmp_path):
    doc = minimal()
    photo(doc)["file"] = "later/photo.jpg"
    issue = write_issue(tmp_path / "t.yaml", doc)
    session = Session(issue, BuildOptions(preflight=False, allow_overset=True), tmp_path / "t.pdf")
    assert session.rebuild().error

    def restore():
        (tmp_path / "later").mkdir()
        time.sleep(0.3)
        shutil.copy(PHOTO, tmp_path / "later" / "photo.jpg")
    build = follow(session, restore)
    assert build.error == () and build.pages


def test_an_issue_file_replaced_by_a_symlink_is_rebuilt(tmp_path):
    """Regression: an issue file replaced by a symbolic link was filtered out, never rebuilt."""
    issue = write_issue(tmp_path / "t.yaml")
    session = Session(issue, BuildOptions(preflight=False, allow_overset=True), tmp_path / "t.pdf")
    session.rebuild()
    elsewhere = tmp_path / "drafts"
    elsewhere.mkdir()
    doc = minimal()
    doc["number"] = 8
    target = write_issue(elsewhere / "t.yaml", doc)

    def replace_by_link():
        link = tmp_path / "t.yaml.new"
        os.symlink(target, link)
        os.replace(link, issue)
    build = follow(session, replace_by_link)
    assert build.error == () and build.issue.number == 8
