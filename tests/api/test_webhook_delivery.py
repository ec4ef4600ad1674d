"""Webhook deliveries (decision D39) to a real local HTTP receiver, driven by the operator
clock and POST /worker/run (no sleeps): the body is the feed's event, both signature schemes
verify with their own libraries, retries at +1/+5/+30/+120 minutes, FAILED after 5 attempts,
disabled after 10 failed deliveries or at once on 410, redirects not followed."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from opentrain.webhooks import verify_webhook_signature
from standardwebhooks.webhooks import Webhook as StandardWebhook

from tests.api.lifecycle_helpers import accept, hourly_employer, invite
from tests.conftest import admin_headers
from tests.factories import make_employer, make_trainer
from tests.receiver import Receiver, receiver
from tests.webhook_helpers import emit, enable, log, operator_view, redeliver, subscribe
from tests.worker_helpers import advance, run_worker

RETRY_MINUTES = [1, 5, 30, 120]


@pytest.fixture
def hook_receiver() -> Iterator[Receiver]:
    with receiver() as running:
        yield running


def test_a_delivery_is_the_feeds_event_signed_for_both_libraries(
    frozen_client: TestClient, hook_receiver: Receiver
) -> None:
    client = frozen_client
    employer = hourly_employer(client)
    hook, secret = subscribe(client, employer, hook_receiver.url(), ["proposal.received"])
    advance(client, 86400)  # the sandbox clock moves; signature timestamps stay real time
    proposal_id = invite(client, employer, make_trainer(client)["id"])
    assert accept(client, proposal_id).status_code == 200
    assert hook_receiver.received == []  # nothing goes out in the request
    assert run_worker(client)["deliveries"] == 1
    [received] = hook_receiver.received
    feed = client.get("/api/public/v1/updates", headers=employer.headers).json()["events"]
    [event] = [e for e in feed if e["type"] == "proposal.received"]
    # Exactly the feed's JSON of the event, byte for byte as the feed writes it.
    assert json.loads(received.body) == event
    assert received.text == json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    [delivery] = log(client, hook["id"])
    headers = {name.lower(): value for name, value in received.headers.items()}
    assert headers["content-type"] == "application/json"
    assert headers["user-agent"] == "OpenTrain-Webhooks/1.0"
    assert headers["x-opentrain-event"] == "proposal.received"
    assert headers["x-opentrain-delivery"] == headers["webhook-id"] == delivery["id"]
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", headers["x-opentrain-signature"])
    signed_at = int(headers["x-opentrain-signature"].split(",")[0][2:])
    assert abs(signed_at - time.time()) < 60
    assert headers["webhook-timestamp"] == str(signed_at)
    # OpenTrain's SDK and the Standard Webhooks library both accept it ...
    assert verify_webhook_signature(
        secret=secret, raw_body=received.text, signature_header=headers["x-opentrain-signature"]
    )
    assert StandardWebhook(secret).verify(received.body, headers) == event
    # ... and neither accepts another body or another secret.
    assert not verify_webhook_signature(
        secret=secret,
        raw_body=received.text + " ",
        signature_header=headers["x-opentrain-signature"],
    )
    other = subscribe(client, employer, hook_receiver.url("/other"))[1]
    with pytest.raises(Exception, match="No matching signature"):
        StandardWebhook(other).verify(received.body, headers)
    assert delivery == {
        "id": delivery["id"],
        "eventId": event["id"],
        "eventType": "proposal.received",
        "status": "SUCCEEDED",
        "attempts": [
            {
                "at": delivery["attempts"][0]["at"],
                "statusCode": 200,
                "durationMs": delivery["attempts"][0]["durationMs"],
                "error": None,
                "responseBody": "ok",
            }
        ],
        "nextAttemptAt": None,
        "createdAt": delivery["createdAt"],
    }
    assert run_worker(client)["deliveries"] == 0  # once


def test_only_new_subscribed_events_of_the_account_are_delivered(
    frozen_client: TestClient, hook_receiver: Receiver
) -> None:
    client = frozen_client
    employer, stranger = make_employer(client), make_employer(client)
    emit(client, employer)  # before the subscription: no backfill
    hook, _ = subscribe(client, employer, hook_receiver.url(), ["proposal.status_changed"])
    emit(client, stranger)  # another account's
    from tests.api.test_updates import record

    record(client, employer.account["id"], "message.received", conversationId="c", messageId="m")
    [wanted] = emit(client, employer)
    assert run_worker(client)["deliveries"] == 1
    assert [json.loads(r.body)["id"] for r in hook_receiver.received] == [wanted]
    assert [d["eventId"] for d in log(client, hook["id"])] == [wanted]


def test_retries_follow_the_clock_then_the_delivery_fails(
    frozen_client: TestClient, hook_receiver: Receiver
) -> None:
    client = frozen_client
    hook_receiver.statuses(500)
    employer = make_employer(client)
    hook, _ = subscribe(client, employer, hook_receiver.url())
    emit(client, employer)
    assert run_worker(client)["deliveries"] == 1
    for attempt, minutes in enumerate(RETRY_MINUTES, start=1):
        [delivery] = log(client, hook["id"])
        assert delivery["status"] == "PENDING"
        assert len(delivery["attempts"]) == attempt
        assert delivery["attempts"][-1]["statusCode"] == 500
        assert delivery["attempts"][-1]["responseBody"] == "status 500"
        clock = client.get("/api/admin/v1/clock", headers=admin_headers()).json()["now"]
        assert delivery["nextAttemptAt"] > clock
        advance(client, minutes * 60 - 1)
        assert run_worker(client)["deliveries"] == 0  # a second early
        advance(client, 1)
        assert run_worker(client)["deliveries"] == 1
    [delivery] = log(client, hook["id"])
    assert delivery["status"] == "FAILED"
    assert len(delivery["attempts"]) == 5
    assert delivery["nextAttemptAt"] is None
    ids = {r.headers["X-OpenTrain-Delivery"] for r in hook_receiver.received}
    assert ids == {delivery["id"]}  # the same delivery id on every attempt
    advance(client, 86400)
    assert run_worker(client)["deliveries"] == 0
    view = operator_view(client, hook["id"])
    assert (view["status"], view["consecutiveFailures"]) == ("ACTIVE", 1)


def _fail_everything(client: TestClient) -> None:
    """Runs the worker through every retry of the deliveries now pending."""
    run_worker(client)
    for minutes in RETRY_MINUTES:
        advance(client, minutes * 60)
        run_worker(client)


def test_ten_failed_deliveries_disable_and_the_operator_re_enables(
    frozen_client: TestClient, hook_receiver: Receiver
) -> None:
    client = frozen_client
    hook_receiver.statuses(503)
    employer = make_employer(client)
    hook, _ = subscribe(client, employer, hook_receiver.url())
    emit(client, employer, 9)
    _fail_everything(client)
    assert operator_view(client, hook["id"])["consecutiveFailures"] == 9
    assert operator_view(client, hook["id"])["status"] == "ACTIVE"
    emit(client, employer)
    _fail_everything(client)
    public = client.get(f"/api/public/v1/webhooks/{hook['id']}", headers=employer.headers)
    disabled = public.json()["webhook"]
    assert disabled["status"] == "DISABLED"
    assert disabled["disabledReason"] == "Disabled after repeated delivery failures"
    assert disabled["disabledAt"] is not None
    # Nothing is delivered while disabled, and the events of that time never are.
    hook_receiver.statuses(200)
    emit(client, employer)
    assert run_worker(client)["deliveries"] == 0
    assert len(log(client, hook["id"])) == 10
    answer = enable(client, hook["id"])
    assert answer.status_code == 200
    assert answer.json()["webhook"] == {
        **hook,
        "accountId": employer.account["id"],
        "consecutiveFailures": 0,
    }
    assert run_worker(client)["deliveries"] == 0
    [fresh] = emit(client, employer)
    assert run_worker(client)["deliveries"] == 1
    assert json.loads(hook_receiver.received[-1].body)["id"] == fresh


def test_a_success_resets_the_failure_count(
    frozen_client: TestClient, hook_receiver: Receiver
) -> None:
    client = frozen_client
    hook_receiver.statuses(500)
    employer = make_employer(client)
    hook, _ = subscribe(client, employer, hook_receiver.url())
    emit(client, employer, 3)
    _fail_everything(client)
    assert operator_view(client, hook["id"])["consecutiveFailures"] == 3
    hook_receiver.statuses(204)
    emit(client, employer)
    assert run_worker(client)["deliveries"] == 1
    assert operator_view(client, hook["id"])["consecutiveFailures"] == 0


def test_410_fails_the_delivery_and_disables_at_once(
    frozen_client: TestClient, hook_receiver: Receiver
) -> None:
    client = frozen_client
    employer = make_employer(client)
    hook, _ = subscribe(client, employer, hook_receiver.url())
    hook_receiver.statuses(500)
    emit(client, employer)
    run_worker(client)  # one delivery now waits for its retry
    hook_receiver.statuses(410)
    emit(client, employer)
    assert run_worker(client)["deliveries"] == 1
    gone, waiting = log(client, hook["id"])
    assert (gone["status"], len(gone["attempts"])) == ("FAILED", 1)
    assert gone["attempts"][0]["statusCode"] == 410
    assert waiting["status"] == "FAILED"  # a disabled subscription's pending deliveries fail
    view = operator_view(client, hook["id"])
    assert view["status"] == "DISABLED"
    assert view["disabledReason"] == "Receiver answered 410 Gone"
    advance(client, 3600)
    assert run_worker(client)["deliveries"] == 0


def test_redirects_are_not_followed(frozen_client: TestClient, hook_receiver: Receiver) -> None:
    client = frozen_client
    hook_receiver.answer = lambda _r: (302, b"", {"Location": hook_receiver.url("/elsewhere")})
    employer = make_employer(client)
    hook, _ = subscribe(client, employer, hook_receiver.url())
    emit(client, employer)
    assert run_worker(client)["deliveries"] == 1
    assert [r.path for r in hook_receiver.received] == ["/hook"]
    [delivery] = log(client, hook["id"])
    assert delivery["status"] == "PENDING"
    assert delivery["attempts"][0]["statusCode"] == 302


def test_an_unreachable_receiver_is_an_error_in_the_log(frozen_client: TestClient) -> None:
    client = frozen_client
    with receiver() as gone:
        url = gone.url()
    employer = make_employer(client)
    hook, _ = subscribe(client, employer, url)
    emit(client, employer)
    assert run_worker(client)["deliveries"] == 1
    [delivery] = log(client, hook["id"])
    attempt = delivery["attempts"][0]
    assert attempt["statusCode"] is None
    assert attempt["error"]
    assert attempt["responseBody"] is None


def test_delete_stops_deliveries_and_removes_history(
    frozen_client: TestClient, hook_receiver: Receiver
) -> None:
    client = frozen_client
    hook_receiver.statuses(500)
    employer = make_employer(client)
    hook, _ = subscribe(client, employer, hook_receiver.url())
    emit(client, employer, 2)
    assert run_worker(client)["deliveries"] == 2
    deleted = client.delete(f"/api/public/v1/webhooks/{hook['id']}", headers=employer.headers)
    assert deleted.status_code == 200
    emit(client, employer)
    advance(client, 3600)
    assert run_worker(client)["deliveries"] == 0
    assert len(hook_receiver.received) == 2
    from tests.conftest import db_query

    assert db_query(client, "SELECT count(*) FROM webhook_deliveries") == [(0,)]
    assert db_query(client, "SELECT count(*) FROM webhook_attempts") == [(0,)]
    gone = client.get(f"/api/admin/v1/webhooks/{hook['id']}/deliveries", headers=admin_headers())
    assert gone.status_code == 404


def test_redeliver_makes_one_attempt_with_the_same_id(
    frozen_client: TestClient, hook_receiver: Receiver
) -> None:
    client = frozen_client
    employer = make_employer(client)
    hook, secret = subscribe(client, employer, hook_receiver.url())
    emit(client, employer)
    run_worker(client)
    [delivery] = log(client, hook["id"])
    answer = redeliver(client, delivery["id"])
    assert answer.status_code == 202
    queued = answer.json()["delivery"]
    assert (queued["id"], queued["status"], len(queued["attempts"])) == (
        delivery["id"],
        "PENDING",
        1,
    )
    assert queued["nextAttemptAt"] is not None
    assert run_worker(client)["deliveries"] == 1
    first, second = hook_receiver.received
    assert first.headers["X-OpenTrain-Delivery"] == second.headers["X-OpenTrain-Delivery"]
    assert first.body == second.body
    assert verify_webhook_signature(
        secret=secret,
        raw_body=second.text,
        signature_header=second.headers["X-OpenTrain-Signature"],
    )
    [again] = log(client, hook["id"])
    assert (again["status"], len(again["attempts"])) == ("SUCCEEDED", 2)
    # A failing redelivery is one attempt: FAILED, no retry after it.
    hook_receiver.statuses(500)
    redeliver(client, delivery["id"])
    assert run_worker(client)["deliveries"] == 1
    [failed] = log(client, hook["id"])
    assert (failed["status"], len(failed["attempts"]), failed["nextAttemptAt"]) == (
        "FAILED",
        3,
        None,
    )
    advance(client, 86400)
    assert run_worker(client)["deliveries"] == 0
    assert operator_view(client, hook["id"])["consecutiveFailures"] == 0


@pytest.mark.parametrize("delivery_id", ["nope", "0" * 26])
def test_redeliver_an_unknown_delivery_is_404(client: TestClient, delivery_id: str) -> None:
    answer = redeliver(client, delivery_id)
    assert answer.status_code == 404
    assert answer.json()["code"] == "NOT_FOUND"


def test_enable_an_unknown_webhook_is_404(client: TestClient) -> None:
    answer = enable(client, "0" * 26)
    assert answer.status_code == 404
    assert answer.json()["details"] == {"resource": "webhooks", "webhookId": "0" * 26}


def test_deliveries_reach_every_subscription_of_the_account(
    frozen_client: TestClient,
) -> None:
    client = frozen_client
    employer = make_employer(client)
    with receiver() as first, receiver() as second:
        subscribe(client, employer, first.url())
        subscribe(client, employer, second.url())
        events = emit(client, employer, 3)
        assert run_worker(client)["deliveries"] == 6
        for got in (first, second):
            assert sorted(json.loads(r.body)["id"] for r in got.received) == sorted(events)
