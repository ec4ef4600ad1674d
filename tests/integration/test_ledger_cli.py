"""`hirehall ledger verify` reads the same books as the operator's GET /ledger/verify, and
`hirehall admin accounts` takes the money fields of the operator API."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from tests.conftest import db_execute
from tests.factories import make_account
from tests.integration.test_cli import cli_env, run
from tests.money_helpers import give, verify


def test_ledger_verify_is_clean_then_reports_a_tampered_balance(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    env = cli_env(database_url, tmp_path)
    acct = make_account(client)
    give(client, acct["id"], 700)
    clean = run(["ledger", "verify"], env, tmp_path)
    assert clean.returncode == 0, clean.stderr
    assert json.loads(clean.stdout) == verify(client)
    assert json.loads(clean.stdout)["transactions"] == 1
    db_execute(
        client,
        "UPDATE ledger_balances SET balance_cents = 1 WHERE key = :k",
        k=f"credits_available:{acct['id']}",
    )
    broken = run(["ledger", "verify"], env, tmp_path)
    assert broken.returncode == 1
    report = json.loads(broken.stdout)
    assert report["ok"] is False
    assert len(report["problems"]) == 1


def test_admin_accounts_take_a_card_and_a_policy(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    env = cli_env(database_url, tmp_path)
    body = '{"name": "Card Co", "paymentMethod": {"card": "4242424242424242"}}'
    created = run(["admin", "accounts", "create", "-d", body], env, tmp_path)
    assert created.returncode == 0, created.stderr
    account = json.loads(created.stdout)["account"]
    assert account["paymentMethod"] == {"brand": "visa", "last4": "4242"}
    patch = '{"paymentMethod": null, "approvalPolicy": "auto_confirm"}'
    updated = run(["admin", "accounts", "update", account["id"], "-d", patch], env, tmp_path)
    assert updated.returncode == 0, updated.stderr
    changed = json.loads(updated.stdout)["account"]
    assert changed["paymentMethod"] is None
    assert changed["approvalPolicy"] == "auto_confirm"
