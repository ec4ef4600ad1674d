"""SQL of the public job board: full-text search, facets and the change feed.

Search runs in the database's own text index: SQLite's FTS5 table `jobs_fts` and
PostgreSQL's GIN-indexed `jobs.search_vector` (both made by the job_board migration).
A page is found in two steps -- ids in the board's order, then the rows of just that page --
so sorting many matches never drags long descriptions along.

On SQLite the filters are written `+jobs.rowid IN (...)`: the unary plus stops the planner
from driving the query from the matches (then sorting all of them, ~60 ms for a word found
in 100,000 jobs); it walks the board index newest first instead, probing sets built once,
and stops at LIMIT (worst case, no match at all: ~10 ms). See bench/job_search.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, column, exists, func, literal_column, or_, select, table
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import Job, JobEvent, JobFacet, Organization
from hirehall.db.types import Record

OPEN = "OPEN"
_FTS = table("jobs_fts", column("rowid"))
_BOARD_ROWS = select(*Job.__table__.c, Organization.name.label("company_name")).join(
    Organization, Organization.id == Job.organization_id
)


def _text_match(dialect: str, terms: Sequence[str]) -> Any:
    """Every term must match (AND), stemmed, in the title or the description."""
    if dialect == "postgresql":
        query = func.plainto_tsquery("english", " ".join(terms))
        return literal_column("jobs.search_vector").op("@@")(query)
    # Each term quoted as an FTS5 string, so operators and punctuation in `q` are inert.
    match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
    matching = select(_FTS.c.rowid).where(literal_column("jobs_fts").op("MATCH")(match))
    return literal_column("+jobs.rowid").in_(matching)


def _has_facet(dialect: str, facet: str, value: str) -> Any:
    same = (JobFacet.facet == facet, JobFacet.value == value)
    if dialect == "postgresql":  # measured: a correlated EXISTS plans better than IN here
        return exists().where(JobFacet.job_id == Job.id, *same)
    return literal_column("+jobs.id").in_(select(JobFacet.job_id).where(*same))


async def search(
    conn: AsyncConnection,
    *,
    terms: Sequence[str],
    facets: Sequence[tuple[str, str]],
    after: tuple[datetime, str] | None,
    limit: int,
) -> list[Record]:
    """OPEN jobs matching every term and facet, newest published first, after the keyset."""
    stmt = select(Job.id).where(Job.status == OPEN)
    if terms:
        stmt = stmt.where(_text_match(conn.dialect.name, terms))
    for facet, value in facets:
        stmt = stmt.where(_has_facet(conn.dialect.name, facet, value))
    if after is not None:
        published_at, job_id = after
        stmt = stmt.where(
            or_(
                Job.published_at < published_at,
                and_(Job.published_at == published_at, Job.id < job_id),
            )
        )
    stmt = stmt.order_by(Job.published_at.desc(), Job.id.desc()).limit(limit)
    ids = list((await conn.execute(stmt)).scalars())
    if not ids:
        return []
    rows = {row.id: row for row in await conn.execute(_BOARD_ROWS.where(Job.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


async def open_count(conn: AsyncConnection) -> int:
    stmt = select(func.count()).select_from(Job).where(Job.status == OPEN)
    return int((await conn.execute(stmt)).scalar_one())


_FACET_COUNTS = (
    select(JobFacet.facet, JobFacet.value, func.count().label("n"))
    .group_by(JobFacet.facet, JobFacet.value)
    .order_by(func.count().desc(), JobFacet.value)
)


async def facet_counts(conn: AsyncConnection) -> list[Record]:
    """(facet, value, n) over OPEN jobs: facet rows exist only while a job is OPEN."""
    return list((await conn.execute(_FACET_COUNTS)).all())


async def changes(
    conn: AsyncConnection, since: datetime, until: datetime, cap: int
) -> list[Record]:
    """Each job's latest event in [since, until], oldest first, at most `cap` of them. Ids
    grow with time, so the greatest id is the latest event."""
    in_window = and_(JobEvent.occurred_at >= since, JobEvent.occurred_at <= until)
    latest = (
        select(func.max(JobEvent.id).label("id"))
        .where(in_window)
        .group_by(JobEvent.job_id)
        .subquery()
    )
    stmt = (
        select(JobEvent.job_id, JobEvent.event_type, JobEvent.occurred_at)
        .join(latest, latest.c.id == JobEvent.id)
        .order_by(JobEvent.occurred_at, JobEvent.id)
        .limit(cap)
    )
    return list((await conn.execute(stmt)).all())


async def get(conn: AsyncConnection, job_id: str) -> Record | None:
    return (await conn.execute(_BOARD_ROWS.where(Job.id == job_id))).first()
