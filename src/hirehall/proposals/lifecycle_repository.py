"""SQL of the proposal lifecycle (decision D28). Every transition is one conditional UPDATE
(or an INSERT guarded by the unique (job, trainer) key): the database decides who wins, never
a read followed by a write."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import FreelancerProfile, Job, Proposal, User
from hirehall.db.types import Record

INVITED, UNREVIEWED, DECLINED, HIRED = "INVITED", "UNREVIEWED", "DECLINED", "HIRED"

_SUBMISSION = {
    "status": UNREVIEWED,
    "bid": bindparam("new_bid"),
    "cover_letter": bindparam("new_cover_letter"),
    "submitted_at": bindparam("now"),
    "updated_at": bindparam("now"),
}
# INVITED → UNREVIEWED with the bid: the first acceptance matches, every later one finds the
# status moved (PostgreSQL re-checks the WHERE on the row a concurrent winner committed).
_ACCEPT = (
    update(Proposal)
    .where(
        Proposal.id == bindparam("proposal_id"),
        Proposal.freelancer_user_id == bindparam("trainer_id"),
        Proposal.status == INVITED,
    )
    .values(**_SUBMISSION)
    .returning(Proposal.id)
)
_INVITE_TO_APPLICATION = (
    update(Proposal)
    .where(
        Proposal.job_id == bindparam("of_job"),
        Proposal.freelancer_user_id == bindparam("trainer_id"),
        Proposal.status == INVITED,
    )
    .values(**_SUBMISSION)
    .returning(Proposal.id)
)
_DECLINE_INVITE = (
    update(Proposal)
    .where(
        Proposal.id == bindparam("proposal_id"),
        Proposal.freelancer_user_id == bindparam("trainer_id"),
        Proposal.status == INVITED,
    )
    .values(status=DECLINED, updated_at=bindparam("now"))
    .returning(Proposal.id)
)
_WITHDRAW = (
    update(Proposal)
    .where(
        Proposal.id == bindparam("proposal_id"),
        Proposal.freelancer_user_id == bindparam("trainer_id"),
        Proposal.submitted_at.is_not(None),
        Proposal.status.not_in([DECLINED, HIRED]),
    )
    .values(status=DECLINED, updated_at=bindparam("now"))
    .returning(Proposal.id)
)
# The employer's humans move a submitted proposal between their five statuses; a HIRED one
# never changes again, and an unchanged status is no change (no event).
_SET_STATUS = (
    update(Proposal)
    .where(
        Proposal.id == bindparam("proposal_id"),
        Proposal.submitted_at.is_not(None),
        Proposal.status != HIRED,
        Proposal.status != bindparam("new_status"),
    )
    .values(status=bindparam("new_status"), updated_at=bindparam("now"))
    .returning(Proposal.id)
)
# A confirmed hire (D35): only from the hireable statuses (NOT_A_FIT when the hire said so);
# a concurrent second hire finds the status moved.
_HIRE = (
    update(Proposal)
    .where(
        Proposal.id == bindparam("proposal_id"),
        Proposal.status.in_(bindparam("hireable", expanding=True)),
    )
    .values(status=HIRED, updated_at=bindparam("now"))
    .returning(Proposal.id)
)
_STATE = select(Proposal.status, Proposal.submitted_at).where(
    Proposal.id == bindparam("proposal_id")
)
_STATE_FOR_PAIR = select(Proposal.id, Proposal.status).where(
    Proposal.job_id == bindparam("job_id"), Proposal.freelancer_user_id == bindparam("trainer_id")
)


def _job(column: Any) -> Any:
    return select(column).where(Job.id == bindparam("job_id")).scalar_subquery()


# One round trip that answers even when the job or the trainer is missing.
_APPLY_LOOKUP = select(
    _job(Job.organization_id).label("job_organization_id"),
    _job(Job.status).label("job_status"),
    _job(Job.payment_type).label("job_payment_type"),
    select(FreelancerProfile.hourly_rate_cents)
    .join(User, and_(User.id == FreelancerProfile.user_id, User.user_type == "FREELANCER"))
    .where(FreelancerProfile.user_id == bindparam("trainer_id"))
    .scalar_subquery()
    .label("hourly_rate_cents"),
    select(User.id)
    .join(FreelancerProfile, FreelancerProfile.user_id == User.id)
    .where(User.id == bindparam("trainer_id"), User.user_type == "FREELANCER")
    .scalar_subquery()
    .label("trainer_id"),
)


async def _returned(conn: AsyncConnection, stmt: Any, params: dict[str, Any]) -> str | None:
    return (await conn.execute(stmt, params)).scalar()


async def accept(conn: AsyncConnection, params: dict[str, Any]) -> str | None:
    return await _returned(conn, _ACCEPT, params)


async def invite_to_application(conn: AsyncConnection, params: dict[str, Any]) -> str | None:
    return await _returned(conn, _INVITE_TO_APPLICATION, params)


async def decline_invite(conn: AsyncConnection, params: dict[str, Any]) -> str | None:
    return await _returned(conn, _DECLINE_INVITE, params)


async def withdraw(conn: AsyncConnection, params: dict[str, Any]) -> str | None:
    return await _returned(conn, _WITHDRAW, params)


async def set_status(conn: AsyncConnection, params: dict[str, Any]) -> str | None:
    return await _returned(conn, _SET_STATUS, params)


async def hire(conn: AsyncConnection, params: dict[str, Any]) -> str | None:
    return await _returned(conn, _HIRE, params)


async def state(conn: AsyncConnection, proposal_id: str) -> Record | None:
    """The status as committed now (a fresh statement sees a concurrent winner's write)."""
    return (await conn.execute(_STATE, {"proposal_id": proposal_id})).first()


async def state_for_pair(conn: AsyncConnection, job_id: str, trainer_id: str) -> Record:
    """The pair's proposal, which exists once its insert found a conflict."""
    params = {"job_id": job_id, "trainer_id": trainer_id}
    return (await conn.execute(_STATE_FOR_PAIR, params)).one()


async def apply_lookup(conn: AsyncConnection, job_id: str, trainer_id: str) -> Record:
    params = {"job_id": job_id, "trainer_id": trainer_id}
    return (await conn.execute(_APPLY_LOOKUP, params)).one()


_INBOX = (
    select(
        Proposal.id,
        Proposal.job_id,
        Proposal.status,
        Proposal.bid,
        Proposal.submitted_at,
        Proposal.created_at,
        Proposal.updated_at,
        Job.title.label("job_title"),
        Job.status.label("job_status"),
    )
    .join(Job, Job.id == Proposal.job_id)
    .where(Proposal.freelancer_user_id == bindparam("trainer_id"))
    .order_by(Proposal.id.desc())
    .limit(bindparam("limit"))
)


async def for_trainer(conn: AsyncConnection, trainer_id: str, limit: int) -> list[Record]:
    """The trainer's proposals and invites, newest first."""
    params = {"trainer_id": trainer_id, "limit": limit}
    return list((await conn.execute(_INBOX, params)).all())
