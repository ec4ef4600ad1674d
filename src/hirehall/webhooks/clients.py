"""The connections of webhook deliveries: per subscription, a pool of keep-alive connections
with at most `PER_WEBHOOK_CONNECTIONS` attempts at once, so a subscription whose receiver
hangs only fills its own slots while the others go on.

Outside the sandbox (unless HIREHALL_WEBHOOK_ALLOW_PRIVATE=1) each new connection goes to
the address the SSRF guard vetted for the URL's host (guard.py), keeping the URL's host
for the Host header and the TLS server name: a DNS answer that changes afterwards
(rebinding) cannot move a connection elsewhere, and a pooled connection stays on the
address that was checked when it was opened."""

from __future__ import annotations

import asyncio
import ssl
from collections import OrderedDict
from dataclasses import dataclass, field

import certifi

from hirehall.settings import Settings
from hirehall.webhooks import http
from hirehall.webhooks.guard import Resolver, resolve, vetted_address

PER_WEBHOOK_CONNECTIONS = 32
MAX_POOLS = 512  # idle pools beyond this are closed, least recently used first


@dataclass(frozen=True)
class Route:
    """Where a new connection for a target goes."""

    address: str
    port: int
    server_hostname: str


async def route(target: http.Target, guarded: bool, resolver: Resolver = resolve) -> Route:
    """The guard's vetted address when `guarded` (AddressRefused when it is not public),
    else the URL's host as it is."""
    address = target.host
    if guarded:
        address = await vetted_address(target.host, target.port, resolver)
    return Route(address, target.port, target.host)


@dataclass
class _Pool:
    slots: asyncio.Semaphore
    idle: list[http.Connection] = field(default_factory=list)
    busy: int = 0


class Clients:
    def __init__(self, settings: Settings, resolver: Resolver = resolve) -> None:
        self._guarded = not (settings.sandbox or settings.webhook_allow_private)
        self._resolver = resolver
        self._ssl: ssl.SSLContext | None = None
        self._pools: OrderedDict[tuple[str, str, str, int], _Pool] = OrderedDict()

    async def post(
        self, webhook_id: str, url: str, request: bytes, *, keep: int, timeout: float
    ) -> http.Reply:
        """Waits for one of the subscription's slots, then sends `request` (from
        `http.request_bytes`) over a pooled connection or a new one, within `timeout`
        seconds from the slot (TimeoutError)."""
        target = http.target(url)
        key = (webhook_id, target.scheme, target.host, target.port)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = _Pool(asyncio.Semaphore(PER_WEBHOOK_CONNECTIONS))
            self._evict()
        self._pools.move_to_end(key)
        async with pool.slots:
            pool.busy += 1
            try:
                async with asyncio.timeout(timeout):
                    return await self._post(pool, target, request, keep)
            finally:
                pool.busy -= 1

    async def _post(
        self, pool: _Pool, target: http.Target, request: bytes, keep: int
    ) -> http.Reply:
        while pool.idle:
            connection = pool.idle.pop()
            if not connection.reusable():
                connection.close()
                continue
            try:
                return await self._send(pool, connection, request, keep)
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                if isinstance(exc, asyncio.IncompleteReadError) and exc.partial:
                    raise
                # The receiver closed a kept-alive connection before reading this request
                # (its idle timeout): the request goes once more on a new connection.
        connection = await self._connect(target)
        return await self._send(pool, connection, request, keep)

    async def _send(
        self, pool: _Pool, connection: http.Connection, request: bytes, keep: int
    ) -> http.Reply:
        reusable = False
        try:
            reply, reusable = await connection.post(request, keep)
        finally:  # an error or a timeout (cancellation) leaves the connection unusable
            if reusable:
                pool.idle.append(connection)
            else:
                connection.close()
        return reply

    async def _connect(self, target: http.Target) -> http.Connection:
        where = await route(target, self._guarded, self._resolver)
        context = None
        if target.scheme == "https":
            if self._ssl is None:  # one context for all: loading the trust store is slow
                self._ssl = ssl.create_default_context(cafile=certifi.where())
            context = self._ssl
        return await http.connect(where.address, where.port, context, where.server_hostname)

    def _evict(self) -> None:
        for key in [k for k, pool in list(self._pools.items())[:-1] if not pool.busy]:
            if len(self._pools) <= MAX_POOLS:
                return
            for connection in self._pools.pop(key).idle:
                connection.close()

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), OrderedDict()
        for pool in pools:
            for connection in pool.idle:
                connection.close()
