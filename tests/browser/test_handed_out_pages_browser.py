"""D26 in the real browser: each URL an API answer hands out (draftUrl/reviewUrl, jobUrl,
the job's url, applyUrl, profilePath) opens a working page, with a screenshot under
test-output/screenshots/ and the axe-core check."""

from __future__ import annotations

from typing import Any

import httpx

from tests.browser.helpers import ADMIN, assert_accessible, local, shot, sign_in_page

API = "/api/public/v1"
TRAINER_EMAIL = "maria.trainer@example.com"
READY = {
    "jobTitle": "Cat image labeling",
    "jobDescription": "Label the cats in 5,000 photos.\n\nWe use CVAT; training is provided.",
    "paymentType": "PAY_PER_HOUR",
    "pricePerHour": 18,
    "experienceLevel": "INTERMEDIATE",
    "headcount": 3,
    "languages": ["English"],
    "dataVolumeUnit": "NUMBER_OF_FILES",
    "dataVolume": 5000,
}


def _admin(http: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = http.post(f"/api/admin/v1{path}", json=body, headers=ADMIN)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _employer(http: httpx.Client, name: str) -> tuple[dict[str, Any], dict[str, str]]:
    account = _admin(http, "/accounts", {"name": name})["account"]
    token = _admin(http, f"/accounts/{account['id']}/tokens", {})["token"]
    return account, {"Authorization": f"Bearer {token}"}


def test_every_handed_out_url_opens_a_page(server: httpx.Client, page: Any) -> None:
    account, headers = _employer(server, "Acme Vision")
    trainer = _admin(
        server,
        "/freelancers",
        {
            "firstName": "Maria",
            "lastName": "Garcia",
            "email": TRAINER_EMAIL,
            "title": "Image annotator",
            "bio": "Five years of bounding boxes.",
            "countryCode": "ES",
            "skills": {"labelTypes": ["Bounding boxes"], "software": ["CVAT"]},
            "languages": [{"language": "Spanish", "proficiency": "NATIVE"}],
        },
    )["freelancer"]

    draft = server.post(
        f"{API}/job-drafts",
        json={"rawJobDescription": "Label cats in photos, $18/hour."},
        headers=headers,
    ).json()
    page.goto(local(server, draft["draftUrl"]))
    assert "/signin?next=" in page.url
    sign_in_page(page, server, account["ownerEmail"], "/job-post?jobId=" + draft["jobId"])
    assert page.get_by_role("heading", name="What the draft still needs").is_visible()
    shot(page, "draft-review")
    assert_accessible(page)
    page.goto(local(server, draft["reviewUrl"]))
    assert page.get_by_role("heading", name="What the draft still needs").is_visible()

    patched = server.patch(f"{API}/job-drafts/{draft['jobId']}", json=READY, headers=headers)
    assert patched.status_code == 200, patched.text
    published = server.post(f"{API}/jobs/{draft['jobId']}/publish", headers=headers).json()
    public = server.get(f"{API}/jobs/{draft['jobId']}").json()
    job = public.get("job", public)

    page.context.clear_cookies()
    page.goto(local(server, published["jobUrl"]))
    assert page.get_by_role("heading", name="Cat image labeling").is_visible()
    assert page.get_by_role("link", name="Sign in to apply").is_visible()
    shot(page, "job-page-anonymous")
    assert_accessible(page)
    page.goto(local(server, job["url"]))
    assert page.get_by_role("heading", name="Cat image labeling").is_visible()
    page.goto(local(server, job["applyUrl"]))
    assert page.url.endswith(f"/jobs/{draft['jobId']}")

    sign_in_page(page, server, TRAINER_EMAIL, f"/jobs/{draft['jobId']}")
    apply = page.get_by_role("link", name="Apply to this job")
    assert apply.get_attribute("href") == f"/trainer/jobs/{draft['jobId']}/apply"
    shot(page, "job-page-trainer")
    assert_accessible(page)

    profile = server.get(f"{API}/freelancers/{trainer['id']}", headers=headers).json()
    page.goto(local(server, profile["freelancer"]["profilePath"]))
    assert page.get_by_role("heading", name="Maria G.").is_visible()
    assert "Garcia" not in page.content()
    assert TRAINER_EMAIL not in page.locator("main").inner_text()
    shot(page, "trainer-profile")
    assert_accessible(page)


def test_another_accounts_draft_is_a_404_page(server: httpx.Client, page: Any) -> None:
    _account, headers = _employer(server, "Acme")
    other, _ = _employer(server, "Other Co")
    draft = server.post(
        f"{API}/job-drafts", json={"rawJobDescription": "Label cats."}, headers=headers
    ).json()
    sign_in_page(page, server, other["ownerEmail"], "/account")
    response = page.goto(local(server, draft["draftUrl"]))
    assert response is not None
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    shot(page, "draft-review-404")
    assert_accessible(page)
