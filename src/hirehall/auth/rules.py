"""Token format and hashing, with no database: `ot_pat_<publicId>_<secret>`."""

from __future__ import annotations

import secrets
from datetime import datetime

from hirehall.core.hashing import keyed_hash

TOKEN_PREFIX = "ot_pat_"


def new_token() -> str:
    public_id = secrets.token_hex(4)
    return f"{TOKEN_PREFIX}{public_id}_{secrets.token_urlsafe(24)}"


def token_hash(secret_key: bytes, token: str) -> str:
    """A keyed hash (HMAC-SHA256): a leaked table cannot be replayed without the server key."""
    return keyed_hash(secret_key, token)


def preview(token: str) -> str:
    """`ot_pat_` + first 4 characters of the body + 8 asterisks + last 4 (section 1.2)."""
    body = token[len(TOKEN_PREFIX) :]
    return f"{TOKEN_PREFIX}{body[:4]}********{body[-4:]}"


def token_status(revoked_at: datetime | None, expires_at: datetime | None, now: datetime) -> str:
    if revoked_at is not None:
        return "revoked"
    if expires_at is not None and expires_at <= now:
        return "expired"
    return "active"


def bearer(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer ...` header, or None."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()
