"""Fake LibreTranslate servers, started for real on 127.0.0.1: the standard library's HTTP server
speaking LibreTranslate's API (GET /languages, POST /translate with `q` as an array). Each answers
as a test asks (bad text, megabytes, an error status, slowly, a pair it lacks) and counts the
requests it was sent, so a test sees which server served what."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterator

import pytest

Answer = Callable[[str], str]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    answer: Answer = staticmethod(lambda q: q)
    #: Announce the body's length (else the body ends when the connection closes).
    with_length = True
    #: The status of every /translate answer: 200, or an error such as 500.
    status = 200
    #: Answer 500 to a /translate request with a string containing this (a string that crashes the model).
    poison = ""
    #: Seconds each /translate request takes.
    delay = 0.0
    #: Leave the last translation out of each answer (one translation short).
    short = False
    #: What the server offers from English (and back into English, as a real server's models do).
    targets: tuple[str, ...] = ("hi", "bn")
    #: Requests received by path, and the lock that counts them (one pair per server).
    asked: Counter[str] = Counter()
    lock = threading.Lock()

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def _count(self) -> None:
        with self.lock:
            self.asked[self.path] += 1

    def _send(self, parts: list[bytes], status: int = 200) -> None:
        """Send the body part by part, so a client that stops reading stops the server too."""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if self.with_length:
            self.send_header("Content-Length", str(sum(len(p) for p in parts)))
        self.end_headers()
        try:
            for part in parts:
                self.wfile.write(part)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading: what the bound is for

    def do_GET(self) -> None:
        self._count()
        offered = [{"code": "en", "targets": list(self.targets)}] + [{"code": t, "targets": ["en"]} for t in self.targets]
        self._send([json.dumps(offered).encode()])

    def do_POST(self) -> None:
        self._count()
        asked = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        time.sleep(self.delay)
        status = 500 if self.poison and any(self.poison in q for q in asked["q"]) else self.status
        if status != 200:
            self._send([json.dumps({"error": f"status {status} for the test"}).encode()], status)
            return
        encoded: dict[str, bytes] = {}
        answers = [type(self).answer(q) for q in asked["q"]][:-1 if self.short else None]
        parts = [b'{"translatedText": [']
        for i, text in enumerate(answers):
            if text not in encoded:
                encoded[text] = json.dumps(text, ensure_ascii=False).encode()
            parts += [b"," if i else b"", encoded[text]]
        self._send(parts + [b"]}"])


class FakeServers:
    """Starts fake servers (`serve(answer, …)` gives the URL) and says what each was asked."""

    def __init__(self) -> None:
        self._servers: list[ThreadingHTTPServer] = []
        self._asked: dict[str, Counter[str]] = {}

    def __call__(self, answer: Answer = lambda q: q, with_length: bool = True, *, status: int = 200,
                 delay: float = 0.0, short: bool = False, targets: tuple[str, ...] = ("hi", "bn"),
                 poison: str = "") -> str:
        asked: Counter[str] = Counter()
        handler = type("Handler", (_Handler,), {
            "answer": staticmethod(answer), "with_length": with_length, "status": status, "delay": delay,
            "short": short, "targets": targets, "asked": asked, "poison": poison, "lock": threading.Lock()})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self._servers.append(server)
        url = f"http://127.0.0.1:{server.server_address[1]}"
        self._asked[url] = asked
        return url

    def translations_asked(self, url: str) -> int:
        """The /translate requests `url` has received so far."""
        return self._asked[url]["/translate"]

    def close(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()


@pytest.fixture
def serve() -> Iterator[FakeServers]:
    servers = FakeServers()
    yield servers
    servers.close()


@pytest.fixture
def closed_port() -> Iterator[str]:
    """The URL of a port on 127.0.0.1 that refuses connections: bound, never listening, so no
    other program takes it during the test."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{s.getsockname()[1]}"
