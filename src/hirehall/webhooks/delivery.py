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

from hirehall.core import ids
from hirehall.db.types import Record
from hirehall.events import service as events
from hirehall.settings import Settings
from hirehall.webhooks import delivery_repository as store
from hirehall.webhooks import http
from hirehall.webhooks.clients import PER_WEBHOOK_CONNECTIONS, Clients
from hirehall.webhooks.guard import AddressRefused
from hirehall.webhooks.record import record_results
from hirehall.webhooks.rules import (
    PENDING,
    RESPONSE_BODY_MAX,
    TIMEOUT_SECONDS,
    Answer,
    Signer,
)
from hirehall.webhooks.sealing import unseal
from hirehall.worker import repository as cursors
from hirehall.worker.network import Opener, lease_token
from hirehall.worker.rules import BATCH, LEASE, POLL_SECONDS

log = logging.getLogger("hirehall.webhooks")

CURSOR = "webhooks"
EVENTS_PER_FAN_OUT = 500
MAX_IN_FLIGHT = 256  # attempts running at once in one worker
# Claimed attempts of one subscription in one worker (twice what run at once): beyond this
# the next claims skip it, so a receiver that hangs holds only its own deliveries. A claim
# takes at most PER_WEBHOOK_CONNECTIONS of one subscription, so at most three rounds of
# 10-second attempts wait for its slots: each is recorded well within its 60-second lease.
PER_WEBHOOK_IN_FLIGHT = 2 * PER_WEBHOOK_CONNECTIONS
SIGNERS_KEPT = 4096
RECORD_LINGER_SECONDS = 0.02
_ANSWER_ERRORS = (OSError, ValueError, EOFError, asyncio.LimitOverrunError, http.ProtocolError)


@dataclass(frozen=True)
class Claimed:
    id: str
    webhook_id: str
    event_type: str
    body: str
    attempt_count: int
    single_attempt: bool
    url: str
    signer: Signer | None  # None: the secret cannot be unsealed with this server's key
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
        self._clients = Clients(settings)
        self._signers: dict[str, Signer | None] = {}  # by sealed secret
        self._in_flight: Counter[str] = Counter()
        self._results: list[Result] = []
        self._results_ready = asyncio.Event()
        self._room = asyncio.Event()
        self._running: set[asyncio.Task[None]] = set()

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
                uow.conn,
                now=now,
                lease_until=now + LEASE,
                token=token,
                limit=limit,
                per_webhook=PER_WEBHOOK_CONNECTIONS,
                busy=busy,
            )
        return [self._claimed(row, token) for row in rows]

    def _claimed(self, row: Record, token: str) -> Claimed:
        return Claimed(
            id=row.id,
            webhook_id=row.webhook_id,
            event_type=row.event_type,
            body=row.body,
            attempt_count=row.attempt_count,
            single_attempt=row.single_attempt,
            url=row.url,
            signer=self._signer(row.secret_sealed),
            token=token,
        )

    def _signer(self, sealed: str) -> Signer | None:
        """Unsealing and keying once per subscription secret, not per attempt."""
        if sealed not in self._signers:
            if len(self._signers) >= SIGNERS_KEPT:
                self._signers.clear()
            try:
                self._signers[sealed] = Signer(unseal(self._secret_key, sealed))
            except ValueError:
                self._signers[sealed] = None
        return self._signers[sealed]

    async def attempt(self, item: Claimed) -> Result:
        """One POST of the delivery, within 10 seconds in all; never raises."""
        at = self._now()
        started = time.perf_counter()
        answer, kept = await self._post(item)
        duration_ms = int((time.perf_counter() - started) * 1000)
        return Result(item, answer, at, duration_ms, kept)

    async def _post(self, item: Claimed) -> tuple[Answer, str | None]:
        if item.signer is None:
            error = "the signing secret cannot be read with this server's secret key"
            return Answer(None, error), None
        body = item.body.encode()
        headers = item.signer.headers(
            delivery_id=item.id,
            event_type=item.event_type,
            body=body,
            timestamp=int(time.time()),  # real time: receivers compare it with their clocks
        )
        try:
            request = http.request_bytes(http.target(item.url), headers, body)
            reply = await self._clients.post(
                item.webhook_id,
                item.url,
                request,
                keep=RESPONSE_BODY_MAX,
                timeout=TIMEOUT_SECONDS,
            )
        except AddressRefused as exc:
            return Answer(None, str(exc), refused=True), None
        except TimeoutError:
            return Answer(None, f"no answer within {TIMEOUT_SECONDS:g} s"), None
        except _ANSWER_ERRORS as exc:
            # OSError: connection and TLS errors; EOFError: the answer cut short
            # (IncompleteReadError); ValueError: bad numbers in the answer's head.
            return Answer(None, f"{type(exc).__name__}: {exc}"[:1000] or type(exc).__name__), None
        return Answer(reply.status, None), reply.body.decode("utf-8", "replace")

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
        try:
            while not stop.is_set():
                wanted = min(MAX_IN_FLIGHT - len(self._running), BATCH)
                try:
                    fanned = await self.fan_out()
                    claimed = await self.claim(wanted) if wanted > 0 else []
                except Exception:
                    log.exception("webhook delivery worker failed; trying again")
                    await _first_of(stop, wake, seconds=1.0)
                    continue
                for item in claimed:
                    self._in_flight[item.webhook_id] += 1
                    task = asyncio.create_task(self._attempt_and_queue(item))
                    self._running.add(task)
                    task.add_done_callback(self._running.discard)
                if fanned or (claimed and len(claimed) == wanted) or _capped(claimed):
                    continue  # there may be more right now
                # Everything due is running, or waits for its subscription's room: sleep until
                # new work is announced, room is made, or the poll interval has passed.
                self._room.clear()
                await _first_of(stop, wake, self._room, seconds=POLL_SECONDS)
                wake.clear()
        finally:
            if self._running:
                await asyncio.wait(self._running, timeout=TIMEOUT_SECONDS)
            # The recorder finishes the batch it may be writing (cancelling it there would
            # lose results already received: attempted again when their leases end).
            self._results_ready.set()
            await asyncio.gather(recorder, return_exceptions=True)
            await self._flush()

    async def _attempt_and_queue(self, item: Claimed) -> None:
        try:
            result = await self.attempt(item)
            self._results.append(result)
        finally:
            left = self._in_flight[item.webhook_id] - 1
            if left <= 0:
                del self._in_flight[item.webhook_id]
            else:
                self._in_flight[item.webhook_id] = left
            self._results_ready.set()
            # Room again (with some hysteresis, so claims come in batches): a subscription
            # that was full is half empty, or the worker is.
            if left == PER_WEBHOOK_IN_FLIGHT // 2 or len(self._running) == MAX_IN_FLIGHT // 2:
                self._room.set()

    async def _record_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self._results_ready.wait()
            if len(self._results) < BATCH:
                # A moment for more results to join the batch: one transaction records many
                # (the receipt is not delayed, only its recording).
                await _first_of(stop, seconds=RECORD_LINGER_SECONDS)
            self._results_ready.clear()
            await self._flush()

    async def _flush(self) -> None:
        batch, self._results = self._results, []
        try:
            await self.record(batch)
        except Exception:  # their leases end and they are attempted again: at least once
            log.exception("recording %d webhook attempts failed", len(batch))

    async def close(self) -> None:
        await self._clients.aclose()


def _capped(claimed: list[Claimed]) -> bool:
    """Whether the claim took as many of one subscription as a claim may (more of it may be
    due: claimed again until the subscription has its fill in flight)."""
    counts = Counter(item.webhook_id for item in claimed)
    return bool(counts) and max(counts.values()) >= PER_WEBHOOK_CONNECTIONS


async def _first_of(*events: asyncio.Event, seconds: float) -> None:
    waiters = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
