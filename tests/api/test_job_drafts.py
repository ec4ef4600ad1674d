"""POST /job-drafts and PATCH /job-drafts/{jobId} (spec 2.3.1, 2.3.2, D13, D15)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.jobs_helpers import API, agent, ready_draft
from tests.api.test_invites import assert_envelope
from tests.conftest import db_query

DATA = Path(__file__).resolve().parents[1] / "data" / "drafts"
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<source><job><title>&lol3;</title></job></source>"""


def create(client: TestClient, body: Any, headers: dict[str, str]) -> Any:
    if isinstance(body, bytes):
        headers = {**headers, "Content-Type": "application/json"}
        return client.post(f"{API}/job-drafts", content=body, headers=headers)
    return client.post(f"{API}/job-drafts", json=body, headers=headers)


def job_count(client: TestClient) -> int:
    return int(db_query(client, "SELECT count(*) FROM jobs")[0][0])  # type: ignore[call-overload]


FORMATS = [
    pytest.param(
        {
            "format": "opentrain_canonical",
            "job": json.loads((DATA / "canonical_job.json").read_text()),
        },
        {"jobTitle": "Japanese sentiment labeling", "pricePerLabel": 0.05, "countries": ["JP"]},
        id="canonical",
    ),
    pytest.param(
        {
            "format": "schema_org_job_posting",
            "jsonLd": json.loads((DATA / "schema_org_job_posting.json").read_text()),
        },
        {"jobTitle": "Spanish Speech Transcriptionist", "headcount": 5, "pricePerHour": 18.5},
        id="json-ld",
    ),
    pytest.param(
        {"source": {"type": "indeed_xml", "xml": (DATA / "indeed_feed.xml").read_text()}},
        {"labelingSoftware": "CVAT", "pricePerLabel": 0.06, "dataVolume": 20000},
        id="indeed-xml",
    ),
    pytest.param(
        {"format": "hr_xml", "xml": (DATA / "hr_xml_position_opening.xml").read_text()},
        {"jobTitle": "German Chatbot Response Evaluator", "countries": ["DE", "AT"]},
        id="hr-xml",
    ),
    pytest.param(
        {"source": {"type": "text", "text": "Title: Hindi audio QA\nPay: $15/hour. 2 reviewers."}},
        {"jobTitle": "Hindi audio QA", "pricePerHour": 15, "headcount": 2},
        id="text-source",
    ),
]


@pytest.mark.parametrize(("body", "expected"), FORMATS)
def test_each_import_format_makes_a_draft(
    client: TestClient, body: dict[str, Any], expected: dict[str, Any]
) -> None:
    _, headers = agent(client)
    response = create(client, body, headers)
    assert response.status_code == 201, response.text
    draft = response.json()
    assert draft["status"] == "DRAFT"
    assert {k: draft["normalizedFields"].get(k) for k in expected} == expected
    assert set(draft) == {
        "ok", "jobId", "status", "draftUrl", "reviewUrl", "validation", "missingFields",
        "normalizedFields", "warnings", "unmappedFields", "lowConfidenceFields",
    }  # fmt: skip
    for prompt in draft["missingFields"]:
        assert prompt["code"] == "missing_required_field"
        assert prompt["field"] in draft["validation"]["missingFields"]


def test_import_report_carries_unmapped_values_and_currency_warnings(client: TestClient) -> None:
    _, headers = agent(client)
    xml = (DATA / "hr_xml_position_opening.xml").read_text()
    draft = create(client, {"format": "hr_xml", "xml": xml}, headers).json()
    assert any("EUR" in warning for warning in draft["warnings"])
    assert {"path", "reason", "valuePreview"} == set(draft["unmappedFields"][0])


MALFORMED = [
    pytest.param(b"{not json", [], id="invalid-json"),
    pytest.param(b"[1, 2]", [], id="not-an-object"),
    pytest.param({}, ["text"], id="no-input"),
    pytest.param({"rawJobDescription": "   "}, ["text"], id="blank-text"),
    pytest.param({"rawJobDescription": "x" * 60001}, ["text"], id="text-too-long"),
    pytest.param({"format": "pdf", "xml": "<a/>"}, ["format"], id="unknown-format"),
    pytest.param({"format": "hr_xml", "xml": "<PositionOpening><unclosed>"}, ["xml"], id="bad-xml"),
    pytest.param({"format": "indeed_xml", "xml": BOMB}, ["xml"], id="xml-bomb"),
    pytest.param({"format": "indeed_xml"}, ["xml"], id="missing-xml"),
    pytest.param({"format": "opentrain_canonical", "job": "a job"}, ["job"], id="job-not-object"),
    pytest.param(
        {"format": "opentrain_canonical", "job": {"rateAmount": "ten"}},
        ["job", "rateAmount"],
        id="canonical-wrong-type",
    ),
    pytest.param(
        {"format": "schema_org_job_posting", "jsonLd": [1]}, None, id="json-ld-not-object"
    ),
    pytest.param(
        {"rawJobDescription": "ok", "idempotencyKey": 7}, ["idempotencyKey"], id="key-type"
    ),
]


@pytest.mark.parametrize(("body", "path"), MALFORMED)
def test_malformed_input_is_400_with_issues_and_writes_nothing(
    client: TestClient, body: Any, path: list[str] | None
) -> None:
    _, headers = agent(client)
    response = create(client, body, headers)
    details = assert_envelope(response, 400, "BAD_REQUEST")["details"]
    assert details["issues"], details
    if path is not None:
        assert details["issues"][0]["path"] == path
    assert job_count(client) == 0


def test_idempotency_key_replays_the_same_draft_per_account(client: TestClient) -> None:
    _, headers = agent(client)
    body = {"rawJobDescription": "Title: Urdu OCR review\n4 reviewers.", "idempotencyKey": "k-1"}
    first = create(client, body, headers)
    again = create(client, body, headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    # A different body under the same key returns the existing draft unchanged.
    changed = {"rawJobDescription": "Title: Something else", "idempotencyKey": "k-1"}
    other = create(client, changed, headers)
    assert other.status_code == 200
    assert other.json()["jobId"] == first.json()["jobId"]
    assert other.json()["normalizedFields"]["jobTitle"] == "Urdu OCR review"
    # The key is the account's own: another account using it gets its own draft.
    _, stranger = agent(client)
    theirs = create(client, {**body, "source": {"idempotencyKey": "ignored"}}, stranger)
    assert theirs.status_code == 201
    assert theirs.json()["jobId"] != first.json()["jobId"]
    assert job_count(client) == 2


def test_source_idempotency_key_counts_too(client: TestClient) -> None:
    _, headers = agent(client)
    body = {"source": {"type": "text", "text": "Title: Audio QA", "idempotencyKey": "s-1"}}
    first = create(client, body, headers)
    assert first.status_code == 201, first.text
    assert first.json()["normalizedFields"]["jobTitle"] == "Audio QA"
    again = create(client, body, headers)
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    assert job_count(client) == 1


def test_drafting_needs_jobs_write_and_the_feature(client: TestClient) -> None:
    _, headers = agent(client, features=["public_api_job_publishing"])
    response = create(client, {"rawJobDescription": "Title: x"}, headers)
    details = assert_envelope(response, 403, "FORBIDDEN")["details"]
    assert details["featureKey"] == "public_api_job_drafting"


def patch(client: TestClient, job_id: str, body: Any, headers: dict[str, str]) -> Any:
    if isinstance(body, bytes):
        headers = {**headers, "Content-Type": "application/json"}
        return client.patch(f"{API}/job-drafts/{job_id}", content=body, headers=headers)
    return client.patch(f"{API}/job-drafts/{job_id}", json=body, headers=headers)


def test_patch_sets_and_clears_fields_and_recomputes_validation(client: TestClient) -> None:
    account, headers = agent(client)
    job = ready_draft(client, account["id"], title="Tamil sentiment")
    response = patch(client, job["id"], {"headcount": None, "labelTypes": ["sentiment"]}, headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["validation"]["missingFields"] == ["headcount"]
    assert body["validation"]["publishReady"] is False
    assert body["draftUrl"] == f"http://hirehall.test/job-post?jobId={job['id']}"
    filled = patch(client, job["id"], {"headcount": 2}, headers).json()
    assert filled["validation"]["publishReady"] is True
    stored = db_query(client, "SELECT fields FROM jobs WHERE id = :id", id=job["id"])[0][0]
    fields = json.loads(stored) if isinstance(stored, str) else stored
    assert fields["labelTypes"] == ["SENTIMENT"]
    assert fields["headcount"] == 2


PATCH_ERRORS = [
    pytest.param({"salary": 5}, "unrecognized_keys", id="unknown-key"),
    pytest.param({"headcount": "three"}, "invalid_type", id="wrong-type"),
    pytest.param({"paymentType": "HOURLY"}, "invalid_enum_value", id="bad-enum"),
    pytest.param({"pricePerHour": 0}, "too_small", id="not-positive"),
    pytest.param({}, "custom", id="empty"),
    pytest.param(b"nope", "custom", id="invalid-json"),
]


@pytest.mark.parametrize(("body", "code"), PATCH_ERRORS)
def test_patch_rejects_with_zod_issues(client: TestClient, body: Any, code: str) -> None:
    account, headers = agent(client)
    job = ready_draft(client, account["id"])
    response = patch(client, job["id"], body, headers)
    details = assert_envelope(response, 400, "BAD_REQUEST")["details"]
    assert details["issues"][0]["code"] == code


def test_patch_of_another_accounts_draft_is_404(client: TestClient) -> None:
    owner, _ = agent(client)
    _, stranger = agent(client)
    job = ready_draft(client, owner["id"])
    assert_envelope(patch(client, job["id"], {"headcount": 9}, stranger), 404, "NOT_FOUND")
    assert_envelope(patch(client, "no-such-job", {"headcount": 9}, stranger), 404, "NOT_FOUND")


def test_patch_of_a_published_job_is_409_requiring_a_draft(client: TestClient) -> None:
    account, headers = agent(client)
    job = ready_draft(client, account["id"], status="OPEN")
    response = patch(client, job["id"], {"headcount": 9}, headers)
    details = assert_envelope(response, 409, "CONFLICT")["details"]
    assert details == {"jobId": job["id"], "status": "OPEN", "requiredStatus": "DRAFT"}
