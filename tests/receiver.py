"""A real HTTP receiver for webhook tests: a small threaded server on a free local port that
records every request (headers and raw body) and answers with the statuses it is told."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic() when it arrived

    @property
    def text(self) -> str:
        return self.body.decode()


class Receiver:
    """`answer(received) -> (status, body, extra headers)` decides each reply; `hang` makes
    the receiver hold every request until the test ends (or `release()`)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.answer: Callable[[Received], tuple[int, bytes, dict[str, str]]] = lambda _r: (
            200,
            b"ok",
            {},
        )
        self.hang = False
        self.delay = 0.0  # seconds each answer waits
        # (X-OpenTrain-Delivery, arrival, answer) of every request, to see overlaps.
        self.spans: list[tuple[str, float, float]] = []
        self._released = threading.Event()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def statuses(self, *codes: int) -> None:
        """Answer with these statuses in turn, then the last one for ever."""
        queue = list(codes)

        def answer(_received: Received) -> tuple[int, bytes, dict[str, str]]:
            code = queue.pop(0) if len(queue) > 1 else queue[0]
            return code, f"status {code}".encode(), {}

        self.answer = answer

    def release(self) -> None:
        self._released.set()

    def wait(self, count: int, timeout: float = 30) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.01)
        with self._lock:
            return list(self.received)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if len(body) < length:
                    # The sender died mid-request (the kill -9 test): a real receiver would
                    # never see this as a delivery, and the cut body is not JSON.
                    self.close_connection = True
                    return
                received = Received(self.path, dict(self.headers.items()), body, time.monotonic())
                with receiver._lock:
                    receiver.received.append(received)
                if receiver.hang:
                    receiver._released.wait(60)
                if receiver.delay:
                    time.sleep(receiver.delay)
                status, reply, headers = receiver.answer(received)
                with receiver._lock:
                    delivery = received.headers.get("X-OpenTrain-Delivery", "")
                    receiver.spans.append((delivery, received.at, time.monotonic()))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *_args: Any) -> None:
                return None

        return Handler

    @contextmanager
    def running(self) -> Iterator[Receiver]:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._released.set()
            self._server.shutdown()
            self._server.server_close()


@contextmanager
def receiver() -> Iterator[Receiver]:
    with Receiver().running() as running:
        yield running
