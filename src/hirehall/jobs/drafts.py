"""Use cases of job drafts (spec 2.3.1, 2.3.2): create from any import format, update."""

from __future__ import annotations

from typing import Any

from hirehall.core import ids
from hirehall.core.errors import BadRequest, Conflict, NotFound
from hirehall.core.principal import Principal
from hirehall.db.uow import Uow
from hirehall.drafting import DraftInputError, import_draft, missing_fields, validate_patch
from hirehall.drafting import validation as draft_validation
from hirehall.drafting.issues import Path, invalid_type, too_big, too_small
from hirehall.jobs import repository as jobs
from hirehall.jobs.draft import columns_for, draft_of, merge
from hirehall.jobs.rules import draft_url

DRAFT = "DRAFT"
_OPTION_MAX = 200


def _option(payload: dict[str, Any], name: str) -> str | None:
    """`idempotencyKey` / `externalId`, top level or inside `source` (2.3.1)."""
    source = payload.get("source")
    candidates: list[tuple[Path, Any]] = [([name], payload.get(name))]
    if isinstance(source, dict):
        candidates.append((["source", name], source.get(name)))
    for path, value in candidates:
        if value is None:
            continue
        if not isinstance(value, str):
            issue = invalid_type(path, "string", value)
            raise BadRequest("Invalid job draft input.", {"issues": [issue]})
        text = value.strip()
        if not text:
            raise BadRequest("Invalid job draft input.", {"issues": [too_small(path, "string", 1)]})
        if len(text) > _OPTION_MAX:
            issue = too_big(path, "string", _OPTION_MAX)
            raise BadRequest("Invalid job draft input.", {"issues": [issue]})
        return text
    return None


def draft_state(uow: Uow, job_id: str, status: str, draft: dict[str, Any]) -> dict[str, Any]:
    """The keys every draft answer shares: where to review it and what it still lacks."""
    url = draft_url(uow.settings.public_url, job_id)
    return {
        "ok": True,
        "jobId": job_id,
        "status": status,
        "draftUrl": url,
        "reviewUrl": url,
        "validation": draft_validation(draft),
        "missingFields": missing_fields(draft),
    }


def _created_view(uow: Uow, row: Any, report: dict[str, Any]) -> dict[str, Any]:
    return {**draft_state(uow, row.id, row.status, draft_of(row)), **report}


async def create(
    uow: Uow, principal: Principal, payload: dict[str, Any]
) -> tuple[dict[str, Any], bool]:
    """Parses the body into a new draft; the bool is False for an idempotent replay, which
    returns the account's existing draft for that key unchanged, whatever the new body says
    (docs/decisions.md)."""
    key, external_id = _option(payload, "idempotencyKey"), _option(payload, "externalId")
    try:
        parsed = import_draft(payload)
    except DraftInputError as exc:
        raise BadRequest("Invalid job draft input.", {"issues": exc.issues}) from None
    report = parsed.to_dict()
    draft = merge({}, report["normalizedFields"])
    now = uow.now()
    values = {
        "id": ids.new_id(now),
        "organization_id": principal.organization_id,
        "created_by_user_id": principal.user_id,
        "status": DRAFT,
        **columns_for(draft),
        "created_at": now,
        "updated_at": now,
        "idempotency_key": key,
        "external_id": external_id,
        "import_report": report,
    }
    created = await jobs.insert_draft(uow.conn, values)
    if created is None:
        assert key is not None  # only a keyed insert can be skipped
        row = await jobs.get_by_idempotency_key(uow.conn, principal.organization_id, key)
        return _created_view(uow, row, dict(row.import_report or report)), False
    row = await jobs.get_owned(uow.conn, principal.organization_id, created)
    return _created_view(uow, row, report), True


async def owned_job(uow: Uow, principal: Principal, job_id: str, *, lock: bool = False) -> Any:
    """The caller's job named by a path id, or None. An id that cannot exist (core/ids.py)
    is not looked for, so a caller's value of any length never reaches a statement."""
    if not ids.looks_like_id(job_id):
        return None
    return await jobs.get_owned(uow.conn, principal.organization_id, job_id, lock=lock)


def not_in_status(row: Any, required: str, hint: str) -> Conflict:
    return Conflict(hint, jobId=row.id, status=row.status, requiredStatus=required)


_NOT_A_DRAFT = "Only a draft can be changed here; use PATCH /jobs/{id} for a published job."


async def update(
    uow: Uow, principal: Principal, job_id: str, payload: dict[str, Any]
) -> dict[str, Any]:
    """Applies a strict, typed PATCH to the caller's draft and recomputes its validation."""
    changes, issues = validate_patch(payload)
    if issues:
        raise BadRequest("Invalid draft update.", {"issues": issues})
    # Read, merge, write: the row lock (PostgreSQL) keeps a concurrent PATCH of another field
    # from writing between our read and our write and losing its change.
    row = await owned_job(uow, principal, job_id, lock=True)
    if row is None:
        raise NotFound("Job not found.", {"jobId": job_id})
    if row.status != DRAFT:
        raise not_in_status(row, DRAFT, _NOT_A_DRAFT)
    draft = merge(draft_of(row), changes)
    values = {**columns_for(draft), "updated_at": uow.now()}
    if not await jobs.update_if_status(uow.conn, principal.organization_id, job_id, DRAFT, values):
        # Published (or closed) by a concurrent request between our read and our write.
        current = await jobs.get_owned(uow.conn, principal.organization_id, job_id)
        raise not_in_status(current, DRAFT, _NOT_A_DRAFT)
    state = draft_state(uow, job_id, DRAFT, draft)
    del state["reviewUrl"]
    return state


async def review(uow: Uow, organization_id: str | None, job_id: str) -> dict[str, Any]:
    """The draft review page (`draftUrl`/`reviewUrl`, D13/D26): the account's own job with
    its fields and what it still lacks; another account's job is not found."""
    if not organization_id or not job_id or len(job_id) > 64:
        raise NotFound("Job not found.")
    row = await jobs.get_owned(uow.conn, organization_id, job_id)
    if row is None:
        raise NotFound("Job not found.", {"jobId": job_id})
    draft = draft_of(row)
    state = draft_state(uow, row.id, row.status, draft)
    return {**state, "title": row.title, "companyName": row.company_name, "fields": draft}
