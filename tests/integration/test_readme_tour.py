"""The README's tour, top to bottom, exactly as printed: every curl command is extracted from
README.md and run (bash, curl) against `make run`'s server (`hirehall serve --demo` on a fresh
SQLite database), with the ids the banner and earlier answers printed put in place."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.live import HIREHALL, free_port

README = Path(__file__).resolve().parents[2] / "README.md"
ADMIN_TOKEN = "admin-dev-token"  # make run's default, which the tour uses
# What the README says each command answers, in its order.
EXPECTED = [
    200,  # 1. who am I
    200,  # 2. a trainer
    201,  # 3. the invite
    200,  # 4. the job's proposals
    200,  # 4. one proposal
    400,  # 5. bad body
    200,  # 6. clock
    200,  # 6. outbox
    200,  # 7. close
    201,  # 8. draft
    200,  # 8. patch
    200,  # 8. publish
    200,  # 8. board search
    201,  # 9. register
    200,  # 9. claim start
    200,  # 10. reset
]

# What the README says about some answers' bodies (by a fragment of the command).
CLAIMS: dict[str, dict[str, object]] = {
    '/invites -H "$AUTH" -H': {"alreadyInvited": False},
    "/close": {"status": "ARCHIVED"},
}


def tour_commands() -> list[str]:
    text = README.read_text()
    tour = text[text.index("## A 5-minute tour") : text.index("The OpenAPI document is at")]
    tour = tour.replace("\\\n", " ")
    commands: list[str] = []
    for line in tour.splitlines():
        if "curl " not in line:
            continue
        for inline in re.findall(r"`(curl [^`]*)`", line) or [line.strip()]:
            commands.append(inline.split("     #")[0].strip())
    return commands


def _banner_value(banner: str, label: str) -> str:
    match = re.search(rf"^\s+{re.escape(label)}\s+(\S+)", banner, re.MULTILINE)
    assert match, f"{label!r} not in the banner:\n{banner}"
    return match.group(1)


@pytest.mark.skipif(shutil.which("curl") is None, reason="the tour uses curl")
def test_the_readme_tour_runs_top_to_bottom(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "HIREHALL_SANDBOX": "1",
        "HIREHALL_ADMIN_TOKEN": ADMIN_TOKEN,
        "HIREHALL_DATABASE_URL": f"sqlite:///{tmp_path / 'hirehall.db'}",
        "HIREHALL_STATE_DIR": str(tmp_path),
        "HIREHALL_LOG_LEVEL": "warning",
    }
    env.pop("HIREHALL_SECRET_KEY", None)
    out = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [str(HIREHALL), "serve", "--port", str(port), "--demo"],
        env=env,
        cwd=tmp_path,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            log = (tmp_path / "serve.log").read_text()
            assert server.poll() is None, f"hirehall serve --demo exited:\n{log}"
            assert time.monotonic() < deadline, f"hirehall serve --demo did not start:\n{log}"
            time.sleep(0.5)
        _run_tour(base, (tmp_path / "serve.log").read_text())
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        out.close()


def _run_tour(base: str, banner: str) -> None:
    token = _banner_value(banner, "token")
    shell_env = {
        **os.environ,
        "API": f"{base}/api/public/v1",
        "TOKEN": token,
        "JOB": _banner_value(banner, "job (OPEN)"),
        "TRAINER": _banner_value(banner, "trainer"),
        "AUTH": f"Authorization: Bearer {token}",
        "ADMIN": f"Authorization: Bearer {ADMIN_TOKEN}",
    }
    commands = tour_commands()
    assert len(commands) == len(EXPECTED), commands
    found: dict[str, str] = {}
    for command, expected in zip(commands, EXPECTED, strict=True):
        command = command.replace("http://127.0.0.1:8000", base)
        for placeholder, value in found.items():
            command = command.replace(placeholder, value)
        result = subprocess.run(
            ["bash", "-c", f"{command} -w '\\n%{{http_code}}'"],
            env=shell_env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        body, _, status = result.stdout.rpartition("\n")
        assert int(status) == expected, f"{command}\n{result.stdout}{result.stderr}"
        answer = json.loads(body) if body.strip() else {}
        for needle, claim in CLAIMS.items():
            if needle in command:
                assert claim.items() <= answer.items(), f"{command}\n{answer}"
        if "/invites" in command and expected == 201:
            found["<proposalId>"] = answer["proposalId"]
        if command.startswith("curl -s -X POST $API/job-drafts "):
            found["<jobId>"] = answer["jobId"]
        if command.endswith("/api/agent/identity -H 'Content-Type: application/json' -d '{}'"):
            found["ot_clm_..."] = answer["claim_token"]
