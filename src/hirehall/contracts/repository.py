"""SQL about contracts and milestones. Transitions are conditional UPDATEs that name the
statuses they start from; a statement that changes nothing tells the caller someone else
won (or the state was never right), and a fresh read says which."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.contracts.rules import ACTIVE, ENDED
from hirehall.db.models import Contract, FreelancerProfile, Job, Milestone, User
from hirehall.db.types import Record

C, M = Contract, Milestone

_INSERT_CONTRACT = {
    "postgresql": postgresql.insert(C)
    .on_conflict_do_nothing(index_elements=["proposal_id"])
    .returning(C.id),
    "sqlite": sqlite.insert(C)
    .on_conflict_do_nothing(index_elements=["proposal_id"])
    .returning(C.id),
}
_CONTRACTS = (
    select(
        *C.__table__.c,
        User.first_name,
        User.last_name,
        FreelancerProfile.country_code,
        FreelancerProfile.profile_slug,
        Job.title.label("job_title"),
    )
    .join(User, User.id == C.freelancer_user_id)
    .join(FreelancerProfile, FreelancerProfile.user_id == C.freelancer_user_id)
    .join(Job, Job.id == C.job_id)
)
_MILESTONES = select(*M.__table__.c).order_by(M.contract_id, M.number)
_NEXT_NUMBER = (
    update(C)
    .where(C.id == bindparam("contract_id"), C.status == ACTIVE)
    .values(milestone_count=C.milestone_count + 1, updated_at=bindparam("now"))
    .returning(C.milestone_count)
)
_END = (
    update(C)
    .where(C.id == bindparam("contract_id"), C.status == ACTIVE)
    .values(status=ENDED, ended_at=bindparam("now"), updated_at=bindparam("now"))
    .returning(C.id)
)
_USAGE = (
    update(C)
    .where(C.id == bindparam("contract_id"), C.status == ACTIVE)
    .values(
        consumed_seconds=C.consumed_seconds + bindparam("seconds"),
        consumed_labels=C.consumed_labels + bindparam("labels"),
        last_usage_at=bindparam("now"),
        updated_at=bindparam("now"),
    )
    .returning(C.id)
)
_BUDGET_STATE = (
    update(C)
    .where(C.id == bindparam("contract_id"), C.budget_state == bindparam("old_state"))
    .values(budget_state=bindparam("new_state"))
    .returning(C.id)
)
_MOVE = (
    update(M)
    .where(
        M.id == bindparam("milestone_id"), M.status.in_(bindparam("from_statuses", expanding=True))
    )
    .values(status=bindparam("new_status"), updated_at=bindparam("now"))
    .returning(*M.__table__.c)
)


async def insert_contract(conn: AsyncConnection, values: dict[str, Any]) -> str | None:
    """The new contract's id, or None when the proposal already has its contract."""
    return (await conn.execute(_INSERT_CONTRACT[conn.dialect.name], values)).scalar()


async def contract(
    conn: AsyncConnection, contract_id: str, *, for_update: bool = False
) -> Record | None:
    """The contract with its trainer's masked fields; `for_update` locks its row (PostgreSQL;
    SQLite's writers are serialised already)."""
    stmt = _CONTRACTS.where(C.id == contract_id)
    if for_update and conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=C)
    return (await conn.execute(stmt)).first()


async def contracts_of(
    conn: AsyncConnection, organization_id: str, *, job_id: str | None, status: str | None
) -> list[Record]:
    """The organization's contracts, newest first."""
    stmt = _CONTRACTS.where(C.organization_id == organization_id)
    if job_id is not None:
        stmt = stmt.where(C.job_id == job_id)
    if status is not None:
        stmt = stmt.where(C.status == status)
    return list((await conn.execute(stmt.order_by(C.id.desc()))).all())


async def contracts_of_trainer(conn: AsyncConnection, trainer_id: str) -> list[Record]:
    stmt = _CONTRACTS.where(C.freelancer_user_id == trainer_id).order_by(C.id.desc())
    return list((await conn.execute(stmt)).all())


async def milestones(conn: AsyncConnection, contract_ids: list[str]) -> list[Record]:
    if not contract_ids:
        return []
    stmt = _MILESTONES.where(M.contract_id.in_(contract_ids))
    return list((await conn.execute(stmt)).all())


async def milestone(conn: AsyncConnection, milestone_id: str) -> Record | None:
    return (await conn.execute(select(*M.__table__.c).where(M.id == milestone_id))).first()


async def milestone_by_invoice(conn: AsyncConnection, invoice_id: str) -> Record | None:
    stmt = select(*M.__table__.c).where(M.invoice_id == invoice_id)
    return (await conn.execute(stmt)).first()


async def next_number(conn: AsyncConnection, contract_id: str, now: datetime) -> int | None:
    """The next milestone number of an active contract; None when it is not active."""
    params = {"contract_id": contract_id, "now": now}
    return (await conn.execute(_NEXT_NUMBER, params)).scalar()


async def insert_milestone(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(M).values(**values))


async def move(
    conn: AsyncConnection,
    contract_id: str,
    milestone_id: str,
    from_statuses: tuple[str, ...],
    new_status: str,
    now: datetime,
    **values: Any,
) -> Record | None:
    """from_statuses → new_status (with `values`), or None when it was in none of them. The
    contract (read and checked by the caller) is in the WHERE too: a milestone id alone never
    reaches another contract's milestone."""
    stmt = _MOVE.values(**values) if values else _MOVE
    params = {
        "milestone_id": milestone_id,
        "of_contract": contract_id,
        "from_statuses": list(from_statuses),
        "new_status": new_status,
        "now": now,
    }
    return (await conn.execute(stmt, params)).first()


async def set_milestone(
    conn: AsyncConnection, contract_id: str, milestone_id: str, **values: Any
) -> None:
    stmt = update(M).where(M.id == milestone_id, M.contract_id == contract_id).values(**values)
    await conn.execute(stmt)


async def end(conn: AsyncConnection, contract_id: str, now: datetime) -> bool:
    """active → ended; False when it had ended already."""
    params = {"contract_id": contract_id, "now": now}
    return (await conn.execute(_END, params)).scalar() is not None


async def add_usage(
    conn: AsyncConnection, contract_id: str, seconds: int, labels: int, now: datetime
) -> bool:
    params = {"contract_id": contract_id, "seconds": seconds, "labels": labels, "now": now}
    return (await conn.execute(_USAGE, params)).scalar() is not None


async def swap_budget_state(conn: AsyncConnection, contract_id: str, old: str, new: str) -> bool:
    """old → new; False when another transaction changed it first (its event is theirs)."""
    params = {"contract_id": contract_id, "old_state": old, "new_state": new}
    return (await conn.execute(_BUDGET_STATE, params)).scalar() is not None


async def job_owner(conn: AsyncConnection, job_id: str) -> str | None:
    return (await conn.execute(select(Job.organization_id).where(Job.id == job_id))).scalar()


_OF_PROPOSAL = select(C.id, C.status).where(C.proposal_id == bindparam("proposal_id"))


def of_proposal_columns(proposal_id: Any) -> tuple[Any, ...]:
    """`_OF_PROPOSAL` as columns of another statement about the proposal `proposal_id` (the
    proposal detail's one-statement read; one contract per proposal at most)."""

    def of(column: Any, name: str) -> Any:
        return select(column).where(C.proposal_id == proposal_id).scalar_subquery().label(name)

    return of(C.id, "contract_id"), of(C.status, "contract_status")


async def of_proposal(conn: AsyncConnection, proposal_id: str) -> Record | None:
    return (await conn.execute(_OF_PROPOSAL, {"proposal_id": proposal_id})).first()


async def claim_due_payouts(conn: AsyncConnection, now: datetime, limit: int) -> list[Record]:
    """Marks up to `limit` released milestones paid out at `now` and returns them (with their
    contract's organization): the conditional `paid_out_at IS NULL` makes each payout happen
    once, whatever the number of workers (PostgreSQL skips rows another worker holds)."""
    due = (
        select(M.id)
        .where(M.status == "PAID", M.paid_out_at.is_(None), M.paid_at <= now)
        .order_by(M.paid_at)
        .limit(limit)
    )
    if conn.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = [row.id for row in (await conn.execute(due)).all()]
    if not ids:
        return []
    claimed = (
        update(M)
        .where(M.id.in_(ids), M.status == "PAID", M.paid_out_at.is_(None))
        .values(paid_out_at=now)
        .returning(M.id, M.contract_id, M.amount_cents)
    )
    return list((await conn.execute(claimed)).all())
