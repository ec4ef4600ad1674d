"""Operator use cases that are not another domain's: tokens with operator defaults, credit
adjustments."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from hirehall.accounts import repository as accounts
from hirehall.accounts import service as account_service
from hirehall.admin.schemas import AccountCreate, AccountPatch
from hirehall.auth.service import mint
from hirehall.auth.tokens import reject_unknown_scopes
from hirehall.core import issues as zod
from hirehall.core.errors import BadRequest, NotFound
from hirehall.core.scopes import ALL_SCOPES
from hirehall.db.uow import Uow
from hirehall.ledger import service as ledger
from hirehall.ledger.schemas import CreditAdjustment


async def mint_token(
    uow: Uow,
    account_id: str,
    *,
    scopes: list[str] | None,
    name: str,
    expires_at: Any,
    user_id: str | None = None,
) -> dict[str, Any]:
    """Operator tokens default to every scope (decision D3) and belong to the owner, or to
    `userId`, a member of the account (the token then acts for the organization as that
    member). An expiry in the past is allowed here: test suites mint expired tokens on purpose."""
    org = await accounts.get_organization(uow.conn, account_id)
    if org is None:
        raise NotFound("Account not found.", {"accountId": account_id})
    if user_id is not None:
        member = await accounts.get_user(uow.conn, user_id)
        if member is None or member.organization_id != org.id or member.user_type != "EMPLOYER":
            raise BadRequest(
                "userId must be a member of the account.",
                {"field": "userId", "reason": "not_a_member", "accountId": org.id},
            )
    wanted = list(dict.fromkeys(ALL_SCOPES if scopes is None else scopes))
    reject_unknown_scopes(wanted)
    if expires_at is not None and expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=UTC)  # an instant without offset is UTC
    secret, meta = await mint(
        uow,
        organization_id=org.id,
        user_id=user_id or org.owner_user_id,
        scopes=wanted,
        name=name,
        expires_at=expires_at,
    )
    return {"token": secret, "metadata": meta}


async def create_account(uow: Uow, data: AccountCreate) -> dict[str, Any]:
    """`POST /accounts` and `hirehall admin accounts create`."""
    return await account_service.create(
        uow,
        name=data.name,
        owner_name=data.ownerName,
        claimed=data.claimed,
        features=data.features,
        owner_email=data.ownerEmail,
        default_owner_email=True,
        approval_policy=data.approvalPolicy,
        payment_method=data.paymentMethod.model_dump() if data.paymentMethod else None,
        teams_enabled=data.teamsEnabled,
    )


def account_changes(data: AccountPatch) -> dict[str, Any]:
    """The fields a PATCH sets; `paymentMethod: null` is kept (it removes the card)."""
    return {
        key: value
        for key, value in data.model_dump(exclude_unset=True).items()
        if value is not None or key == "paymentMethod"
    }


async def adjust_credits(uow: Uow, account_id: str, data: CreditAdjustment) -> dict[str, Any]:
    """Give (or take) credits: an ADJUSTMENT entry, never below zero (409); 404 for an
    unknown account, 400 for zero cents."""
    if data.amountCents == 0:
        issue = zod.custom(["amountCents"], "amountCents must not be zero")
        raise BadRequest("amountCents must not be zero.", {"issues": [issue]})
    await account_service.get(uow, account_id)  # 404 for an unknown account
    entry_id = await ledger.adjust(uow, account_id, data.amountCents, data.note)
    return {"entry": await ledger.entry(uow, entry_id)}
