"""Use cases about proposals: invite a trainer (the founding endpoint), read, list."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Any

from hirehall.auth.repository import Query
from hirehall.auth.service import LAST_USED_GRANULARITY
from hirehall.contracts import lookup as contract_lookup
from hirehall.core import ids
from hirehall.core.clock import Clock
from hirehall.core.cursors import page_size
from hirehall.core.errors import ApiError, BadRequest, Conflict, Forbidden, NotFound
from hirehall.core.principal import Principal
from hirehall.core.scopes import Feature, Scope, covers
from hirehall.db.pg_direct import DirectPool
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.interviews import lookup as interview_lookup
from hirehall.jobs.rules import PUBLISHED
from hirehall.outbox.service import record, row_values
from hirehall.proposals import invite_pg, invite_sqlite
from hirehall.proposals import repository as proposals
from hirehall.proposals.invite_pg import INVITE_BODY, INVITE_SUBJECT
from hirehall.proposals.rules import (
    INVITED,
    STATUS_LABELS,
    detail_view,
    normalize_status,
    summary_view,
)

_UNAVAILABLE_STATUSES = {"SUSPENDED", "DEACTIVATED"}
DEFAULT_PAGE, MAX_PAGE = 25, 100


def _check_job(found: Any, organization_id: str, job_id: str) -> None:
    owner = None if found is None else found.job_organization_id
    if owner is None or owner != organization_id:
        raise NotFound("Job not found.")
    if found.job_status != PUBLISHED:
        raise Conflict(
            "Only a published job can take invites.",
            reason="job_not_published",
            jobId=job_id,
            status=found.job_status,
        )


def _check_invite(found: Any, organization_id: str, job_id: str) -> None:
    """The lookups and state checks of invites.md, in its order."""
    _check_job(found, organization_id, job_id)
    if found.user_type is None:
        raise NotFound("Freelancer not found.")
    if found.user_type != "FREELANCER" or found.availability is None:
        raise Conflict("That user is not an AI trainer.", reason="not_a_freelancer")
    if found.user_status in _UNAVAILABLE_STATUSES or found.availability == "NOT_AVAILABLE":
        raise Conflict("That AI trainer is not taking invites.", reason="freelancer_unavailable")


async def invite(
    uow: Uow, principal: Principal, *, job_id: str, freelancer_id: str
) -> tuple[dict[str, Any], bool]:
    """Creates the invited proposal once; a repeat returns it (the bool says it is new).
    An id that cannot exist (not one of ours, see core/ids.py) is answered without looking
    for it; the job is still checked first, in the order of invites.md."""
    if not ids.looks_like_id(job_id):
        raise NotFound("Job not found.")
    if not ids.looks_like_id(freelancer_id):
        _check_job(await proposals.job_state(uow.conn, job_id), principal.organization_id, job_id)
        raise NotFound("Freelancer not found.")
    values = _invite_values(uow, job_id, freelancer_id)
    if uow.dialect == "postgresql":
        new_id, existing = await _invite_in_one_statement(uow, principal, values)
    else:
        new_id, existing = await _invite_step_by_step(uow, principal, values)
    return await _invite_result(uow, values, new_id, existing)


async def invite_on_hot_pool(
    pool: DirectPool, clock: Clock, *, sandbox: bool, digest: str, job_id: str,
    freelancer_id: str,
) -> tuple[dict[str, Any], bool] | None:  # fmt: skip
    """PostgreSQL's whole invite request as one statement in autocommit on the hot pool
    (`db/pg_direct.py`): the bearer's token (its keyed hash `digest`) and the route's gates,
    the lookups, the idempotent insert and the notification; the sandbox reads its clock
    first. None when a gate failed: nothing was written, and the caller answers through the
    ordinary path, which names the gate. Both ids must look like ids (the caller checked);
    a refused invite raises the ordinary path's error (nothing was written either)."""
    made: dict[str, Any] = {}

    def params(offset_ms: int) -> dict[str, Any]:
        clock.offset = timedelta(milliseconds=offset_ms)
        now = clock.now()
        made.update(_values(now, job_id, freelancer_id))
        return invite_pg.authenticated_params(
            digest=digest,
            scope=Scope.PROPOSALS_WRITE.value,
            feature=Feature.HIRING.value,
            touch_before=now - LAST_USED_GRANULARITY,
            values=made,
            message_id=ids.new_id(now),
        )

    found = await invite_pg.authenticated_invite(pool, sandbox, params)
    if found.token_id is None:
        return None
    _check_invite(found, found.organization_id, job_id)
    proposal_id = found.new_id or found.existing_id
    if proposal_id is None:  # a concurrent first invite committed after the snapshot
        return None
    return _answer(job_id, freelancer_id, proposal_id, found.new_id is not None)


def invite_on_writer(
    conn: sqlite3.Connection, clock: Clock, *, sandbox: bool, digest: str, job_id: str,
    freelancer_id: str,
) -> tuple[dict[str, Any], bool] | None:  # fmt: skip
    """SQLite's whole invite request as one unit on the writer thread (`db/sqlite_writer.py`),
    in its own savepoint: the same gates, lookups, insert and notification as the ordinary
    path, which answers whatever this does not (None: a gate failed; an error: refused, its
    work rolled back)."""
    if sandbox:
        clock.offset = timedelta(milliseconds=invite_sqlite.clock_offset_ms(conn))
    now = clock.now()
    token = invite_sqlite.token(conn, digest, now)
    if token is None or not (
        covers(token.scopes, Scope.PROPOSALS_WRITE) and Feature.HIRING.value in token.features
    ):
        return None
    invite_sqlite.touch(conn, token.id, now, now - LAST_USED_GRANULARITY)
    found = invite_sqlite.invite_lookup(conn, job_id, freelancer_id)
    _check_invite(found, token.organization_id, job_id)
    values = _values(now, job_id, freelancer_id)
    new_id = invite_sqlite.insert_if_absent(conn, values)
    if new_id is None:
        existing = invite_sqlite.existing_id(conn, job_id, freelancer_id)
        return None if existing is None else _answer(job_id, freelancer_id, existing, False)
    note = _trainer_note(found, job_id, freelancer_id, new_id)
    invite_sqlite.add_note(conn, row_values(now, **note))
    return _answer(job_id, freelancer_id, new_id, True)


def _answer(
    job_id: str, freelancer_id: str, proposal_id: str, created: bool
) -> tuple[dict[str, Any], bool]:
    result = {
        "ok": True,
        "proposalId": proposal_id,
        "jobId": job_id,
        "freelancerId": freelancer_id,
        "alreadyInvited": not created,
    }
    return result, created


def _invite_values(uow: Uow, job_id: str, freelancer_id: str) -> dict[str, Any]:
    return _values(uow.now(), job_id, freelancer_id)


def _values(now: datetime, job_id: str, freelancer_id: str) -> dict[str, Any]:
    return {
        "id": ids.new_id(now),
        "job_id": job_id,
        "freelancer_user_id": freelancer_id,
        "status": INVITED,
        "origin": INVITED,
        "created_at": now,
        "updated_at": now,
    }


async def _invite_result(
    uow: Uow, values: dict[str, Any], new_id: str | None, existing: str | None
) -> tuple[dict[str, Any], bool]:
    job_id, freelancer_id = values["job_id"], values["freelancer_user_id"]
    # Neither id: a concurrent first invite committed after the statement's snapshot (on
    # PostgreSQL); a fresh statement reads the winner.
    proposal_id = new_id or existing or await proposals.existing_id(uow.conn, job_id, freelancer_id)
    return _answer(job_id, freelancer_id, proposal_id, new_id is not None)


async def _invite_in_one_statement(
    uow: Uow, principal: Principal, values: dict[str, Any]
) -> tuple[str | None, str | None]:
    found = await invite_pg.lookup_and_insert(
        uow.conn,
        organization_id=principal.organization_id,
        values=values,
        message_id=ids.new_id(uow.now()),
    )
    _check_invite(found, principal.organization_id, values["job_id"])
    # A concurrent first invite committed after this statement's snapshot: neither id is
    # visible here, and the caller reads the winner with a fresh statement.
    return found.new_id, found.existing_id


async def _invite_step_by_step(
    uow: Uow, principal: Principal, values: dict[str, Any]
) -> tuple[str | None, str | None]:
    job_id, freelancer_id = values["job_id"], values["freelancer_user_id"]
    found = await proposals.invite_lookup(uow.conn, job_id, freelancer_id)
    _check_invite(found, principal.organization_id, job_id)
    new_id = await proposals.insert_if_absent(uow.conn, values)
    if new_id is not None:
        await _notify_trainer(uow, found, job_id, freelancer_id, new_id)
    return new_id, None


async def _notify_trainer(
    uow: Uow, found: Any, job_id: str, freelancer_id: str, proposal_id: str
) -> None:
    await record(uow, **_trainer_note(found, job_id, freelancer_id, proposal_id))


def _trainer_note(found: Any, job_id: str, freelancer_id: str, proposal_id: str) -> dict[str, Any]:
    # Trainers' addresses never leave the platform: the notification goes to their inbox,
    # addressed by user id.
    return {
        "kind": "trainer_invite",
        "to": freelancer_id,
        "user_id": freelancer_id,
        "subject": INVITE_SUBJECT.format(title=found.job_title),
        "body": INVITE_BODY.format(first_name=found.first_name, title=found.job_title),
        "data": {"jobId": job_id, "proposalId": proposal_id, "jobTitle": found.job_title},
    }


async def find(uow: Uow, proposal_id: str) -> Record | None:
    """A proposal's detail row whoever owns it, for callers that check access themselves
    (the operator, a trainer). An id that cannot exist is not looked for."""
    return await proposals.get(uow.conn, proposal_id) if ids.looks_like_id(proposal_id) else None


async def owned(uow: Uow, principal: Principal, proposal_id: str) -> Record:
    """The proposal when it is on a job of the caller's account: 404 when missing, 403 on
    another account's job (decision D11), never any of its content."""
    return _owned(principal, proposal_id, await find(uow, proposal_id))


def _owned(principal: Principal, proposal_id: str, row: Record | None) -> Record:
    if row is None:
        raise NotFound("Proposal not found.", {"proposalId": proposal_id})
    if row.job_organization_id != principal.organization_id:
        raise Forbidden("This proposal is on a job of another account.")
    return row


async def get(
    uow: Uow, principal: Principal, proposal_id: str, prefetched: list[Record] | None = None
) -> dict[str, Any]:
    """The proposal detail; `prefetched`: the rows of `detail_with_bearer` (none when the
    proposal does not exist)."""
    if prefetched is None:
        row = await owned(uow, principal, proposal_id)
        interview = await interview_lookup.ai_interview(uow, proposal_id)
        contract = await contract_lookup.for_proposal(uow, proposal_id)
    else:
        row = _owned(principal, proposal_id, prefetched[0] if prefetched else None)
        interview = interview_lookup.ai_interview_of(row)
        contract = contract_lookup.contract_of(row)
    return {"proposal": detail_view(row, uow.settings.public_url, interview, contract)}


def detail_with_bearer(proposal_id: str) -> tuple[Query, dict[str, Any]] | None:
    """`get`'s reads as one statement with the bearer's authentication
    (`api.deps.read_with_gates`); None for an id that cannot exist (answered without a read)."""
    return proposals.detail_with_bearer(proposal_id) if ids.looks_like_id(proposal_id) else None


def _status_filter(status: str | None) -> str | None:
    if status is None:
        return None

    normalized = normalize_status(status)
    if normalized is None:
        raise BadRequest(
            f"Unknown proposal status {status!r}.",
            {"field": "status", "supportedStatuses": list(STATUS_LABELS)},
        )
    return normalized


def list_with_bearer(
    job_id: str, *, status: str | None, limit: str | None, cursor: str | None
) -> tuple[Query, dict[str, Any]] | None:
    """`list_for_job`'s reads as one statement with the bearer's authentication
    (`api.deps.read_with_gates`); None when an argument is bad or cannot name a row: then the
    ordinary path answers, authentication first."""
    try:
        size, wanted = page_size(limit, DEFAULT_PAGE, MAX_PAGE), _status_filter(status)
    except ApiError:
        return None
    if not ids.looks_like_id(job_id) or not (cursor is None or ids.looks_like_id(cursor)):
        return None
    return proposals.page_with_bearer(job_id, status=wanted, before=cursor, limit=size + 1)


async def list_for_job(
    uow: Uow,
    principal: Principal,
    job_id: str,
    *,
    status: str | None,
    limit: str | None,
    cursor: str | None,
    prefetched: list[Record] | None = None,
) -> dict[str, Any]:
    """A job's proposals, newest first. `prefetched`: the rows of `list_with_bearer` for the
    same arguments (none when the job does not exist)."""
    size, wanted = page_size(limit, DEFAULT_PAGE, MAX_PAGE), _status_filter(status)
    if prefetched is not None:
        return _listed(uow, principal, prefetched, size, cursor)
    owner = await proposals.job_owner(uow.conn, job_id) if ids.looks_like_id(job_id) else None
    _check_owner(principal, owner)
    if cursor is not None and not (
        ids.looks_like_id(cursor) and await proposals.belongs_to_job(uow.conn, cursor, job_id)
    ):
        raise BadRequest("Unknown cursor.", {"field": "cursor"})
    rows = await proposals.page_for_job(
        uow.conn, job_id, status=wanted, before=cursor, limit=size + 1
    )
    scores = await interview_lookup.scores(uow, [row.id for row in rows[:size]])
    return _page(uow, rows, size, scores)


def _listed(
    uow: Uow, principal: Principal, prefetched: list[Record], size: int, cursor: str | None
) -> dict[str, Any]:
    _check_owner(principal, prefetched[0].list_job_owner if prefetched else None)
    if cursor is not None and prefetched[0].list_cursor_ok is None:
        raise BadRequest("Unknown cursor.", {"field": "cursor"})
    rows = [row for row in prefetched if row.id is not None]  # the job's row of an empty page
    return _page(uow, rows, size, interview_lookup.scores_of(rows[:size]))


def _check_owner(principal: Principal, owner: str | None) -> None:
    if owner is None:
        raise NotFound("Job not found.")
    if owner != principal.organization_id:
        raise Forbidden("This job belongs to another account.")


def _page(uow: Uow, rows: list[Record], size: int, scores: dict[str, int]) -> dict[str, Any]:
    page = rows[:size]
    public_url = uow.settings.public_url
    return {
        "proposals": [summary_view(row, public_url, scores.get(row.id)) for row in page],
        "nextCursor": page[-1].id if len(rows) > size else None,
    }


async def created_after(uow: Uow, after: str, limit: int) -> list[Record]:
    """Every account's proposals created after an id, oldest first (the trainer simulation)."""
    return await proposals.created_after(uow.conn, after, limit)
