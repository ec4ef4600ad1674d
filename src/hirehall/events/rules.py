"""The event catalog of section 2.10: each type with the scope that lets a token see it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hirehall.core.errors import BadRequest
from hirehall.core.scopes import Scope, covers

EVENT_SCOPES: dict[str, Scope] = {
    "proposal.received": Scope.PROPOSALS_READ,
    "proposal.status_changed": Scope.PROPOSALS_READ,
    "message.received": Scope.MESSAGES_READ,
    "contract.created": Scope.PAYMENTS_READ,
    "milestone.status_changed": Scope.PAYMENTS_READ,
    "payment.pending": Scope.PAYMENTS_READ,
    "approval.confirmed": Scope.PAYMENTS_READ,
    "contract.budget_state_changed": Scope.PAYMENTS_READ,
}
FEED_SCOPES: list[str] = [
    Scope.PROPOSALS_READ.value,
    Scope.MESSAGES_READ.value,
    Scope.PAYMENTS_READ.value,
]
API_VERSION = "v1"
DEFAULT_PAGE, MAX_PAGE = 50, 200
# The largest id either engine stores (a signed 64-bit integer); a larger cursor is still a
# valid non-negative integer, after which there is simply nothing.
MAX_EVENT_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]+")


def visible_types(granted: Iterable[str]) -> list[str]:
    """The event types a token with these scopes sees (`:write` implies `:read`)."""
    scopes = list(granted)
    return [kind for kind, scope in EVENT_SCOPES.items() if covers(scopes, scope)]


def parse_cursor(cursor: str | None) -> int:
    """The id after which to read: 0 without a cursor, else a non-negative integer string."""
    if cursor is None:
        return 0
    if not _DIGITS.fullmatch(cursor):
        raise BadRequest(
            "cursor must be a non-negative integer (a nextCursor this feed returned).",
            {"field": "cursor"},
        )
    return min(int(cursor), MAX_EVENT_ID)
