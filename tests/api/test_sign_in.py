"""Sign-in for humans (D24) over HTTP: emailed code, session cookie, CSRF, no enumeration,
lockout, expiry on the sandbox clock, sign-out, safe `next`, and bad input never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import admin_headers, db_query
from tests.factories import make_account, make_trainer, outbox
from tests.pages import csrf_of, latest_code, request_code, sign_in

TRAINER_EMAIL = "maria.trainer@example.com"


def _code_form(client: TestClient, email: str, next_url: str = "/trainer") -> str:
    sent = request_code(client, email, next_url)
    assert sent.status_code == 200, sent.text
    return sent.text


def _post_code(client: TestClient, html: str, email: str, code: str, next_url: str = "/trainer"):  # type: ignore[no-untyped-def]
    return client.post(
        "/signin/code",
        data={"email": email, "code": code, "next": next_url, "csrf": csrf_of(html)},
        follow_redirects=False,
    )


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_trainer_signs_in_and_out(client: TestClient) -> None:
    trainer = make_trainer(client, email=TRAINER_EMAIL)
    done = sign_in(client, TRAINER_EMAIL, "/trainer")
    assert done.headers["location"] == "/trainer"
    cookie = done.headers["set-cookie"]
    assert cookie.startswith("hh_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    assert "Max-Age=604800" in cookie
    assert "Secure" not in cookie  # the public URL is http in the tests
    home = client.get("/trainer")
    assert home.status_code == 200
    assert TRAINER_EMAIL in home.text
    assert "Hello, Maria" in home.text
    # Only a keyed hash of the cookie's secret is stored.
    secret = client.cookies.get("hh_session")
    stored = db_query(client, "SELECT token_hash, user_id FROM human_sessions")
    assert stored[0][1] == trainer["id"]
    assert secret not in {row[0] for row in stored}
    out = client.post("/signout", data={"csrf": csrf_of(home.text)}, follow_redirects=False)
    assert out.status_code == 303
    assert out.headers["location"] == "/signin"
    assert db_query(client, "SELECT count(*) FROM human_sessions") == [(0,)]
    assert client.get("/trainer", follow_redirects=False).status_code == 303


def test_the_code_email_and_what_is_stored(client: TestClient) -> None:
    make_trainer(client, email=TRAINER_EMAIL)
    html = _code_form(client, TRAINER_EMAIL)
    assert "If <strong>maria.trainer@example.com</strong> has a hirehall" in html
    [message] = outbox(client, kind="sign_in_code", to=TRAINER_EMAIL)
    code = message["data"]["code"]
    assert len(code) == 6
    assert code.isdigit()
    assert code in message["subject"]
    assert code in message["body"]
    rows = db_query(client, "SELECT code_hash, status FROM sign_in_codes")
    assert rows[0][1] == "PENDING"
    assert code not in rows[0][0]


def test_an_employer_owner_signs_in_with_the_owner_email(client: TestClient) -> None:
    account = make_account(client)
    email = f"owner-{account['id']}@example.invalid"
    assert account["ownerEmail"] == email
    sign_in(client, email, "/account")
    page = client.get("/account")
    assert page.status_code == 200
    assert "employer" in page.text
    assert email in page.text
    # An employer is not a trainer.
    trainer_area = client.get("/trainer")
    assert trainer_area.status_code == 403
    assert "This area is for AI trainers" in trainer_area.text


def test_unknown_emails_get_the_same_answer_and_nothing(client: TestClient) -> None:
    make_trainer(client, email=TRAINER_EMAIL)
    known = _code_form(client, TRAINER_EMAIL)
    unknown = _code_form(client, "nobody@example.com")
    assert unknown.replace("nobody@example.com", TRAINER_EMAIL) == known.replace(
        csrf_of(known), csrf_of(unknown)
    )
    assert outbox(client, to="nobody@example.com") == []
    assert db_query(client, "SELECT email FROM sign_in_codes") == [(TRAINER_EMAIL,)]
    assert db_query(client, "SELECT count(*) FROM users WHERE email = 'nobody@example.com'") == [
        (0,)
    ]
    # Any code for the unknown address answers like a wrong code.
    answer = _post_code(client, unknown, "nobody@example.com", "123456")
    assert answer.status_code == 400
    assert "not right, or it no longer works" in answer.text


def test_five_wrong_codes_spend_the_code(client: TestClient) -> None:
    make_trainer(client, email=TRAINER_EMAIL)
    html = _code_form(client, TRAINER_EMAIL)
    code = latest_code(client, TRAINER_EMAIL)
    for _ in range(5):
        answer = _post_code(client, html, TRAINER_EMAIL, _wrong(code))
        assert answer.status_code == 400
        assert 'role="alert"' in answer.text
        assert 'aria-invalid="true"' in answer.text
        assert "hh_session" not in answer.headers.get("set-cookie", "")
    assert db_query(client, "SELECT status, wrong_codes FROM sign_in_codes") == [("FAILED", 5)]
    # The right code no longer works: locked out until a new code is asked for.
    assert _post_code(client, html, TRAINER_EMAIL, code).status_code == 400
    fresh = _code_form(client, TRAINER_EMAIL)
    new_code = latest_code(client, TRAINER_EMAIL)
    assert _post_code(client, fresh, TRAINER_EMAIL, new_code).status_code == 303


def test_a_code_is_used_once_and_a_new_code_replaces_the_old(client: TestClient) -> None:
    make_trainer(client, email=TRAINER_EMAIL)
    html = _code_form(client, TRAINER_EMAIL)
    first = latest_code(client, TRAINER_EMAIL)
    html = _code_form(client, TRAINER_EMAIL)
    second = latest_code(client, TRAINER_EMAIL)
    if first != second:
        assert _post_code(client, html, TRAINER_EMAIL, first).status_code == 400
    assert _post_code(client, html, TRAINER_EMAIL, second).status_code == 303
    client.cookies.clear()
    again = _code_form(client, "someone@example.com")  # a fresh anonymous form
    assert _post_code(client, again, TRAINER_EMAIL, second).status_code == 400


def test_a_code_expires_after_ten_minutes_on_the_server_clock(client: TestClient) -> None:
    make_trainer(client, email=TRAINER_EMAIL)
    html = _code_form(client, TRAINER_EMAIL)
    code = latest_code(client, TRAINER_EMAIL)
    moved = client.post(
        "/api/admin/v1/clock", json={"advanceSeconds": 601}, headers=admin_headers()
    )
    assert moved.status_code == 200
    assert _post_code(client, html, TRAINER_EMAIL, code).status_code == 400


def test_a_session_lasts_seven_days(client: TestClient) -> None:
    make_trainer(client, email=TRAINER_EMAIL)
    sign_in(client, TRAINER_EMAIL, "/trainer")
    week = 7 * 24 * 3600
    client.post("/api/admin/v1/clock", json={"advanceSeconds": week - 60}, headers=admin_headers())
    assert client.get("/trainer").status_code == 200
    client.post("/api/admin/v1/clock", json={"advanceSeconds": 61}, headers=admin_headers())
    assert client.get("/trainer", follow_redirects=False).status_code == 303


def test_a_suspended_trainer_cannot_sign_in_and_is_signed_out(client: TestClient) -> None:
    trainer = make_trainer(client, email=TRAINER_EMAIL)
    sign_in(client, TRAINER_EMAIL, "/trainer")
    patched = client.patch(
        f"/api/admin/v1/freelancers/{trainer['id']}",
        json={"status": "SUSPENDED"},
        headers=admin_headers(),
    )
    assert patched.status_code == 200
    assert client.get("/trainer", follow_redirects=False).status_code == 303
    _code_form(client, TRAINER_EMAIL)
    assert outbox(client, kind="sign_in_code", to=TRAINER_EMAIL)[0]  # only the first code
    assert len(outbox(client, kind="sign_in_code", to=TRAINER_EMAIL)) == 1


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/trainer", "/trainer"),
        ("/jobs/x?a=1", "/jobs/x?a=1"),
        ("https://evil.example/", "/account"),
        ("//evil.example/", "/account"),
        ("/\\evil.example", "/account"),
        ("javascript:alert(1)", "/account"),
        ("", "/account"),
    ],
)
def test_next_is_only_a_local_path(client: TestClient, given: str, expected: str) -> None:
    make_trainer(client, email=TRAINER_EMAIL)
    done = sign_in(client, TRAINER_EMAIL, given)
    assert done.headers["location"] == expected


def test_trainer_area_redirects_to_sign_in(client: TestClient) -> None:
    answer = client.get("/trainer", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/signin?next=/trainer"
    form = client.get("/signin?next=/trainer")
    assert form.status_code == 200
    assert '<label for="email">Email</label>' in form.text
    assert form.headers["cache-control"] == "no-store"
    assert "hh_csrf=" in form.headers["set-cookie"]


@pytest.mark.parametrize(
    "data",
    [
        {"email": TRAINER_EMAIL},  # no CSRF token
        {"email": TRAINER_EMAIL, "csrf": "forged"},
        {"email": TRAINER_EMAIL, "csrf": ""},
    ],
)
def test_forms_without_the_right_csrf_token_are_refused(
    client: TestClient, data: dict[str, str]
) -> None:
    make_trainer(client, email=TRAINER_EMAIL)
    client.get("/signin")
    answer = client.post("/signin", data=data)
    assert answer.status_code == 403
    assert "This form has expired" in answer.text
    assert outbox(client, kind="sign_in_code") == []


def test_a_token_from_another_browser_is_refused(client: TestClient) -> None:
    make_trainer(client, email=TRAINER_EMAIL)
    token = csrf_of(client.get("/signin").text)
    client.cookies.clear()
    client.get("/signin")  # a new hh_csrf cookie: the old token no longer matches
    answer = client.post("/signin", data={"email": TRAINER_EMAIL, "csrf": token})
    assert answer.status_code == 403


def test_a_signed_in_form_needs_the_session_token(client: TestClient) -> None:
    make_trainer(client, email=TRAINER_EMAIL)
    anonymous_token = csrf_of(client.get("/signin").text)
    sign_in(client, TRAINER_EMAIL, "/trainer")
    # The pre-sign-in token is not the session's: signing out with it is refused.
    refused = client.post("/signout", data={"csrf": anonymous_token})
    assert refused.status_code == 403
    assert client.get("/trainer").status_code == 200
    # After signing out, the old session's token is replayed in vain.
    session_token = csrf_of(client.get("/trainer").text)
    assert client.post("/signout", data={"csrf": session_token}).status_code == 200
    replay = client.post("/signout", data={"csrf": session_token})
    assert replay.status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        "email=%ZZ&csrf=x",
        "email=a&email=b",
        "\xff\xfe",
        "email=" + "a" * 70000,
    ],
)
def test_garbage_bodies_get_a_page_not_a_500(client: TestClient, body: str) -> None:
    client.get("/signin")
    answer = client.post(
        "/signin",
        content=body.encode("latin-1"),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code in (400, 403)
    assert answer.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("email", ["", "not-an-email", "a@b", "x" * 500 + "@example.com"])
def test_bad_emails_are_shown_on_the_page(client: TestClient, email: str) -> None:
    form = client.get("/signin")
    answer = client.post("/signin", data={"email": email, "csrf": csrf_of(form.text)})
    assert answer.status_code == 400
    assert "Enter your email address" in answer.text
    assert outbox(client) == []


@pytest.mark.parametrize(
    "code", ["", "abc", "12345", "1234567", "x" * 100, "\uff11\uff12\uff13\uff14\uff15\uff16"]
)
def test_bad_codes_are_shown_on_the_page(client: TestClient, code: str) -> None:
    make_trainer(client, email=TRAINER_EMAIL)
    html = _code_form(client, TRAINER_EMAIL)
    answer = _post_code(client, html, TRAINER_EMAIL, code)
    assert answer.status_code == 400
    assert "not right, or it no longer works" in answer.text


def test_a_forged_session_cookie_is_nobody(client: TestClient) -> None:
    client.cookies.set("hh_session", "forged")
    assert client.get("/trainer", follow_redirects=False).status_code == 303
    client.cookies.set("hh_session", "x" * 5000)
    assert client.get("/trainer", follow_redirects=False).status_code == 303
