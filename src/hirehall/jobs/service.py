"""Use cases about jobs that the core needs: the operator's create, the owner's view, close."""

from __future__ import annotations

from typing import Any

from hirehall.accounts import repository as accounts
from hirehall.core import ids
from hirehall.core.errors import NotFound
from hirehall.core.principal import Principal
from hirehall.db.uow import Uow
from hirehall.jobs import repository as jobs
from hirehall.jobs.rules import CLOSED, job_view, slugify
from hirehall.jobs.schemas import AdminJobCreate

_LISTED = {"OPEN", "ONGOING", "COMPLETED", "ARCHIVED", "PENDING_APPROVAL"}


def _view(uow: Uow, row: Any) -> dict[str, Any]:
    return job_view(row, row.company_name, uow.settings.public_url)


async def admin_create(uow: Uow, body: AdminJobCreate) -> dict[str, Any]:
    """A job as if the account had drafted (and, for a published status, published) it."""
    org = await accounts.get_organization(uow.conn, body.accountId)
    if org is None:
        raise NotFound("Account not found.", {"accountId": body.accountId})
    now = uow.now()
    fields = body.model_dump(
        exclude_none=True, exclude={"accountId", "title", "status", "jobDescription", "paymentType"}
    )
    job_id = ids.new_id(now)
    await jobs.insert_job(
        uow.conn,
        {
            "id": job_id,
            "organization_id": org.id,
            "created_by_user_id": org.owner_user_id,
            "status": body.status,
            "title": body.title,
            "slug": slugify(body.title),
            "description": body.jobDescription,
            "payment_type": body.paymentType,
            "fields": fields,
            "published_at": now if body.status in _LISTED else None,
            "closed_at": now if body.status == CLOSED else None,
            "created_at": now,
            "updated_at": now,
        },
    )
    return await admin_get(uow, job_id)


async def admin_get(uow: Uow, job_id: str) -> dict[str, Any]:
    row = await jobs.get_any(uow.conn, job_id)
    if row is None:
        raise NotFound("Job not found.", {"jobId": job_id})
    return _view(uow, row)


async def close(uow: Uow, principal: Principal, job_id: str) -> dict[str, Any]:
    """Closing is idempotent: an archived job answers `alreadyClosed: true`."""
    row = await jobs.get_owned(uow.conn, principal.organization_id, job_id)
    if row is None:
        raise NotFound("Job not found.")
    now = uow.now()
    closed = await jobs.close(
        uow.conn, job_id, {"status": CLOSED, "closed_at": now, "updated_at": now}
    )
    already = not closed
    return {"ok": True, "jobId": job_id, "status": CLOSED, "alreadyClosed": already}
