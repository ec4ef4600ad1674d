"""Opaque ids that sort by creation time, so `ORDER BY id DESC` is newest first and an id
can serve as a cursor (the contract's proposal cursor is a proposal id)."""

from __future__ import annotations

import os
import threading
from datetime import datetime

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case
_lock = threading.Lock()
_last = (0, 0)


def _encode(number: int, length: int) -> str:
    chars = []
    for _ in range(length):
        number, rem = divmod(number, 32)
        chars.append(_ALPHABET[rem])
    return "".join(reversed(chars))


# How far behind the last id's time a new one may be and still follow it (same millisecond, or
# two threads reading the clock in a different order). A larger step back is a clock that moved:
# the sandbox's reset, or another database's clock in the same process (tests, tools). Clamping
# to the old time then would date every later id in the future, and rows this process makes
# would sort after rows other processes make later (the public ledger listed them out of order).
_FOLLOW_MS = 1000


def new_id(now: datetime) -> str:
    """26 characters: 48 bits of milliseconds then 80 bits that grow within a millisecond,
    so ids made by one process on one clock are strictly increasing."""
    global _last
    millis = int(now.timestamp() * 1000)
    with _lock:
        last_ms, last_rand = _last
        if last_ms - _FOLLOW_MS < millis <= last_ms:
            millis, rand = last_ms, last_rand + 1
        else:
            rand = int.from_bytes(os.urandom(10), "big") >> 1
        _last = (millis, rand)
    return _encode(millis, 10) + _encode(rand, 16)


def looks_like_id(value: str) -> bool:
    """Whether `value` could be one of our ids. Every row's id comes from `new_id`, so a value
    that is not 26 characters of the alphabet names nothing: the edge answers it as unknown
    (404) without a query, whatever its length or characters."""
    return len(value) == 26 and all(c in _ALPHABET for c in value)
