"""Use cases of team management: the team object, invitations (2.14, D41), and the expiry of
invitations for the worker. The join page's use cases are in `joining.py`."""

from __future__ import annotations

from typing import Any

from hirehall.agents.rules import normalize_email
from hirehall.core import ids
from hirehall.core.errors import Conflict, Forbidden, NotFound
from hirehall.core.hashing import keyed_hash
from hirehall.core.principal import Principal
from hirehall.core.timefmt import iso
from hirehall.db.uow import Uow
from hirehall.outbox.service import record
from hirehall.team import repository as team
from hirehall.team.rules import (
    ALREADY_MEMBER,
    INVITE_CREATED,
    INVITE_TTL,
    MEMBER_ADDED,
    PENDING,
    TEAM_INVITE_KIND,
    invite_email,
    join_url,
    new_join_token,
)


def full_name(first: str | None, last: str | None) -> str:
    return " ".join(part for part in (first, last) if part)


def teams_not_enabled() -> Forbidden:
    return Forbidden(
        "Team management is not enabled for this account.", {"reason": "teams_not_enabled"}
    )


async def _organization(uow: Uow, organization_id: str) -> Any:
    org = await team.organization(uow.conn, organization_id)
    if org is None:
        raise NotFound("The token's organization no longer exists.")
    return org


async def ensure_enabled(uow: Uow, principal: Principal) -> None:
    """403 `teams_not_enabled` when the operator turned the account's teams off: a gate after
    scope, feature flag and claim, before the body is validated (decision in decisions.md)."""
    org = await _organization(uow, principal.organization_id)
    if not org.teams_enabled:
        raise teams_not_enabled()


async def team_view(uow: Uow, organization_id: str) -> dict[str, Any]:
    """The contract's team object: organization, members (with emails, D14), pending invites."""
    org = await _organization(uow, organization_id)
    rows = await team.members(uow.conn, organization_id)
    invites = await team.pending_invites(uow.conn, organization_id, uow.now())
    return {
        "organization": {
            "id": org.id,
            "name": org.name,
            "ownerUserId": org.owner_user_id,
            "ownerName": full_name(org.owner_first_name, org.owner_last_name) or None,
        },
        "members": [
            {
                "userId": row.id,
                "role": row.member_role,
                "name": full_name(row.first_name, row.last_name),
                "email": row.email,
                "joinedAt": iso(row.joined_at or row.created_at),
            }
            for row in rows
        ],
        "invites": [
            {
                "id": row.id,
                "email": row.email,
                "createdAt": iso(row.created_at),
                "expiresAt": iso(row.expires_at),
            }
            for row in invites
        ],
    }


async def get_team(uow: Uow, principal: Principal) -> dict[str, Any]:
    await ensure_enabled(uow, principal)
    return {"team": await team_view(uow, principal.organization_id)}


async def invite(uow: Uow, principal: Principal, email: str) -> dict[str, Any]:
    """`POST /team/invites`: `already_member`, `member_added` (an employer user of no
    organization joins at once), or `invite_created` (a new or refreshed invite and its email);
    an employer user of another organization is a 409. A trainer's address is invited like an
    unknown one, so the answer never tells that a trainer uses it (the join page refuses it)."""
    email = normalize_email(email)
    org_id = principal.organization_id
    status = await _invite_once(uow, principal, email)
    if status is None:  # a concurrent request changed the address's membership: look again
        status = await _invite_once(uow, principal, email)
    if status is None:
        raise Conflict("The invitation changed meanwhile; try again.", reason="invite_conflict")
    return {"ok": True, "status": status, "email": email, "team": await team_view(uow, org_id)}


async def _invite_once(uow: Uow, principal: Principal, email: str) -> str | None:
    org_id, now = principal.organization_id, uow.now()
    user = await team.user_by_email(uow.conn, email)
    if user is not None and user.user_type == "EMPLOYER":
        if user.organization_id == org_id:
            await team.settle_pending(uow.conn, org_id, email, user.id, now)
            return ALREADY_MEMBER
        if user.organization_id is not None:
            raise Conflict(
                "This email belongs to a user of another organization.",
                reason="user_in_other_organization",
                email=email,
            )
        if not await team.add_member(uow.conn, user.id, org_id, now):
            return None
        await team.settle_pending(uow.conn, org_id, email, user.id, now)
        return MEMBER_ADDED
    token = new_join_token()
    invite_id = await team.upsert_invite(
        uow.conn,
        {
            "id": ids.new_id(now),
            "organization_id": org_id,
            "email": email,
            "token_hash": keyed_hash(uow.secret_key, token),
            "status": PENDING,
            "invited_by_user_id": principal.user_id,
            "created_at": now,
            "expires_at": now + INVITE_TTL,
        },
    )
    if invite_id is None:  # accepted meanwhile: the address is a member now
        return None
    await _send_invite_email(uow, principal, invite_id, email, token)
    return INVITE_CREATED


async def _send_invite_email(
    uow: Uow, principal: Principal, invite_id: str, email: str, token: str
) -> None:
    org = await _organization(uow, principal.organization_id)
    inviter_row = await team.user(uow.conn, principal.user_id)
    inviter = (
        full_name(inviter_row.first_name, inviter_row.last_name) if inviter_row else ""
    ) or org.name
    link = join_url(uow.settings.public_url, token)
    expires = iso(uow.now() + INVITE_TTL) or ""
    subject, body = invite_email(
        organization_name=org.name, inviter=inviter, link=link, expires=expires
    )
    data = {
        "inviteId": invite_id,
        "organizationId": org.id,
        "organizationName": org.name,
        "joinUrl": link,
        "expiresAt": expires,
    }
    await record(uow, kind=TEAM_INVITE_KIND, to=email, subject=subject, body=body, data=data)


async def expire_due(uow: Uow, limit: int) -> int:
    """For the worker: marks up to `limit` pending invites past their expiry EXPIRED (no event:
    the contract has no team event type). Reads already treat them as expired."""
    return await team.expire_due(uow.conn, uow.now(), limit)
