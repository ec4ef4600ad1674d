"""Bodies and responses of team management (contract 2.14)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from hirehall.core.wire import Wire

EMAIL_PATTERN = r"^\s*[^@\s]{1,64}@[^@\s]+\.[^@\s]+\s*$"


class InviteBody(BaseModel):
    """`POST /team/invites`."""

    email: str = Field(min_length=3, max_length=320, pattern=EMAIL_PATTERN)


class TeamOrganization(Wire):
    id: str
    name: str
    ownerUserId: str | None
    ownerName: str | None


class TeamMember(Wire):
    userId: str
    role: Literal["OWNER", "MEMBER"]
    name: str
    email: str | None  # the owner of a registered, unclaimed account has none yet
    joinedAt: datetime


class PendingInvite(Wire):
    id: str
    email: str
    createdAt: datetime
    expiresAt: datetime


class Team(Wire):
    organization: TeamOrganization
    members: list[TeamMember]
    invites: list[PendingInvite]


class TeamResponse(Wire):
    """`GET /team`."""

    team: Team


class TeamInviteResult(Wire):
    """`POST /team/invites` 200 (decision D15)."""

    ok: Literal[True]
    status: Literal["invite_created", "member_added", "already_member"]
    email: str
    team: Team
