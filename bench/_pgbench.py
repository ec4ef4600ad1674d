"""The limit for the invite on PostgreSQL: pgbench running the invite request's whole database
work as one statement against hirehall's own schema, as `proposals/invite_pg.py`
(`_AUTHENTICATED`) does in autocommit: the token lookup with the route's gates and the
lastUsedAt touch, the job and trainer lookups, the idempotent insert and the trainer's
notification. The server computes the token's keyed hash in Python; pgbench is handed it.

Each pgbench client takes its own slice of the fresh trainers (`bt%024d`), one per transaction:
a per-client counter `k` (a client's pgbench variables live from one transaction to the
next)."""

from __future__ import annotations

import glob
import os
import re
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from _load import Invites, Result, percentile
from _setup import bench_settings
from hirehall.auth.rules import token_hash
from hirehall.core.scopes import Feature, Scope
from hirehall.outbox.service import SUBJECT_MAX
from hirehall.proposals.invite_pg import INVITE_BODY, INVITE_SUBJECT

# `:n` numbers the transaction's fresh trainer; the new rows' ids are derived from it (26
# characters, like the server's). Constant texts are parameters, as the server sends them.
_SCRIPT = """\\set k :k + 1
\\set n :first + :client_id * :slice + :k
WITH t AS (
    SELECT api_tokens.id, api_tokens.organization_id, api_tokens.last_used_at
    FROM api_tokens JOIN organizations ON organizations.id = api_tokens.organization_id
    WHERE api_tokens.token_hash = :digest AND api_tokens.revoked_at IS NULL
      AND (api_tokens.expires_at IS NULL OR api_tokens.expires_at > now())
      AND organizations.claimed
      AND CAST(api_tokens.scopes AS jsonb) @> CAST(:scope AS jsonb)
      AND CAST(organizations.features AS jsonb) @> CAST(:feature AS jsonb)
), touch AS (
    UPDATE api_tokens SET last_used_at = now() FROM t
    WHERE api_tokens.id = t.id
      AND (t.last_used_at IS NULL OR t.last_used_at <= now() - interval '60 seconds')
    RETURNING api_tokens.id
), j AS (
    SELECT id, organization_id, status, title FROM jobs WHERE id = CAST(:job_id AS text)
), u AS (
    SELECT users.id, users.user_type, users.status, users.first_name,
           freelancer_profiles.availability
    FROM users LEFT JOIN freelancer_profiles ON freelancer_profiles.user_id = users.id
    WHERE users.id = 'bt' || lpad(CAST(:n AS text), 24, '0')
), allowed AS (
    SELECT j.id AS job_id, u.id AS user_id, j.title, u.first_name FROM j, u
    WHERE j.organization_id = (SELECT organization_id FROM t) AND j.status = 'OPEN'
      AND u.user_type = 'FREELANCER' AND u.availability IS NOT NULL
      AND u.availability <> 'NOT_AVAILABLE' AND u.status NOT IN ('SUSPENDED', 'DEACTIVATED')
), ins AS (
    INSERT INTO proposals (id, job_id, freelancer_user_id, status, origin, created_at, updated_at)
    SELECT 'pgbp' || lpad(CAST(:n AS text), 22, '0'), allowed.job_id, allowed.user_id,
           'INVITED', 'INVITED', now(), now()
    FROM allowed
    ON CONFLICT (job_id, freelancer_user_id) DO NOTHING
    RETURNING id
), note AS (
    INSERT INTO outbox_messages (id, kind, to_address, user_id, subject, body, data, created_at)
    SELECT 'pgbm' || lpad(CAST(:n AS text), 22, '0'), 'trainer_invite', allowed.user_id,
           allowed.user_id, left(:subject_prefix || allowed.title, :subject_max),
           :body_1 || allowed.first_name || :body_2 || allowed.title || :body_3,
           json_build_object('jobId', allowed.job_id, 'proposalId', ins.id,
                             'jobTitle', allowed.title),
           now()
    FROM ins, allowed
)
SELECT (SELECT id FROM t) AS token_id, (SELECT organization_id FROM t) AS organization_id,
    (SELECT organization_id FROM j) AS job_organization_id, (SELECT status FROM j) AS job_status,
    (SELECT title FROM j) AS job_title, (SELECT user_type FROM u) AS user_type,
    (SELECT status FROM u) AS user_status, (SELECT first_name FROM u) AS first_name,
    (SELECT availability FROM u) AS availability, (SELECT id FROM ins) AS new_id,
    (SELECT id FROM proposals WHERE job_id = CAST(:job_id AS text)
        AND freelancer_user_id = 'bt' || lpad(CAST(:n AS text), 24, '0')) AS existing_id;
"""


def _variables(url: str, invites: Invites, clients: int) -> dict[str, str]:
    body_1, rest = INVITE_BODY.split("{first_name}")
    body_2, body_3 = rest.split("{title}")
    digest = token_hash(bench_settings(url).resolved_secret_key(), invites.token)
    return {
        "k": "-1",  # each client's counter, from 0 on its first transaction
        "first": str(invites.first),
        "slice": str(invites.count // clients),
        "digest": digest,
        "scope": f'["{Scope.PROPOSALS_WRITE.value}"]',
        "feature": f'["{Feature.HIRING.value}"]',
        "job_id": invites.job_id,
        "subject_prefix": INVITE_SUBJECT.split("{title}")[0],
        "subject_max": str(SUBJECT_MAX),
        "body_1": body_1,
        "body_2": body_2,
        "body_3": body_3,
    }


def _connection(url: str) -> tuple[list[str], dict[str, str]]:
    u = make_url(url)
    args = ["-h", u.host or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres"]
    return [*args, str(u.database)], ({"PGPASSWORD": u.password} if u.password else {})


def run(
    label: str, url: str, invites: Invites, clients: int, threads: int, seconds: float
) -> Result:
    """pgbench (prepared statements, like asyncpg) for `seconds`; p50/p99 from its
    per-transaction log."""
    conn_args, env = _connection(url)
    with tempfile.TemporaryDirectory(prefix="hirehall-pgbench-") as tmp:
        script = Path(tmp) / "invite.sql"
        script.write_text(_SCRIPT)
        cmd = ["pgbench", "-n", "-M", "prepared", "-c", str(clients), "-j", str(threads)]
        cmd += ["-T", str(max(1, round(seconds))), "-f", str(script), "-l"]
        cmd += ["--log-prefix", f"{tmp}/log"]
        for name, value in _variables(url, invites, clients).items():
            cmd += ["-D", f"{name}={value}"]
        done = subprocess.run(
            cmd + conn_args, capture_output=True, text=True, env={**os.environ, **env}
        )
        if done.returncode != 0:
            raise RuntimeError(f"pgbench failed:\n{done.stdout}\n{done.stderr}")
        out = done.stdout
        latencies: list[float] = []
        for path in glob.glob(f"{tmp}/log.*"):
            with open(path) as log:
                latencies += [int(line.split()[2]) / 1000 for line in log if line.strip()]
    latencies.sort()
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
    failed = re.search(r"number of failed transactions: (\d+)", out)
    rate = float(tps.group(1)) if tps else 0.0
    seconds_measured = len(latencies) / rate if rate else 0.0
    return Result(
        label,
        len(latencies),
        seconds_measured,
        percentile(latencies, 50),
        percentile(latencies, 99),
        int(failed.group(1)) if failed else 0,
        "pgbench",
    )


def version() -> str:
    out = subprocess.run(["pgbench", "--version"], capture_output=True, text=True).stdout
    parts = out.split()
    return parts[2] if len(parts) > 2 else "?"
