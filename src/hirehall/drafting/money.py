"""Pay-rate extraction from free text: amount, currency and what the amount is paid for.

Prices in drafts are USD numbers (D13).  hirehall has no exchange rates (no network, and a
stale table would quietly misprice jobs), so an amount in another currency is kept as
written, flagged in ``warnings`` and listed in ``lowConfidenceFields`` for the agent to
confirm.  A range ("$15-20/hr") yields its lower bound -- the rate the employer has
committed to -- and the range is noted in ``warnings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PREFIX = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "r$": "BRL",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "₹": "INR",
    "inr": "INR",
    "rs": "INR",
    "rs.": "INR",
    "cad": "CAD",
    "c$": "CAD",
    "aud": "AUD",
    "a$": "AUD",
    "¥": "JPY",
    "jpy": "JPY",
}
_SUFFIX = {
    "usd": "USD",
    "dollars": "USD",
    "cents": "USD_CENTS",
    "eur": "EUR",
    "euros": "EUR",
    "gbp": "GBP",
    "pounds": "GBP",
    "inr": "INR",
    "rupees": "INR",
    "brl": "BRL",
    "reais": "BRL",
}
_PREFIX_RE = "|".join(re.escape(p) for p in sorted(_PREFIX, key=len, reverse=True))
_SUFFIX_RE = "|".join(sorted(_SUFFIX, key=len, reverse=True))
AMOUNT_RE = re.compile(
    rf"(?<![\w$])(?P<cur>{_PREFIX_RE})\s?(?P<a>{_NUM})(?P<mult>\s?[kKmM]\b)?"
    rf"(?:\s?(?:-|\u2013|to)\s?(?:{_PREFIX_RE})?\s?(?P<b>{_NUM}))?"
    rf"|(?<![\w.$])(?P<a2>{_NUM})(?:\s?(?:-|\u2013|to)\s?(?P<b2>{_NUM}))?\s?(?P<suf>{_SUFFIX_RE})\b",
    re.IGNORECASE,
)
_LABEL_UNITS = (
    r"label|image|photo|task|item|clip|video|word|comment|comparison|page|pair|session"
    r"|annotation|transcript|review|recording|minute|prompt|conversation|post|frame|file"
    r"|document|sentence|response|question|submission|participant"
)
_HOUR_AFTER = re.compile(r"^\s*(?:/\s*(?:hour|hr|h)\b|per (?:hour|hr)\b|an hour|hourly)", re.I)
_MEDIA_HOUR_AFTER = re.compile(
    r"^\s*per (?:(?:audio|video|recorded) (?:hour|minute)"
    r"|(?:hour|minute) of (?:audio|video|recording|speech|footage))",
    re.I,
)
# Time spans and people are not units of work: "$300 per week" and "$500 per person" say
# nothing about per-label pay. Any other unit ("per scan", "per tweet") is one.
_NOT_UNITS = r"(?:hour|hr|day|week|month|year|person|head|annotator|worker|month)s?\b"
_LABEL_AFTER = re.compile(
    rf"^\s*(?:/\s*(?:{_LABEL_UNITS})|per (?:[\w-]+ ){{0,2}}(?:{_LABEL_UNITS})s?\b"
    rf"|per (?!{_NOT_UNITS})[a-z][a-z-]+\b|each\b)",
    re.I,
)
_FIXED_AFTER = re.compile(r"^\s*(?:fixed|flat|total|for the (?:full|whole|entire))", re.I)
_FIXED_BEFORE = re.compile(r"(?:fixed|\bflat\b|budget|total)[^.$€£]{0,20}$", re.I)
_HOUR_BEFORE = re.compile(r"hourly[^.]{0,12}$", re.I)
_LABEL_BEFORE = re.compile(r"per (?:label|task|item|image)[^.]{0,12}$", re.I)

PAY_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("PAY_PER_HOUR", re.compile(r"\bhourly\b|\bper hour\b", re.I)),
    ("PAY_PER_LABEL", re.compile(r"\bper (?:label|task|item|image|annotation)\b", re.I)),
    ("FIXED_PRICE", re.compile(r"fixed[- ]price|flat fee|fixed budget", re.I)),
)


@dataclass(frozen=True, slots=True)
class Pay:
    payment_type: str
    amount: float
    currency: str
    range_text: str | None
    text: str


def _number(raw: str) -> float:
    return float(raw.replace(",", ""))


def _classify(text: str, start: int, end: int) -> str | None:
    after, before = text[end : end + 40], text[max(0, start - 40) : start]
    if _MEDIA_HOUR_AFTER.match(after):
        return "PAY_PER_LABEL"  # paid per unit of media, not per hour worked
    if _HOUR_AFTER.match(after):
        return "PAY_PER_HOUR"
    if _LABEL_AFTER.match(after):
        return "PAY_PER_LABEL"
    if _FIXED_AFTER.match(after):
        return "FIXED_PRICE"
    for payment_type, pattern in (
        ("PAY_PER_HOUR", _HOUR_BEFORE),
        ("PAY_PER_LABEL", _LABEL_BEFORE),
        ("FIXED_PRICE", _FIXED_BEFORE),
    ):
        if pattern.search(before):
            return payment_type
    return None


def _pay_from_match(text: str, match: re.Match[str]) -> Pay | None:
    if match.group("mult"):
        return None  # "$4M seed round": company figures, never a pay rate
    payment_type = _classify(text, match.start(), match.end())
    if payment_type is None:
        return None
    low = match.group("a") or match.group("a2")
    high = match.group("b") or match.group("b2")
    if match.group("cur"):
        currency = _PREFIX[match.group("cur").lower()]
    else:
        currency = _SUFFIX[match.group("suf").lower()]
    amount = _number(low)
    if currency == "USD_CENTS":
        currency, amount = "USD", amount / 100
    range_text = f"{low}-{high}" if high else None
    return Pay(payment_type, round(amount, 4), currency, range_text, match.group(0))


def find_pay(text: str) -> tuple[Pay | None, list[str]]:
    """The first amount with a recognisable pay unit, and the other amounts left unused."""
    chosen: Pay | None = None
    unused: list[str] = []
    for match in AMOUNT_RE.finditer(text):
        pay = _pay_from_match(text, match)
        if pay is not None and chosen is None:
            chosen = pay
        else:
            unused.append(match.group(0))
    return chosen, unused


def payment_type_from_words(text: str) -> str | None:
    for payment_type, pattern in PAY_WORDS:
        if pattern.search(text):
            return payment_type
    return None
