"""What other domains read about contracts without importing the contracts service (which
imports theirs): the proposal detail's `contract` (2.5.1)."""

from __future__ import annotations

from typing import Any

from hirehall.contracts import repository as repo
from hirehall.db.uow import Uow


async def for_proposal(uow: Uow, proposal_id: str) -> dict[str, Any] | None:
    """`{"id", "status"}` of the contract a confirmed hire made from the proposal, or None."""
    row = await repo.of_proposal(uow.conn, proposal_id)
    return None if row is None else {"id": row.id, "status": row.status}
