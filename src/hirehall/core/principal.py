"""Who is calling: the authenticated token, its user and its employer organization."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Principal:
    token_id: str
    token_name: str
    organization_id: str
    user_id: str
    scopes: tuple[str, ...]
    claimed: bool
    features: frozenset[str]
    # Including this request: the stored value may be written after a read-only request.
    last_used_at: datetime | None
