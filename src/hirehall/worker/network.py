"""Due work that talks to the network (webhook deliveries, emails). It never holds a
transaction open while it waits on a remote: a unit of work claims items with a lease (their
`next_attempt_at` moved 60 seconds ahead, with a fresh lease token), the attempts run outside
any transaction, and another unit of work records each result only while the lease is still
this worker's. A worker killed in between loses nothing: the lease ends and another worker
takes the item again (at least once)."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from hirehall.db.uow import Uow

# Opens a unit of work (`Runtime.uow`): committed when the block ends without error.
Opener = Callable[..., AbstractAsyncContextManager[Uow]]


class NetworkWork(Protocol):
    @property
    def counter(self) -> str: ...

    async def run_due(self, limit: int) -> int:
        """Claims up to `limit` items due now, attempts them and records the results before
        returning (`POST /worker/run`); returns how many attempts it made."""
        ...

    async def serve(self, stop: asyncio.Event, wake: asyncio.Event) -> None:
        """Works in the background until `stop` is set; `wake` says new work may be due."""
        ...

    async def close(self) -> None: ...


def lease_token() -> str:
    return secrets.token_hex(16)


async def wait_for_work(stop: asyncio.Event, wake: asyncio.Event, seconds: float) -> None:
    """Sleeps until new work is announced, the worker stops, or `seconds` pass."""
    waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wake.wait())]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
    wake.clear()
