"""merge the agent-auth and job-board branches

Revision ID: 0004_merge
Revises: 0002_agent_auth, 0003_job_board
Create Date: 2026-11-27 02:30:00
"""

from collections.abc import Sequence

revision: str = "0004_merge"
down_revision: str | Sequence[str] | None = ("0002_agent_auth", "0003_job_board")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
