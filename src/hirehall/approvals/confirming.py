"""Resolving approvals with their effects: confirm (claim the approval with a conditional
UPDATE, execute, record the result, emit), and requests that honour the account's
`approvalPolicy` in the sandbox (D36)."""

from __future__ import annotations

from typing import Any

from hirehall.accounts import service as accounts
from hirehall.approvals import repository as approvals_repo
from hirehall.approvals import service as approvals
from hirehall.approvals.rules import MESSAGES, PENDING
from hirehall.approvals.service import Subject, not_pending
from hirehall.contracts import execution
from hirehall.core.errors import ApiError
from hirehall.core.principal import Principal
from hirehall.db.types import Record
from hirehall.db.uow import Uow


async def confirm(
    uow: Uow,
    approval_id: str,
    *,
    organization_id: str | None = None,
    payment_source: str | None = None,
) -> Record:
    """Executes the approval exactly once: the conditional UPDATE `pending → confirmed`
    decides the single winner (a concurrent confirmer waits on the row and then finds it
    resolved: 409 `approval_not_pending`); the execution re-checks everything and raises on
    any failure, which rolls the claim back with it (the approval stays pending)."""
    row = await approvals.current_for_confirm(uow, approval_id, organization_id)
    claimed = await approvals_repo.claim(uow.conn, row.id, uow.now())
    if claimed is None:
        raise not_pending(await approvals.refused_state(uow, approval_id))
    outcome = await execution.execute(uow, claimed, payment_source)
    await approvals_repo.set_outcome(
        uow.conn,
        claimed.id,
        outcome.result,
        outcome.contract_id or claimed.contract_id,
        outcome.milestone_id or claimed.milestone_id,
    )
    done = await approvals_repo.get(uow.conn, claimed.id)
    assert done is not None
    await approvals.emit(uow, done)
    return done


async def request(uow: Uow, principal: Principal | None, subject: Subject) -> dict[str, Any]:
    """The 202 answer of a co-signed request. In the sandbox an account whose
    `approvalPolicy` is `auto_confirm` or `auto_decline` has a new approval resolved within
    the request (a check that fails leaves it pending, as on the page)."""
    row = await approvals.request(uow, principal, subject)
    if row.status == PENDING and uow.settings.sandbox:
        policy = await accounts.approval_policy(uow, subject.organization_id)
        if policy == "auto_decline":
            row = await approvals.decline(uow, row.id)
        elif policy == "auto_confirm":
            try:
                async with uow.conn.begin_nested():
                    row = await confirm(uow, row.id)
            except ApiError:
                pass
    return {"approval": approvals.view(uow, row), "message": MESSAGES[subject.kind]}
