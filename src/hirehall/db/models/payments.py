"""Cards on file, top-ups and invoices (decision D38). A card is kept as brand, last four
digits and the simulated behaviour of its test number, never the full number."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hirehall.db.base import Base
from hirehall.db.types import UTCDateTime

ID = String(26)


class PaymentCard(Base):
    """The organization's card on file (one at most: adding another replaces it)."""

    __tablename__ = "payment_cards"

    organization_id: Mapped[str] = mapped_column(
        ID, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    brand: Mapped[str] = mapped_column(String(16))
    last4: Mapped[str] = mapped_column(String(4))
    behaviour: Mapped[str] = mapped_column(String(32))  # succeeds | insufficient_funds | ...
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TopUp(Base):
    __tablename__ = "top_ups"
    __table_args__ = (
        Index("ix_top_ups_organization_id_id", "organization_id", "id"),
        # The worker's expiry: pending top-ups by due time.
        Index("ix_top_ups_status_expires_at", "status", "expires_at"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    organization_id: Mapped[str] = mapped_column(
        ID, ForeignKey("organizations.id", ondelete="CASCADE")
    )
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))  # PENDING | COMPLETED | EXPIRED
    # The checkout link's secret, as a keyed hash (core/hashing.py).
    secret_hash: Mapped[str] = mapped_column(String(64))
    payment_intent_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    ledger_entry_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = (Index("ix_invoices_organization_id_status", "organization_id", "status"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    organization_id: Mapped[str] = mapped_column(
        ID, ForeignKey("organizations.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(16))  # FUNDING
    status: Mapped[str] = mapped_column(String(24))  # PAID | PENDING_FUNDING | VOID
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    contract_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    milestone_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    job_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    job_title: Mapped[str | None] = mapped_column(String(300), nullable=True)
    milestone_name: Mapped[str | None] = mapped_column(String(300), nullable=True)
    payment_intent_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class PaymentCounter(Base):
    """Named counters taken with one `UPDATE ... RETURNING` (invoice numbers)."""

    __tablename__ = "payment_counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
