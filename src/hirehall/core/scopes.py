"""The contract's scopes and feature flags, with the rules that relate them."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Scope(StrEnum):
    JOBS_READ = "jobs:read"
    JOBS_WRITE = "jobs:write"
    PROPOSALS_READ = "proposals:read"
    PROPOSALS_WRITE = "proposals:write"
    MESSAGES_READ = "messages:read"
    MESSAGES_WRITE = "messages:write"
    PAYMENTS_READ = "payments:read"
    PAYMENTS_WRITE = "payments:write"
    TEAM_READ = "team:read"
    TEAM_WRITE = "team:write"
    WEBHOOKS_MANAGE = "webhooks:manage"


ALL_SCOPES: list[str] = [s.value for s in Scope]

# Exact lists and order the agent-auth endpoints return (section 1.11).
PRE_CLAIM_SCOPES: list[str] = [
    "jobs:read",
    "jobs:write",
    "proposals:read",
    "messages:read",
    "payments:read",
    "team:read",
]
POST_CLAIM_SCOPES: list[str] = [
    "jobs:read",
    "jobs:write",
    "proposals:read",
    "proposals:write",
    "messages:read",
    "messages:write",
    "payments:read",
    "team:read",
    "team:write",
]


def covers(granted: Iterable[str], required: str) -> bool:
    """`:write` implies the matching `:read` (decision D6)."""
    granted_set = set(granted)
    if required in granted_set:
        return True
    family, _, action = required.partition(":")
    return action == "read" and f"{family}:write" in granted_set


def unknown_scopes(names: Iterable[str]) -> list[str]:
    return [name for name in names if name not in ALL_SCOPES]


class Feature(StrEnum):
    JOB_DRAFTING = "public_api_job_drafting"
    JOB_PUBLISHING = "public_api_job_publishing"
    HIRING = "public_api_hiring"
    MESSAGING_WRITES = "public_api_messaging_writes"
    TEAM = "public_api_team"
    PAYMENTS_WRITE = "public_api_payments_write"
    CREDITS = "public_api_credits"
    WEBHOOKS = "public_api_webhooks"


ALL_FEATURES: list[str] = sorted(f.value for f in Feature)

# Rollout mode reported when a flag is off for an account: the feature is rolled out to an
# allowlist of accounts and this one is not on it (decision in docs/decisions.md).
FEATURE_OFF_MODE = "ALLOWLIST"
FEATURE_ON_MODE = "ALL"
