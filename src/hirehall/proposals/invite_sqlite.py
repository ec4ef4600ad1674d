"""The invite's hot path on SQLite: the same reads and writes as the ordinary path, as plain
`sqlite3` statements run on the writer thread (`db/sqlite_writer.py`) inside the request's
own savepoint. Values are stored as the ordinary path's column types store them (datetimes as
SQLAlchemy's SQLite text, JSON as `json.dumps`), so rows read back the same either way."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from hirehall.db.types import Record

_TOKEN = """
SELECT api_tokens.id, api_tokens.organization_id, api_tokens.scopes, organizations.features
FROM api_tokens JOIN organizations ON organizations.id = api_tokens.organization_id
WHERE api_tokens.token_hash = ? AND api_tokens.revoked_at IS NULL
  AND (api_tokens.expires_at IS NULL OR api_tokens.expires_at > ?) AND organizations.claimed
"""
_TOUCH = """
UPDATE api_tokens SET last_used_at = ?
WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)
"""
_LOOKUP = """
SELECT (SELECT organization_id FROM jobs WHERE id = :job_id) AS job_organization_id,
       (SELECT status FROM jobs WHERE id = :job_id) AS job_status,
       (SELECT title FROM jobs WHERE id = :job_id) AS job_title,
       (SELECT user_type FROM users WHERE id = :freelancer_id) AS user_type,
       (SELECT status FROM users WHERE id = :freelancer_id) AS user_status,
       (SELECT first_name FROM users WHERE id = :freelancer_id) AS first_name,
       (SELECT availability FROM freelancer_profiles WHERE user_id = :freelancer_id)
           AS availability
"""
_INSERT = """
INSERT INTO proposals (id, job_id, freelancer_user_id, status, origin, created_at, updated_at)
VALUES (:id, :job_id, :freelancer_user_id, :status, :origin, :created_at, :updated_at)
ON CONFLICT (job_id, freelancer_user_id) DO NOTHING
RETURNING id
"""
_EXISTING = "SELECT id FROM proposals WHERE job_id = ? AND freelancer_user_id = ?"
_NOTE = """
INSERT INTO outbox_messages (id, kind, to_address, user_id, subject, body, data, created_at)
VALUES (:id, :kind, :to_address, :user_id, :subject, :body, :data, :created_at)
"""
_CLOCK = "SELECT offset_ms FROM sandbox_clock WHERE id = 1"
_COLUMNS = (
    "job_organization_id",
    "job_status",
    "job_title",
    "user_type",
    "user_status",
    "first_name",
    "availability",
)


def stored(moment: datetime) -> str:
    """A datetime as the UTC columns store it on SQLite (SQLAlchemy's text format)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def clock_offset_ms(conn: sqlite3.Connection) -> int:
    row = conn.execute(_CLOCK).fetchone()
    return int(row[0]) if row and row[0] else 0


def token(conn: sqlite3.Connection, digest: str, now: datetime) -> Record | None:
    """The active token of a claimed account with this keyed hash, with its scopes and its
    account's feature flags (the gates are the caller's)."""
    row = conn.execute(_TOKEN, (digest, stored(now))).fetchone()
    if row is None:
        return None
    return SimpleNamespace(
        id=row[0],
        organization_id=row[1],
        scopes=json.loads(row[2]) if row[2] else [],
        features=json.loads(row[3]) if row[3] else [],
    )


def touch(conn: sqlite3.Connection, token_id: str, now: datetime, before: datetime) -> None:
    conn.execute(_TOUCH, (stored(now), token_id, stored(before)))


def invite_lookup(conn: sqlite3.Connection, job_id: str, freelancer_id: str) -> Record:
    row = conn.execute(_LOOKUP, {"job_id": job_id, "freelancer_id": freelancer_id}).fetchone()
    return SimpleNamespace(**dict(zip(_COLUMNS, row, strict=True)))


def insert_if_absent(conn: sqlite3.Connection, values: dict[str, Any]) -> str | None:
    row = conn.execute(
        _INSERT,
        {**values, "created_at": stored(values["created_at"]),
         "updated_at": stored(values["updated_at"])},
    ).fetchall()  # fmt: skip
    return str(row[0][0]) if row else None


def existing_id(conn: sqlite3.Connection, job_id: str, freelancer_id: str) -> str | None:
    row = conn.execute(_EXISTING, (job_id, freelancer_id)).fetchone()
    return None if row is None else str(row[0])


def add_note(conn: sqlite3.Connection, values: dict[str, Any]) -> None:
    """An outbox row (the trainer's in-app notification)."""
    conn.execute(
        _NOTE,
        {**values, "data": json.dumps(values["data"]), "created_at": stored(values["created_at"])},
    )
