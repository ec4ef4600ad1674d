"""The trainer's pages over HTTP: the inbox, a proposal (accept with a bid, decline,
withdraw), applying to a job. Each action is the same service as the operator's `act`."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.lifecycle_helpers import accept, event_count, events, hourly_employer, invite, stored
from tests.factories import make_job, make_trainer
from tests.pages import csrf_of, sign_in


def signed_in_trainer(client: TestClient, **fields: Any) -> dict[str, Any]:
    client.cookies.clear()
    email = f"trainer-{re.sub(r'[^a-z0-9]', '', str(id(fields)))}@example.com"
    trainer = make_trainer(client, email=email, **fields)
    sign_in(client, email, "/trainer")
    return trainer


def form_post(client: TestClient, page_path: str, action: str, **fields: str) -> Any:
    """Posts a form of the page as a browser would: with the page's CSRF token."""
    html = client.get(page_path).text
    return client.post(action, data={"csrf": csrf_of(html), **fields}, follow_redirects=False)


def test_signed_out_visitors_go_to_the_sign_in(client: TestClient) -> None:
    client.cookies.clear()
    for path in ("/trainer", "/trainer/proposals/x", "/trainer/jobs/x/apply"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/signin?next=/trainer")


def test_the_inbox_lists_invites_and_proposals(client: TestClient) -> None:
    employer = hourly_employer(client, title="Spanish audio transcription")
    trainer = signed_in_trainer(client)
    invite(client, employer, trainer["id"])
    other = hourly_employer(client, title="Ranking code answers")
    accept(client, invite(client, other, trainer["id"]), 21)
    html = client.get("/trainer").text
    invites = html.split('id="invites"')[1].split("</ul>")[0]
    proposals = html.split('id="proposals"')[1].split("</ul>")[0]
    assert "Spanish audio transcription" in invites
    assert "Ranking code answers" in proposals
    assert "$21 per hour" in proposals


def test_accepting_on_the_page_submits_the_bid(client: TestClient) -> None:
    employer = hourly_employer(client)
    trainer = signed_in_trainer(client, hourlyRateUsd=20)
    proposal_id = invite(client, employer, trainer["id"])
    page = f"/trainer/proposals/{proposal_id}"
    assert 'name="amountUsd"' in client.get(page).text
    response = form_post(
        client, page, f"{page}/accept", amountUsd="18.50", unit="PER_HOUR", coverLetter="Hola"
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{page}?done=accepted"
    status, _, cover, _ = stored(client, proposal_id)
    assert (status, cover) == ("UNREVIEWED", "Hola")
    [event] = events(client, employer)
    assert (event["type"], event["resourceId"]) == ("proposal.received", proposal_id)
    shown = client.get(f"{page}?done=accepted").text
    assert "$18.50 per hour" in shown
    assert "Your proposal is sent" in shown
    again = form_post(client, page, f"{page}/accept", amountUsd="19", unit="PER_HOUR")
    assert again.status_code == 409  # a second post (say, a double click) changes nothing
    assert "already sent" in again.text
    assert len(events(client, employer)) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amountUsd": "abc"}, "as a number"),
        ({"amountUsd": ""}, "as a number"),
        ({"amountUsd": "-3"}, "as a number"),
        ({"amountUsd": "0"}, "above 0"),
        ({"amountUsd": "10", "unit": "PER_DAY"}, "hour, label or job"),
        ({"amountUsd": "10", "coverLetter": "x" * 5001}, "5,001 characters"),
    ],
)
def test_bad_bids_on_the_page_are_400_and_store_nothing(
    client: TestClient, fields: dict[str, str], message: str
) -> None:
    employer = hourly_employer(client)
    trainer = signed_in_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    page = f"/trainer/proposals/{proposal_id}"
    response = form_post(client, page, f"{page}/accept", **{"unit": "PER_HOUR", **fields})
    assert response.status_code == 400
    assert message in response.text
    assert 'role="alert"' in response.text
    assert stored(client, proposal_id) == ("INVITED", None, None, None)
    assert event_count(client) == 0


def test_a_form_without_its_csrf_token_is_refused(client: TestClient) -> None:
    employer = hourly_employer(client)
    trainer = signed_in_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    for action in ("accept", "decline"):
        response = client.post(
            f"/trainer/proposals/{proposal_id}/{action}",
            data={"amountUsd": "10", "unit": "PER_HOUR", "csrf": "forged"},
            follow_redirects=False,
        )
        assert response.status_code == 403
    assert stored(client, proposal_id)[0] == "INVITED"


def test_another_trainers_proposal_is_404_for_them(client: TestClient) -> None:
    employer = hourly_employer(client)
    owner = make_trainer(client)
    proposal_id = invite(client, employer, owner["id"])
    signed_in_trainer(client)
    page = f"/trainer/proposals/{proposal_id}"
    assert client.get(page).status_code == 404
    csrf = csrf_of(client.get("/trainer").text)
    for action in ("accept", "decline", "withdraw"):
        response = client.post(
            f"{page}/{action}",
            data={"csrf": csrf, "amountUsd": "10", "unit": "PER_HOUR"},
            follow_redirects=False,
        )
        assert response.status_code == 404
    assert stored(client, proposal_id)[0] == "INVITED"
    assert event_count(client) == 0


def test_declining_and_withdrawing_on_the_page(client: TestClient) -> None:
    employer = hourly_employer(client)
    trainer = signed_in_trainer(client)
    declined = invite(client, employer, trainer["id"])
    page = f"/trainer/proposals/{declined}"
    response = form_post(client, page, f"{page}/decline")
    assert response.headers["location"] == f"{page}?done=declined"
    assert stored(client, declined)[0] == "DECLINED"
    other = hourly_employer(client)
    submitted = invite(client, other, trainer["id"])
    accept(client, submitted, 10)
    page = f"/trainer/proposals/{submitted}"
    assert "/interview" in client.get(page).text
    response = form_post(client, page, f"{page}/withdraw")
    assert response.headers["location"] == f"{page}?done=withdrawn"
    assert stored(client, submitted)[0] == "DECLINED"
    assert [e["data"]["status"] for e in events(client, other)[1:]] == ["DECLINED"]


def test_a_conflict_is_shown_on_the_page(client: TestClient) -> None:
    employer = hourly_employer(client)
    trainer = signed_in_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    page = f"/trainer/proposals/{proposal_id}"
    html = client.get(page).text
    client.post(f"/api/public/v1/jobs/{employer.job['id']}/close", headers=employer.headers)
    response = client.post(
        f"{page}/accept",
        data={"csrf": csrf_of(html), "amountUsd": "10", "unit": "PER_HOUR"},
        follow_redirects=False,
    )
    assert response.status_code == 409
    assert "no longer open" in response.text
    assert stored(client, proposal_id)[0] == "INVITED"


def test_applying_on_the_page(client: TestClient) -> None:
    employer = hourly_employer(client, title="Audio QA")
    signed_in_trainer(client)
    page = f"/trainer/jobs/{employer.job['id']}/apply"
    html = client.get(page).text
    assert "Audio QA" in html
    assert '<option value="PER_HOUR" selected>' in html
    response = form_post(client, page, page, amountUsd="16", unit="PER_HOUR", coverLetter="Hi")
    assert response.status_code == 303
    proposal_id = response.headers["location"].split("/")[-1].split("?")[0]
    assert stored(client, proposal_id)[0] == "UNREVIEWED"
    assert [e["type"] for e in events(client, employer)] == ["proposal.received"]
    again = form_post(client, page, page, amountUsd="16", unit="PER_HOUR")
    assert again.status_code == 409
    assert "already sent" in again.text


def test_applying_to_a_job_that_is_not_open_is_a_404_page(client: TestClient) -> None:
    employer = hourly_employer(client)
    draft = make_job(client, employer.account["id"], status="DRAFT")
    signed_in_trainer(client)
    assert client.get(f"/trainer/jobs/{draft['id']}/apply").status_code == 404
    assert client.get("/trainer/jobs/01JZZZZZZZZZZZZZZZZZZZZZZZ/apply").status_code == 404
