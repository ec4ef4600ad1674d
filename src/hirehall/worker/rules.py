"""The worker's numbers: leases, retries, batch sizes. No database, no web."""

from __future__ import annotations

from datetime import datetime, timedelta

# A claimed item belongs to its worker for this long on the server clock; an item whose
# worker died is taken again when the lease ends (at least once, decision D40).
LEASE = timedelta(seconds=60)
# Retries after 1, 5, 30 and 120 minutes: 5 attempts in all (D22, D39); emails use the same.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(minutes=120),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Items one unit of work takes at a time.
BATCH = 100
# The idle worker looks for new work this often (new work is picked up within a second).
POLL_SECONDS = 0.25
# `POST /worker/run` repeats every task until none has anything due; this bounds the rounds.
MAX_ROUNDS = 10_000
# The keys of `POST /api/admin/v1/worker/run`'s `ran`, in this order.
COUNTERS = ("deliveries", "emails", "expiries", "payouts", "simulation")


def next_attempt(attempts_done: int, now: datetime) -> datetime | None:
    """When to try again after `attempts_done` failed attempts; None when they are spent."""
    if attempts_done >= MAX_ATTEMPTS:
        return None
    return now + RETRY_DELAYS[attempts_done - 1]
