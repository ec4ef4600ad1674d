"""Publish-time moderation of job text (spec 2.4.6 and 2.4.8).

Blocks what would take the relationship off the platform -- contact details and payment
outside it -- and an operator-configured list of prohibited terms.  Each rule has a stable
reason code that ends up in ``details.reasons``.  The patterns are deliberately narrow:
prices ("$0.05"), counts ("10,000 labels"), years and version numbers must never block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

REASON_CODES = (
    "contact_email",
    "contact_phone",
    "contact_handle",
    "off_platform_payment",
    "prohibited_term",
)
_EMAIL = re.compile(
    r"[\w.+-]+\s*(?:@|\(at\)|\[at\]|\sat\s)\s*[\w-]+(?:\.|\s*\(dot\)\s*|\s+dot\s+)(?:com|net|org|io|ai|co|[a-z]{2})\b",
    re.I,
)
# A phone number: 9+ digits in groups, optionally with a leading "+" or a parenthesised
# area code.  Group separators must be spaces, dots or dashes -- never commas -- so counts
# like "10,000,000" and prices never match; a leading "+" or "(" or a keyword is required
# for shorter runs so "2024-2025" and version strings do not either.
_PHONE = re.compile(
    r"(?:\+\d{1,3}[\s.-]?)(?:\(?\d{2,4}\)?[\s.-]?){2,4}\d{2,4}"
    r"|\(\d{3}\)\s?\d{3}[\s.-]\d{4}"
    r"|(?:call|text|phone|tel|whatsapp|mobile|cell)\W{0,3}(?:me\W{0,3}(?:at|on)\W{0,3})?\d[\d\s.-]{7,}\d",
    re.I,
)
# A messaging app name alone is fine ("Discord server messages", "signal processing");
# it needs a handle after a separator ("Telegram: @x", "skype id live:x") to block.
_HANDLE = re.compile(
    r"\b(?:telegram|whatsapp|discord|skype|signal|wechat|kik|snapchat)"
    r"(?:\s+(?:handle|id|username|user|name|number)\s*:?\s*|\s*(?::|\bis\b|@)\s*)@?[\w.#:+-]{3,}"
    r"|(?:t\.me|wa\.me|discord\.gg)/\w+"
    r"|(?:contact|message|reach|dm|add|find)\s+(?:me|us)\s+(?:on|at|via)\s+"
    r"(?:telegram|whatsapp|discord|skype|signal|wechat)",
    re.I,
)
_OFF_PLATFORM = re.compile(
    r"\b(?:pay|paid|payment|payments|send|transfer|invoice)\b[^.\n]{0,40}"
    r"\b(?:paypal|venmo|zelle|cash\s?app|western union|crypto\w*|bitcoin|btc|usdt|eth"
    r"|wire transfer|bank transfer|gift cards?)\b"
    r"|\b(?:paypal|venmo|zelle|cash\s?app|bitcoin|usdt|wire transfer|bank transfer|crypto)\b"
    r"[^.\n]{0,30}\b(?:pay|paid|payment)\b"
    r"|\bpay (?:you|me) directly\b"
    r"|\boutside (?:of )?(?:the |this )?(?:platform|opentrain|hirehall)\b"
    r"|\boff[- ]platform\b",
    re.I,
)


def _terms_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    cleaned = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(t) for t in cleaned)})(?!\w)", re.I)


def moderate(text_fields: dict[str, str], prohibited_terms: list[str]) -> dict[str, object]:
    """``{"decision": "ALLOW"|"BLOCK", "reasons": [codes]}`` over every text field."""
    text = "\n".join(v for v in text_fields.values() if isinstance(v, str))
    checks: list[tuple[str, re.Pattern[str] | None]] = [
        ("contact_email", _EMAIL),
        ("contact_phone", _PHONE),
        ("contact_handle", _HANDLE),
        ("off_platform_payment", _OFF_PLATFORM),
        ("prohibited_term", _terms_pattern(prohibited_terms)),
    ]
    reasons = [code for code, pattern in checks if pattern is not None and pattern.search(text)]
    return {"decision": "BLOCK" if reasons else "ALLOW", "reasons": reasons}
