"""messaging: conversations and messages

Revision ID: 0009_messaging
Revises: 0008_proposal_lifecycle
Create Date: 2026-11-30 06:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_messaging"
down_revision: str | None = "0008_proposal_lifecycle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.String(length=26)


def _counter(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", _ID, nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("bucket", sa.String(length=16), nullable=False),
        sa.Column("organization_id", _ID, nullable=False),
        sa.Column("freelancer_user_id", _ID, nullable=False),
        sa.Column("proposal_id", _ID, nullable=True),
        sa.Column("job_id", _ID, nullable=True),
        sa.Column("read_only", sa.Boolean(), nullable=False),
        sa.Column("activity_key", _ID, nullable=False),
        _counter("message_count"),
        sa.Column("last_message_id", _ID, nullable=True),
        _counter("employer_read_seq"),
        _counter("trainer_read_seq"),
        _counter("employer_last_seq"),
        _counter("trainer_last_seq"),
        _counter("employer_unread"),
        _counter("trainer_unread"),
        _counter("employer_needs_reply"),
        _counter("trainer_needs_reply"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_conversations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["freelancer_user_id"],
            ["users.id"],
            name=op.f("fk_conversations_freelancer_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_conversations_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.id"],
            name=op.f("fk_conversations_job_id_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
        sa.UniqueConstraint(
            "bucket", "proposal_id", name=op.f("uq_conversations_bucket_proposal_id")
        ),
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_conversations_organization_id_activity_key",
            ["organization_id", "activity_key"],
            unique=False,
        )
        batch_op.create_index(
            "ix_conversations_freelancer_user_id_activity_key",
            ["freelancer_user_id", "activity_key"],
            unique=False,
        )

    op.create_table(
        "messages",
        sa.Column("id", _ID, nullable=False),
        sa.Column("conversation_id", _ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sender_user_id", _ID, nullable=False),
        sa.Column("sender_side", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_messages_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_user_id"],
            ["users.id"],
            name=op.f("fk_messages_sender_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
        sa.UniqueConstraint("conversation_id", "seq", name=op.f("uq_messages_conversation_id_seq")),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_messages_sender_user_id_created_at",
            ["sender_user_id", "created_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_sender_user_id_created_at")
    op.drop_table("messages")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index("ix_conversations_freelancer_user_id_activity_key")
        batch_op.drop_index("ix_conversations_organization_id_activity_key")
    op.drop_table("conversations")
