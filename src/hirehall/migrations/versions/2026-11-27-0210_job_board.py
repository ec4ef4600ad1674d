"""job board: draft idempotency, job events, facets and full-text search

Revision ID: 0003_job_board
Revises: 0001_initial
Create Date: 2026-11-27 02:10:00

Columns are added with plain ALTER TABLE (no batch rebuild): rebuilding `jobs` on SQLite
would drop and re-create a table other tables reference. Search is dialect-specific:
SQLite gets an external-content FTS5 table kept in sync by triggers, PostgreSQL a generated
tsvector column with a GIN index. Both are maintained by the database itself, so no write
path can forget them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_job_board"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_FTS = [
    # porter + unicode61 roughly matches PostgreSQL's 'english' configuration (stemming,
    # case and accent folding), so the same query finds the same jobs on both engines.
    "CREATE VIRTUAL TABLE jobs_fts USING fts5(title, description, content='jobs', "
    "content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER jobs_fts_ai AFTER INSERT ON jobs BEGIN "
    "INSERT INTO jobs_fts(rowid, title, description) "
    "VALUES (new.rowid, new.title, new.description); END",
    "CREATE TRIGGER jobs_fts_ad AFTER DELETE ON jobs BEGIN "
    "INSERT INTO jobs_fts(jobs_fts, rowid, title, description) "
    "VALUES ('delete', old.rowid, old.title, old.description); END",
    "CREATE TRIGGER jobs_fts_au AFTER UPDATE OF title, description ON jobs BEGIN "
    "INSERT INTO jobs_fts(jobs_fts, rowid, title, description) "
    "VALUES ('delete', old.rowid, old.title, old.description); "
    "INSERT INTO jobs_fts(rowid, title, description) "
    "VALUES (new.rowid, new.title, new.description); END",
    "INSERT INTO jobs_fts(jobs_fts) VALUES ('rebuild')",
]
_PG_FTS = [
    "ALTER TABLE jobs ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(title, '') || ' ' || coalesce(description, ''))) STORED",
    "CREATE INDEX ix_jobs_search_vector ON jobs USING gin (search_vector)",
]


def upgrade() -> None:
    op.add_column("jobs", sa.Column("idempotency_key", sa.String(length=200), nullable=True))
    op.add_column("jobs", sa.Column("external_id", sa.String(length=200), nullable=True))
    op.add_column("jobs", sa.Column("import_report", sa.JSON(), nullable=True))
    op.create_index(
        "uq_jobs_organization_id_idempotency_key",
        "jobs",
        ["organization_id", "idempotency_key"],
        unique=True,
    )
    op.create_index("ix_jobs_status_published_at_id", "jobs", ["status", "published_at", "id"])
    op.create_table(
        "job_events",
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column("job_id", sa.String(length=26), nullable=False),
        sa.Column("organization_id", sa.String(length=26), nullable=False),
        sa.Column("event_type", sa.String(length=16), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_events_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_events")),
    )
    op.create_index("ix_job_events_occurred_at", "job_events", ["occurred_at"])
    op.create_index(
        "ix_job_events_org_type_occurred_at",
        "job_events",
        ["organization_id", "event_type", "occurred_at"],
    )
    op.create_index("ix_job_events_job_id", "job_events", ["job_id"])
    op.create_table(
        "job_facets",
        sa.Column("facet", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=120), nullable=False),
        sa.Column("job_id", sa.String(length=26), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_facets_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("facet", "value", "job_id", name=op.f("pk_job_facets")),
    )
    op.create_index("ix_job_facets_job_id", "job_facets", ["job_id"])
    for statement in _SQLITE_FTS if op.get_bind().dialect.name == "sqlite" else _PG_FTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("jobs_fts_au", "jobs_fts_ad", "jobs_fts_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS jobs_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_jobs_search_vector")
        op.execute("ALTER TABLE jobs DROP COLUMN IF EXISTS search_vector")
    op.drop_index("ix_job_facets_job_id", table_name="job_facets")
    op.drop_table("job_facets")
    op.drop_index("ix_job_events_job_id", table_name="job_events")
    op.drop_index("ix_job_events_org_type_occurred_at", table_name="job_events")
    op.drop_index("ix_job_events_occurred_at", table_name="job_events")
    op.drop_table("job_events")
    op.drop_index("ix_jobs_status_published_at_id", table_name="jobs")
    op.drop_index("uq_jobs_organization_id_idempotency_key", table_name="jobs")
    for column in ("import_report", "external_id", "idempotency_key"):
        op.drop_column("jobs", column)
