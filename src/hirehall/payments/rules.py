"""The simulated card processor (decision D38): Stripe's test numbers and what each does.
No other number is accepted, so a real card number is never taken, let alone kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from hirehall.core.errors import BadRequest


class Behaviour(StrEnum):
    SUCCEEDS = "succeeds"
    DECLINED = "card_declined"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    # Attaches as a card on file, but every charge fails (declined).
    ATTACH_THEN_FAIL = "attach_then_fail"


TEST_CARDS: dict[str, Behaviour] = {
    "4242424242424242": Behaviour.SUCCEEDS,
    "4000000000000002": Behaviour.DECLINED,
    "4000000000009995": Behaviour.INSUFFICIENT_FUNDS,
    "4000000000000341": Behaviour.ATTACH_THEN_FAIL,
}
_SEPARATORS = re.compile(r"[\s-]+")


@dataclass(frozen=True)
class TestCard:
    brand: str
    last4: str
    behaviour: Behaviour


def parse_card(number: str, field: str = "card") -> TestCard:
    """A test number (spaces and dashes allowed between digits), else a 400 on `field`."""
    digits = _SEPARATORS.sub("", number.strip()) if isinstance(number, str) else ""
    behaviour = TEST_CARDS.get(digits)
    if behaviour is None:
        raise BadRequest(
            "Unknown card number: this sandbox takes only its test cards "
            f"({', '.join(TEST_CARDS)}).",
            {"field": field, "supportedCards": list(TEST_CARDS)},
        )
    return TestCard(brand="visa", last4=digits[-4:], behaviour=behaviour)


def attach_failure(behaviour: Behaviour | str) -> str | None:
    """Why a card cannot be put on file: a declined card is refused when attached (as the card
    networks' check refuses it); a card without funds is a valid card and attaches."""
    return Behaviour.DECLINED.value if behaviour == Behaviour.DECLINED else None


def charge_failure(behaviour: Behaviour | str) -> str | None:
    """Why a charge on this card fails (None: it succeeds)."""
    if behaviour == Behaviour.SUCCEEDS:
        return None
    if behaviour == Behaviour.INSUFFICIENT_FUNDS:
        return Behaviour.INSUFFICIENT_FUNDS.value
    return Behaviour.DECLINED.value


def brand_label(brand: str) -> str:
    return {"visa": "Visa"}.get(brand, brand.title())
