"""What other domains read about contracts without importing the contracts service (which
imports theirs): the proposal detail's `contract` (2.5.1), a milestone's trainer (the
simulation)."""

from __future__ import annotations

from typing import Any

from hirehall.contracts import repository as repo
from hirehall.db.uow import Uow


async def for_proposal(uow: Uow, proposal_id: str) -> dict[str, Any] | None:
    """`{"id", "status"}` of the contract a confirmed hire made from the proposal, or None."""
    row = await repo.of_proposal(uow.conn, proposal_id)
    return None if row is None else {"id": row.id, "status": row.status}


def contract_of(row: Any) -> dict[str, Any] | None:
    """`for_proposal` from a row with `contracts.repository.of_proposal_columns`."""
    return (
        None if row.contract_id is None else {"id": row.contract_id, "status": row.contract_status}
    )


async def trainer_of_milestone(uow: Uow, milestone_id: str) -> str | None:
    """The user id of the trainer on the milestone's contract, or None."""
    milestone = await repo.milestone(uow.conn, milestone_id)
    if milestone is None:
        return None
    contract = await repo.contract(uow.conn, milestone.contract_id)
    return None if contract is None else str(contract.freelancer_user_id)
