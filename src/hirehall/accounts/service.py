"""Use cases about employer accounts: create (operator), read, change claim and flags."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError

from hirehall.accounts import repository as accounts
from hirehall.auth.repository import Query
from hirehall.core import cursors, ids
from hirehall.core.errors import Conflict, NotFound
from hirehall.core.principal import Principal
from hirehall.core.scopes import ALL_FEATURES
from hirehall.core.timefmt import iso
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.humans import service as humans
from hirehall.ledger import service as ledger
from hirehall.payments import service as payments

APPROVAL_POLICIES = ("manual", "auto_confirm", "auto_decline")


async def lock_organization(uow: Uow, organization_id: str) -> None:
    """Serializes an account's writes that check a per-account count (the daily publish limit,
    the active-token limit): a row lock on PostgreSQL; SQLite's BEGIN IMMEDIATE already
    serializes writers."""
    await accounts.lock_organization(uow.conn, organization_id)


def account_view(
    org: Any,
    owner_email: str | None = None,
    *,
    payment_method: dict[str, str] | None = None,
    credits: dict[str, int] | None = None,
) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "claimed": bool(org.claimed),
        "features": sorted(org.features or []),
        "ownerUserId": org.owner_user_id,
        "ownerEmail": owner_email,
        "approvalPolicy": org.approval_policy,
        "paymentMethod": payment_method,
        "credits": credits or {"availableCents": 0, "reservedCents": 0},
        "teamsEnabled": bool(org.teams_enabled),
        "createdAt": iso(org.created_at),
    }


async def _money(uow: Uow, organization_id: str) -> dict[str, Any]:
    """The operator's view of an account's card on file and credits."""
    card = await payments.card_on_file(uow, organization_id)
    balance = await ledger.credits(uow, organization_id)
    return {
        "payment_method": card.view() if card else None,
        "credits": {
            "availableCents": balance.available_cents,
            "reservedCents": balance.reserved_cents,
        },
    }


async def approval_policy(uow: Uow, organization_id: str) -> str:
    """How the sandbox resolves the account's new approvals (D36): manual, auto_confirm or
    auto_decline (honoured only in the sandbox; the caller checks `uow.settings.sandbox`)."""
    org = await accounts.get_organization(uow.conn, organization_id)
    if org is None:
        raise NotFound("Account not found.", {"accountId": organization_id})
    return str(org.approval_policy)


async def set_payment_method(
    uow: Uow, organization_id: str, payment_method: dict[str, str] | None
) -> None:
    """`{"card": "<test number>"}` puts that card on file; None removes it."""
    if payment_method is None:
        await payments.remove_card(uow, organization_id)
    else:
        await payments.attach_card(uow, organization_id, payment_method["card"])


def _email_taken() -> Conflict:
    return Conflict("Another user already has this email.", reason="email_taken")


def owner_email_default(organization_id: str) -> str:
    """The operator's accounts get an address the owner signs in with (admin-api.md)."""
    return f"owner-{organization_id}@example.invalid"


async def create(
    uow: Uow,
    *,
    name: str,
    owner_name: str = "Account Owner",
    claimed: bool = True,
    features: Sequence[str] | None = None,
    owner_email: str | None = None,
    default_owner_email: bool = False,
    agent_name: str | None = None,
    approval_policy: str = "manual",
    payment_method: dict[str, str] | None = None,
    teams_enabled: bool = True,
) -> dict[str, Any]:
    """An employer organization and its owner user (never a trainer). An agent's
    registration leaves the owner without an email until the claim (D25)."""
    now = uow.now()
    org_id, owner_id = ids.new_id(now), ids.new_id(now)
    first, _, last = owner_name.strip().partition(" ")
    if owner_email is not None:
        owner_email = owner_email.strip().lower()
    elif default_owner_email:
        owner_email = owner_email_default(org_id)
    try:
        async with uow.conn.begin_nested():
            await _insert(uow, org_id, owner_id, name, claimed, features, agent_name, teams_enabled)
            await accounts.insert_user(
                uow.conn,
                {
                    "id": owner_id,
                    "user_type": "EMPLOYER",
                    "organization_id": org_id,
                    "member_role": "OWNER",
                    "email": owner_email,
                    "first_name": first or owner_name,
                    "last_name": last,
                    "status": "ACTIVE",
                    "created_at": now,
                },
            )
    except IntegrityError:
        raise _email_taken() from None
    if approval_policy != "manual":
        await accounts.update_organization(uow.conn, org_id, {"approval_policy": approval_policy})
    if payment_method is not None:
        await set_payment_method(uow, org_id, payment_method)
    return await get(uow, org_id)


async def _insert(
    uow: Uow,
    org_id: str,
    owner_id: str,
    name: str,
    claimed: bool,
    features: Sequence[str] | None,
    agent_name: str | None,
    teams_enabled: bool = True,
) -> None:
    await accounts.insert_organization(
        uow.conn,
        {
            "id": org_id,
            "name": name,
            "claimed": claimed,
            "features": sorted(set(ALL_FEATURES if features is None else features)),
            "owner_user_id": owner_id,
            "agent_name": agent_name,
            "teams_enabled": teams_enabled,
            "created_at": uow.now(),
        },
    )


async def get(uow: Uow, organization_id: str) -> dict[str, Any]:
    org = await accounts.get_organization(uow.conn, organization_id)
    if org is None:
        raise NotFound("Account not found.", {"accountId": organization_id})
    owner = await accounts.get_user(uow.conn, org.owner_user_id) if org.owner_user_id else None
    return account_view(org, owner.email if owner else None, **await _money(uow, org.id))


async def update(uow: Uow, organization_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    account = await get(uow, organization_id)
    values = dict(changes)
    owner_email = values.pop("ownerEmail", None)
    if "approvalPolicy" in values:
        values["approval_policy"] = values.pop("approvalPolicy")
    if "paymentMethod" in values:
        await set_payment_method(uow, organization_id, values.pop("paymentMethod"))
    if "teamsEnabled" in values:
        values["teams_enabled"] = values.pop("teamsEnabled")
    if "features" in values:
        values["features"] = sorted(set(values["features"]))
    if values:
        await accounts.update_organization(uow.conn, organization_id, values)
    if owner_email is not None and owner_email.strip().lower() != account["ownerEmail"]:
        try:
            async with uow.conn.begin_nested():
                await accounts.set_user_email(
                    uow.conn, account["ownerUserId"], owner_email.strip().lower()
                )
        except IntegrityError:
            raise _email_taken() from None
        # Whoever was signed in with the old address is signed out.
        await humans.end_all_sessions(uow, account["ownerUserId"])
    return await get(uow, organization_id)


def claim_url(uow: Uow) -> str:
    return f"{uow.settings.public_url}/claim"


def me_with_bearer() -> tuple[Query, dict[str, Any]]:
    """What `me` reads, as a statement with the bearer's authentication (one round trip,
    `api.deps.read_with_gates`)."""
    return accounts.me_with_bearer()


async def me(
    uow: Uow, principal: Principal, prefetched: list[Record] | None = None
) -> dict[str, Any]:
    """`GET /auth/me`, with the claim state of decision D18. `prefetched`: the rows of
    `me_with_bearer` (none when the user is gone)."""
    if prefetched is None:
        user = await accounts.get_user(uow.conn, principal.user_id)
        org = await accounts.get_organization(uow.conn, principal.organization_id)
    else:
        user, org = accounts.user_and_organization(prefetched[0]) if prefetched else (None, None)
    if user is None or org is None:
        raise NotFound("The token's user no longer exists.")
    full_name = " ".join(part for part in (user.first_name, user.last_name) if part)
    account: dict[str, Any] = {
        "kind": "employer_organization",
        "organizationId": org.id,
        "ownerUserId": org.owner_user_id,
        "memberRole": user.member_role,
        "claimed": bool(org.claimed),
    }
    if not org.claimed:
        account["claimUrl"] = claim_url(uow)
    return {
        "actor": {
            "userId": user.id,
            "email": user.email,
            "firstName": user.first_name,
            "lastName": user.last_name,
            "fullName": full_name,
            "userType": user.user_type,
        },
        "token": {
            "id": principal.token_id,
            "label": principal.token_name,
            "scopes": list(principal.scopes),
            "ownerOrganizationId": org.id,
        },
        "account": account,
    }


async def list_page(uow: Uow, *, limit: str | None, cursor: str | None) -> dict[str, Any]:
    """The operator's list, newest first (admin-api.md, "Listing")."""
    size, before = cursors.page_size(limit, 25), cursors.before_id(cursor)
    rows = await accounts.page(uow.conn, before=before, limit=size + 1)
    return {
        "accounts": [
            account_view(row, row.owner_email, **await _money(uow, row.id)) for row in rows[:size]
        ],
        "nextCursor": cursors.next_id_cursor(rows, size),
    }
