"""The preview server: 127.0.0.1 only, standard library only.

    /             the preview page (page.html: no build step, no external assets)
    /state.json   the last build: pages, their blocks with fit and source line, warnings, error
    /page/N.jpg   page N's preview image (from the same renderer as --png)
    /events       server-sent events: the build's version, each time it changes
    POST /place   a block's new place, from the page's make-up (placing.py)
    POST /undo    the issue file as it was before the page's last write

It answers only requests addressed to itself: a Host other than 127.0.0.1, localhost or [::1]
at its port is refused, so a web page on a name that re-resolves to 127.0.0.1 (DNS rebinding)
reads nothing. It sends no CORS headers. A request that would change anything needs the secret
token made when `watch` starts (embedded in the page it serves) and an Origin of the preview
itself. Each connection has a socket timeout and their number is capped, so idle or half-sent
requests cannot pile up threads.
"""
from __future__ import annotations

import hmac
import json
import re
import secrets
import sys
import threading
from http import HTTPStatus
from typing import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources

from .placing import MAX_REQUEST_BYTES, Refused, parse_change
from .session import Build, Session

KEEPALIVE = 15.0  # seconds between comments on an idle event stream
REQUEST_TIMEOUT = 10.0  # seconds a connection may stay silent while a request is read
MAX_CONNECTIONS = 64  # connections served at once; more are closed at once
MAX_EVENT_STREAMS = 16  # of which open event streams (each holds its connection)
TOKEN_HEADER = "X-Pagesetter-Token"


def state(build: Build) -> dict:
    """The build as the page reads it: sizes in pt of each page's trim, boxes in pt."""
    fits = {fit.path: fit for page in build.pages for fit in page.fit}
    places = _places(build)
    movable = _movable(build)
    grid = build.issue.format.grid if build.issue is not None else None
    pages = []
    for page in build.pages:
        image = build.images.get(page.number)
        boxes = []
        for area in page.areas:
            fit = fits.get(area.path)
            boxes.append({
                "name": area.name, "path": area.path, "kind": area.kind,
                "source": area.source, "x": area.x, "y": area.y, "width": area.width,
                "height": area.height, "place": places.get(area.path, ""),
                "grid": area.area.describe(), "movable": area.path in movable,
                "area": {"column": area.area.column, "span": area.area.span,
                         "line": area.area.line, "lines": area.area.lines},
                "fit": None if fit is None else {
                    "needed": fit.lines_needed, "available": fit.lines_available,
                    "over": fit.over, "empty": fit.empty}})
        pages.append({"number": page.number, "width": page.width, "height": page.height,
                      "image": f"/page/{page.number}.jpg?v={build.version}",
                      "pixels": list(image[1]) if image else None, "boxes": boxes,
                      "grid": None if grid is None else {
                          "left": grid.left, "top": grid.top, "column_width": grid.column_width,
                          "gutter": grid.gutter, "pitch": grid.line_pitch,
                          "columns": grid.columns, "lines": grid.lines}})
    return {"version": build.version, "pages": pages, "warnings": list(build.warnings),
            "error": list(build.error), "placed": list(build.placed),
            "seconds": round(build.seconds, 3), "timings": build.timings,
            "preflight": build.preflight, "source": build.source, "pending": build.pending}


def _places(build: Build) -> dict[str, str]:
    """Each block's `place:` as the issue file writes it, by field path."""
    out: dict[str, str] = {}
    if build.issue is None:
        return out
    for page in build.issue.pages:
        for item in page.articles_and_photos:
            out[item.path] = "auto" if item.place is None else item.place.yaml()
            for part in getattr(item, "continues", ()):
                out[part.path] = part.place.yaml()
    return out


def _movable(build: Build) -> set[str]:
    """The blocks the page may move: articles and photos, but not a continued article (its
    parts are placed in the file)."""
    if build.issue is None:
        return set()
    return {item.path for page in build.issue.pages for item in page.articles_and_photos
            if not getattr(item, "continues", ())}


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, session: Session, port: int,
                 built: Callable[[Build], None] = lambda build: None) -> None:
        self.session = session
        self.built = built  # told of each build a write from the page made (the terminal)
        self.stopping = False
        self.token = secrets.token_urlsafe(32)  # for requests that change anything
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.streams = threading.BoundedSemaphore(MAX_EVENT_STREAMS)
        super().__init__(("127.0.0.1", port), _Handler)
        port = self.server_address[1]
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
        self.origins = {f"http://{host}" for host in self.hosts}

    def process_request(self, request, client_address) -> None:
        """A thread for the connection while fewer than MAX_CONNECTIONS are served; else it is
        closed at once."""
        if not self.slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def handle_error(self, request, client_address) -> None:
        """A client that went away mid-answer is no error; anything else is one line on the
        terminal, never a traceback."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, TimeoutError)):
            print(f"pagesetter watch: a request failed: {type(exc).__name__}: {exc}",
                  file=sys.stderr)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def stop(self) -> None:
        self.stopping = True
        with self.session.changed:
            self.session.changed.notify_all()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    timeout = REQUEST_TIMEOUT  # the socket's (StreamRequestHandler sets it)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 — quiet: no access log
        pass

    def _addressed_to_us(self) -> bool:
        """The request names this server as its Host; otherwise 421 and nothing else."""
        if self.headers.get("Host", "").lower() in self.server.hosts:
            return True
        self._send(b"misdirected request", "text/plain", HTTPStatus.MISDIRECTED_REQUEST)
        return False

    def _may_write(self) -> bool:
        """A request that changes something: the token `watch` made, from the preview's own
        page (its Origin); otherwise 403."""
        token = self.headers.get(TOKEN_HEADER, "")
        if hmac.compare_digest(token.encode(), self.server.token.encode()) and \
                self.headers.get("Origin", "") in self.server.origins:
            return True
        self._send(b"forbidden", "text/plain", HTTPStatus.FORBIDDEN)
        return False

    def do_POST(self) -> None:  # noqa: N802
        """A change from the page's make-up; the answer is JSON: the new build's version, or
        why the change was refused (the file is then untouched)."""
        if not self._addressed_to_us() or not self._may_write():
            return
        path = self.path.split("?", 1)[0]
        if path not in ("/place", "/undo"):
            self._send(b"not found", "text/plain", HTTPStatus.NOT_FOUND)
            return
        session = self.server.session
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            length = -1
        try:
            if not 0 <= length <= MAX_REQUEST_BYTES:
                raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE if length > 0 else
                              HTTPStatus.LENGTH_REQUIRED, "the request's length is not allowed")
            body = self.rfile.read(length)
            if path == "/place":
                build = session.change_place(parse_change(body))
            else:
                build = session.undo_place()
        except Refused as refused:
            self._answer(refused.status, {"refused": refused.message})
            return
        except OSError as exc:  # the issue file cannot be written: it is as it was
            self._answer(HTTPStatus.INTERNAL_SERVER_ERROR,
                         {"refused": f"the issue file cannot be written: {exc.strerror}"})
            return
        self._answer(HTTPStatus.OK, {"version": build.version, "error": list(build.error)})
        self.server.built(build)
        session.preflight(build)

    def _answer(self, status: HTTPStatus, body: dict) -> None:
        self._send(json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json",
                   status)

    def do_GET(self) -> None:  # noqa: N802 — the name http.server calls
        if not self._addressed_to_us():
            return
        path = self.path.split("?", 1)[0]
        if path == "/":
            page = resources.files("pagesetter.watch").joinpath("page.html").read_text(
                encoding="utf-8").replace("{{token}}", self.server.token)
            return self._send(page.encode("utf-8"), "text/html; charset=utf-8")
        if path == "/state.json":
            body = json.dumps(state(self.server.session.build), ensure_ascii=False)
            return self._send(body.encode("utf-8"), "application/json; charset=utf-8")
        match = re.fullmatch(r"/page/(\d+)\.jpg", path)
        if match:
            image = self.server.session.build.images.get(int(match.group(1)))
            if image is None:
                return self._send(b"no such page", "text/plain", HTTPStatus.NOT_FOUND)
            return self._send(image[0], "image/jpeg")
        if path == "/events":
            return self._events()
        return self._send(b"not found", "text/plain", HTTPStatus.NOT_FOUND)

    def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the version now, then each new one, until the client goes (at
        most MAX_EVENT_STREAMS at once)."""
        if not self.server.streams.acquire(blocking=False):
            return self._send(b"too many event streams", "text/plain",
                              HTTPStatus.SERVICE_UNAVAILABLE)
        try:
            self._event_stream()
        finally:
            self.server.streams.release()

    def _event_stream(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        session = self.server.session
        seen = -1
        try:
            while not self.server.stopping:
                with session.changed:
                    if session.build.version == seen:
                        session.changed.wait(KEEPALIVE)
                    version = session.build.version
                if version != seen:
                    self.wfile.write(f"data: {version}\n\n".encode())
                    seen = version
                else:
                    self.wfile.write(b": keepalive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass

