"""Mailing the outbox's emails (HIREHALL_SMTP_URL) from the worker, with retries: 5 attempts,
1, 5, 30 and 120 minutes apart on the server clock, then FAILED (the message stays readable
in the outbox either way)."""

from __future__ import annotations

import asyncio
import logging

from hirehall.db.types import Record
from hirehall.outbox import repository as outbox
from hirehall.outbox import smtp
from hirehall.settings import Settings
from hirehall.worker.network import Opener, lease_token, wait_for_work
from hirehall.worker.rules import BATCH, LEASE, POLL_SECONDS, next_attempt

log = logging.getLogger("hirehall.smtp")

# SMTP conversations at once (each in a thread: smtplib blocks).
_PARALLEL = 4


class EmailSender:
    counter = "emails"

    def __init__(self, opener: Opener, settings: Settings) -> None:
        self._open = opener
        self._settings = settings
        self._parallel = asyncio.Semaphore(_PARALLEL)

    async def run_due(self, limit: int) -> int:
        smtp_url = self._settings.smtp_url
        if smtp_url is None:  # this worker cannot mail; another one configured for it will
            return 0
        token = lease_token()
        async with self._open(write=True) as uow:
            now = uow.now()
            rows = await outbox.claim_sends(
                uow.conn, now=now, lease_until=now + LEASE, token=token, limit=limit
            )
        if not rows:
            return 0
        errors = await asyncio.gather(*(self._send(smtp_url, row) for row in rows))
        async with self._open(write=True) as uow:
            now = uow.now()
            for row, error in zip(rows, errors, strict=True):
                attempts = row.attempts + 1
                retry = None if error is None else next_attempt(attempts, now)
                status = "SENT" if error is None else "PENDING" if retry else "FAILED"
                await outbox.finish_send(
                    uow.conn,
                    row.id,
                    token,
                    status=status,
                    next_attempt_at=retry,
                    error=error,
                    sent_at=now if error is None else None,
                )
        return len(rows)

    async def _send(self, smtp_url: str, row: Record) -> str | None:
        message = smtp.build_message(
            self._settings.mail_from, row.to_address, row.subject, row.body
        )
        async with self._parallel:
            try:
                await asyncio.to_thread(smtp.send, smtp_url, message)
            except Exception as exc:  # any failure of the remote is retried later
                log.warning("sending email %s to %s failed: %s", row.id, row.to_address, exc)
                return f"{type(exc).__name__}: {exc}"[:1000]
        return None

    async def serve(self, stop: asyncio.Event, wake: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                done = await self.run_due(BATCH)
            except Exception:
                log.exception("the email worker failed; trying again")
                done = 0
            if done < BATCH:
                await wait_for_work(stop, wake, POLL_SECONDS * 4)

    async def close(self) -> None:
        return None
