"""The worker's registry of due work (decision D40).

Each entry is a domain's function `run(uow, limit) -> int` that does up to `limit` items due
now on `uow.now()` in the unit of work it is given (the worker commits it) and returns how
many it did; its `counter` is the key of `POST /api/admin/v1/worker/run`'s `ran` it adds to.
It must be safe for several workers at once: change rows with a conditional UPDATE (or claim
them with `FOR UPDATE SKIP LOCKED`), never read-then-write. Add your domain's entry here.

Work that talks to the network (webhook deliveries, emails) cannot hold a transaction open;
it is in `worker/network.py` (claimed with a lease, performed, then finished)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from hirehall.agents import service as agents
from hirehall.approvals import service as approvals
from hirehall.contracts import service as contracts
from hirehall.db.uow import Uow
from hirehall.payments import service as payments
from hirehall.simulation import service as simulation
from hirehall.team import service as team

Counter = Literal["deliveries", "emails", "expiries", "payouts", "simulation"]
RunDue = Callable[[Uow, int], Awaitable[int]]


@dataclass(frozen=True)
class Task:
    counter: Counter
    name: str
    run: RunDue


TASKS: tuple[Task, ...] = (
    Task("expiries", "claim attempts", agents.expire_due),
    Task("expiries", "team invites", team.expire_due),
    Task("expiries", "approvals", approvals.expire_due),
    Task("expiries", "top-ups", payments.expire_due),
    Task("payouts", "payouts", contracts.pay_out_due),
    Task("simulation", "trainer simulation", simulation.run_due),
)
