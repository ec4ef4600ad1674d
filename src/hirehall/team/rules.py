"""Pure rules of team invitations: lifetimes, states, the join link and the email text."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

INVITE_TTL = timedelta(days=7)  # D41

PENDING, ACCEPTED, EXPIRED = "PENDING", "ACCEPTED", "EXPIRED"
OWNER, MEMBER = "OWNER", "MEMBER"

INVITE_CREATED, MEMBER_ADDED, ALREADY_MEMBER = "invite_created", "member_added", "already_member"

TEAM_INVITE_KIND = "team_invite"
# Join tokens travel only in the email's link; the database keeps their keyed hash.
TOKEN_PREFIX = "ot_tin_"


def new_join_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def plausible_token(token: str | None) -> bool:
    return token is not None and token.startswith(TOKEN_PREFIX) and len(token) <= 200


def invite_state(status: str, expires_at: datetime, now: datetime) -> str:
    """PENDING until accepted or expired; expiry is read lazily as well as applied by the
    worker (`service.expire_due`)."""
    if status == PENDING and expires_at <= now:
        return EXPIRED
    return status


def join_url(public_url: str, token: str) -> str:
    return f"{public_url}/team/join?token={token}"


def invite_email(
    *, organization_name: str, inviter: str, link: str, expires: str
) -> tuple[str, str]:
    subject = f"{inviter} invited you to join {organization_name} on hirehall"
    body = (
        f"{inviter} invited you to join the team of {organization_name} on hirehall.\n\n"
        f"Join the team: {link}\n\n"
        f"Sign in with this email address on that page, then accept. The link works until "
        f"{expires} (7 days); if it has expired, ask for a new invitation.\n"
        "If you did not expect this email, ignore it: nothing happens unless you accept.\n"
    )
    return subject, body
