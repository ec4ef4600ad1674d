"""SQL of the public job board: full-text search, facets and the change feed.

Search runs in the database's own text index: SQLite's FTS5 table `jobs_fts` and
PostgreSQL's GIN-indexed `jobs.search_vector` (both made by the job_board migration).
A page is found in two steps -- ids in the board's order, then the rows of just that page --
so sorting many matches never drags long descriptions along.

On SQLite the filters are written `+jobs.rowid IN (...)`: the unary plus stops the planner
from driving the query from the matches (then sorting all of them, ~60 ms for a word found
in 100,000 jobs); it walks the board index newest first instead, probing sets built once,
and stops at LIMIT (worst case, no match at all: ~10 ms). See bench/job_search.py.

On PostgreSQL the planner has to guess how many jobs match, and guesses badly for a word
missing from its statistics (500 rows, whatever the word) and for correlated filters
(language and country), then walks the whole board for matches that are not there (70-160
ms). So a filtered search never leaves the choice to it: first it walks only the newest
`_WINDOW` jobs of the board (bounded, whatever the filters), which is enough whenever matches
are common; when that window holds fewer than a page of matches, matches are rare, and it
takes them from the GIN indexes (text and `board_facets` combined) in a MATERIALIZED CTE the
planner cannot turn back into a walk, and sorts them. Both steps have the same WHERE and
ORDER BY, so the page is the same as one plain query would give."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Text,
    and_,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnClause

from hirehall.db.models import Job, JobEvent, JobFacet, Organization
from hirehall.db.types import Record

OPEN = "OPEN"
# Newest board rows a PostgreSQL search checks before asking the indexes (~4 ms to walk):
# a search whose matches are at least 1 in 150 jobs fills a 25-job page within it.
_WINDOW = 4000
_FTS = table("jobs_fts", column("rowid"))
# PostgreSQL-only columns, made by the migrations rather than the model.
_PG_TEXT: ColumnClause[Any] = literal_column("jobs.search_vector")
_PG_FACETS: ColumnClause[Any] = literal_column("jobs.board_facets", ARRAY(Text))
_BOARD_ROWS = select(*Job.__table__.c, Organization.name.label("company_name")).join(
    Organization, Organization.id == Job.organization_id
)


def _text_match(terms: Sequence[str]) -> Any:
    """SQLite: every term must match (AND), stemmed, in the title or the description."""
    # Each term quoted as an FTS5 string, so operators and punctuation in `q` are inert.
    match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
    matching = select(_FTS.c.rowid).where(literal_column("jobs_fts").op("MATCH")(match))
    return literal_column("+jobs.rowid").in_(matching)


def _has_facet(facet: str, value: str) -> Any:
    same = (JobFacet.facet == facet, JobFacet.value == value)
    return literal_column("+jobs.id").in_(select(JobFacet.job_id).where(*same))


def _keyset(after: tuple[datetime, str] | None) -> list[Any]:
    if after is None:
        return []
    published_at, job_id = after
    return [
        or_(
            Job.published_at < published_at,
            and_(Job.published_at == published_at, Job.id < job_id),
        )
    ]


async def search(
    conn: AsyncConnection,
    *,
    terms: Sequence[str],
    facets: Sequence[tuple[str, str]],
    after: tuple[datetime, str] | None,
    limit: int,
) -> list[Record]:
    """OPEN jobs matching every term and facet, newest published first, after the keyset."""
    if conn.dialect.name == "postgresql":
        ids = await _pg_search_ids(conn, terms, facets, after, limit)
    else:
        stmt = select(Job.id).where(Job.status == OPEN, *_keyset(after))
        if terms:
            stmt = stmt.where(_text_match(terms))
        for facet, value in facets:
            stmt = stmt.where(_has_facet(facet, value))
        stmt = stmt.order_by(Job.published_at.desc(), Job.id.desc()).limit(limit)
        ids = list((await conn.execute(stmt)).scalars())
    if not ids:
        return []
    rows = {row.id: row for row in await conn.execute(_BOARD_ROWS.where(Job.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


async def _pg_search_ids(
    conn: AsyncConnection,
    terms: Sequence[str],
    facets: Sequence[tuple[str, str]],
    after: tuple[datetime, str] | None,
    limit: int,
) -> list[str]:
    board = [Job.status == OPEN]
    if after is not None:
        # A row comparison is a range of the board index (the OR form is a filter on it,
        # read from the newest job down to the cursor: 75 ms at 90,000 jobs deep).
        board.append(tuple_(Job.published_at, Job.id) < tuple_(*after))
    order = (Job.published_at.desc(), Job.id.desc())
    if not terms and not facets:
        stmt = select(Job.id).where(*board).order_by(*order).limit(limit)
        return list((await conn.execute(stmt)).scalars())
    window = (
        select(
            Job.id,
            Job.published_at,
            _PG_TEXT.label("search_vector"),
            _PG_FACETS.label("board_facets"),
        )
        .where(*board)
        .order_by(*order)
        .limit(_WINDOW)
        .subquery("window")
    )
    walk = (
        select(window.c.id)
        .where(*_pg_match(window.c.search_vector, window.c.board_facets, terms, facets))
        .order_by(window.c.published_at.desc(), window.c.id.desc())
        .limit(limit)
    )
    ids = list((await conn.execute(walk)).scalars())
    if len(ids) == limit:
        return ids
    found = (
        select(Job.id, Job.published_at)
        .where(*board, *_pg_match(_PG_TEXT, _PG_FACETS, terms, facets))
        .cte("found")
        .prefix_with("MATERIALIZED")
    )
    rare = select(found.c.id).order_by(found.c.published_at.desc(), found.c.id.desc()).limit(limit)
    return list((await conn.execute(rare)).scalars())


def _pg_match(
    search_vector: Any, board_facets: Any, terms: Sequence[str], facets: Sequence[tuple[str, str]]
) -> list[Any]:
    match = []
    if terms:
        match.append(search_vector.op("@@")(func.plainto_tsquery("english", " ".join(terms))))
    if facets:
        wanted = [f"{facet}={value}" for facet, value in facets]
        match.append(board_facets.op("@>")(literal(wanted, ARRAY(Text))))
    return match


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
