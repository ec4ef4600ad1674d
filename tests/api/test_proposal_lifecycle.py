"""The proposal lifecycle (D28) and bids (D29) through the operator's `act` operations, with
the events they emit in `GET /updates` and the answers of the public proposal endpoints."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.lifecycle_helpers import (
    accept,
    act,
    event_count,
    events,
    hourly_employer,
    invite,
    stored,
)
from tests.conftest import db_execute
from tests.factories import make_job, make_trainer


def _conflict(response: Any, reason: str) -> dict[str, Any]:
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["code"] == "CONFLICT"
    assert body["details"]["reason"] == reason
    return dict(body["details"])


def test_accepting_an_invite_submits_the_bid_and_emits_proposal_received(
    client: TestClient,
) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    assert events(client, employer) == []  # D21: an invite emits nothing
    response = accept(client, proposal_id, 18.5, coverLetter="I label Spanish audio daily.")
    assert response.status_code == 200, response.text
    proposal = response.json()["proposal"]
    assert proposal["id"] == proposal_id
    assert proposal["status"] == {"raw": "UNREVIEWED", "label": "Unreviewed"}
    assert proposal["bid"] == {"amountUsd": 18.5, "unit": "PER_HOUR", "labelerHourlyRateUsd": None}
    public = client.get(f"/api/public/v1/proposals/{proposal_id}", headers=employer.headers)
    assert public.json()["proposal"] == proposal
    [event] = events(client, employer)
    assert event["type"] == "proposal.received"
    assert event["resourceId"] == proposal_id
    assert event["jobId"] == employer.job["id"]
    assert event["data"] == {"proposalId": proposal_id, "jobId": employer.job["id"]}
    status, _, cover, submitted = stored(client, proposal_id)
    assert (status, cover) == ("UNREVIEWED", "I label Spanish audio daily.")
    assert submitted is not None


def test_a_per_label_bid_carries_the_trainers_hourly_rate(client: TestClient) -> None:
    employer = hourly_employer(client, paymentType="PAY_PER_LABEL", pricePerLabel=0.05)
    trainer = make_trainer(client, hourlyRateUsd=22)
    proposal_id = invite(client, employer, trainer["id"])
    response = accept(client, proposal_id, 0.06)
    assert response.json()["proposal"]["bid"] == {
        "amountUsd": 0.06,
        "unit": "PER_LABEL",
        "labelerHourlyRateUsd": 22,
    }


def test_the_unit_given_overrides_the_jobs_pay_type(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client, hourlyRateUsd=22)
    proposal_id = invite(client, employer, trainer["id"])
    response = accept(client, proposal_id, 900, bid={"unit": "FIXED_PRICE"})
    assert response.json()["proposal"]["bid"] == {
        "amountUsd": 900,
        "unit": "FIXED_PRICE",
        "labelerHourlyRateUsd": None,
    }


def test_a_job_without_pay_type_needs_the_unit(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    employer.job = make_job(client, employer.account["id"])
    proposal_id = invite(client, employer, trainer["id"])
    response = accept(client, proposal_id, 10)
    assert response.status_code == 400
    assert response.json()["details"] == {
        "field": "bid.unit",
        "supportedUnits": ["PER_HOUR", "PER_LABEL", "FIXED_PRICE"],
    }
    assert stored(client, proposal_id)[0] == "INVITED"
    assert event_count(client) == 0


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"bid": {"amountUsd": 10}, "coverLetter": "x" * 5001}, ["coverLetter"]),
        ({"bid": {"amountUsd": 10, "unit": "PER_DAY"}}, ["bid", "unit"]),
        ({"bid": {"amountUsd": "10"}}, ["bid", "amountUsd"]),
        ({"bid": {"amountUsd": "ten"}}, ["bid", "amountUsd"]),
        ({"bid": {"amountUsd": True}}, ["bid", "amountUsd"]),
        ({"bid": {"amountUsd": 0}}, ["bid", "amountUsd"]),
        ({"bid": {"amountUsd": -5}}, ["bid", "amountUsd"]),
        ({"bid": {"amountUsd": 1_000_001}}, ["bid", "amountUsd"]),
        ({"bid": {"amountUsd": 1.23456}}, ["bid", "amountUsd"]),
        ({"bid": {}}, ["bid", "amountUsd"]),
        ({"coverLetter": "hi"}, ["bid"]),
        ({"bid": {"amountUsd": 10}, "note": "typo"}, []),
        ({"bid": {"amountUsd": 10, "currency": "EUR"}}, ["bid"]),
    ],
)
def test_bad_submissions_are_400_and_store_nothing(
    client: TestClient, body: dict[str, Any], path: list[str]
) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    response = act(client, f"/act/proposals/{proposal_id}/accept", body)
    assert response.status_code == 400, response.text
    result = response.json()
    assert result["code"] == "BAD_REQUEST"
    assert [issue["path"] for issue in result["details"]["issues"]] == [path]
    assert stored(client, proposal_id) == ("INVITED", None, None, None)
    assert event_count(client) == 0
    apply = act(
        client,
        f"/act/jobs/{employer.job['id']}/apply",
        {**body, "freelancerId": make_trainer(client)["id"]},
    )
    assert apply.status_code == 400
    assert db_query_count(client) == 1


def db_query_count(client: TestClient) -> int:
    from tests.conftest import db_query

    return int(db_query(client, "SELECT count(*) FROM proposals")[0][0])  # type: ignore[call-overload]


def test_a_cover_letter_of_exactly_5000_characters_is_taken(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    assert accept(client, proposal_id, 10, coverLetter="y" * 5000).status_code == 200
    assert stored(client, proposal_id)[2] == "y" * 5000


def test_accepting_twice_is_already_submitted(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    assert accept(client, proposal_id, 10).status_code == 200
    details = _conflict(accept(client, proposal_id, 11), "already_submitted")
    assert details["proposalId"] == proposal_id
    public = client.get(f"/api/public/v1/proposals/{proposal_id}", headers=employer.headers)
    assert public.json()["proposal"]["bid"]["amountUsd"] == 10
    assert len(events(client, employer)) == 1


def test_accepting_a_declined_invite_is_proposal_declined(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    assert act(client, f"/act/proposals/{proposal_id}/decline", {}).status_code == 200
    _conflict(accept(client, proposal_id, 10), "proposal_declined")
    assert stored(client, proposal_id)[0] == "DECLINED"


def test_only_an_open_job_takes_acceptances_and_applications(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    closed = client.post(
        f"/api/public/v1/jobs/{employer.job['id']}/close", headers=employer.headers
    )
    assert closed.status_code == 200
    details = _conflict(accept(client, proposal_id, 10), "job_not_published")
    assert details == {
        "reason": "job_not_published",
        "jobId": employer.job["id"],
        "status": "ARCHIVED",
    }
    other = make_trainer(client)
    apply = act(
        client,
        f"/act/jobs/{employer.job['id']}/apply",
        {"freelancerId": other["id"], "bid": {"amountUsd": 10}},
    )
    _conflict(apply, "job_not_published")
    draft = make_job(
        client, employer.account["id"], status="DRAFT", **{"paymentType": "FIXED_PRICE"}
    )
    _conflict(
        act(
            client,
            f"/act/jobs/{draft['id']}/apply",
            {"freelancerId": other["id"], "bid": {"amountUsd": 10}},
        ),
        "job_not_published",
    )
    assert event_count(client) == 0


def test_unknown_proposals_are_404(client: TestClient) -> None:
    for action in ("accept", "decline", "withdraw"):
        body = {"bid": {"amountUsd": 5}} if action == "accept" else {}
        response = act(client, f"/act/proposals/01JZZZZZZZZZZZZZZZZZZZZZZZ/{action}", body)
        assert response.status_code == 404
        assert response.json()["details"] == {"proposalId": "01JZZZZZZZZZZZZZZZZZZZZZZZ"}
    response = act(client, "/proposals/01JZZZZZZZZZZZZZZZZZZZZZZZ/status", {"status": "MAYBE"})
    assert response.status_code == 404


def test_declining_an_invite_emits_status_changed(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    response = act(client, f"/act/proposals/{proposal_id}/decline")
    assert response.status_code == 200
    assert response.json()["proposal"]["status"] == {"raw": "DECLINED", "label": "Declined"}
    [event] = events(client, employer)
    assert event["type"] == "proposal.status_changed"
    assert event["data"] == {"proposalId": proposal_id, "status": "DECLINED"}
    assert event["jobId"] == employer.job["id"]
    _conflict(act(client, f"/act/proposals/{proposal_id}/decline", {}), "proposal_declined")
    assert len(events(client, employer)) == 1


def test_declining_a_submitted_proposal_is_already_submitted(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    accept(client, proposal_id, 10)
    _conflict(act(client, f"/act/proposals/{proposal_id}/decline", {}), "already_submitted")


def test_decline_and_withdraw_reject_a_body_with_keys(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    response = act(client, f"/act/proposals/{proposal_id}/decline", {"why": "busy"})
    assert response.status_code == 400
    assert response.json()["details"]["issues"][0]["keys"] == ["why"]
    assert stored(client, proposal_id)[0] == "INVITED"


def test_withdrawing_a_submitted_proposal_declines_it(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    _conflict(act(client, f"/act/proposals/{proposal_id}/withdraw", {}), "proposal_not_submitted")
    accept(client, proposal_id, 10)
    act(client, f"/proposals/{proposal_id}/status", {"status": "SHORTLISTED"})
    response = act(client, f"/act/proposals/{proposal_id}/withdraw", {})
    assert response.status_code == 200
    assert response.json()["proposal"]["status"]["raw"] == "DECLINED"
    assert [(e["type"], e["data"].get("status")) for e in events(client, employer)] == [
        ("proposal.received", None),
        ("proposal.status_changed", "SHORTLISTED"),
        ("proposal.status_changed", "DECLINED"),
    ]
    _conflict(act(client, f"/act/proposals/{proposal_id}/withdraw", {}), "proposal_declined")


def test_a_hired_proposal_never_changes(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    accept(client, proposal_id, 10)
    # Hiring is a later issue: the row is put in the state a confirmed hire leaves.
    db_execute(client, "UPDATE proposals SET status = 'HIRED' WHERE id = :id", id=proposal_id)
    before = event_count(client)
    _conflict(act(client, f"/act/proposals/{proposal_id}/withdraw", {}), "proposal_hired")
    for status in ("DECLINED", "UNREVIEWED"):
        response = act(client, f"/proposals/{proposal_id}/status", {"status": status})
        _conflict(response, "proposal_hired")
    _conflict(accept(client, proposal_id, 12), "already_submitted")
    assert stored(client, proposal_id)[0] == "HIRED"
    assert event_count(client) == before


def test_applying_creates_an_unreviewed_proposal(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    body = {"freelancerId": trainer["id"], "bid": {"amountUsd": 14}, "coverLetter": "Hello"}
    response = act(client, f"/act/jobs/{employer.job['id']}/apply", body)
    assert response.status_code == 201, response.text
    proposal = response.json()["proposal"]
    assert proposal["status"]["raw"] == "UNREVIEWED"
    assert proposal["bid"] == {"amountUsd": 14, "unit": "PER_HOUR", "labelerHourlyRateUsd": None}
    assert proposal["candidate"]["id"] == trainer["id"]
    [event] = events(client, employer)
    assert (event["type"], event["resourceId"]) == ("proposal.received", proposal["id"])
    _conflict(act(client, f"/act/jobs/{employer.job['id']}/apply", body), "already_submitted")
    listed = client.get(
        f"/api/public/v1/jobs/{employer.job['id']}/proposals", headers=employer.headers
    ).json()["proposals"]
    assert [p["id"] for p in listed] == [proposal["id"]]
    assert listed[0]["bid"] == proposal["bid"]


def test_applying_turns_the_trainers_invite_into_the_application(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    body = {"freelancerId": trainer["id"], "bid": {"amountUsd": 14}}
    response = act(client, f"/act/jobs/{employer.job['id']}/apply", body)
    assert response.status_code == 200, response.text
    assert response.json()["proposal"]["id"] == proposal_id
    assert response.json()["proposal"]["status"]["raw"] == "UNREVIEWED"
    assert [e["type"] for e in events(client, employer)] == ["proposal.received"]
    assert db_query_count(client) == 1


def test_applying_after_declining_the_invite_is_proposal_declined(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    act(client, f"/act/proposals/{proposal_id}/decline", {})
    body = {"freelancerId": trainer["id"], "bid": {"amountUsd": 14}}
    details = _conflict(
        act(client, f"/act/jobs/{employer.job['id']}/apply", body), "proposal_declined"
    )
    assert details["proposalId"] == proposal_id


def test_applying_needs_a_real_job_and_a_real_trainer(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    bid = {"amountUsd": 14}
    response = act(
        client,
        "/act/jobs/01JZZZZZZZZZZZZZZZZZZZZZZZ/apply",
        {"freelancerId": trainer["id"], "bid": bid},
    )
    assert response.status_code == 404
    assert response.json()["details"] == {"jobId": "01JZZZZZZZZZZZZZZZZZZZZZZZ"}
    for someone in ("01JZZZZZZZZZZZZZZZZZZZZZZZ", employer.account["ownerUserId"]):
        response = act(
            client, f"/act/jobs/{employer.job['id']}/apply", {"freelancerId": someone, "bid": bid}
        )
        assert response.status_code == 404
        assert response.json()["details"] == {"freelancerId": someone}
    assert db_query_count(client) == 0


@pytest.mark.parametrize("status", ["UNREVIEWED", "SHORTLISTED", "MAYBE", "NOT_A_FIT", "DECLINED"])
def test_the_employers_humans_set_each_of_their_statuses(client: TestClient, status: str) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    accept(client, proposal_id, 10)
    first = "MAYBE" if status != "MAYBE" else "SHORTLISTED"
    assert act(client, f"/proposals/{proposal_id}/status", {"status": first}).status_code == 200
    response = act(client, f"/proposals/{proposal_id}/status", {"status": status})
    assert response.status_code == 200
    assert response.json()["proposal"]["status"]["raw"] == status
    last = events(client, employer)[-1]
    assert last["type"] == "proposal.status_changed"
    assert last["data"] == {"proposalId": proposal_id, "status": status}
    # The same status again is no change: 200, and no event.
    count = event_count(client)
    assert act(client, f"/proposals/{proposal_id}/status", {"status": status}).status_code == 200
    assert event_count(client) == count


def test_status_refuses_an_invited_proposal(client: TestClient) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    response = act(client, f"/proposals/{proposal_id}/status", {"status": "SHORTLISTED"})
    _conflict(response, "proposal_not_submitted")
    act(client, f"/act/proposals/{proposal_id}/decline", {})
    response = act(client, f"/proposals/{proposal_id}/status", {"status": "SHORTLISTED"})
    _conflict(response, "proposal_not_submitted")


@pytest.mark.parametrize("status", ["HIRED", "INVITED", "RESUME_SENT", "shortlisted", "", 3, None])
def test_status_takes_only_the_five_employer_statuses(client: TestClient, status: Any) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    accept(client, proposal_id, 10)
    response = act(client, f"/proposals/{proposal_id}/status", {"status": status})
    assert response.status_code == 400
    assert response.json()["details"]["issues"][0]["path"] == ["status"]
    assert stored(client, proposal_id)[0] == "UNREVIEWED"


def test_the_operator_operations_need_the_admin_token(client: TestClient) -> None:
    response = client.post("/api/admin/v1/proposals/x/status", json={"status": "MAYBE"})
    assert response.status_code == 401
    assert response.json()["code"] == "UNAUTHORIZED"


def test_match_score_shows_in_the_list_and_the_detail(client: TestClient) -> None:
    employer = hourly_employer(
        client,
        languages=["Spanish"],
        countries=["ES", "MX"],
        dataType="Text",
        labelTypes=["Ranking"],
        experienceLevel="EXPERT",
    )
    trainer = make_trainer(
        client,
        countryCode="ES",
        expertiseLevel="INTERMEDIATE",
        skills={"dataTypes": ["TEXT"], "labelTypes": ["CLASSIFICATION"]},
        languages=[{"language": "Spanish", "proficiency": "NATIVE"}],
    )
    proposal_id = invite(client, employer, trainer["id"])
    accept(client, proposal_id, 10)
    detail = client.get(f"/api/public/v1/proposals/{proposal_id}", headers=employer.headers)
    # Met: data type, language, country; not met: label type, experience → 3 of 5.
    assert detail.json()["proposal"]["metrics"] == {"interviewScore": None, "matchScore": 0.6}
    listed = client.get(
        f"/api/public/v1/jobs/{employer.job['id']}/proposals", headers=employer.headers
    )
    assert listed.json()["proposals"][0]["metrics"] == {"interviewScore": None, "matchScore": 0.6}
