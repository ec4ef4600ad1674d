"""The demo world `make run` loads: what the issue promises a newcomer."""

from __future__ import annotations

from fastapi.testclient import TestClient

from hirehall.demo.world import DemoWorld, load
from tests.conftest import bearer, db_query


def load_demo(client: TestClient) -> DemoWorld:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]

    async def run() -> DemoWorld:
        async with runtime.uow() as uow:
            return await load(uow)

    assert client.portal is not None
    return client.portal.call(run)


def test_demo_world_has_what_the_tour_needs(client: TestClient) -> None:
    world = load_demo(client)
    me = client.get("/api/public/v1/auth/me", headers=bearer(world.token)).json()
    assert me["account"]["claimed"] is True
    assert len(me["token"]["scopes"]) == 11
    unclaimed = client.get("/api/public/v1/auth/me", headers=bearer(world.unclaimed_token))
    assert unclaimed.json()["account"]["claimed"] is False
    statuses = {row[0] for row in db_query(client, "SELECT status FROM jobs")}
    assert {"OPEN", "DRAFT", "ARCHIVED"} <= statuses
    trainers = db_query(
        client,
        "SELECT users.status, freelancer_profiles.availability, freelancer_profiles.country_code"
        " FROM users JOIN freelancer_profiles ON freelancer_profiles.user_id = users.id",
    )
    assert len(trainers) >= 25
    assert sum(1 for status, _, _ in trainers if status == "SUSPENDED") == 1
    assert any(availability == "NOT_AVAILABLE" for _, availability, _ in trainers)
    assert len({country for _, _, country in trainers}) >= 15


def test_loading_twice_keeps_one_world_and_a_fresh_trainer(client: TestClient) -> None:
    first = load_demo(client)
    path = f"/api/public/v1/jobs/{first.open_job_id}/invites"
    invited = client.post(
        path, json={"freelancerId": first.trainer_id}, headers=bearer(first.token)
    )
    assert invited.status_code == 201
    second = load_demo(client)
    assert second.token == first.token
    assert second.open_job_id == first.open_job_id
    assert second.trainer_id != first.trainer_id
    assert db_query(client, "SELECT count(*) FROM organizations")[0][0] == 2
