"""The lifecycle of an approval (D36): request it (one live request per subject, same terms
→ the same approval, new terms supersede), read it (lazy expiry), resolve it exactly once,
expire what is due. What a confirmation executes is in `approvals/confirming.py`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hirehall.approvals import repository as approvals
from hirehall.approvals.rules import (
    DECLINED,
    EXPIRED,
    LIFETIME,
    PENDING,
    approval_view,
    live_key,
)
from hirehall.core import ids
from hirehall.core.errors import Conflict, NotFound
from hirehall.core.principal import Principal
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.events.service import record_event

# A request that keeps losing races gives up rather than looping forever (never reached in
# practice: each round some other request made progress).
_ROUNDS = 20


@dataclass(frozen=True)
class Subject:
    """What an approval is about: its kind, the ids it carries, and its terms."""

    kind: str
    subject_id: str
    organization_id: str
    job_id: str | None
    proposal_id: str | None = None
    contract_id: str | None = None
    milestone_id: str | None = None
    terms: dict[str, Any] | None = None


def not_found(approval_id: str) -> NotFound:
    return NotFound("Approval not found.", {"resource": "approvals", "approvalId": approval_id})


async def emit(uow: Uow, row: Record) -> None:
    """`approval.confirmed` on every terminal state, once: callers emit it only after their
    own conditional UPDATE resolved the approval."""
    await record_event(
        uow,
        organization_id=row.organization_id,
        event_type="approval.confirmed",
        resource_id=row.id,
        job_id=row.job_id,
        data={"approvalId": row.id, "status": row.status},
    )


async def request(uow: Uow, principal: Principal | None, subject: Subject) -> Record:
    """The pending approval for `subject`: the live one when its terms are the same, else a
    new one that supersedes it (the old one `expired`, `result.supersededBy`)."""
    key = live_key(subject.kind, subject.subject_id)
    terms = subject.terms or {}
    for _ in range(_ROUNDS):
        current = await approvals.live(uow.conn, key)
        if current is not None and current.expires_at <= uow.now():
            await expire(uow, current.id)
            continue
        if current is not None and current.terms == terms:
            return current
        new_id = ids.new_id(uow.now())
        if current is not None:
            superseded = await approvals.resolve(
                uow.conn,
                current.id,
                status=EXPIRED,
                result={"supersededBy": new_id},
                resolved_at=uow.now(),
                now=uow.now(),
            )
            if superseded is None:
                continue  # resolved meanwhile: look again
            await emit(uow, superseded)
        inserted = await approvals.insert(uow.conn, _values(uow, principal, subject, new_id, key))
        if inserted is not None:
            row = await approvals.get(uow.conn, inserted)
            assert row is not None
            return row
    raise Conflict("Too many concurrent requests for this subject; retry.", reason="busy")


def _values(
    uow: Uow, principal: Principal | None, subject: Subject, new_id: str, key: str
) -> dict[str, Any]:
    now = uow.now()
    return {
        "id": new_id,
        "organization_id": subject.organization_id,
        "requested_by_token_id": principal.token_id if principal else None,
        "type": subject.kind,
        "status": PENDING,
        "live_key": key,
        "proposal_id": subject.proposal_id,
        "job_id": subject.job_id,
        "contract_id": subject.contract_id,
        "milestone_id": subject.milestone_id,
        "terms": subject.terms or {},
        "result": None,
        "expires_at": now + LIFETIME,
        "resolved_at": None,
        "created_at": now,
        "updated_at": now,
    }


async def expire(uow: Uow, approval_id: str) -> Record | None:
    """pending → expired (at its `expiresAt`), with its event; None if already resolved."""
    row = await approvals.get(uow.conn, approval_id)
    if row is None or row.status != PENDING:
        return None
    done = await approvals.resolve(
        uow.conn,
        approval_id,
        status=EXPIRED,
        result=None,
        resolved_at=row.expires_at,
        now=uow.now(),
    )
    if done is not None:
        await emit(uow, done)
    return done


async def expire_due(uow: Uow, limit: int) -> int:
    """The worker's pass: expires up to `limit` pending approvals past `expiresAt` on the
    server clock; returns how many it expired."""
    count = 0
    for approval_id in await approvals.due(uow.conn, uow.now(), limit):
        if await expire(uow, approval_id) is not None:
            count += 1
    return count


async def decline(uow: Uow, approval_id: str, organization_id: str | None = None) -> Record:
    """pending → declined (the human's "no"); a resolved approval → 409
    `approval_not_pending`. `organization_id` None: the operator."""
    row = await current(uow, approval_id, organization_id)
    if row.status == PENDING:
        done = await approvals.resolve(
            uow.conn,
            approval_id,
            status=DECLINED,
            result=None,
            resolved_at=uow.now(),
            now=uow.now(),
        )
        if done is not None:
            await emit(uow, done)
            return done
        row = await current(uow, approval_id, organization_id)
    raise not_pending(row)


def not_pending(row: Record) -> Conflict:
    return Conflict(
        f"This approval is already {row.status}.",
        reason="approval_not_pending",
        approvalId=row.id,
        status=row.status,
    )


async def current(uow: Uow, approval_id: str, organization_id: str | None) -> Record:
    """The approval as committed now, expired first if its time has passed (in a write
    unit of work); 404 when missing or another organization's."""
    row = await approvals.get(uow.conn, approval_id) if ids.looks_like_id(approval_id) else None
    if row is None or (organization_id is not None and row.organization_id != organization_id):
        raise not_found(approval_id)
    if row.status == PENDING and row.expires_at <= uow.now():
        await expire(uow, approval_id)
        row = await approvals.get(uow.conn, approval_id)
    return row


async def read(uow: Uow, approval_id: str, organization_id: str | None) -> Record:
    """For read-only units of work: a pending approval past its expiry is shown `expired`
    and stored so by a short write after the read (lazy expiry, D36)."""
    row = await approvals.get(uow.conn, approval_id) if ids.looks_like_id(approval_id) else None
    if row is None or (organization_id is not None and row.organization_id != organization_id):
        raise not_found(approval_id)
    if row.status == PENDING and row.expires_at <= uow.now():

        async def store(writer: Uow) -> None:
            await expire(writer, approval_id)

        uow.deferred_writes.append(store)
        return _Expired(row)
    return row


class _Expired:
    """A pending row read past its expiry, as it is about to be stored."""

    def __init__(self, row: Record) -> None:
        self._row = row
        self.status = EXPIRED
        self.resolved_at = row.expires_at
        self.live_key = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, name)


async def get(uow: Uow, principal: Principal, approval_id: str) -> dict[str, Any]:
    """`GET /approvals/{id}` (2.9.1): visible to the owner's tokens and the token that
    requested it; anyone else gets the 404 of a missing approval."""
    row = await read(uow, approval_id, principal.organization_id)
    if principal.user_id != row.owner_user_id and principal.token_id != row.requested_by_token_id:
        raise not_found(approval_id)
    return {"approval": approval_view(row, uow.settings.public_url)}


def view(uow: Uow, row: Record) -> dict[str, Any]:
    return approval_view(row, uow.settings.public_url)


async def current_for_confirm(uow: Uow, approval_id: str, organization_id: str | None) -> Record:
    """The approval to confirm: 404 when missing or another organization's; 409
    `approval_not_pending` when resolved or past its expiry (the refusal stores nothing:
    the next read or the worker expires it)."""
    row = await approvals.get(uow.conn, approval_id) if ids.looks_like_id(approval_id) else None
    if row is None or (organization_id is not None and row.organization_id != organization_id):
        raise not_found(approval_id)
    if row.status != PENDING or row.expires_at <= uow.now():
        raise not_pending(_as_of_now(uow, row))
    return row


async def refused_state(uow: Uow, approval_id: str) -> Record:
    row = await approvals.get(uow.conn, approval_id)
    assert row is not None
    return _as_of_now(uow, row)


def _as_of_now(uow: Uow, row: Record) -> Record:
    if row.status == PENDING and row.expires_at <= uow.now():
        return _Expired(row)
    return row
