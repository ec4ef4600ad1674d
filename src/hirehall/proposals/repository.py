"""SQL about proposals. The invite's statements are built once: a lookup of the job and the
trainer in one round trip, then an idempotent insert the unique (job, trainer) key guards."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, literal, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.auth.repository import Query, with_bearer
from hirehall.contracts.repository import of_proposal_columns
from hirehall.db.models import FreelancerProfile, Job, Organization, Proposal, User
from hirehall.db.types import Record
from hirehall.freelancers.repository import TRAINER_COLUMNS
from hirehall.interviews.repository import score_column, summary_columns


def _job(column: Any) -> Any:
    return select(column).where(Job.id == bindparam("job_id")).scalar_subquery()


def _user(column: Any) -> Any:
    return select(column).where(User.id == bindparam("freelancer_id")).scalar_subquery()


# Scalar subqueries keep it to one portable statement that answers even when one side is
# missing (a join would return no row at all).
_INVITE_LOOKUP = select(
    _job(Job.organization_id).label("job_organization_id"),
    _job(Job.status).label("job_status"),
    _job(Job.title).label("job_title"),
    _user(User.user_type).label("user_type"),
    _user(User.status).label("user_status"),
    _user(User.first_name).label("first_name"),
    select(FreelancerProfile.availability)
    .where(FreelancerProfile.user_id == bindparam("freelancer_id"))
    .scalar_subquery()
    .label("availability"),
)

_INSERT = {
    "postgresql": postgresql.insert(Proposal)
    .on_conflict_do_nothing(index_elements=["job_id", "freelancer_user_id"])
    .returning(Proposal.id),
    "sqlite": sqlite.insert(Proposal)
    .on_conflict_do_nothing(index_elements=["job_id", "freelancer_user_id"])
    .returning(Proposal.id),
}
_EXISTING = select(Proposal.id).where(
    Proposal.job_id == bindparam("job_id"), Proposal.freelancer_user_id == bindparam("fid")
)


_JOB_STATE = select(
    Job.organization_id.label("job_organization_id"), Job.status.label("job_status")
).where(Job.id == bindparam("job_id"))


async def job_state(conn: AsyncConnection, job_id: str) -> Record | None:
    """The job half of the invite lookup."""
    return (await conn.execute(_JOB_STATE, {"job_id": job_id})).first()


async def invite_lookup(conn: AsyncConnection, job_id: str, freelancer_id: str) -> Record:
    result = await conn.execute(_INVITE_LOOKUP, {"job_id": job_id, "freelancer_id": freelancer_id})
    return result.one()


async def insert_if_absent(conn: AsyncConnection, values: dict[str, Any]) -> str | None:
    """The new proposal's id, or None when this (job, trainer) pair already has one."""
    result = await conn.execute(_INSERT[conn.dialect.name], values)
    return result.scalar()


async def existing_id(conn: AsyncConnection, job_id: str, freelancer_id: str) -> str:
    return (await conn.execute(_EXISTING, {"job_id": job_id, "fid": freelancer_id})).scalar_one()


def _detail_query() -> Any:
    return (
        select(
            Proposal.id,
            Proposal.job_id,
            Proposal.status.label("proposal_status"),
            Proposal.bid,
            Proposal.interview_score,
            Proposal.match_score,
            Proposal.freelancer_user_id,
            Proposal.cover_letter,
            Proposal.submitted_at,
            Proposal.created_at,
            Proposal.updated_at,
            Job.title.label("job_title"),
            Job.organization_id.label("job_organization_id"),
            Job.status.label("job_status"),
            Job.payment_type.label("job_payment_type"),
            Job.fields.label("job_fields"),
            *TRAINER_COLUMNS,
        )
        .join(Job, Job.id == Proposal.job_id)
        .join(User, User.id == Proposal.freelancer_user_id)
        .join(FreelancerProfile, FreelancerProfile.user_id == Proposal.freelancer_user_id)
    )


_DETAIL = _detail_query()
# The proposal detail with the bearer's token, its interview and its contract, in one
# statement (issue 10).
_DETAIL_WITH_BEARER = with_bearer(
    _DETAIL.where(Proposal.id == bindparam("proposal_id")).add_columns(
        *summary_columns(Proposal.id), *of_proposal_columns(Proposal.id)
    )
)


def detail_with_bearer(proposal_id: str) -> tuple[Query, dict[str, Any]]:
    """`get` with the interview's and the contract's columns, for
    `auth.service.authenticate_reading`."""
    return _DETAIL_WITH_BEARER, {"proposal_id": proposal_id}


def _page_with_bearer(*, by_status: bool, below_cursor: bool) -> Query:
    """`job_owner`, `belongs_to_job` (as `list_cursor_ok`) and `page_for_job` with each row's
    interview score and the bearer's token: the job's list in one statement. The job's row
    comes first, so a job with an empty page still says who owns it."""
    page = _DETAIL.add_columns(score_column(Proposal.id)).where(
        Proposal.job_id == bindparam("job_id")
    )
    if by_status:
        page = page.where(Proposal.status == bindparam("status"))
    cursor_ok: Any = literal(None)
    if below_cursor:
        page = page.where(Proposal.id < bindparam("before"))
        cursor_ok = (
            select(Proposal.id)
            .where(Proposal.id == bindparam("before"), Proposal.job_id == bindparam("job_id"))
            .scalar_subquery()
        )
    rows = page.order_by(Proposal.id.desc()).limit(bindparam("limit")).subquery("page")
    job = (
        select(Job.organization_id.label("list_job_owner"), cursor_ok.label("list_cursor_ok"))
        .where(Job.id == bindparam("job_id"))
        .subquery("job")
    )
    listed = select(job, *rows.c).select_from(job.outerjoin(rows, true()))
    return with_bearer(listed, "-id")


_PAGES_WITH_BEARER = {
    (by_status, below_cursor): _page_with_bearer(by_status=by_status, below_cursor=below_cursor)
    for by_status in (False, True)
    for below_cursor in (False, True)
}


def page_with_bearer(
    job_id: str, *, status: str | None, before: str | None, limit: int
) -> tuple[Query, dict[str, Any]]:
    """`_page_with_bearer` for these arguments, for `auth.service.authenticate_reading`."""
    statement = _PAGES_WITH_BEARER[(status is not None, before is not None)]
    params = {"job_id": job_id, "status": status, "before": before, "limit": limit}
    return statement, {key: value for key, value in params.items() if value is not None}


async def get(conn: AsyncConnection, proposal_id: str) -> Record | None:
    return (await conn.execute(_DETAIL.where(Proposal.id == proposal_id))).first()


async def page_for_job(
    conn: AsyncConnection, job_id: str, *, status: str | None, before: str | None, limit: int
) -> list[Record]:
    """Newest first (ids grow with creation time); one query, whatever the page size."""
    stmt = _DETAIL.where(Proposal.job_id == job_id)
    if status is not None:
        stmt = stmt.where(Proposal.status == status)
    if before is not None:
        stmt = stmt.where(Proposal.id < before)
    stmt = stmt.order_by(Proposal.id.desc()).limit(limit)
    return list((await conn.execute(stmt)).all())


async def belongs_to_job(conn: AsyncConnection, proposal_id: str, job_id: str) -> bool:
    stmt = select(Proposal.id).where(Proposal.id == proposal_id, Proposal.job_id == job_id)
    return (await conn.execute(stmt)).first() is not None


async def job_owner(conn: AsyncConnection, job_id: str) -> str | None:
    stmt = select(Job.organization_id).where(Job.id == job_id)
    return (await conn.execute(stmt)).scalar()


async def company_name(conn: AsyncConnection, organization_id: str) -> str | None:
    stmt = select(Organization.name).where(Organization.id == organization_id)
    return (await conn.execute(stmt)).scalar()


async def created_after(conn: AsyncConnection, after: str, limit: int) -> list[Record]:
    """Proposals created after an id, oldest first (ids grow with creation time): the trainer
    simulation's feed of invites, which emit no event (D21)."""
    stmt = (
        select(Proposal.id, Proposal.status, Proposal.created_at)
        .where(Proposal.id > after)
        .order_by(Proposal.id)
        .limit(limit)
    )
    return list((await conn.execute(stmt)).all())
