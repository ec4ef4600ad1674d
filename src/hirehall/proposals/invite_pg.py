"""The invite's hot path on PostgreSQL as one statement: the job and trainer lookups, the
idempotent insert and the trainer's notification in a single round trip (design.md measured a
prebuilt CTE at about 2.6 times the statement-per-step shape). The conditions of `allowed`
mirror `service._check_invite`, which still decides the answer from the looked-up columns, so
both engines give the same answers; SQLite, which has no data-modifying CTEs, takes the portable
path in `repository.py`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.types import Record
from hirehall.outbox.service import SUBJECT_MAX

INVITE_SUBJECT = "You are invited to apply: {title}"
INVITE_BODY = (
    "Hi {first_name}, an employer invited you to their job \u201c{title}\u201d. "
    "Open your inbox to accept or decline."
)

# Every caller value is compared as text (`CAST(... AS text)`) and never written: the rows
# inserted take the job's and the trainer's ids from the rows found. PostgreSQL plans a
# prepared statement's first executions with the values folded in, so a caller's id assigned
# to a varchar(26) column would fail ("value too long") before the empty `allowed` was known.
_STATEMENT = text(
    """
WITH j AS (
    SELECT id, organization_id, status, title FROM jobs WHERE id = CAST(:job_id AS text)
), u AS (
    SELECT users.id, users.user_type, users.status, users.first_name,
           freelancer_profiles.availability
    FROM users LEFT JOIN freelancer_profiles ON freelancer_profiles.user_id = users.id
    WHERE users.id = CAST(:freelancer_id AS text)
), allowed AS (
    SELECT j.id AS job_id, u.id AS user_id, j.title, u.first_name FROM j, u
    WHERE j.organization_id = CAST(:organization_id AS text) AND j.status = 'OPEN'
      AND u.user_type = 'FREELANCER' AND u.availability IS NOT NULL
      AND u.availability <> 'NOT_AVAILABLE' AND u.status NOT IN ('SUSPENDED', 'DEACTIVATED')
), ins AS (
    INSERT INTO proposals (id, job_id, freelancer_user_id, status, origin, created_at, updated_at)
    SELECT :id, allowed.job_id, allowed.user_id, 'INVITED', 'INVITED', :now, :now FROM allowed
    ON CONFLICT (job_id, freelancer_user_id) DO NOTHING
    RETURNING id
), note AS (
    INSERT INTO outbox_messages (id, kind, to_address, user_id, subject, body, data, created_at)
    SELECT :message_id, 'trainer_invite', allowed.user_id, allowed.user_id,
           left(:subject_prefix || allowed.title, :subject_max),
           :body_1 || allowed.first_name || :body_2 || allowed.title || :body_3,
           json_build_object('jobId', allowed.job_id, 'proposalId', ins.id,
                             'jobTitle', allowed.title),
           :now
    FROM ins, allowed
)
SELECT
    (SELECT organization_id FROM j) AS job_organization_id,
    (SELECT status FROM j) AS job_status,
    (SELECT title FROM j) AS job_title,
    (SELECT user_type FROM u) AS user_type,
    (SELECT status FROM u) AS user_status,
    (SELECT first_name FROM u) AS first_name,
    (SELECT availability FROM u) AS availability,
    (SELECT id FROM ins) AS new_id,
    (SELECT id FROM proposals
     WHERE job_id = CAST(:job_id AS text) AND freelancer_user_id = CAST(:freelancer_id AS text))
        AS existing_id
"""
)

_SUBJECT_PREFIX = INVITE_SUBJECT.split("{title}")[0]
_BODY_1, _rest = INVITE_BODY.split("{first_name}")
_BODY_2, _BODY_3 = _rest.split("{title}")


async def lookup_and_insert(
    conn: AsyncConnection, *, organization_id: str, values: dict[str, Any], message_id: str
) -> Record:
    params = {
        "job_id": values["job_id"],
        "freelancer_id": values["freelancer_user_id"],
        "organization_id": organization_id,
        "id": values["id"],
        "now": values["created_at"],
        "message_id": message_id,
        "subject_prefix": _SUBJECT_PREFIX,
        "subject_max": SUBJECT_MAX,
        "body_1": _BODY_1,
        "body_2": _BODY_2,
        "body_3": _BODY_3,
    }
    return (await conn.execute(_STATEMENT, params)).one()
