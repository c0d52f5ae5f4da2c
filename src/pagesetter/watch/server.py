"""The preview server: 127.0.0.1 only, standard library only.

    /             the preview page (page.html: no build step, no external assets)
    /state.json   the last build: pages, their blocks with fit and source line, warnings, error
    /page/N.jpg   page N's preview image (from the same renderer as --png)
    /events       server-sent events: the build's version, each time it changes
"""
from __future__ import annotations

import json
import re
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources

from .session import Build, Session

KEEPALIVE = 15.0  # seconds between comments on an idle event stream


def state(build: Build) -> dict:
    """The build as the page reads it: sizes in pt of each page's trim, boxes in pt."""
    fits = {fit.path: fit for page in build.pages for fit in page.fit}
    places = _places(build)
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
                "grid": area.area.describe(),
                "fit": None if fit is None else {
                    "needed": fit.lines_needed, "available": fit.lines_available,
                    "over": fit.over, "empty": fit.empty}})
        pages.append({"number": page.number, "width": page.width, "height": page.height,
                      "image": f"/page/{page.number}.jpg?v={build.version}",
                      "pixels": list(image[1]) if image else None, "boxes": boxes})
    return {"version": build.version, "pages": pages, "warnings": list(build.warnings),
            "error": list(build.error), "placed": list(build.placed),
            "seconds": round(build.seconds, 3), "timings": build.timings,
            "preflight": build.preflight}


def _places(build: Build) -> dict[str, str]:
    """Each block's `place:` as the issue file writes it, by field path."""
    out: dict[str, str] = {}
    if build.issue is None:
        return out
    for page in build.issue.pages:
        for item in (*page.articles, *page.photos):
            if item.place is not None:
                out[item.path] = item.place.yaml()
            for part in getattr(item, "continues", ()):
                out[part.path] = part.place.yaml()
    return out


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, session: Session, port: int) -> None:
        self.session = session
        self.stopping = False
        super().__init__(("127.0.0.1", port), _Handler)

    def stop(self) -> None:
        self.stopping = True
        with self.session.changed:
            self.session.changed.notify_all()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def log_message(self, format: str, *args) -> None:  # noqa: A002 — quiet: no access log
        pass

    def do_GET(self) -> None:  # noqa: N802 — the name http.server calls
        path = self.path.split("?", 1)[0]
        if path == "/":
            page = resources.files("pagesetter.watch").joinpath("page.html").read_bytes()
            return self._send(page, "text/html; charset=utf-8")
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
        """Server-sent events: the version now, then each new one, until the client goes."""
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
        except (BrokenPipeError, ConnectionResetError):
            pass
