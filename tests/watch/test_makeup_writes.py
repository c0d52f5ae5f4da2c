"""The preview's make-up: a block's new place written into the issue file, and what is refused
(placing.py, Session.change_place, POST /place and /undo)."""
import http.client
import json
import threading

import pytest

from pagesetter.options import BuildOptions
from pagesetter.watch.placing import PlaceChange, Refused, parse_change
from pagesetter.watch.server import TOKEN_HEADER, PreviewServer
from pagesetter.watch.session import Session

from ..conftest import PHOTO

#: A page with room beside its article, written by hand: comments, flow and block mappings.
ISSUE = f"""\
# 第1期 — the desk's copy
publication: 兴安人大
number: 1
date: '2023-03-31'
format: bulletin
pages:
  - number: 1
    section: 要闻    # 版面
    articles:
      - name: 短讯
        headline: 乌市人大：细化目标任务  实现推进有序
        byline: 本报讯（赵峰）
        place: {{column: 1, span: 2, line: 1, height: 12}}   # 头条
        body:
          - 自治区两会闭幕后，乌市人大常委会便迅速组织人大代表、机关干部传达学习。
          - 坚持党的领导，坚定拥护“两个确立”，坚决做到“两个维护”。
    photos:
      - file: {PHOTO}
        place:
          column: 4
          span: 2
          line: 1
          height: 20
        title: 人大代表助力备春耕
        caption: 近日，科右前旗俄体镇人大代表深入田间地头。
"""


@pytest.fixture
def session(tmp_path):
    issue = tmp_path / "desk.yaml"
    issue.write_text(ISSUE, encoding="utf-8")
    session = Session(issue, BuildOptions(preflight=False), tmp_path / "desk.pdf")
    assert not session.rebuild().error
    return session


def change(session, block="短讯", **place):
    area = {"column": 1, "span": 2, "line": 1, "height": 12, **place}
    return parse_change(json.dumps({"source": session.build.source, "page": 1, "block": block,
                                    "place": area}).encode())


def test_a_move_rewrites_only_that_places_value_and_rebuilds(session):
    pdf_before = session.out.stat().st_mtime_ns
    build = session.change_place(change(session, column=2))
    text = session.issue_file.read_text(encoding="utf-8")
    assert text == ISSUE.replace("place: {column: 1, span: 2,", "place: {column: 2, span: 2,")
    assert not build.error and build.issue.pages[0].articles[0].place.column == 1  # from 0
    assert session.out.stat().st_mtime_ns != pdf_before
    # a block mapping keeps its lines: only the scalar changes
    session.change_place(change(session, "人大代表助力备春耕", column=4, span=2, height=18))
    assert session.issue_file.read_text(encoding="utf-8") == text.replace(
        "          height: 20\n", "          height: 18\n")


def test_auto_and_back_and_undo_restore_the_bytes(session):
    session.change_place(PlaceChange(session.build.source, 1, "短讯", None))
    assert "        place: auto   # 头条\n" in session.issue_file.read_text(encoding="utf-8")
    session.undo_place()
    assert session.issue_file.read_text(encoding="utf-8") == ISSUE
    with pytest.raises(Refused, match="nothing to undo"):
        session.undo_place()


@pytest.mark.parametrize("place, reason", [
    ({"column": 3}, "would stand over `人大代表助力备春耕`"),
    ({"column": 5}, "would leave the grid"),
    ({"line": 85}, "would leave the grid"),
])
def test_a_drop_onto_a_block_or_off_the_grid_is_refused_and_the_file_untouched(
        session, place, reason):
    with pytest.raises(Refused, match=reason):
        session.change_place(change(session, **place))
    assert session.issue_file.read_text(encoding="utf-8") == ISSUE


def test_a_write_from_a_page_drawn_before_the_last_save_is_refused(session):
    old = change(session, column=2)
    saved = ISSUE.replace("section: 要闻", "section: 时政")
    session.issue_file.write_text(saved, encoding="utf-8")  # the editor saves
    with pytest.raises(Refused, match="changed since this page was drawn") as refused:
        session.change_place(old)
    assert refused.value.status == 409
    assert session.issue_file.read_text(encoding="utf-8") == saved  # the editor's save wins
    session.rebuild()
    session.change_place(change(session, column=2))  # a page drawn from the new file may
    assert "section: 时政" in session.issue_file.read_text(encoding="utf-8")


def test_an_undo_after_the_editor_saved_is_refused(session):
    session.change_place(change(session, column=2))
    saved = session.issue_file.read_text(encoding="utf-8") + "# a note\n"
    session.issue_file.write_text(saved, encoding="utf-8")
    session.rebuild()
    with pytest.raises(Refused, match="changed since the page wrote it"):
        session.undo_place()
    assert session.issue_file.read_text(encoding="utf-8") == saved


@pytest.mark.parametrize("body", [
    b"not json", b"[]", b'{"source": "x", "page": 1, "block": "a", "place": "auto"}',
    b'{"source": "' + b"0" * 64 + b'", "page": 1, "block": "a", "place": {"column": 1}}',
    b'{"source": "' + b"0" * 64 + b'", "page": 1, "block": "a", "place": "auto", "file": "x"}',
    b'{"source": "' + b"0" * 64 + b'", "page": true, "block": "a", "place": "auto"}',
    b'{"source": "' + b"0" * 64 + b'", "page": 1, "block": "a", "place": {"column": 0, '
    b'"span": 1, "line": 1, "height": 1}}',
])
def test_a_request_is_a_block_and_a_grid_place_and_nothing_else(body):
    with pytest.raises(Refused):
        parse_change(body)


def test_an_unknown_block_is_refused(session):
    with pytest.raises(Refused, match="no block `号外`"):
        session.change_place(change(session, "号外"))


@pytest.fixture
def served(session):
    server = PreviewServer(session, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.stop()


def post(server, path, body, headers):
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    connection.request("POST", path, json.dumps(body).encode(),
                       {"Host": f"127.0.0.1:{port}", **headers})
    response = connection.getresponse()
    return response.status, json.loads(response.read() or b"{}") \
        if response.getheader("Content-Type", "").startswith("application/json") else {}


def test_a_write_needs_the_token_and_the_previews_origin(served):
    session = served.session
    port = served.server_address[1]
    body = {"source": session.build.source, "page": 1, "block": "短讯",
            "place": {"column": 2, "span": 2, "line": 1, "height": 12}}
    origin = {"Origin": f"http://127.0.0.1:{port}"}
    for headers in ({}, origin, {TOKEN_HEADER: served.token},
                    {TOKEN_HEADER: served.token, "Origin": "http://evil.example"},
                    {TOKEN_HEADER: "guess", **origin}):
        assert post(served, "/place", body, headers)[0] == 403
    assert session.issue_file.read_text(encoding="utf-8") == ISSUE
    status, answer = post(served, "/place", body, {TOKEN_HEADER: served.token, **origin})
    assert status == 200 and answer["version"] == session.build.version
    assert "place: {column: 2," in session.issue_file.read_text(encoding="utf-8")
    status, answer = post(served, "/place", body, {TOKEN_HEADER: served.token, **origin})
    assert status == 409 and "changed since" in answer["refused"]  # drawn before that write


def test_the_sample_page_rearranged_from_the_page_builds_as_the_places_typed_by_hand(tmp_path):
    """Two stories swapped as a desk does it in the browser — both to `auto` (the make-up
    sets them round the rest, in the room they left), then each dropped where the other stood
    — give the file, and the PDF, of the same places typed by hand."""
    import shutil

    from pagesetter.cli import main

    from ..conftest import ROOT

    for folder in ("page", "hand"):
        (tmp_path / folder).mkdir()
        shutil.copy(ROOT / "issues" / "2023-03.yaml", tmp_path / folder / "2023-03.yaml")
        shutil.copytree(ROOT / "issues" / "images", tmp_path / folder / "images")
    issue = tmp_path / "page" / "2023-03.yaml"
    original = issue.read_text(encoding="utf-8")
    # as `watch` runs it: a page the make-up cannot close yet is shown as a marked proof
    session = Session(issue, BuildOptions(preflight=False, allow_overset=True),
                      tmp_path / "page" / "out.pdf")
    assert not session.rebuild().error
    first, second = "扎旗人大", "阿市人大"
    places = {b["name"]: b for b in _boxes(session)}
    for name in (first, second):
        session.change_place(PlaceChange(session.build.source, 2, name, None))
        assert not session.build.error
    for name, other in ((second, first), (first, second)):
        area = places[other]["area"]
        session.change_place(parse_change(json.dumps({
            "source": session.build.source, "page": 2, "block": name,
            "place": {"column": area.column, "span": area.span, "line": area.line,
                      "height": "auto"}}).encode()))
        assert not session.build.error, session.build.error
    a, b = places[first]["place"], places[second]["place"]
    typed = original.replace(a, "@").replace(b, a).replace("@", b)
    assert issue.read_text(encoding="utf-8") == typed
    hand = tmp_path / "hand" / "2023-03.yaml"
    hand.write_text(typed, encoding="utf-8")
    assert main([str(hand), "-o", str(tmp_path / "hand" / "out.pdf"), "--no-preflight"]) == 0
    assert (tmp_path / "hand" / "out.pdf").read_bytes() == session.out.read_bytes()


def _boxes(session):
    page = session.build.pages[0]
    return [{"name": area.name, "area": area.area,
             "place": next(item.place.yaml() for item in session.build.issue.pages[0]
                           .articles_and_photos if item.path == area.path)}
            for area in page.areas if area.kind != "masthead"]
