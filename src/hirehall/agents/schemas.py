"""Responses of agent auth (section 2.1): OAuth-style snake_case keys."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from hirehall.core.wire import Wire


class AgentRegistration(Wire):
    """`POST /api/agent/identity` 201: the pre-claim token and the claim token, once."""

    identity_type: Literal["anonymous"]
    registration_id: str
    access_token: str
    token_type: Literal["bearer"]
    scopes: list[str]
    claim_token: str
    claim_token_expires_at: datetime
    claim_endpoint: str
    token_endpoint: str
    grant_type: str


class ClaimStart(Wire):
    """`POST /api/agent/identity/claim`: the code the human types, and where."""

    user_code: str
    verification_uri: str
    expires_in: int
    interval: int
    email_sent: bool


class ClaimToken(Wire):
    """`POST /api/agent/oauth/token` once the human confirmed: the post-claim token."""

    access_token: str
    token_type: Literal["bearer"]
    scopes: list[str]


class Revoked(Wire):
    """RFC 7009: always `{}`."""
