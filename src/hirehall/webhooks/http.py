"""The HTTP/1.1 client of webhook attempts: one POST with a known body, its status and the
first bytes of the answer, over pooled keep-alive connections.

Why not httpx: a profile of the worker showed most of an attempt's CPU in httpx, httpcore
and anyio (pool bookkeeping in proportion to its connections, several socket writes per
request, socket state checks on every checkout). An attempt here is one write (head and
body together) and a parse of the answer's head; connections are reused last-in first-out.
It never follows redirects, ignores proxy settings, and opens a connection only to the
address `open_connection` is given (the SSRF guard's vetted one, see clients.py)."""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlsplit

# An answer's body up to this size is read to its end so the connection can be reused;
# a longer one closes the connection once its first bytes are read.
DRAIN_MAX = 64 * 1024
HEAD_MAX = 64 * 1024  # status line and headers of an answer
_PATH_SAFE = "!#$%&'()*+,/:;=?@[]~"


class ProtocolError(Exception):
    """The receiver's answer is not HTTP/1.x."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as the URL names it (IPv6 without brackets): DNS name, TLS server name
    port: int
    host_header: str  # the URL's authority without user info
    path: str  # path and query


@lru_cache(maxsize=1024)
def target(url: str) -> Target:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host.isascii():
        host = host.encode("idna").decode()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    authority = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        authority += f":{parts.port}"
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    # Characters not allowed in a request line (non-ASCII) percent-encoded, as httpx does.
    return Target(parts.scheme, host, port, authority, quote(path, safe=_PATH_SAFE))


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes  # at most `keep` bytes of it


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    def reusable(self) -> bool:
        return not (self._writer.is_closing() or self._reader.at_eof())

    def close(self) -> None:
        self._writer.close()

    async def post(self, request: bytes, keep: int) -> tuple[Reply, bool]:
        """Sends the request (head and body in one write) and reads the answer; returns it
        and whether the connection may carry another request."""
        self._writer.write(request)
        await self._writer.drain()
        while True:
            status, http11, headers = _head(await self._reader.readuntil(b"\r\n\r\n"))
            if not 100 <= status < 200 or status == 101:
                break  # 1xx answers (100 Continue) precede the real one
        reusable = http11 and "close" not in headers.get("connection", "").lower()
        if status in (204, 304) or 100 <= status < 200:
            return Reply(status, b""), reusable
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body, complete = await self._chunked(keep)
            return Reply(status, body), reusable and complete
        length = headers.get("content-length")
        if length is None:  # the body ends when the receiver closes the connection
            return Reply(status, await self._until_eof(keep)), False
        size = int(length)
        if size <= DRAIN_MAX:
            body = await self._reader.readexactly(size)
            return Reply(status, body[:keep]), reusable
        return Reply(status, await self._reader.readexactly(keep)), False

    async def _chunked(self, keep: int) -> tuple[bytes, bool]:
        body = bytearray()
        read = 0
        while True:
            line = await self._reader.readuntil(b"\r\n")
            size = int(line.split(b";", 1)[0].strip() or b"x", 16)
            if size == 0:
                while await self._reader.readuntil(b"\r\n") != b"\r\n":
                    pass  # trailers
                return bytes(body[:keep]), True
            read += size
            if read > DRAIN_MAX:
                if len(body) < keep:
                    body += await self._reader.readexactly(min(size, keep - len(body)))
                return bytes(body[:keep]), False
            body += (await self._reader.readexactly(size + 2))[:-2]

    async def _until_eof(self, keep: int) -> bytes:
        body = b""
        while len(body) < keep:
            chunk = await self._reader.read(keep - len(body))
            if not chunk:
                break
            body += chunk
        return body


def _head(raw: bytes) -> tuple[int, bool, dict[str, str]]:
    lines = raw[:-4].decode("latin-1").split("\r\n")
    version, _, rest = lines[0].partition(" ")
    code = rest[:3]
    if not version.startswith("HTTP/1.") or not code.isdigit():
        raise ProtocolError(f"not an HTTP/1.x answer: {lines[0][:100]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(code), version == "HTTP/1.1", headers


async def connect(
    address: str, port: int, context: ssl.SSLContext | None, server_hostname: str
) -> Connection:
    """A connection to `address`; with TLS, the certificate is checked for `server_hostname`
    (the URL's host, not the address connected to)."""
    reader, writer = await asyncio.open_connection(
        address,
        port,
        ssl=context,
        server_hostname=server_hostname if context is not None else None,
        limit=HEAD_MAX,
    )
    return Connection(reader, writer)


def request_bytes(target: Target, headers: dict[str, str], body: bytes) -> bytes:
    lines = [f"POST {target.path} HTTP/1.1", f"Host: {target.host_header}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
