"""The invite's hot path on PostgreSQL as one statement: the job and trainer lookups, the
idempotent insert and the trainer's notification in a single round trip (design.md measured a
prebuilt CTE at about 2.6 times the statement-per-step shape). The conditions of `allowed`
mirror `service._check_invite`, which still decides the answer from the looked-up columns, so
both engines give the same answers; SQLite, which has no data-modifying CTEs, takes the portable
path in `repository.py`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.pg_direct import DirectPool, Statement
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
# The invite's own CTEs; `{org}` is the caller's organization (a parameter, or the token's).
_INVITE_CTES = """
j AS (
    SELECT id, organization_id, status, title FROM jobs WHERE id = CAST(:job_id AS text)
), u AS (
    SELECT users.id, users.user_type, users.status, users.first_name,
           freelancer_profiles.availability
    FROM users LEFT JOIN freelancer_profiles ON freelancer_profiles.user_id = users.id
    WHERE users.id = CAST(:freelancer_id AS text)
), allowed AS (
    SELECT j.id AS job_id, u.id AS user_id, j.title, u.first_name FROM j, u
    WHERE j.organization_id = {org} AND j.status = 'OPEN'
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
)"""
_INVITE_COLUMNS = """
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
        AS existing_id"""

_STATEMENT = text(
    "WITH"
    + _INVITE_CTES.format(org="CAST(:organization_id AS text)")
    + "\nSELECT"
    + _INVITE_COLUMNS
)

# The same with the bearer's authentication and the route's gates (D4: an active token of a
# claimed account with `proposals:write` and `public_api_hiring`) and its lastUsedAt touch, so
# the whole request is one statement in autocommit. `t` is empty when any gate fails: then
# nothing is written, and the caller answers through the ordinary path, which names the gate.
_AUTHENTICATED = text(
    """WITH t AS (
    SELECT api_tokens.id, api_tokens.organization_id, api_tokens.last_used_at
    FROM api_tokens JOIN organizations ON organizations.id = api_tokens.organization_id
    WHERE api_tokens.token_hash = :digest AND api_tokens.revoked_at IS NULL
      AND (api_tokens.expires_at IS NULL OR api_tokens.expires_at > :now)
      AND organizations.claimed
      AND CAST(api_tokens.scopes AS jsonb) @> CAST(:scope AS jsonb)
      AND CAST(organizations.features AS jsonb) @> CAST(:feature AS jsonb)
), touch AS (
    UPDATE api_tokens SET last_used_at = :now FROM t
    WHERE api_tokens.id = t.id AND (t.last_used_at IS NULL OR t.last_used_at <= :touch_before)
    RETURNING api_tokens.id
),"""
    + _INVITE_CTES.format(org="(SELECT organization_id FROM t)")
    + "\nSELECT (SELECT id FROM t) AS token_id, (SELECT organization_id FROM t) AS organization_id,"
    + _INVITE_COLUMNS
)

_SUBJECT_PREFIX = INVITE_SUBJECT.split("{title}")[0]
_BODY_1, _rest = INVITE_BODY.split("{first_name}")
_BODY_2, _BODY_3 = _rest.split("{title}")


def _invite_params(values: dict[str, Any], message_id: str) -> dict[str, Any]:
    """The invite CTEs' parameters: the new row's values and the notification's texts."""
    return {
        "job_id": values["job_id"],
        "freelancer_id": values["freelancer_user_id"],
        "id": values["id"],
        "now": values["created_at"],
        "message_id": message_id,
        "subject_prefix": _SUBJECT_PREFIX,
        "subject_max": SUBJECT_MAX,
        "body_1": _BODY_1,
        "body_2": _BODY_2,
        "body_3": _BODY_3,
    }


async def lookup_and_insert(
    conn: AsyncConnection, *, organization_id: str, values: dict[str, Any], message_id: str
) -> Record:
    params = {**_invite_params(values, message_id), "organization_id": organization_id}
    return (await conn.execute(_STATEMENT, params)).one()


_DIRECT = Statement(_AUTHENTICATED.text)
_CLOCK = Statement("SELECT offset_ms FROM sandbox_clock WHERE id = 1")


def authenticated_params(
    *, digest: str, scope: str, feature: str, touch_before: datetime, values: dict[str, Any],
    message_id: str,
) -> dict[str, Any]:  # fmt: skip
    return {
        **_invite_params(values, message_id),
        "digest": digest,
        "scope": json.dumps([scope]),
        "feature": json.dumps([feature]),
        "touch_before": touch_before,
    }


async def authenticated_invite(
    pool: DirectPool, clock_read: bool, params: Callable[[int], dict[str, Any]]
) -> Record:
    """The whole invite request as one statement on the hot pool; `params` makes its
    parameters from the sandbox clock's offset in milliseconds (read first, on the same
    connection, when `clock_read`; else 0)."""
    if not clock_read:
        row = await pool.fetchrow(_DIRECT, params(0))
    else:
        row = await pool.fetch_two(_CLOCK, {}, _DIRECT, lambda got: params(got[0] if got else 0))
    return SimpleNamespace(**dict(row))
