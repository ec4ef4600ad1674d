"""SQL about interviews. The insert is idempotent on the unique proposal id: of concurrent
submissions for one proposal exactly one row is written, the others learn they lost."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import Interview
from hirehall.db.types import Record

_INSERT = {
    "postgresql": postgresql.insert(Interview)
    .on_conflict_do_nothing(index_elements=["proposal_id"])
    .returning(Interview.id),
    "sqlite": sqlite.insert(Interview)
    .on_conflict_do_nothing(index_elements=["proposal_id"])
    .returning(Interview.id),
}
_BY_PROPOSAL = select(Interview).where(Interview.proposal_id == bindparam("proposal_id"))
_SUMMARY = select(Interview.score, Interview.summary).where(
    Interview.proposal_id == bindparam("proposal_id")
)


def summary_columns(proposal_id: Any) -> tuple[Any, ...]:
    """`_SUMMARY` as columns of another statement about the proposal `proposal_id` (the
    proposal detail's one-statement read): NULL `ai_interview_id` before the interview."""

    def of(column: Any, name: str) -> Any:
        return (
            select(column).where(Interview.proposal_id == proposal_id).scalar_subquery().label(name)
        )

    return (
        of(Interview.id, "ai_interview_id"),
        of(Interview.score, "ai_interview_score"),
        of(Interview.summary, "ai_interview_summary"),
    )


def score_column(proposal_id: Any) -> Any:
    """`_SCORES` of one proposal as a column of another statement (the job's list)."""
    found = select(Interview.score).where(Interview.proposal_id == proposal_id)
    return found.scalar_subquery().label("ai_interview_score")


_SCORES = select(Interview.proposal_id, Interview.score).where(
    Interview.proposal_id.in_(bindparam("ids", expanding=True))
)


async def insert_if_absent(conn: AsyncConnection, values: dict[str, Any]) -> str | None:
    """The new interview's id, or None when the proposal already has one."""
    return (await conn.execute(_INSERT[conn.dialect.name], values)).scalar()


async def for_proposal(conn: AsyncConnection, proposal_id: str) -> Record | None:
    return (await conn.execute(_BY_PROPOSAL, {"proposal_id": proposal_id})).first()


async def summary(conn: AsyncConnection, proposal_id: str) -> Record | None:
    return (await conn.execute(_SUMMARY, {"proposal_id": proposal_id})).first()


async def scores(conn: AsyncConnection, proposal_ids: Sequence[str]) -> dict[str, int]:
    if not proposal_ids:
        return {}
    rows = await conn.execute(_SCORES, {"ids": list(proposal_ids)})
    return {row.proposal_id: row.score for row in rows}
