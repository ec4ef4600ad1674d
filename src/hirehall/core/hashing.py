"""The one keyed hash of the project: tokens, claim codes, page tokens and session secrets are
stored as HMAC-SHA256 with the server's secret key, never in clear."""

from __future__ import annotations

import hashlib
import hmac


def keyed_hash(secret_key: bytes, value: str) -> str:
    return hmac.new(secret_key, value.encode(), hashlib.sha256).hexdigest()
