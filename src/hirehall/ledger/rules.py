"""Pure rules of the books: accounts, postings, and how a journal transaction shows in an
organization's public ledger (decision D37)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Account(StrEnum):
    # Per organization: may never go below zero.
    CREDITS_AVAILABLE = "credits_available"
    CREDITS_RESERVED = "credits_reserved"
    # Platform-wide: may be negative (card clearing is money owed to us by the card network).
    ESCROW = "escrow"
    FEES = "fees"
    TRAINER_PAYABLE = "trainer_payable"
    CARD_CLEARING = "card_clearing"
    # Money paid out to trainers (trainer_payable -> payouts).
    PAYOUTS = "payouts"
    # The other side of the operator's credit adjustments.
    ADJUSTMENTS = "adjustments"


ORGANIZATION_ACCOUNTS = frozenset({Account.CREDITS_AVAILABLE, Account.CREDITS_RESERVED})
ENTRY_TYPES = ("TOP_UP", "HOLD", "HOLD_RELEASE", "CAPTURE", "REFUND", "ADJUSTMENT")


@dataclass(frozen=True)
class Posting:
    """`amount_cents` adds to the account's balance; the postings of one transaction sum to
    zero. `organization_id` is required for an organization's accounts, refused otherwise."""

    account: Account
    amount_cents: int
    organization_id: str | None = None


@dataclass(frozen=True)
class EntryRefs:
    proposal_id: str | None = None
    contract_id: str | None = None
    milestone_id: str | None = None
    top_up_id: str | None = None
    hold_entry_id: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Credits:
    available_cents: int
    reserved_cents: int


def account_key(posting: Posting) -> str:
    if posting.account in ORGANIZATION_ACCOUNTS:
        return f"{posting.account.value}:{posting.organization_id}"
    return posting.account.value


def check(entry_type: str | None, postings: Sequence[Posting]) -> list[Posting]:
    """The postings worth writing (zero amounts dropped), or ValueError for a transaction that
    is malformed: a programming error, never the caller's input."""
    kept = [p for p in postings if p.amount_cents != 0]
    if not kept:
        raise ValueError("a journal transaction needs at least one non-zero posting")
    if sum(p.amount_cents for p in kept) != 0:
        raise ValueError(f"postings do not sum to zero: {kept!r}")
    for p in kept:
        if not isinstance(p.amount_cents, int) or isinstance(p.amount_cents, bool):
            raise ValueError("amounts are integer cents")
        if (p.account in ORGANIZATION_ACCOUNTS) != (p.organization_id is not None):
            raise ValueError(f"organization_id is for credit accounts only: {p!r}")
    organizations = {p.organization_id for p in kept if p.organization_id is not None}
    if len(organizations) > 1:
        raise ValueError("one journal transaction touches one organization's credits at most")
    if entry_type is not None and entry_type not in ENTRY_TYPES:
        raise ValueError(f"unknown entry type {entry_type!r}")
    if (entry_type is None) != (not organizations):
        raise ValueError("a public entry type is for transactions touching credits, only")
    return kept


def public_amount(postings: Sequence[Posting]) -> int | None:
    """The entry's `amountCents`: the change of credits_available, or of credits_reserved when
    available did not change (the CAPTURE of a hold). None when no credits are touched."""
    available = sum(p.amount_cents for p in postings if p.account is Account.CREDITS_AVAILABLE)
    reserved = sum(p.amount_cents for p in postings if p.account is Account.CREDITS_RESERVED)
    if available:
        return available
    if reserved or any(p.account in ORGANIZATION_ACCOUNTS for p in postings):
        return reserved
    return None
