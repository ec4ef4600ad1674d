"""Use cases that put a job on the board or take it off (spec 2.4.6-2.4.8): publish, close,
edit a live job. Each writes the board's event in the same transaction as the change."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from hirehall.accounts import service as accounts
from hirehall.core import ids
from hirehall.core.errors import BadRequest, Conflict, Forbidden, NotFound, RateLimited
from hirehall.core.principal import Principal
from hirehall.db.uow import Uow
from hirehall.drafting import missing_fields, moderate, validate_patch, validation
from hirehall.jobs import repository as jobs
from hirehall.jobs.draft import columns_for, draft_of, facets_of, merge, text_fields
from hirehall.jobs.drafts import DRAFT, not_in_status, owned_job
from hirehall.jobs.rules import CLOSED, PUBLISHED, job_url

WINDOW = timedelta(hours=24)
DAILY_LIMIT_CLAIMED, DAILY_LIMIT_UNCLAIMED = 20, 3  # decision D17


async def record_event(uow: Uow, job_id: str, organization_id: str, event_type: str) -> str:
    event_id = ids.new_id(uow.now())
    await jobs.add_event(
        uow.conn,
        {
            "id": event_id,
            "job_id": job_id,
            "organization_id": organization_id,
            "event_type": event_type,
            "occurred_at": uow.now(),
        },
    )
    return event_id


def _moderation(uow: Uow, draft: dict[str, Any]) -> dict[str, Any]:
    return moderate(text_fields(draft), uow.settings.prohibited_term_list)


async def _check_daily_limit(uow: Uow, principal: Principal) -> None:
    """D17 on a rolling 24 h window of the operator clock, counted from publish events."""
    limit = DAILY_LIMIT_CLAIMED if principal.claimed else DAILY_LIMIT_UNCLAIMED
    await accounts.lock_organization(uow, principal.organization_id)
    now = uow.now()
    times = await jobs.publish_times(uow.conn, principal.organization_id, now - WINDOW)
    if len(times) < limit:
        return
    # A slot frees when the oldest publish that keeps the count at the limit leaves the window.
    frees_at = times[len(times) - limit] + WINDOW
    retry = math.ceil((frees_at - now).total_seconds())
    raise RateLimited(
        retry,
        f"This account may publish {limit} jobs per 24 hours.",
        limit=limit,
        windowHours=24,
    )


def _published(uow: Uow, job_id: str, attempt_id: str | None) -> dict[str, Any]:
    return {
        "ok": True,
        "jobId": job_id,
        "status": PUBLISHED,
        "alreadyPublished": attempt_id is None,
        "jobUrl": job_url(uow.settings.public_url, job_id),
        "publishAttemptId": attempt_id,
        "warnings": [],
        "sideEffects": (
            {"dispatched": True, "status": "queued"}
            if attempt_id
            else {"dispatched": False, "status": "skipped"}
        ),
    }


async def publish(uow: Uow, principal: Principal, job_id: str) -> dict[str, Any]:
    """Checks in the order of D4: ownership, state, the publish gate, moderation, the limit."""
    row = await owned_job(uow, principal, job_id)
    if row is None:
        raise NotFound("Job not found.", {"jobId": job_id})
    if row.status == PUBLISHED:
        return _published(uow, job_id, None)  # a no-op: not counted against the limit
    if row.status != DRAFT:
        raise not_in_status(row, DRAFT, "Only a draft can be published.")
    draft = draft_of(row)
    check = validation(draft)
    if not check["publishReady"]:
        details = {"validation": check, "missingFields": missing_fields(draft)}
        raise BadRequest("The draft is not ready to publish.", details)
    verdict = _moderation(uow, draft)
    if verdict["decision"] != "ALLOW":
        details = {"reason": "moderation_blocked", "reasons": verdict["reasons"]}
        raise Forbidden("The job was blocked by moderation.", details)
    await _check_daily_limit(uow, principal)
    now = uow.now()
    values = {"status": PUBLISHED, "published_at": now, "closed_at": None, "updated_at": now}
    if not await jobs.update_if_status(uow.conn, principal.organization_id, job_id, DRAFT, values):
        current = await jobs.get_owned(uow.conn, principal.organization_id, job_id)
        if current is not None and current.status == PUBLISHED:  # a concurrent publish won
            return _published(uow, job_id, None)
        raise not_in_status(current or row, DRAFT, "Only a draft can be published.")
    attempt_id = await record_event(uow, job_id, principal.organization_id, "PUBLISHED")
    await jobs.set_facets(uow.conn, job_id, facets_of(row.payment_type, dict(row.fields or {})))
    return _published(uow, job_id, attempt_id)


async def close(uow: Uow, principal: Principal, job_id: str) -> dict[str, Any]:
    """Closing is idempotent: an archived job answers `alreadyClosed: true`. Only a job that
    was on the board emits CLOSED (a closed draft was never public)."""
    row = await owned_job(uow, principal, job_id, lock=True)
    if row is None:
        raise NotFound("Job not found.", {"jobId": job_id})
    now = uow.now()
    values = {"status": CLOSED, "closed_at": now, "updated_at": now}
    closed = await jobs.close(uow.conn, principal.organization_id, job_id, values)
    if closed and row.status == PUBLISHED:
        await record_event(uow, job_id, principal.organization_id, "CLOSED")
        await jobs.set_facets(uow.conn, job_id, [])
    return {"ok": True, "jobId": job_id, "status": CLOSED, "alreadyClosed": not closed}


_NOT_OPEN = "Only a published (OPEN) job can be changed here."
_DRAFT_HINT = "This job is a draft; change it with PATCH /job-drafts/{jobId}."


async def edit_live(
    uow: Uow, principal: Principal, job_id: str, payload: dict[str, Any]
) -> dict[str, Any]:
    """Edits an OPEN job and re-moderates it. A blocked edit is still applied and the job
    goes back to DRAFT (spec 2.4.8): the 409 keeps the unit of work's changes."""
    changes, issues = validate_patch(payload)
    if issues:
        raise BadRequest("Invalid job update.", {"issues": issues})
    row = await owned_job(uow, principal, job_id, lock=True)
    if row is None:
        raise NotFound("Job not found.", {"jobId": job_id})
    if row.status != PUBLISHED:
        raise not_in_status(row, PUBLISHED, _DRAFT_HINT if row.status == DRAFT else _NOT_OPEN)
    draft = merge(draft_of(row), changes)
    check = validation(draft)
    if not check["publishReady"]:
        # A live listing must stay complete; clearing a required field is refused.
        raise BadRequest("The edit would leave the job incomplete.", {"validation": check})
    verdict = _moderation(uow, draft)
    blocked = verdict["decision"] != "ALLOW"
    columns = columns_for(draft)
    values = {**columns, "updated_at": uow.now(), **({"status": DRAFT} if blocked else {})}
    # the row is locked
    await jobs.update_if_status(uow.conn, principal.organization_id, job_id, PUBLISHED, values)
    await record_event(uow, job_id, principal.organization_id, "CLOSED" if blocked else "UPDATED")
    facets = [] if blocked else facets_of(columns["payment_type"], columns["fields"])
    await jobs.set_facets(uow.conn, job_id, facets)
    if blocked:
        raise Conflict(
            "The edit was blocked by moderation; the job is back to DRAFT.",
            reason="moderation_blocked",
            jobId=job_id,
            reasons=verdict["reasons"],
            status=DRAFT,
        ).keeping_work()
    return {"ok": True, "jobId": job_id, "status": PUBLISHED, "moderation": verdict}
