"""The installed `hirehall` command, run as operators and newcomers run it."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import httpx

from tests.live import HIREHALL, live_server


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(HIREHALL), *args],
        env={**os.environ, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def cli_env(database_url: str, state: Path) -> dict[str, str]:
    return {
        "HIREHALL_DATABASE_URL": database_url,
        "HIREHALL_SECRET_KEY": "test-secret-key",
        "HIREHALL_STATE_DIR": str(state),
        "HIREHALL_SANDBOX": "1",
    }


def test_bad_setting_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    result = run(["db", "current"], {"HIREHALL_DATABASE_URL": "mysql://x/y"}, tmp_path)
    assert result.returncode == 2
    assert "HIREHALL_DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_admin_commands_call_the_same_services(database_url: str, tmp_path: Path) -> None:
    env = cli_env(database_url, tmp_path)
    created = run(["admin", "accounts", "create", "--data", '{"name": "CLI Co"}'], env, tmp_path)
    assert created.returncode == 0, created.stderr
    account = json.loads(created.stdout)["account"]
    assert account["name"] == "CLI Co"
    token = run(["admin", "tokens", "create", account["id"]], env, tmp_path)
    assert json.loads(token.stdout)["token"].startswith("ot_pat_")
    trainer = run(
        ["admin", "freelancers", "create", "-d", '{"firstName": "Ana", "lastName": "Ruiz"}'],
        env,
        tmp_path,
    )
    assert json.loads(trainer.stdout)["freelancer"]["displayName"] == "Ana R."
    bad = run(["admin", "accounts", "create", "-d", '{"name": "X", "typo": 1}'], env, tmp_path)
    assert bad.returncode == 1
    assert json.loads(bad.stderr)["details"]["issues"][0]["code"] == "unrecognized_keys"
    missing = run(["admin", "accounts", "get", "nope"], env, tmp_path)
    assert missing.returncode == 1
    assert json.loads(missing.stderr)["code"] == "NOT_FOUND"


def test_db_current_works_from_any_directory(database_url: str, tmp_path: Path) -> None:
    result = run(["db", "current"], cli_env(database_url, tmp_path), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "(head)" in result.stdout + result.stderr


def test_the_printed_demo_curl_answers_201_then_200(database_url: str, tmp_path: Path) -> None:
    env = cli_env(database_url, tmp_path)
    result = run(["demo"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    banner = result.stdout
    assert re.search(r"token\s+ot_pat_\w+", banner)
    curl = banner[banner.index("curl -s") :].strip()
    args = shlex.split(curl.replace("\\\n", " "))
    url = args[args.index("-X") + 2]
    headers = dict(h.split(": ", 1) for h in (args[i + 1] for i, a in enumerate(args) if a == "-H"))
    body = args[args.index("-d") + 1]
    with live_server(database_url, tmp_path) as base:
        target = url.replace("http://127.0.0.1:8000", base)
        first = httpx.post(target, content=body, headers=headers)
        second = httpx.post(target, content=body, headers=headers)
    assert first.status_code == 201, first.text
    assert second.status_code == 200
    assert second.json()["alreadyInvited"] is True


def test_settings_are_read_from_a_dotenv_file(database_url: str, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"HIREHALL_DATABASE_URL={database_url}\nHIREHALL_SANDBOX=1\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIREHALL_")}
    env["HIREHALL_SECRET_KEY"] = "test-secret-key"
    result = subprocess.run(
        [str(HIREHALL), "admin", "clock"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["now"].endswith("Z")


def test_urls_handed_out_follow_the_port_served(database_url: str, tmp_path: Path) -> None:
    with live_server(database_url, tmp_path) as base:
        registered = httpx.post(f"{base}/api/agent/identity", json={})
    assert registered.status_code == 201
    assert registered.json()["claim_endpoint"] == f"{base}/api/agent/identity/claim"
