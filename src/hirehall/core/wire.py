"""The base of every response model: the OpenAPI document says exactly which keys a body has
(`additionalProperties: false`), so a client generated from it, and schemathesis's response
checks, notice any key the server adds without declaring it. The models document; the routes
still return their JSON directly (no second validation on the hot path)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")
