"""The trainer's interview page over HTTP: sign-in, CSRF, the form's rules (the same service
as the operator's act operation), the result, and another trainer's proposal (404)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.conftest import admin_headers, db_query
from tests.factories import make_trainer
from tests.interview_helpers import ANSWERS, employer_with_job, invite, submitted
from tests.pages import csrf_of, sign_in

EMAIL = "ana.trainer@example.com"


@pytest.fixture
def http(client: TestClient) -> Iterator[TestClient]:
    """The shared client without anyone's session cookie, before and after the test."""
    client.cookies.clear()
    yield client
    client.cookies.clear()


def path(proposal_id: str) -> str:
    return f"/trainer/proposals/{proposal_id}/interview"


def signed_in_trainer(http: TestClient, email: str = EMAIL) -> str:
    trainer = make_trainer(http, email=email)
    sign_in(http, email, "/trainer")
    return str(trainer["id"])


def form(answers: list[str], csrf: str) -> dict[str, str]:
    return {"csrf": csrf, **{f"answer-{n}": a for n, a in enumerate(answers, start=1)}}


def interviews(http: TestClient) -> int:
    return int(db_query(http, "SELECT count(*) FROM interviews")[0][0])  # type: ignore[call-overload]


def test_signed_out_visitors_are_sent_to_sign_in(http: TestClient) -> None:
    response = http.get(path("anything"), follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/signin?next=/trainer/proposals/anything/interview"


def test_the_trainer_answers_and_sees_the_result(http: TestClient) -> None:
    employer = employer_with_job(http)
    trainer_id = signed_in_trainer(http)
    proposal_id = submitted(http, employer, trainer_id=trainer_id)
    page = http.get(path(proposal_id))
    assert page.status_code == 200
    assert page.text.count("<textarea") == 5
    assert "Question 1 of 5: This job" in page.text
    sent = http.post(
        path(proposal_id), data=form(ANSWERS, csrf_of(page.text)), follow_redirects=False
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == path(proposal_id)
    result = http.get(path(proposal_id))
    assert "Your interview is recorded." in result.text
    assert "<textarea" not in result.text
    read = http.get(
        f"/api/public/v1/proposals/{proposal_id}/interview", headers=employer.headers
    ).json()["interview"]
    assert f"Score: {read['score']} out of 100." in result.text
    assert read["messages"][1]["content"] == ANSWERS[0]
    assert "maria@example.com" not in result.text


def test_an_empty_answer_shows_the_form_again_and_stores_nothing(http: TestClient) -> None:
    employer = employer_with_job(http)
    proposal_id = submitted(http, employer, trainer_id=signed_in_trainer(http))
    page = http.get(path(proposal_id))
    answers = [*ANSWERS[:4], "   "]
    response = http.post(path(proposal_id), data=form(answers, csrf_of(page.text)))
    assert response.status_code == 400
    assert "Answer 5 is empty" in response.text
    assert ANSWERS[0].split(";")[0] in response.text  # what was typed is kept
    assert interviews(http) == 0


def test_a_form_without_its_csrf_token_is_refused(http: TestClient) -> None:
    employer = employer_with_job(http)
    proposal_id = submitted(http, employer, trainer_id=signed_in_trainer(http))
    response = http.post(path(proposal_id), data=form(ANSWERS, "forged"))
    assert response.status_code == 403
    assert interviews(http) == 0


def test_another_trainers_proposal_is_a_404_page(http: TestClient) -> None:
    employer = employer_with_job(http)
    theirs = submitted(http, employer)
    signed_in_trainer(http)
    page = http.get(path(theirs))
    assert page.status_code == 404
    assert "Page not found" in page.text
    assert employer.job["title"] not in page.text
    home = http.get("/trainer")
    response = http.post(path(theirs), data=form(ANSWERS, csrf_of(home.text)))
    assert response.status_code == 404
    assert "Page not found" in response.text
    empty = http.post(path(theirs), data=form([""] * 5, csrf_of(home.text)))
    assert empty.status_code == 404
    assert "Page not found" in empty.text
    assert interviews(http) == 0


def test_an_invite_not_yet_accepted_cannot_be_interviewed(http: TestClient) -> None:
    employer = employer_with_job(http)
    proposal_id = invite(http, employer, signed_in_trainer(http))
    page = http.get(path(proposal_id))
    assert page.status_code == 200
    assert "Accept the invite before taking the interview." in page.text
    assert "<textarea" not in page.text
    response = http.post(path(proposal_id), data=form(ANSWERS, csrf_of(page.text)))
    assert response.status_code == 409
    assert interviews(http) == 0


def test_sending_twice_keeps_the_first_interview(http: TestClient) -> None:
    employer = employer_with_job(http)
    proposal_id = submitted(http, employer, trainer_id=signed_in_trainer(http))
    csrf = csrf_of(http.get(path(proposal_id)).text)
    first = http.post(path(proposal_id), data=form(ANSWERS, csrf), follow_redirects=False)
    again = http.post(path(proposal_id), data=form(["other"] * 5, csrf), follow_redirects=False)
    assert (first.status_code, again.status_code) == (303, 303)
    assert interviews(http) == 1
    act = http.post(
        f"/api/admin/v1/act/proposals/{proposal_id}/interview",
        json={"answers": ANSWERS},
        headers=admin_headers(),
    )
    assert act.json()["details"]["reason"] == "interview_already_taken"
