"""Responses of the discovery operations (section 2.3.3)."""

from __future__ import annotations

from typing import Literal

from hirehall.core.wire import Wire


class Capabilities(Wire):
    draftImport: bool
    draftCreate: bool
    draftUpdate: bool
    draftUrlRead: bool
    publish: bool
    hiring: bool
    messagingWrites: bool
    team: bool
    paymentsWrite: bool
    credits: bool
    webhooks: bool


class DraftCapabilities(Wire):
    importFormats: list[str]
    updateKeys: list[str]
    enums: dict[str, list[str]]


class JobDraftCapabilities(Wire):
    """`GET /job-drafts/capabilities`: this account's real flags."""

    featureKey: Literal["public_api_job_drafting"]
    namespace: Literal["job-drafts"]
    rolloutMode: str
    actorIsAdmin: bool
    capabilities: Capabilities
    draft: DraftCapabilities
    authBootstrap: Literal["token", "session"]
    enabled: bool
