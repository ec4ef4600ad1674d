"""The words of the claim email (recorded in the outbox, and mailed when SMTP is set)."""

from __future__ import annotations

from typing import Any


def claim_email(
    agent_name: str | None,
    organization_name: str,
    code: str,
    verification_uri: str,
    expires_in: int,
) -> dict[str, Any]:
    agent = agent_name or "An AI agent"
    minutes = expires_in // 60
    body = (
        f"{agent} asked to link its hirehall account “{organization_name}” to this email.\n\n"
        f"Your claim code: {code}\n\n"
        f"To claim the account, open this page, enter this email and the code:\n"
        f"{verification_uri}\n\n"
        f"The code works for {minutes} minutes. If you did not expect this email, ignore it: "
        "nothing happens without the code.\n"
    )
    return {
        "subject": f"Your hirehall claim code: {code}",
        "body": body,
        "data": {
            "userCode": code,
            "verificationUri": verification_uri,
            "agentName": agent_name,
            "organizationName": organization_name,
            "expiresIn": expires_in,
        },
    }
