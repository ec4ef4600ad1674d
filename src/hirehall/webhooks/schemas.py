"""Bodies and answers of the webhook operations (section 2.12) and the operator's log."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from hirehall.core.wire import Wire
from hirehall.webhooks.rules import URL_MAX, url_problem

# The catalog of section 2.10 (events/rules.py: EVENT_SCOPES; a test keeps them equal).
EventType = Literal[
    "proposal.received",
    "proposal.status_changed",
    "message.received",
    "contract.created",
    "milestone.status_changed",
    "payment.pending",
    "approval.confirmed",
    "contract.budget_state_changed",
]


class WebhookCreate(BaseModel):
    """`POST /webhooks`: unknown keys are ignored, as zod's default object does."""

    model_config = ConfigDict(extra="ignore")

    url: str = Field(
        min_length=1,
        max_length=URL_MAX,
        description="Absolute https URL (plain http only for localhost, 127.0.0.1, [::1]).",
    )
    eventTypes: list[EventType] = Field(
        min_length=1, description="Duplicates are removed; each needs its read scope."
    )

    @field_validator("url")
    @classmethod
    def _absolute_https(cls, value: str) -> str:
        problem = url_problem(value)
        if problem:
            raise ValueError(problem)
        return value


class Webhook(Wire):
    """The contract's webhook subscription object (never its secret)."""

    id: str
    url: str
    eventTypes: list[str]
    status: Literal["ACTIVE", "DISABLED"]
    createdAt: datetime
    disabledAt: datetime | None
    disabledReason: str | None


class CreatedWebhook(Wire):
    webhook: Webhook
    secret: str
    message: str


class WebhookList(Wire):
    webhooks: list[Webhook]


class OneWebhook(Wire):
    webhook: Webhook


class DeletedWebhook(Wire):
    webhook: Webhook
    deleted: Literal[True]
