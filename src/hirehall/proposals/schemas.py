"""Request bodies about proposals."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class InviteBody(BaseModel):
    """`POST /jobs/{id}/invites`; unknown extra keys are ignored (invites.md)."""

    model_config = ConfigDict(extra="ignore")

    freelancerId: str = Field(min_length=1, max_length=200)
