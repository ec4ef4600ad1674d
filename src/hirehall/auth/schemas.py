"""Bodies about tokens."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class TokenMint(BaseModel):
    """`POST /tokens`: everything optional; `{}` clones the caller's scopes without expiry."""

    model_config = ConfigDict(extra="ignore")

    name: str = Field(default="API token", min_length=1, max_length=120)
    scopes: list[str] | None = None
    expiresAt: datetime | None = None
