"""Money as integer cents inside, USD numbers on the wire."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def to_cents(usd: float | int | None) -> int | None:
    if usd is None:
        return None
    return int((Decimal(str(usd)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_usd(cents: int | None) -> float | int | None:
    """Whole dollars as integers (18, not 18.0), as the contract's examples show them."""
    if cents is None:
        return None
    return cents // 100 if cents % 100 == 0 else cents / 100
