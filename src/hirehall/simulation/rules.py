"""Pure rules of the trainer simulation: its settings and defaults (admin-api.md), the seeded
draws, and the texts trainers write. A draw depends only on the seed, the kind of cause and
its ordinal (the order in which causes of that kind were seen), never on an id."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

# Kinds of scheduled responses (one per cause).
ANSWER_INVITE = "answer_invite"
TAKE_INTERVIEW = "take_interview"
REPLY_MESSAGE = "reply_message"
SUBMIT_MILESTONE = "submit_milestone"

PENDING, DONE, SKIPPED = "PENDING", "DONE", "SKIPPED"

FALLBACK_BASE_USD = 20.0  # a bid's base when neither the trainer nor the job names a rate
UNIT_OF_PAY_TYPE = {
    "PAY_PER_HOUR": "PER_HOUR",
    "PAY_PER_LABEL": "PER_LABEL",
    "FIXED_PRICE": "FIXED_PRICE",
}
JOB_RATE_FIELD = {
    "PAY_PER_HOUR": "pricePerHour",
    "PAY_PER_LABEL": "pricePerLabel",
    "FIXED_PRICE": "fixedPrice",
}


@dataclass(frozen=True)
class Config:
    """The operator's settings, with the defaults of admin-api.md."""

    enabled: bool = False
    seed: int = 0
    acceptRate: float = 0.8
    responseDelaySeconds: tuple[int, int] = (600, 14400)
    bidSpread: float = 0.15
    takeInterviews: bool = True
    replyToMessages: bool = True
    submitMilestones: bool = True

    def view(self) -> dict[str, Any]:
        values = asdict(self)
        values["responseDelaySeconds"] = list(self.responseDelaySeconds)
        return values

    @classmethod
    def of(cls, enabled: bool, seed: int, stored: dict[str, Any]) -> Config:
        known = {k: v for k, v in stored.items() if k in _SETTINGS}
        if "responseDelaySeconds" in known:
            low, high = known["responseDelaySeconds"]
            known["responseDelaySeconds"] = (int(low), int(high))
        return cls(enabled=enabled, seed=seed, **known)

    def stored(self) -> dict[str, Any]:
        """What the settings column keeps (enabled and seed have their own columns)."""
        return {k: v for k, v in self.view().items() if k in _SETTINGS}


_SETTINGS = frozenset(
    {
        "acceptRate",
        "responseDelaySeconds",
        "bidSpread",
        "takeInterviews",
        "replyToMessages",
        "submitMilestones",
    }
)


@dataclass
class Draw:
    """The seeded random source of one cause."""

    seed: int
    kind: str
    ordinal: int
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(f"hirehall-simulation:{self.seed}:{self.kind}:{self.ordinal}")

    def delay_seconds(self, bounds: tuple[int, int]) -> int:
        low, high = bounds
        return self.rng.randint(low, high)

    def accepts(self, rate: float) -> bool:
        return self.rng.random() < rate

    def bid(self, base_usd: float, spread: float) -> float:
        """Uniform within ±spread of the base, in whole cents, never below one cent."""
        amount = base_usd * (1 + self.rng.uniform(-spread, spread))
        return max(0.01, round(amount, 2))

    def pick(self, options: Sequence[str]) -> str:
        return options[self.rng.randrange(len(options))]


def bid_base(
    pay_type: str | None, job_fields: dict[str, Any], hourly_rate_usd: float | None
) -> float:
    """The trainer's hourly rate for hourly jobs when set, else the job's rate (admin-api.md);
    then the trainer's rate, then a fallback, when the job names none."""
    if pay_type == "PAY_PER_HOUR" and hourly_rate_usd:
        return hourly_rate_usd
    job_rate = job_fields.get(JOB_RATE_FIELD.get(pay_type or "", ""))
    if isinstance(job_rate, int | float) and not isinstance(job_rate, bool) and job_rate > 0:
        return float(job_rate)
    return hourly_rate_usd or FALLBACK_BASE_USD


def bid_unit(pay_type: str | None) -> str:
    return UNIT_OF_PAY_TYPE.get(pay_type or "", "PER_HOUR")


# ---------------------------------------------------------------------------------------------
# What simulated trainers write: short, about the job, never contact details or links.

_OPENINGS = (
    "Thank you for the invitation to {title}.",
    "Thanks for inviting me to {title}.",
    "I would be glad to work on {title}.",
)
_BODIES = (
    "I have labeled similar data before and I keep my work consistent with the guidelines.",
    "I work carefully, follow the guidelines closely and ask early when something is unclear.",
    "I have several years of annotation experience and I am comfortable with quality reviews.",
)
_CLOSINGS = (
    "I can start this week.",
    "I am available to start right away.",
    "I can give this project steady hours every week.",
)
_REPLIES = (
    "Thanks for your message about {title}. {detail}",
    "Thank you for reaching out about {title}. {detail}",
    "Happy to help with {title}. {detail}",
)
_REPLY_DETAILS = (
    "I have read the job description and I can follow the labeling guidelines you use.",
    "I can start this week and work on it every weekday.",
    "I am comfortable with the volume and the deadline, and I will keep my labels consistent.",
    "Please share the guidelines here whenever you are ready and I will begin.",
)
_ANSWER_OPENINGS = (
    "In my last project I",
    "In a previous role I",
    "On a recent labeling job I",
)
_ANSWER_BODIES = (
    "worked through a large queue of items and checked my own labels against the guidelines "
    "every day, asking the reviewer whenever a case was ambiguous",
    "kept a short list of edge cases and their agreed answers, so that my labels stayed "
    "consistent from the first item to the last",
    "reviewed a sample of my earlier work each week and corrected drift before it spread, "
    "which kept the agreement with reviewers high",
)


def short_title(title: str) -> str:
    title = " ".join(title.split())
    return f"“{title[:80]}”" if title else "this job"


def cover_letter(draw: Draw, title: str) -> str:
    text = " ".join((draw.pick(_OPENINGS), draw.pick(_BODIES), draw.pick(_CLOSINGS)))
    return text.format(title=short_title(title))


def reply(draw: Draw, title: str) -> str:
    return draw.pick(_REPLIES).format(title=short_title(title), detail=draw.pick(_REPLY_DETAILS))


def plain_reply(draw: Draw) -> str:
    """A reply that names nothing from the job (when its title would break the policy)."""
    return "Thanks for your message. " + draw.pick(_REPLY_DETAILS)


def interview_answer(draw: Draw, terms: Sequence[str]) -> str:
    """A few sentences that use the question's terms (the rubric rewards them)."""
    named = ", ".join(t for t in terms if t)[:300]
    about = f" The work involved {named}." if named else ""
    return f"{draw.pick(_ANSWER_OPENINGS)} {draw.pick(_ANSWER_BODIES)}.{about}"


def submission_note(draw: Draw) -> str:
    return draw.pick(
        (
            "The work for this milestone is done and ready for your review.",
            "I finished this milestone; every item was checked against the guidelines.",
            "Milestone complete. Let me know if anything needs another pass.",
        )
    )
