"""The claim ceremony's numbers, token formats and checks, with no database or web."""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import datetime, timedelta

from hirehall.core.hashing import keyed_hash as keyed_hash  # re-exported for the agents domain

CLAIM_TOKEN_PREFIX = "ot_clm_"
ATTEMPT_TOKEN_PREFIX = "ot_cat_"
GRANT_TYPE = "urn:opentrain:agent-auth:grant-type:claim"
IDENTITY_TYPE = "anonymous"

CLAIM_WINDOW = timedelta(hours=24)  # claim_token_expires_at = registration + 24 h
ATTEMPT_SECONDS = 1800  # expires_in of a claim attempt
ATTEMPT_TTL = timedelta(seconds=ATTEMPT_SECONDS)
POLL_INTERVAL_SECONDS = 5  # interval: the least time between two token polls
MAX_WRONG_CODES = 5  # the attempt dies at the fifth wrong code

# An attempt's states; only PENDING can still be confirmed on the claim page.
PENDING, APPROVED, FAILED, SUPERSEDED = "PENDING", "APPROVED", "FAILED", "SUPERSEDED"
# A PENDING attempt past its time, as the worker stores it (attempt_state reads it the same).
EXPIRED = "EXPIRED"

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
_CODE = re.compile(r"^\d{6}$")


def new_secret(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def new_user_code() -> str:
    """Six digits, leading zeros kept, from the system's CSPRNG."""
    return f"{secrets.randbelow(1_000_000):06d}"


def code_hash(secret_key: bytes, attempt_id: str, code: str) -> str:
    # Bound to the attempt, so equal codes of two attempts do not hash alike.
    return keyed_hash(secret_key, f"{attempt_id}:{code}")


def code_matches(secret_key: bytes, attempt_id: str, code: str, stored: str) -> bool:
    return hmac.compare_digest(code_hash(secret_key, attempt_id, code), stored)


def normalize_email(value: str) -> str:
    return value.strip().lower()


def valid_email(value: str) -> bool:
    return len(value) <= 320 and bool(_EMAIL.match(value))


def normalize_code(value: str) -> str:
    """People type codes with spaces or dashes ("439 218"); only the digits count."""
    return re.sub(r"[\s-]", "", value)


def valid_code(value: str) -> bool:
    return bool(_CODE.match(value))


def poll_too_soon(last_polled_at: datetime | None, now: datetime) -> bool:
    if last_polled_at is None:
        return False
    return now - last_polled_at < timedelta(seconds=POLL_INTERVAL_SECONDS)


def attempt_state(status: str, expires_at: datetime, now: datetime) -> str:
    """The state the page and the poll act on: a PENDING attempt past its time is EXPIRED."""
    if status == PENDING and expires_at <= now:
        return EXPIRED
    return status
