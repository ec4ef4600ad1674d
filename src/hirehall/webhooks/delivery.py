"""The worker's webhook deliveries (decision D39).

Fan-out: one unit of work reads the event log after the stored cursor (`worker_cursors`
row "webhooks", locked so one worker at a time advances it) and adds one delivery per
matching active subscription, so the request that records an event pays nothing for it.
Attempts: deliveries due on the server clock are claimed with a lease, posted concurrently,
each with its own 10-second limit (a receiver that hangs holds only its own attempts; a
subscription with many attempts in flight is skipped by the next claims), and their results
are recorded in batches, each only while its lease is still this worker's."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx

from hirehall.core import ids
from hirehall.db.types import Record
from hirehall.events import service as events
from hirehall.settings import Settings
from hirehall.webhooks import delivery_repository as store
from hirehall.webhooks.guard import AddressRefused, VettedTransport
from hirehall.webhooks.record import record_results
from hirehall.webhooks.rules import (
    PENDING,
    RESPONSE_BODY_MAX,
    TIMEOUT_SECONDS,
    Answer,
    signature_headers,
)
from hirehall.webhooks.sealing import unseal
from hirehall.worker import repository as cursors
from hirehall.worker.network import Opener, lease_token, wait_for_work
from hirehall.worker.rules import BATCH, LEASE, POLL_SECONDS

log = logging.getLogger("hirehall.webhooks")

CURSOR = "webhooks"
EVENTS_PER_FAN_OUT = 500
MAX_IN_FLIGHT = 256  # attempts running at once in one worker
PER_WEBHOOK_IN_FLIGHT = 32  # beyond this a subscription waits for its own attempts


@dataclass(frozen=True)
class Claimed:
    id: str
    webhook_id: str
    event_type: str
    body: str
    attempt_count: int
    single_attempt: bool
    url: str
    secret: str | None  # None: it cannot be unsealed with this server's key
    token: str


@dataclass(frozen=True)
class Result:
    claimed: Claimed
    answer: Answer
    at: datetime
    duration_ms: int
    response_body: str | None


class Deliverer:
    counter = "deliveries"

    def __init__(
        self,
        opener: Opener,
        settings: Settings,
        secret_key: bytes,
        now: Callable[[], datetime],
    ) -> None:
        self._open = opener
        self._now = now  # the server clock (its sandbox offset is refreshed by each unit)
        self._settings = settings
        self._secret_key = secret_key
        self._client: httpx.AsyncClient | None = None
        self._in_flight: Counter[str] = Counter()
        self._results: list[Result] = []
        self._results_ready = asyncio.Event()
        self._slot_freed = asyncio.Event()

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            limits = httpx.Limits(max_connections=MAX_IN_FLIGHT, max_keepalive_connections=64)
            transport: httpx.AsyncBaseTransport = httpx.AsyncHTTPTransport(limits=limits)
            if not (self._settings.sandbox or self._settings.webhook_allow_private):
                transport = VettedTransport(transport)
            self._client = httpx.AsyncClient(
                transport=transport,
                timeout=TIMEOUT_SECONDS,
                follow_redirects=False,
                trust_env=False,  # no proxy from the environment: the guard sees every hop
            )
        return self._client

    # Fan-out.

    async def fan_out(self, limit: int = EVENTS_PER_FAN_OUT) -> int:
        """Turns up to `limit` events after the cursor into deliveries; returns how many
        events it read (0 when none are new, or another worker holds the cursor)."""
        async with self._open(write=True) as uow:
            position = await cursors.take_cursor(uow.conn, CURSOR)
            if position is None:
                return 0
            rows = await events.all_after(uow, position, limit)
            if not rows:
                return 0
            organizations = list({row.organization_id for row in rows})
            hooks = await store.subscribers(uow.conn, organizations)
            deliveries = []
            now = uow.now()
            for row in rows:
                body: str | None = None
                for hook in hooks:
                    if (
                        hook.organization_id == row.organization_id
                        and row.event_type in hook.event_types
                        and row.id > hook.after_event_id
                    ):
                        body = body or events.event_json(row)
                        deliveries.append(
                            {
                                "id": ids.new_id(now),
                                "webhook_id": hook.id,
                                "event_id": row.id,
                                "event_type": row.event_type,
                                "body": body,
                                "status": PENDING,
                                "attempt_count": 0,
                                "single_attempt": False,
                                "next_attempt_at": now,
                                "lease_token": None,
                                "created_at": now,
                            }
                        )
            await store.add_deliveries(uow.conn, deliveries)
            await cursors.move_cursor(uow.conn, CURSOR, int(rows[-1].id))
            return len(rows)

    # Claims and attempts.

    async def claim(self, limit: int) -> list[Claimed]:
        busy = [hook for hook, n in self._in_flight.items() if n >= PER_WEBHOOK_IN_FLIGHT]
        token = lease_token()
        async with self._open(write=True) as uow:
            now = uow.now()
            rows = await store.claim(
                uow.conn, now=now, lease_until=now + LEASE, token=token, limit=limit, busy=busy
            )
        return [self._claimed(row, token) for row in rows]

    def _claimed(self, row: Record, token: str) -> Claimed:
        try:
            secret: str | None = unseal(self._secret_key, row.secret_sealed)
        except ValueError:
            secret = None
        return Claimed(
            id=row.id,
            webhook_id=row.webhook_id,
            event_type=row.event_type,
            body=row.body,
            attempt_count=row.attempt_count,
            single_attempt=row.single_attempt,
            url=row.url,
            secret=secret,
            token=token,
        )

    async def attempt(self, item: Claimed) -> Result:
        """One POST of the delivery, within 10 seconds in all; never raises."""
        at = self._now()
        started = time.perf_counter()
        answer, kept = await self._post(item)
        duration_ms = int((time.perf_counter() - started) * 1000)
        return Result(item, answer, at, duration_ms, kept)

    async def _post(self, item: Claimed) -> tuple[Answer, str | None]:
        if item.secret is None:
            error = "the signing secret cannot be read with this server's secret key"
            return Answer(None, error), None
        body = item.body.encode()
        headers = signature_headers(
            item.secret,
            delivery_id=item.id,
            event_type=item.event_type,
            body=body,
            timestamp=int(time.time()),  # real time: receivers compare it with their clocks
        )
        try:
            async with asyncio.timeout(TIMEOUT_SECONDS):
                request = self._http().build_request(
                    "POST", item.url, content=body, headers=headers
                )
                response = await self._http().send(request, stream=True)
                try:
                    kept = await _first_bytes(response)
                finally:
                    await response.aclose()
        except AddressRefused as exc:
            return Answer(None, str(exc), refused=True), None
        except TimeoutError:
            return Answer(None, f"no answer within {TIMEOUT_SECONDS:g} s"), None
        except httpx.HTTPError as exc:
            return Answer(None, f"{type(exc).__name__}: {exc}"[:1000] or type(exc).__name__), None
        return Answer(response.status_code, None), kept

    async def record(self, results: list[Result]) -> None:
        if results:
            async with self._open(write=True) as uow:
                await record_results(uow, results)

    # `POST /worker/run`.

    async def run_due(self, limit: int) -> int:
        while await self.fan_out() == EVENTS_PER_FAN_OUT:
            pass
        claimed = await self.claim(limit)
        if not claimed:
            return 0
        results = await asyncio.gather(*(self.attempt(item) for item in claimed))
        await self.record(list(results))
        return len(results)

    # In the background.

    async def serve(self, stop: asyncio.Event, wake: asyncio.Event) -> None:
        recorder = asyncio.create_task(self._record_loop(stop))
        running: set[asyncio.Task[None]] = set()
        try:
            while not stop.is_set():
                try:
                    fanned = await self.fan_out()
                    free = MAX_IN_FLIGHT - len(running)
                    claimed = await self.claim(min(free, BATCH)) if free > 0 else []
                except Exception:
                    log.exception("webhook delivery worker failed; trying again")
                    await wait_for_work(stop, wake, 1.0)
                    continue
                for item in claimed:
                    self._in_flight[item.webhook_id] += 1
                    task = asyncio.create_task(self._attempt_and_queue(item))
                    running.add(task)
                    task.add_done_callback(running.discard)
                if len(running) >= MAX_IN_FLIGHT:
                    self._slot_freed.clear()
                    await _first_of(stop, self._slot_freed, 1.0)
                elif not fanned and not claimed:
                    await wait_for_work(stop, wake, POLL_SECONDS)
        finally:
            if running:
                await asyncio.wait(running, timeout=TIMEOUT_SECONDS)
            self._results_ready.set()
            recorder.cancel()
            await asyncio.gather(recorder, return_exceptions=True)
            await self._flush()

    async def _attempt_and_queue(self, item: Claimed) -> None:
        try:
            result = await self.attempt(item)
            self._results.append(result)
        finally:
            self._in_flight[item.webhook_id] -= 1
            if self._in_flight[item.webhook_id] <= 0:
                del self._in_flight[item.webhook_id]
            self._results_ready.set()
            self._slot_freed.set()

    async def _record_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self._results_ready.wait()
            self._results_ready.clear()
            await self._flush()

    async def _flush(self) -> None:
        batch, self._results = self._results, []
        try:
            await self.record(batch)
        except Exception:  # their leases end and they are attempted again: at least once
            log.exception("recording %d webhook attempts failed", len(batch))

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


async def _first_bytes(response: httpx.Response) -> str:
    kept = b""
    async for chunk in response.aiter_raw():
        kept += chunk
        if len(kept) >= RESPONSE_BODY_MAX:
            break
    return kept[:RESPONSE_BODY_MAX].decode("utf-8", "replace")


async def _first_of(stop: asyncio.Event, other: asyncio.Event, seconds: float) -> None:
    waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(other.wait())]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
