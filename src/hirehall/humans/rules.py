"""Sign-in numbers, cookie names, CSRF tokens and safe redirects, with no database or web."""

from __future__ import annotations

import hmac
from datetime import timedelta
from urllib.parse import urlsplit

from hirehall.agents.rules import keyed_hash

CODE_TTL = timedelta(minutes=10)
SESSION_TTL = timedelta(days=7)
MAX_WRONG_CODES = 5  # the fifth wrong code spends the code
# New codes per email address in CODE_SEND_WINDOW: with 5 tries each, a guesser gets at most
# 25 guesses in 15 minutes out of a million codes.
CODE_SENDS_PER_WINDOW = 5
CODE_SEND_WINDOW_SECONDS = 15 * 60

SESSION_COOKIE = "hh_session"
# Forms shown before sign-in (the email form) carry a token bound to this random cookie, so
# a cross-site page cannot sign a visitor in as someone else ("login CSRF").
ANON_COOKIE = "hh_csrf"
CSRF_FIELD = "csrf"

PENDING, USED, FAILED, SUPERSEDED = "PENDING", "USED", "FAILED", "SUPERSEDED"


def code_hash(secret_key: bytes, code_id: str, code: str) -> str:
    # Bound to the code's row, so two equal codes do not hash alike.
    return keyed_hash(secret_key, f"sign-in:{code_id}:{code}")


def code_matches(secret_key: bytes, code_id: str, code: str, stored: str) -> bool:
    return hmac.compare_digest(code_hash(secret_key, code_id, code), stored)


def session_hash(secret_key: bytes, token: str) -> str:
    return keyed_hash(secret_key, f"session:{token}")


def csrf_token(secret_key: bytes, binding: str) -> str:
    """The form token for a session (binding: the session id) or an anonymous visitor
    (binding: `anon:` + the hh_csrf cookie). Stateless: recomputed, never stored."""
    return keyed_hash(secret_key, f"csrf:{binding}")


def csrf_matches(secret_key: bytes, binding: str, given: str) -> bool:
    return hmac.compare_digest(csrf_token(secret_key, binding).encode(), given.encode())


def safe_next(value: str | None, default: str = "/account") -> str:
    """Where to go after signing in: only a local absolute path ("/x?y"), never another site
    ("//evil", "https://evil", "/\\evil") and never a control character."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return default
    if any(ord(ch) < 0x20 or ch == "\\" for ch in value) or len(value) > 2000:
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return default
    return value
