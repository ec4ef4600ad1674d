"""Opaque cursors (decision D16): the keyset values of the last item, JSON in base64url, so
clients cannot build or edit them by accident and a bad one is recognised."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from hirehall.core.errors import BadRequest


def encode(*values: str) -> str:
    raw = json.dumps(list(values), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, arity: int) -> list[str]:
    """The values of a cursor made by `encode` with `arity` values, else a 400 on `cursor`."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values: Any = json.loads(raw)
    except (binascii.Error, ValueError):
        values = None
    if (
        not isinstance(values, list)
        or len(values) != arity
        or not all(isinstance(v, str) and v for v in values)
    ):
        raise BadRequest("The cursor is not one this API returned.", {"field": "cursor"})
    return values


def page_size(limit: str | None, default: int, maximum: int = 100) -> int:
    """`limit` as an integer within 1..maximum, else a 400 on `limit`."""
    if limit is None:
        return default
    try:
        value = int(limit)
    except ValueError:
        value = 0
    if not 1 <= value <= maximum:
        raise BadRequest(f"limit must be an integer from 1 to {maximum}.", {"field": "limit"})
    return value


def before_id(cursor: str | None) -> str | None:
    """The id an id-keyed cursor (newest first) continues below, else a 400 on `cursor`."""
    return None if cursor is None else decode(cursor, 1)[0]


def next_id_cursor(rows: list[Any], size: int) -> str | None:
    """Given `size + 1` rows fetched, the cursor of the page after the first `size`."""
    return encode(rows[size - 1].id) if len(rows) > size else None


def one_of(name: str, value: str | None, allowed: tuple[str, ...], key: str) -> str | None:
    """A filter's value if it is one of `allowed`, else a 400 naming the field and the values."""
    if value is not None and value not in allowed:
        raise BadRequest(f"Unknown {name} {value!r}.", {"field": name, key: list(allowed)})
    return value
