"""Recording the results of webhook attempts (decision D39): the delivery's status and next
attempt, the operator's log, the subscription's consecutive failures and its disabling."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from hirehall.core import ids
from hirehall.db.uow import Uow
from hirehall.webhooks import delivery_repository as store
from hirehall.webhooks import repository as webhooks
from hirehall.webhooks.rules import (
    DISABLE_AFTER,
    FAILED,
    PENDING,
    REASON_FAILURES,
    REASON_GONE,
    SUCCEEDED,
    Outcome,
    outcome,
)
from hirehall.worker.rules import next_attempt

if TYPE_CHECKING:
    from hirehall.webhooks.delivery import Result


def _next_state(result: Result) -> tuple[str, datetime | None]:
    kind = outcome(result.answer)
    if kind is Outcome.SUCCEEDED:
        return SUCCEEDED, None
    if kind in (Outcome.GONE, Outcome.REFUSED) or result.claimed.single_attempt:
        return FAILED, None  # a redelivery is one attempt, with no retry after it
    retry = next_attempt(result.claimed.attempt_count + 1, result.at)
    return (PENDING, retry) if retry else (FAILED, None)


async def record_results(uow: Uow, results: Sequence[Result]) -> None:
    """`results` in the order the attempts finished."""
    states = [_next_state(result) for result in results]
    groups: dict[tuple[str, str, datetime | None], list[str]] = defaultdict(list)
    for result, (status, retry) in zip(results, states, strict=True):
        groups[(result.claimed.token, status, retry)].append(result.claimed.id)
    recorded: set[str] = set()
    for (token, status, retry), delivery_ids in groups.items():
        recorded.update(
            await store.finish(
                uow.conn,
                token=token,
                delivery_ids=delivery_ids,
                status=status,
                next_attempt_at=retry,
            )
        )
    # A result whose lease was lost (the delivery redelivered, deleted, or taken again after
    # the lease ended) is not recorded.
    kept = [(r, s) for r, (s, _) in zip(results, states, strict=True) if r.claimed.id in recorded]
    await store.add_attempts(
        uow.conn,
        [
            {
                "id": ids.new_id(r.at),
                "delivery_id": r.claimed.id,
                "at": r.at,
                "status_code": r.answer.status_code,
                "duration_ms": r.duration_ms,
                "error": r.answer.error,
                "response_body": r.response_body,
            }
            for r, _ in kept
        ],
    )
    await _count_failures(uow, kept)


async def _count_failures(uow: Uow, kept: list[tuple[Result, str]]) -> None:
    reset: set[str] = set()
    failures: dict[str, int] = defaultdict(int)
    gone: list[str] = []
    for result, status in kept:
        hook = result.claimed.webhook_id
        if outcome(result.answer) is Outcome.GONE:
            gone.append(hook)
        if result.claimed.single_attempt:  # a redelivery leaves the count alone
            continue
        if status == SUCCEEDED:
            reset.add(hook)
            failures[hook] = 0
        elif status == FAILED:
            failures[hook] += 1
    for hook in reset | set(failures):
        if hook in reset:
            await store.set_failures(uow.conn, hook, failures[hook])
        elif failures[hook]:
            await store.add_failures(uow.conn, hook, failures[hook])
    now = uow.now()
    disabled = await store.disable(uow.conn, list(dict.fromkeys(gone)), reason=REASON_GONE, now=now)
    failing = [hook for hook, count in failures.items() if count]
    disabled += await store.disable(
        uow.conn, failing, reason=REASON_FAILURES, now=now, min_failures=DISABLE_AFTER
    )
    await webhooks.fail_pending(uow.conn, disabled)
