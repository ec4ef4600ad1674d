"""board search speed: the job's board facets on the jobs row (PostgreSQL)

Revision ID: 0005_board_search
Revises: 0004_merge
Create Date: 2026-11-27 03:00:00

PostgreSQL only. `jobs.board_facets` holds the job's `job_facets` rows as 'facet=value'
strings, under a GIN index, so a search filters text and facets on one table: the GIN
bitmaps of both combine (BitmapAnd) when matches are few, and a walk down the board index
checks them on the row it already read, without one `job_facets` probe per row. Statement
triggers on `job_facets` keep it, so no write path can forget it. SQLite needs none of it:
its planner handles the filters well (see board_repository.py).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_board_search"
down_revision: str | None = "0004_merge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Recomputed from job_facets for every job a statement touched: statement-level (one UPDATE
# per INSERT/DELETE, not one per facet row). job_facets rows are never updated (every column
# is in the primary key), and TRUNCATE is used only by the sandbox reset, which truncates jobs.
_SYNC = """
CREATE FUNCTION jobs_board_facets_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE jobs SET board_facets = ARRAY(
        SELECT f.facet || '=' || f.value FROM job_facets f WHERE f.job_id = jobs.id
    )
    WHERE jobs.id IN (SELECT DISTINCT job_id FROM changed);
    RETURN NULL;
END $$
"""
_PG_UP = [
    "ALTER TABLE jobs ADD COLUMN board_facets text[] NOT NULL DEFAULT '{}'",
    "UPDATE jobs SET board_facets = f.pairs FROM (SELECT job_id, "
    "array_agg(facet || '=' || value) AS pairs FROM job_facets GROUP BY job_id) AS f "
    "WHERE f.job_id = jobs.id",
    "CREATE INDEX ix_jobs_board_facets ON jobs USING gin (board_facets)",
    _SYNC,
    "CREATE TRIGGER job_facets_sync_ai AFTER INSERT ON job_facets "
    "REFERENCING NEW TABLE AS changed FOR EACH STATEMENT "
    "EXECUTE FUNCTION jobs_board_facets_sync()",
    "CREATE TRIGGER job_facets_sync_ad AFTER DELETE ON job_facets "
    "REFERENCING OLD TABLE AS changed FOR EACH STATEMENT "
    "EXECUTE FUNCTION jobs_board_facets_sync()",
]
_PG_DOWN = [
    "DROP TRIGGER IF EXISTS job_facets_sync_ad ON job_facets",
    "DROP TRIGGER IF EXISTS job_facets_sync_ai ON job_facets",
    "DROP FUNCTION IF EXISTS jobs_board_facets_sync()",
    "DROP INDEX IF EXISTS ix_jobs_board_facets",
    "ALTER TABLE jobs DROP COLUMN IF EXISTS board_facets",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _PG_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _PG_DOWN:
            op.execute(statement)
