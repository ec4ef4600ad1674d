"""The operator's body of `PUT /api/admin/v1/simulation` (admin-api.md): strict, unknown keys
rejected, the documented defaults."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

MAX_DELAY_SECONDS = 366 * 86400
SEED_LIMIT = 2**63 - 1


class SimulationBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: StrictBool
    seed: StrictInt = Field(ge=-SEED_LIMIT, le=SEED_LIMIT)
    acceptRate: float = Field(default=0.8, ge=0, le=1, allow_inf_nan=False)
    responseDelaySeconds: list[StrictInt] = Field(
        default_factory=lambda: [600, 14400], min_length=2, max_length=2
    )
    bidSpread: float = Field(default=0.15, ge=0, le=1, allow_inf_nan=False)
    takeInterviews: StrictBool = True
    replyToMessages: StrictBool = True
    submitMilestones: StrictBool = True

    @model_validator(mode="after")
    def _delays(self) -> SimulationBody:
        low, high = self.responseDelaySeconds
        if low < 0 or high > MAX_DELAY_SECONDS or low > high:
            raise ValueError(
                f"responseDelaySeconds is [min, max] with 0 <= min <= max <= {MAX_DELAY_SECONDS}."
            )
        return self
