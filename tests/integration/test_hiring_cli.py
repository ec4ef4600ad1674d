"""`hirehall admin credits|approvals|act|top-ups`: the operator's part of the hiring loop from
the command line, on the same database as the app, calling the same services as the operator
API (same answers, same errors as the envelope without `requestId`, exit status 1)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.api.hiring_helpers import contract, credits, hire_ok, ledger, post, setup_hiring
from tests.api.lifecycle_helpers import invite
from tests.conftest import admin_headers
from tests.factories import make_employer, make_trainer
from tests.integration.test_cli import cli_env, run
from tests.money_helpers import TOP_UPS


def _ok(args: list[str], env: dict[str, str], cwd: Path) -> Any:
    done = run(["admin", *args], env, cwd)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _refused(args: list[str], env: dict[str, str], cwd: Path) -> Any:
    done = run(["admin", *args], env, cwd)
    assert done.returncode == 1, done.stdout
    return json.loads(done.stderr)


def test_the_hiring_loop_from_the_command_line(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    env = cli_env(database_url, tmp_path)
    hiring = setup_hiring(client)
    given = _ok(["credits", "adjust", hiring.org, "-d", '{"amountCents": 33995, "note": "CLI"}'],
                env, tmp_path)  # fmt: skip
    assert (given["entry"]["type"], given["entry"]["amountCents"]) == ("ADJUSTMENT", 33995)
    assert credits(client, hiring) == (33995, 0)
    zero = _refused(["credits", "adjust", hiring.org, "-d", '{"amountCents": 0}'], env, tmp_path)
    assert zero["code"] == "BAD_REQUEST"
    assert zero["details"]["issues"][0]["path"] == ["amountCents"]

    approval = hire_ok(client, hiring)
    confirmed = _ok(["approvals", "confirm", approval["id"], "-d", '{"paymentSource": "credits"}'],
                    env, tmp_path)["approval"]  # fmt: skip
    assert confirmed["status"] == "confirmed"
    again = _refused(["approvals", "confirm", approval["id"]], env, tmp_path)
    assert (again["code"], again["details"]["reason"]) == ("CONFLICT", "approval_not_pending")
    shown = contract(client, hiring, confirmed["contractId"])
    milestone = shown["milestones"][0]
    assert milestone["status"] == "ACTIVE_FUNDED"
    assert credits(client, hiring) == (0, 33000)

    submitted = _ok(
        ["act", "submit", milestone["id"], "-d", '{"note": "All done."}'], env, tmp_path
    )
    assert submitted["milestone"]["status"] == "PENDING_APPROVAL"
    release = post(client, hiring, f"/milestones/{milestone['id']}/approve").json()["approval"]
    declined = _ok(["approvals", "decline", release["id"]], env, tmp_path)["approval"]
    assert declined["status"] == "declined"
    assert [e["type"] for e in ledger(client, hiring)] == ["ADJUSTMENT", "HOLD", "CAPTURE"]


def test_a_top_up_completed_from_the_command_line(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    env = cli_env(database_url, tmp_path)
    hiring = setup_hiring(client)
    made = client.post(TOP_UPS, json={"amountUsd": 50}, headers=hiring.headers)
    assert made.status_code == 201, made.text
    top_up_id = made.json()["topUp"]["id"]
    declined = _refused(["top-ups", "complete", top_up_id, "-d", '{"card": "4000000000000002"}'],
                        env, tmp_path)  # fmt: skip
    assert declined["details"]["reason"] == "card_declined"
    paid = _ok(["top-ups", "complete", top_up_id, "-d", '{"card": "4242424242424242"}'],
               env, tmp_path)  # fmt: skip
    assert paid["topUp"]["status"] == "COMPLETED"
    assert credits(client, hiring) == (5000, 0)
    outside = run(["admin", "top-ups", "complete", top_up_id, "-d", "{}"],
                  {**env, "HIREHALL_SANDBOX": "0"}, tmp_path)  # fmt: skip
    assert outside.returncode == 1
    assert "HIREHALL_SANDBOX=1" in outside.stderr


def test_the_simulation_and_the_webhook_log_from_the_command_line(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    env = cli_env(database_url, tmp_path)
    assert _ok(["simulation", "get"], env, tmp_path)["simulation"]["enabled"] is False
    put = _ok(["simulation", "put", "-d", '{"enabled": true, "seed": 42}'], env, tmp_path)
    assert put["simulation"]["seed"] == 42
    assert put["simulation"]["acceptRate"] == 0.8  # the default
    read = client.get("/api/admin/v1/simulation", headers=admin_headers()).json()
    assert read == put
    out_of_range = '{"enabled": true, "seed": 1, "acceptRate": 2}'
    bad = _refused(["simulation", "put", "-d", out_of_range], env, tmp_path)
    assert bad["code"] == "BAD_REQUEST"
    assert (
        _ok(["webhooks", "list"], env, tmp_path)
        == client.get("/api/admin/v1/webhooks", headers=admin_headers()).json()
    )
    unknown = _refused(["webhooks", "enable", "0" * 26], env, tmp_path)
    assert unknown["code"] == "NOT_FOUND"
    for command, path in (("list-accounts", "accounts"), ("list-jobs", "jobs")):
        http = client.get(f"/api/admin/v1/{path}", headers=admin_headers()).json()
        assert _ok([command], env, tmp_path) == http
    bad_limit = _refused(["list-freelancers", "--limit", "0"], env, tmp_path)
    assert bad_limit["code"] == "BAD_REQUEST"


def test_acting_on_proposals_from_the_command_line(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    env = cli_env(database_url, tmp_path)
    employer = make_employer(client)
    job = employer.job
    first, second, third = make_trainer(client), make_trainer(client), make_trainer(client)
    invited = invite(client, employer, first["id"])
    bid = '{"bid": {"amountUsd": 21.5, "unit": "PER_HOUR"}, "coverLetter": "Happy to help."}'
    accepted = _ok(["act", "accept", invited, "-d", bid], env, tmp_path)["proposal"]
    assert accepted["status"]["raw"] == "UNREVIEWED"
    assert accepted["bid"]["amountUsd"] == 21.5
    moved = _ok(["proposals", "status", invited, "-d", '{"status": "SHORTLISTED"}'], env, tmp_path)
    assert moved["proposal"]["status"]["raw"] == "SHORTLISTED"
    withdrawn = _ok(["act", "withdraw", invited], env, tmp_path)["proposal"]
    assert withdrawn["status"]["raw"] == "DECLINED"  # a withdrawal is a decline (lifecycle)
    declined = _ok(["act", "decline", invite(client, employer, second["id"])], env, tmp_path)
    assert declined["proposal"]["status"]["raw"] == "DECLINED"
    hourly = {"amountUsd": 19, "unit": "PER_HOUR"}
    applied = json.dumps({"freelancerId": third["id"], "bid": hourly})
    created = _ok(["act", "apply", job["id"], "-d", applied], env, tmp_path)["proposal"]
    assert created["status"]["raw"] == "UNREVIEWED"
    again = _refused(["act", "decline", created["id"]], env, tmp_path)
    assert again["code"] == "CONFLICT"
    questions = _ok(["interview", created["id"]], env, tmp_path)["questions"]
    assert questions
    answers = json.dumps({"answers": ["I label carefully." for _ in questions]})
    taken = _ok(["interview", created["id"], "-d", answers], env, tmp_path)["interview"]
    public = client.get(
        f"/api/public/v1/proposals/{created['id']}/interview", headers=employer.headers
    )
    assert public.status_code == 200, public.text
    assert public.json()["interview"]["score"] == taken["score"]
