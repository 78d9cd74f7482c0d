"""A real HTTP server on 127.0.0.1 for fetcher tests: routes of fixed responses or handlers, and a request log."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = tuple[int, dict[str, str], bytes] | Callable[[BaseHTTPRequestHandler], None]


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []  # (path, request headers)
        self.stamps: list[float] = []  # when each request came, in the order of the log
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                site.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                site.stamps.append(time.monotonic())
                route = site.routes.get(self.path) or (404, {"Content-Type": "text/plain"}, b"not here")
                if callable(route):
                    route(self)
                    return
                status, headers, body = route
                if status == 200 and headers.get("ETag") and self.headers.get("If-None-Match") == headers["ETag"]:
                    status, body = 304, b""  # conditional GET, as a well-behaved server answers it
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self, path: str, body: str | bytes, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        etag = f'"{hashlib.sha256(data).hexdigest()[:16]}"'
        self.routes[path] = (200, {"Content-Type": ctype, "ETag": etag, **headers}, data)

    def requests(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.log if p == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def trickle(seconds: float) -> Callable[[BaseHTTPRequestHandler], None]:
    """A response that sends one byte every `seconds`, for far longer than any limit."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        try:
            for _ in range(100000):
                h.wfile.write(b"x")
                h.wfile.flush()
                time.sleep(seconds)
        except OSError:
            pass

    return handler


def endless(h: BaseHTTPRequestHandler) -> None:
    """A response far over any size limit (about 2 GB announced), streamed until the client stops reading."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    chunk = b"<p>" + b"a" * 65530 + b"</p>"
    try:
        for _ in range(32768):
            h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    except OSError:
        pass


def silent(h: BaseHTTPRequestHandler) -> None:
    """A server that accepts the request and never answers."""
    time.sleep(30)
