"""What other domains read of interviews (the proposal detail's `aiInterview`, the lists'
`metrics.interviewScore`). Kept apart from service.py, which calls the proposals service,
so that proposals can call this module without an import cycle."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hirehall.db.uow import Uow
from hirehall.interviews import repository as interviews


async def ai_interview(uow: Uow, proposal_id: str) -> dict[str, Any] | None:
    """The proposal detail's `aiInterview` (section 2.5.1), None before the interview."""
    row = await interviews.summary(uow.conn, proposal_id)
    return None if row is None else _ai_interview(row.score, row.summary)


def ai_interview_of(row: Any) -> dict[str, Any] | None:
    """`ai_interview` from a row with `interviews.repository.summary_columns`."""
    if row.ai_interview_id is None:
        return None
    return _ai_interview(row.ai_interview_score, row.ai_interview_summary)


def _ai_interview(score: Any, summary: Any) -> dict[str, Any]:
    return {"score": score, "summary": summary, "transcriptAvailable": True}


def scores_of(rows: Sequence[Any]) -> dict[str, int]:
    """`scores` from rows with `interviews.repository.score_column`."""
    return {row.id: row.ai_interview_score for row in rows if row.ai_interview_score is not None}


async def scores(uow: Uow, proposal_ids: Sequence[str]) -> dict[str, int]:
    """`metrics.interviewScore` for a page of proposals, in one query; absent ids have none."""
    return await interviews.scores(uow.conn, proposal_ids)
