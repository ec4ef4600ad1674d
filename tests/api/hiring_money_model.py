"""The model of the hiring money rules that tests/api/test_money_hiring_stateful.py checks the
server against (D35-D38): organizations' credits, proposals, contracts, milestones and
approvals as the rules say they must be, and what the public ledger must show for each
milestone. Pure Python: no request is made here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

HOUR = 3600
LIFETIME = 72 * HOUR  # an approval's life (D36)
INITIATION = 995  # the hire's first funding (D37)
HOLDING = ("ACTIVE_FUNDED", "PENDING_APPROVAL")
HIRE, FUND, RELEASE, END = "proposal_hire", "milestone_fund", "milestone_approve", "contract_end"


def fee(cents: int) -> int:
    """10% rounded half-up to the cent (D37), written differently from the server's."""
    whole, rest = divmod(cents * 10, 100)
    return whole + (1 if rest >= 50 else 0)


@dataclass(eq=False)
class Org:
    id: str
    headers: dict[str, str]
    hiring: Any  # its tests.api.hiring_helpers.Hiring: the employer, for more proposals
    available: int = 0
    reserved: int = 0


@dataclass(eq=False)
class Proposal:
    id: str
    org: Org
    hired: bool = False


@dataclass(eq=False)
class Contract:
    id: str
    org: Org
    active: bool = True
    milestones: list[Milestone] = field(default_factory=list)


@dataclass(eq=False)
class Milestone:
    id: str
    contract: Contract
    amount: int
    first: bool  # milestone 1 of a hire: its funding adds the initiation fee
    status: str = "NOT_FUNDED"

    @property
    def held(self) -> int:
        return self.amount + fee(self.amount)

    @property
    def charge(self) -> int:
        return self.held + (INITIATION if self.first else 0)

    def ledger(self) -> Counter[tuple[str, int]]:
        """The (type, amountCents) entries the public ledger must carry for it."""
        if self.status in ("NOT_FUNDED", "CANCELLED"):
            return Counter()
        entries = Counter({("HOLD", -self.held): 1})
        if self.first:
            entries[("CAPTURE", -INITIATION)] += 1
        if self.status == "PAID":
            entries[("CAPTURE", -self.held)] += 1
        if self.status == "REFUNDED":
            entries[("HOLD_RELEASE", self.held)] += 1
        return entries

    @property
    def hold(self) -> int:
        """What reserved credits hold for it: funded, not yet released or refunded."""
        return self.held if self.status in HOLDING else 0


@dataclass(eq=False)
class Approval:
    id: str
    kind: str
    org: Org
    created: int
    status: str = "pending"  # as stored; `seen` applies the clock
    proposal: Proposal | None = None
    amount: int = 0  # a hire's milestone amount
    milestone: Milestone | None = None
    contract: Contract | None = None
    superseded_by: str | None = None

    def seen(self, now: int) -> str:
        if self.status == "pending" and now >= self.created + LIFETIME:
            return "expired"
        return self.status

    @property
    def subject(self) -> tuple[str, str]:
        target = self.proposal or self.milestone or self.contract
        assert target is not None
        return self.kind, target.id

    @property
    def debits(self) -> int:
        """Credits a confirmation takes from available (hire and fund), else 0."""
        if self.kind == HIRE:
            return self.amount + fee(self.amount) + INITIATION
        if self.kind == FUND:
            assert self.milestone is not None
            return self.milestone.charge
        return 0


def refusal(approval: Approval) -> str | None:
    """The 409 reason a confirmation of the pending `approval` gets before any money is
    looked at, or None (the checks of contracts/execution.py, in their order)."""
    if approval.kind == HIRE:
        assert approval.proposal is not None
        return "already_accepted" if approval.proposal.hired else None
    if approval.kind == END:
        assert approval.contract is not None
        return None if approval.contract.active else "contract_ended"
    milestone = approval.milestone
    assert milestone is not None
    if not milestone.contract.active:
        return "contract_ended"
    if approval.kind == FUND:
        return None if milestone.status == "NOT_FUNDED" else "milestone_not_fundable"
    return release_refusal(milestone)


def release_refusal(milestone: Milestone) -> str | None:
    if milestone.status == "PAID":
        return "milestone_already_paid"
    return None if milestone.status in HOLDING else "milestone_not_funded"


def short_of_money(source: str | None) -> str:
    """The reason when credits do not cover a funding and there is no card on file:
    `paymentSource: "credits"` names the credits (admin-api.md), the default names the missing
    payment method (D35)."""
    return "insufficient_credits" if source == "credits" else "payment_method_required"


def by_milestone(entries: list[dict[str, Any]]) -> dict[str | None, Counter[tuple[str, int]]]:
    """(type, amountCents) of public ledger entries, by milestone; adjustments left out."""
    found: dict[str | None, Counter[tuple[str, int]]] = {}
    for e in entries:
        if e["type"] != "ADJUSTMENT":
            found.setdefault(e["milestoneId"], Counter())[(e["type"], e["amountCents"])] += 1
    return found


def end_contract(contract: Contract) -> None:
    """Refunds what is held (back to available), cancels what is not funded (D38)."""
    org = contract.org
    for milestone in contract.milestones:
        if milestone.status in HOLDING:
            org.reserved -= milestone.held
            org.available += milestone.held
            milestone.status = "REFUNDED"
        elif milestone.status == "NOT_FUNDED":
            milestone.status = "CANCELLED"
    contract.active = False


def execute(approval: Approval, answer: dict[str, Any]) -> Contract | None:
    """Applies a confirmed approval; for a hire, returns the new contract (ids from the
    server's answer)."""
    org = approval.org
    if approval.kind == HIRE:
        assert approval.proposal is not None
        approval.proposal.hired = True
        contract = Contract(answer["contractId"], org)
        first = Milestone(answer["milestoneId"], contract, approval.amount, first=True)
        contract.milestones.append(first)
        org.available -= first.charge
        org.reserved += first.held
        first.status = "ACTIVE_FUNDED"
        return contract
    if approval.kind == END:
        assert approval.contract is not None
        end_contract(approval.contract)
        return None
    milestone = approval.milestone
    assert milestone is not None
    if approval.kind == FUND:
        org.available -= milestone.charge
        org.reserved += milestone.held
        milestone.status = "ACTIVE_FUNDED"
    else:
        org.reserved -= milestone.held
        milestone.status = "PAID"
    return None


@dataclass
class World:
    """Everything the machine made, as the rules say it must be now (`now`: seconds the
    server clock moved since the reset)."""

    now: int = 0
    orgs: list[Org] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    approvals: list[Approval] = field(default_factory=list)

    def live(self, subject: tuple[str, str]) -> Approval | None:
        """The stored-pending approval of a subject (at most one: its live key)."""
        pending = [a for a in self.approvals if a.status == "pending" and a.subject == subject]
        assert len(pending) <= 1, pending
        return pending[0] if pending else None

    def requested(self, wanted: Approval, shown_id: str) -> Approval:
        """The approval a granted request answers with: the subject's live one when its
        terms are the same, else `wanted`, new, superseding it (D35, D36). A live one past
        its expiry is stored expired by the request first."""
        live = self.live(wanted.subject)
        if live is not None and live.seen(self.now) == "expired":
            live.status, live = "expired", None
        if live is not None and (wanted.kind != HIRE or live.amount == wanted.amount):
            return live
        if live is not None:
            live.status, live.superseded_by = "expired", shown_id
        wanted.id = shown_id
        self.approvals.append(wanted)
        return wanted

    def lapsed(self) -> list[Approval]:
        """Stored pending, past their expiry: what the worker's next pass expires."""
        return [
            a for a in self.approvals if a.status == "pending" and a.seen(self.now) != "pending"
        ]

    def racing(self) -> list[list[Approval]]:
        """Per organization with two or more: its pending hire and fund approvals that only
        money could refuse."""
        by_org: dict[int, list[Approval]] = {}
        for a in self.approvals:
            if a.debits and a.seen(self.now) == "pending" and refusal(a) is None:
                by_org.setdefault(id(a.org), []).append(a)
        return [found for found in by_org.values() if len(found) >= 2]

    def milestones_of(self, org: Org) -> list[Milestone]:
        return [m for c in self.contracts if c.org is org for m in c.milestones]
