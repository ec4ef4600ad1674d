"""`GET /job-drafts/capabilities` (section 2.3.3): this account's real flags."""

from __future__ import annotations

from typing import Any

from hirehall.core.principal import Principal
from hirehall.core.scopes import FEATURE_ON_MODE, Feature
from hirehall.drafting import IMPORT_FORMATS, UPDATE_KEYS
from hirehall.drafting.fields import ENUMS

# Each capability boolean and the flag that turns it on (section 1.12).
CAPABILITY_FLAGS: dict[str, Feature] = {
    "draftImport": Feature.JOB_DRAFTING,
    "draftCreate": Feature.JOB_DRAFTING,
    "draftUpdate": Feature.JOB_DRAFTING,
    "draftUrlRead": Feature.JOB_DRAFTING,
    "publish": Feature.JOB_PUBLISHING,
    "hiring": Feature.HIRING,
    "messagingWrites": Feature.MESSAGING_WRITES,
    "team": Feature.TEAM,
    "paymentsWrite": Feature.PAYMENTS_WRITE,
    "credits": Feature.CREDITS,
    "webhooks": Feature.WEBHOOKS,
}


def capabilities(principal: Principal) -> dict[str, Any]:
    """Only reached with drafting on (the route's gate), hence `enabled: true` and `ALL`."""
    return {
        "featureKey": Feature.JOB_DRAFTING.value,
        "namespace": "job-drafts",
        "rolloutMode": FEATURE_ON_MODE,
        "actorIsAdmin": False,  # tokens never belong to platform admins in hirehall
        "capabilities": {
            name: flag.value in principal.features for name, flag in CAPABILITY_FLAGS.items()
        },
        "draft": {
            "importFormats": list(IMPORT_FORMATS),
            "updateKeys": list(UPDATE_KEYS),
            "enums": {name: list(values) for name, values in ENUMS.items()},
        },
        "authBootstrap": "token",
        "enabled": True,
    }
