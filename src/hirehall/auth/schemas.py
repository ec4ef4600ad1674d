"""Bodies and responses about the caller and its tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from hirehall.core.scopes import Scope
from hirehall.core.wire import Wire


class TokenMint(BaseModel):
    """`POST /tokens`: everything optional; `{}` clones the caller's scopes without expiry."""

    model_config = ConfigDict(extra="ignore")

    name: str = Field(default="API token", min_length=1, max_length=120)
    # Checked against the catalogue by the service (its 400 names the unknown scopes).
    scopes: list[str] | None = Field(
        default=None,
        json_schema_extra={"items": {"type": "string", "enum": [s.value for s in Scope]}},
    )
    expiresAt: datetime | None = Field(
        default=None, description="In the future; omitted or null: the token never expires."
    )


# Responses (section 2.2, 2.13).

TokenStatus = Literal["active", "expired", "revoked"]


class TokenRecord(Wire):
    """The contract's token record (metadata only, never the secret)."""

    id: str
    name: str
    preview: str
    scopes: list[str]
    status: TokenStatus
    organizationId: str | None
    createdAt: datetime
    lastUsedAt: datetime | None
    expiresAt: datetime | None
    revokedAt: datetime | None


class TokenList(Wire):
    tokens: list[TokenRecord]


class MintedToken(Wire):
    """`POST /tokens` 201: the secret, shown this once."""

    token: str
    tokenType: Literal["bearer"]
    metadata: TokenRecord


class RevokedToken(Wire):
    token: TokenRecord


class Actor(Wire):
    userId: str
    email: str | None
    firstName: str
    lastName: str
    fullName: str
    userType: str


class TokenIdentity(Wire):
    id: str
    label: str
    scopes: list[str]
    ownerOrganizationId: str


class Account(Wire):
    kind: Literal["employer_organization"]
    organizationId: str
    ownerUserId: str | None
    memberRole: str | None
    claimed: bool
    claimUrl: str | None = None  # only while unclaimed (decision D18)


class AuthMe(Wire):
    """`GET /auth/me`."""

    actor: Actor
    token: TokenIdentity
    account: Account
