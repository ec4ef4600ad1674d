"""Use cases about jobs: the operator's create and view, the owner's list (/jobs/mine)."""

from __future__ import annotations

from typing import Any

from hirehall.accounts import repository as accounts
from hirehall.core import cursors, ids
from hirehall.core.errors import BadRequest, NotFound
from hirehall.core.principal import Principal
from hirehall.core.timefmt import iso
from hirehall.db.uow import Uow
from hirehall.jobs import repository as jobs
from hirehall.jobs.draft import facets_of
from hirehall.jobs.publishing import record_event
from hirehall.jobs.rules import CLOSED, JOB_STATUSES, PUBLISHED, job_url, job_view, slugify
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
    if body.status == PUBLISHED:  # on the board at once, as if published through the API
        await record_event(uow, job_id, org.id, "PUBLISHED")
        await jobs.set_facets(uow.conn, job_id, facets_of(body.paymentType, fields))
    return await admin_get(uow, job_id)


async def admin_get(uow: Uow, job_id: str) -> dict[str, Any]:
    row = await jobs.get_any(uow.conn, job_id)
    if row is None:
        raise NotFound("Job not found.", {"jobId": job_id})
    return _view(uow, row)


async def interview_fields(uow: Uow, job_id: str) -> tuple[str, dict[str, Any]] | None:
    """A job's title and draft fields (PATCH names), from which the AI interviewer builds its
    questions; None for a missing job."""
    row = await jobs.get_any(uow.conn, job_id)
    if row is None:
        return None
    return row.title, dict(row.fields or {})


# Statuses in which the job is (or was made) live on the marketplace; ARCHIVED has left it.
_PUBLISHED_STATUSES = {"OPEN", "ONGOING", "COMPLETED"}


def _mine_item(row: Any, public_url: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "status": row.status,
        "published": row.status in _PUBLISHED_STATUSES,
        "acceptingApplicants": row.status == PUBLISHED,
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
        "jobUrl": job_url(public_url, row.id),
        "proposalCounts": {
            "total": int(row.proposals_total),
            "unreviewed": int(row.proposals_unreviewed),
        },
    }


async def list_mine(
    uow: Uow,
    principal: Principal,
    *,
    status: str | None,
    limit: str | None,
    cursor: str | None,
) -> dict[str, Any]:
    """The account's jobs, drafts included, newest first (spec 2.4.5)."""
    wanted = None if status is None else status.strip().upper()
    if wanted is not None and wanted not in JOB_STATUSES:
        raise BadRequest(
            f"Unknown job status {status!r}.",
            {"field": "status", "supportedStatuses": list(JOB_STATUSES)},
        )
    size = cursors.page_size(limit, default=25)
    before = cursors.decode(cursor, 1)[0] if cursor is not None else None
    rows = await jobs.mine_page(
        uow.conn, principal.organization_id, status=wanted, before=before, limit=size + 1
    )
    page = rows[:size]
    return {
        "jobs": [_mine_item(row, uow.settings.public_url) for row in page],
        "nextCursor": cursors.encode(page[-1].id) if len(rows) > size else None,
    }


async def admin_list(
    uow: Uow,
    *,
    account_id: str | None,
    status: str | None,
    limit: str | None,
    cursor: str | None,
) -> dict[str, Any]:
    """The operator's list of every account's jobs, newest first (admin-api.md, "Listing")."""
    size, before = cursors.page_size(limit, 25), cursors.before_id(cursor)
    wanted = cursors.one_of("status", status, JOB_STATUSES, "supportedStatuses")
    rows = await jobs.admin_page(
        uow.conn, organization_id=account_id, status=wanted, before=before, limit=size + 1
    )
    return {
        "jobs": [_view(uow, row) for row in rows[:size]],
        "nextCursor": cursors.next_id_cursor(rows, size),
    }
