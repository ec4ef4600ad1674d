"""The webhook attempts' HTTP/1.1 client (webhooks/http.py, clients.py) against a real local
socket server that answers with scripted raw bytes: the ways an answer's body can end, 1xx
answers, keep-alive reuse, a kept-alive connection the receiver closed, a receiver that
never answers, and an answer that is not HTTP."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable
from pathlib import Path

import pytest

from hirehall.settings import Settings
from hirehall.webhooks import http
from hirehall.webhooks.clients import Clients

# Reads one request, returns the raw answer to send and whether to close afterwards.
Script = Callable[[int, bytes], tuple[bytes, bool]]


async def _exchange(script: Script, posts: int, timeout: float = 5.0) -> tuple[list[object], int]:
    """Makes `posts` attempts to a local server playing `script`; returns each reply (or the
    exception) and how many connections the server accepted."""
    connections = 0
    served = 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections, served
        connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                await reader.readexactly(length)
                served += 1
                answer, close = script(served, head)
                writer.write(answer)
                await writer.drain()
                if close:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    clients = Clients(Settings(sandbox=True))
    url = f"http://127.0.0.1:{port}/in?x=1"
    replies: list[object] = []
    try:
        for _ in range(posts):
            request = http.request_bytes(http.target(url), {"X-A": "b"}, b'{"k":1}')
            try:
                replies.append(await clients.post("wh", url, request, keep=8, timeout=timeout))
            except Exception as exc:  # the test looks at which one
                replies.append(exc)
            await asyncio.sleep(0.05)  # the server sees a close before the next attempt
    finally:
        await clients.aclose()
        server.close()
    return replies, connections


def _run(script: Script, posts: int = 2, timeout: float = 5.0) -> tuple[list[object], int]:
    return asyncio.run(_exchange(script, posts, timeout))


def test_content_length_answers_reuse_one_connection() -> None:
    replies, connections = _run(
        lambda n, _h: (b"HTTP/1.1 201 Created\r\nContent-Length: 12\r\n\r\nhello world!", False)
    )
    assert replies == [http.Reply(201, b"hello wo")] * 2  # the first `keep` bytes
    assert connections == 1


def test_a_chunked_answer_is_read_to_its_end() -> None:
    answer = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"
    )
    replies, connections = _run(lambda n, _h: (answer, False))
    assert replies == [http.Reply(200, b"abcde")] * 2
    assert connections == 1


def test_an_answer_without_length_ends_with_the_connection() -> None:
    replies, connections = _run(lambda n, _h: (b"HTTP/1.0 500 Oops\r\n\r\nbroken", True))
    assert replies == [http.Reply(500, b"broken")] * 2
    assert connections == 2


def test_1xx_answers_are_skipped_and_connection_close_is_honoured() -> None:
    answer = (
        b"HTTP/1.1 100 Continue\r\n\r\n"
        b"HTTP/1.1 410 Gone\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    )
    replies, connections = _run(lambda n, _h: (answer, True))
    assert replies == [http.Reply(410, b"")] * 2
    assert connections == 2


def test_a_kept_alive_connection_the_receiver_closed_is_replaced() -> None:
    # The receiver answers as keep-alive, then closes (its idle timeout): the next attempt
    # goes on a new connection instead of failing.
    replies, connections = _run(
        lambda n, _h: (b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", True), posts=3
    )
    assert replies == [http.Reply(200, b"ok")] * 3
    assert connections == 3


def test_the_request_carries_host_path_headers_and_body() -> None:
    heads: list[bytes] = []

    def script(_n: int, head: bytes) -> tuple[bytes, bool]:
        heads.append(head)
        return b"HTTP/1.1 204 No Content\r\n\r\n", False

    replies, _ = _run(script, posts=1)
    assert replies == [http.Reply(204, b"")]
    [head] = heads
    assert head.startswith(b"POST /in?x=1 HTTP/1.1\r\nHost: 127.0.0.1:")
    assert b"\r\nX-A: b\r\nContent-Length: 7\r\n" in head


def test_a_receiver_that_never_answers_times_out() -> None:
    replies, _ = _run(lambda n, _h: (b"", False), posts=1, timeout=0.3)
    assert [type(r) for r in replies] == [TimeoutError]


@pytest.mark.parametrize("answer", [b"SMTP ready\r\n\r\n", b"HTTP/1.1 2x0 OK\r\n\r\n"])
def test_an_answer_that_is_not_http_is_an_error(answer: bytes) -> None:
    replies, _ = _run(lambda n, _h: (answer, True), posts=1)
    assert [type(r) for r in replies] == [http.ProtocolError]


# A self-signed certificate for hook.test (tests/data, valid for 100 years; test use only).
CERT = Path(__file__).parents[1] / "data" / "hook_test_cert.pem"
KEY = Path(__file__).parents[1] / "data" / "hook_test_key.pem"


async def _tls_post(server_hostname: str) -> tuple[http.Reply, bytes]:
    heads: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            heads.append(await reader.readuntil(b"\r\n\r\n"))
            await reader.readexactly(2)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()

    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    served.load_cert_chain(CERT, KEY)
    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=served)
    port = server.sockets[0].getsockname()[1]
    try:
        trusted = ssl.create_default_context(cafile=str(CERT))
        # The connection goes to the address (as to the guard's vetted one); the certificate
        # is checked for the URL's host.
        connection = await http.connect("127.0.0.1", port, trusted, server_hostname)
        url = f"https://hook.test:{port}/in"
        reply, _ = await connection.post(http.request_bytes(http.target(url), {}, b"{}"), 8)
        connection.close()
    finally:
        server.close()
    return reply, heads[0]


def test_tls_goes_to_the_address_and_checks_the_urls_host() -> None:
    reply, head = asyncio.run(_tls_post("hook.test"))
    assert reply == http.Reply(200, b"ok")
    assert head.startswith(b"POST /in HTTP/1.1\r\nHost: hook.test:")


def test_tls_refuses_a_certificate_of_another_name() -> None:
    with pytest.raises(ssl.SSLCertVerificationError, match="Hostname mismatch"):
        asyncio.run(_tls_post("other.test"))
