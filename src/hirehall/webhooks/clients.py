"""The HTTP clients of webhook deliveries: one small httpx client per subscription, with at
most `PER_WEBHOOK_CONNECTIONS` attempts at once. httpcore's pool does work per request in
proportion to its connections (measured: a single pool of ~100 keep-alive connections cost
several ms of CPU per request), so small pools keep each attempt cheap, and a subscription
whose receiver hangs only fills its own pool."""

from __future__ import annotations

import asyncio
import ssl
from collections import Counter, OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from hirehall.settings import Settings
from hirehall.webhooks.guard import VettedTransport
from hirehall.webhooks.rules import TIMEOUT_SECONDS

PER_WEBHOOK_CONNECTIONS = 8
MAX_CLIENTS = 512  # idle clients beyond this are closed, least recently used first


class Clients:
    def __init__(self, settings: Settings) -> None:
        self._guarded = not (settings.sandbox or settings.webhook_allow_private)
        self._ssl: ssl.SSLContext | None = None
        self._clients: OrderedDict[str, httpx.AsyncClient] = OrderedDict()
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._busy: Counter[str] = Counter()

    @asynccontextmanager
    async def slot(self, webhook_id: str) -> AsyncIterator[httpx.AsyncClient]:
        """Waits for one of the subscription's slots, then lends its client."""
        slots = self._slots.setdefault(webhook_id, asyncio.Semaphore(PER_WEBHOOK_CONNECTIONS))
        async with slots:
            self._busy[webhook_id] += 1
            try:
                yield self._client(webhook_id)
            finally:
                self._busy[webhook_id] -= 1
        await self._evict()

    def _client(self, webhook_id: str) -> httpx.AsyncClient:
        client = self._clients.get(webhook_id)
        if client is None:
            if self._ssl is None:  # one context for all: loading the trust store is slow
                self._ssl = httpx.create_ssl_context()
            limits = httpx.Limits(
                max_connections=PER_WEBHOOK_CONNECTIONS,
                max_keepalive_connections=PER_WEBHOOK_CONNECTIONS,
            )
            transport: httpx.AsyncBaseTransport = httpx.AsyncHTTPTransport(
                verify=self._ssl, limits=limits
            )
            if self._guarded:
                transport = VettedTransport(transport)
            client = httpx.AsyncClient(
                transport=transport,
                timeout=TIMEOUT_SECONDS,
                follow_redirects=False,
                trust_env=False,  # no proxy from the environment: the guard sees every hop
            )
            self._clients[webhook_id] = client
        self._clients.move_to_end(webhook_id)
        return client

    async def _evict(self) -> None:
        while len(self._clients) > MAX_CLIENTS:
            idle = next((w for w in self._clients if not self._busy[w]), None)
            if idle is None:
                return
            client = self._clients.pop(idle)
            self._slots.pop(idle, None)
            self._busy.pop(idle, None)
            await client.aclose()

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), OrderedDict()
        for client in clients:
            await client.aclose()
