"""The simulation's trainers submit funded milestones' work (admin-api "The trainer
simulation"): after the delay drawn from the seed the milestone is PENDING_APPROVAL with the
trainer's note, through the same service as the trainer's page; turned off, or when the
trainer submitted first on the page, nothing more happens."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.hiring_helpers import (
    act,
    contract,
    event_types,
    hired,
    setup_hiring,
)
from tests.conftest import db_query
from tests.simulation_helpers import advance, configure, run_simulation

NOTES = {
    "The work for this milestone is done and ready for your review.",
    "I finished this milestone; every item was checked against the guidelines.",
    "Milestone complete. Let me know if anything needs another pass.",
}


def _note(client: TestClient, milestone_id: str) -> object:
    [(note,)] = db_query(
        client, "SELECT submit_note FROM milestones WHERE id = :id", id=milestone_id
    )
    return note


def test_a_funded_milestone_is_submitted_after_the_drawn_delay(frozen_client: TestClient) -> None:
    client = frozen_client
    hiring = setup_hiring(client, credits_cents=33995)
    configure(client, seed=5, responseDelaySeconds=[900, 900], takeInterviews=False)
    shown = hired(client, hiring)
    milestone = shown["milestones"][0]
    assert milestone["status"] == "ACTIVE_FUNDED"
    assert run_simulation(client) == 0  # scheduled, due in 900 s
    advance(client, 899)
    assert run_simulation(client) == 0
    advance(client, 1)
    assert run_simulation(client) == 1
    after = contract(client, hiring, shown["id"])["milestones"][0]
    assert after["status"] == "PENDING_APPROVAL"
    assert after["pendingApproval"] is True
    assert _note(client, milestone["id"]) in NOTES
    assert event_types(client, hiring)[-1] == "milestone.status_changed"
    advance(client, 3600)
    assert run_simulation(client) == 0  # once per milestone


def test_turned_off_or_submitted_first_on_the_page(frozen_client: TestClient) -> None:
    client = frozen_client
    configure(client, seed=5, responseDelaySeconds=[60, 60], submitMilestones=False)
    off = setup_hiring(client, credits_cents=33995)
    first = hired(client, off)
    advance(client, 120)
    run_simulation(client)
    assert contract(client, off, first["id"])["milestones"][0]["status"] == "ACTIVE_FUNDED"

    configure(client, seed=5, responseDelaySeconds=[60, 60], takeInterviews=False)
    early = setup_hiring(client, credits_cents=33995)
    second = hired(client, early)
    milestone_id = second["milestones"][0]["id"]
    done = act(client, f"/act/milestones/{milestone_id}/submit", {"note": "Mine, by hand."})
    assert done.status_code == 200, done.text
    advance(client, 120)
    run_simulation(client)
    assert _note(client, milestone_id) == "Mine, by hand."
    rows = db_query(
        client,
        "SELECT status, result FROM simulation_actions WHERE subject_id = :id",
        id=milestone_id,
    )
    assert rows == [("SKIPPED", "milestone_already_submitted")]
