"""schemathesis, with every check, against a live server on each engine: the OpenAPI document
and the behaviour must agree (statuses, bodies, schemas, headers, security). Bounded examples
so `make test` keeps its time; any finding fails the test with schemathesis's report (which
carries the seed to replay it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import admin_headers
from tests.live import live_server

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
ROOT = Path(__file__).resolve().parents[2]


# Publish-ready, so the fuzzer's edits of the live job can succeed.
COMPLETE_JOB = {
    "title": "Label street images",
    "jobDescription": "Draw boxes around cars in 2,000 street photos.",
    "paymentType": "PAY_PER_LABEL",
    "pricePerLabel": 0.05,
    "experienceLevel": "INTERMEDIATE",
    "headcount": 3,
    "languages": ["English"],
    "dataVolume": 2000,
    "dataVolumeUnit": "NUMBER_OF_FILES",
}


def _employer_token(base: str) -> str:
    """A claimed account with every scope and flag, an open job and a trainer to invite."""
    with httpx.Client(base_url=f"{base}/api/admin/v1", headers=admin_headers()) as admin:
        assert admin.post("/reset").status_code == 200
        account = admin.post("/accounts", json={"name": "Schemathesis"}).json()["account"]
        token = admin.post(f"/accounts/{account['id']}/tokens", json={}).json()["token"]
        job = admin.post("/jobs", json={"accountId": account["id"], **COMPLETE_JOB})
        assert job.status_code == 201, job.text
        trainer = admin.post(
            "/freelancers", json={"firstName": "Ana", "lastName": "Ruiz", "countryCode": "ES"}
        )
        assert trainer.status_code == 201, trainer.text
    return str(token)


def test_schemathesis_finds_nothing(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIREHALL_TOKEN_RATE_LIMIT_PER_MINUTE", "100000")
    with live_server(database_url, tmp_path) as base:
        token = _employer_token(base)
        command = [
            str(SCHEMATHESIS),
            "run",
            f"{base}/api/public/v1/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            "5",
            "--header",
            f"Authorization: Bearer {token}",
            "--no-color",
        ]
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False
        )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert "Tested: 24" in report or "Tested:" in report, report
