"""events: the append-only event log behind GET /updates (decision D34)

Revision ID: 0007_events
Revises: 0006_humans
Create Date: 2026-11-30 06:10:00

The id is one increasing integer sequence: BIGSERIAL on PostgreSQL, an INTEGER PRIMARY KEY
AUTOINCREMENT (the rowid, never reused) on SQLite.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_events"
down_revision: str | None = "0006_humans"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("organization_id", sa.String(length=26), nullable=False),
        sa.Column("event_type", sa.String(length=48), nullable=False),
        sa.Column("resource_id", sa.String(length=64), nullable=False),
        sa.Column("job_id", sa.String(length=26), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_events_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_events_organization_id_id", ["organization_id", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_organization_id_id")
    op.drop_table("events")
