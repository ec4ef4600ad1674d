"""The webhook rules of section 2.12 and decision D39: URLs, secrets, signatures, what an
answer means. No database, no web."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

WEBHOOK_LIMIT = 10  # per account, DISABLED ones included (D20, D39)
URL_MAX = 2048
SECRET_PREFIX = "whsec_"
# Hosts a plain http:// URL may name (D39).
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
TIMEOUT_SECONDS = 10.0
RESPONSE_BODY_MAX = 1024  # bytes of the receiver's answer kept in the operator's log
DISABLE_AFTER = 10  # consecutive FAILED deliveries
USER_AGENT = "OpenTrain-Webhooks/1.0"
REASON_FAILURES = "Disabled after repeated delivery failures"
REASON_GONE = "Receiver answered 410 Gone"
SECRET_MESSAGE = (
    "Store the secret now — it is only returned once. Use it to verify the "
    "X-OpenTrain-Signature header on deliveries."
)
ACTIVE, DISABLED = "ACTIVE", "DISABLED"
PENDING, SUCCEEDED, FAILED = "PENDING", "SUCCEEDED", "FAILED"


def url_problem(url: str) -> str | None:
    """Why a subscription URL is refused (D39), or None when it is fine."""
    if len(url) > URL_MAX:
        return f"url must be at most {URL_MAX} characters"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - a bad port raises here
    except ValueError:
        return "url must be an absolute URL"
    if parts.scheme not in ("http", "https") or not host or any(c.isspace() for c in url):
        return "url must be an absolute https URL"
    if parts.scheme == "http" and host not in LOCAL_HOSTS:
        return "url must use https (plain http only for localhost, 127.0.0.1 or [::1])"
    return None


def new_secret() -> str:
    """`whsec_` + base64 of 32 random bytes: usable as is by OpenTrain's SDK and by the
    Standard Webhooks libraries (which decode the part after the prefix)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


class Signer:
    """Signs attempts for one secret: both HMAC keys are set up once and copied per
    attempt (a subscription's deliveries share them)."""

    def __init__(self, secret: str) -> None:
        # OpenTrain's: keyed by the whole secret string, over "<t>.<body>", hex.
        self._opentrain = hmac.new(secret.encode(), digestmod=hashlib.sha256)
        # Standard Webhooks': keyed by the decoded secret, over "<id>.<t>.<body>", base64.
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
        self._standard = hmac.new(key, digestmod=hashlib.sha256)

    def headers(
        self, *, delivery_id: str, event_type: str, body: bytes, timestamp: int
    ) -> dict[str, str]:
        """Every header of one attempt. `timestamp` is real time, never the sandbox clock."""
        opentrain = self._opentrain.copy()
        opentrain.update(f"{timestamp}.".encode())
        opentrain.update(body)
        standard = self._standard.copy()
        standard.update(f"{delivery_id}.{timestamp}.".encode())
        standard.update(body)
        return {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-OpenTrain-Event": event_type,
            "X-OpenTrain-Delivery": delivery_id,
            "X-OpenTrain-Signature": f"t={timestamp},v1={opentrain.hexdigest()}",
            "webhook-id": delivery_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": f"v1,{base64.b64encode(standard.digest()).decode()}",
        }


def signature_headers(
    secret: str, *, delivery_id: str, event_type: str, body: bytes, timestamp: int
) -> dict[str, str]:
    """Every header of one attempt: OpenTrain's signature and Standard Webhooks'."""
    return Signer(secret).headers(
        delivery_id=delivery_id, event_type=event_type, body=body, timestamp=timestamp
    )


class Outcome(StrEnum):
    SUCCEEDED = "succeeded"  # 2xx
    GONE = "gone"  # 410: FAILED at once, the subscription disabled
    REFUSED = "refused"  # the SSRF guard refused the address: FAILED at once
    FAILED = "failed"  # anything else: retried while attempts remain


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    error: str | None
    refused: bool = False


def outcome(answer: Answer) -> Outcome:
    if answer.refused:
        return Outcome.REFUSED
    code = answer.status_code
    if code is not None and answer.error is None and 200 <= code < 300:
        return Outcome.SUCCEEDED
    if code == 410:
        return Outcome.GONE
    return Outcome.FAILED
