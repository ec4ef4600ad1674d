"""A client generated from our OpenAPI document by `openapi-python-client` (what an agent
builder does first) performs the invite flow with typed responses, on both engines: invite,
repeat, read the proposal."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hirehall.app import create_app
from tests.conftest import make_settings
from tests.factories import make_employer, make_trainer

GENERATOR = Path(sys.executable).parent / "openapi-python-client"
PACKAGE = "hirehall_client"


@pytest.fixture(scope="session")
def generated(app_client: TestClient, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The generated package, imported (generated once per engine's session app)."""
    work = tmp_path_factory.mktemp("client")
    document = app_client.get("/api/public/v1/openapi.json").json()
    (work / "openapi.json").write_text(json.dumps(document))
    (work / "config.yaml").write_text(
        f"project_name_override: hirehall-client\npackage_name_override: {PACKAGE}\n"
        "post_hooks: []\n"
    )
    done = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--path",
            "openapi.json",
            "--config",
            "config.yaml",
            "--output-path",
            PACKAGE,
            "--meta",
            "none",
        ],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(work))
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]  # the other engine's copy
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(work))


def _module(package: ModuleType, name: str) -> Any:
    return importlib.import_module(f"{package.__name__}.{name}")


def test_the_generated_client_invites_repeats_and_reads_the_proposal(
    client: TestClient, generated: ModuleType, database_url: str, tmp_path: Path
) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    models = _module(generated, "models")
    invite = _module(generated, "api.default.invite_freelancer")
    get_proposal = _module(generated, "api.default.get_proposal")
    settings = make_settings(database_url, tmp_path)
    with TestClient(create_app(settings), raise_server_exceptions=False) as transport:
        transport.headers.update(employer.headers)
        api = _module(generated, "client").AuthenticatedClient(
            base_url=str(transport.base_url), token=employer.token
        )
        api.set_httpx_client(transport)
        body = models.InviteFreelancerInviteBody(freelancer_id=trainer["id"])

        first = invite.sync_detailed(employer.job["id"], client=api, body=body)
        again = invite.sync_detailed(employer.job["id"], client=api, body=body)
        missing = invite.sync_detailed("x" * 100, client=api, body=body)
        read = get_proposal.sync_detailed(first.parsed.proposal_id, client=api)

    assert first.status_code == 201
    assert isinstance(first.parsed, models.InviteResult)
    assert first.parsed.already_invited is False
    assert first.parsed.freelancer_id == trainer["id"]
    assert again.status_code == 200
    assert isinstance(again.parsed, models.InviteResult)
    assert again.parsed.already_invited is True
    assert again.parsed.proposal_id == first.parsed.proposal_id
    assert missing.status_code == 404
    assert isinstance(missing.parsed, models.ErrorEnvelope)
    assert missing.parsed.error == "Job not found."
    assert read.status_code == 200
    assert isinstance(read.parsed, models.ProposalAnswer)
    proposal = read.parsed.proposal
    assert isinstance(proposal, models.Proposal)
    assert proposal.id == first.parsed.proposal_id
    assert proposal.job_id == employer.job["id"]
    assert str(proposal.status.raw.value) == "INVITED"
    assert proposal.bid is None
    assert isinstance(proposal.candidate, models.Candidate)
    assert proposal.candidate.id == trainer["id"]
