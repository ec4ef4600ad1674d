"""Use cases of the trainer simulation (admin-api.md, "The trainer simulation"): the
operator's settings, and `run_due(uow, limit)` for the worker, which first schedules the
responses to what happened since its last run (`planning.py`), then gives those now due
(`acting.py`). A run holds the state row's lock, so runs never overlap."""

from __future__ import annotations

from typing import Any

from hirehall.core.timefmt import iso
from hirehall.db.uow import Uow
from hirehall.simulation import acting, planning
from hirehall.simulation import repository as repo
from hirehall.simulation.planning import Progress
from hirehall.simulation.rules import Config
from hirehall.simulation.schemas import SimulationBody


async def config(uow: Uow) -> Config:
    row = await repo.state(uow.conn)
    if row is None:
        return Config()
    return Config.of(bool(row.enabled), int(row.seed), dict(row.settings or {}))


async def read(uow: Uow) -> dict[str, Any]:
    """`GET /simulation`: the defaults with `enabled: false` before any PUT."""
    return {"simulation": (await config(uow)).view()}


async def put(uow: Uow, body: SimulationBody) -> dict[str, Any]:
    """`PUT /simulation`: the whole setting, defaults for what the body leaves out. What the
    simulation has already read and scheduled stays."""
    low, high = body.responseDelaySeconds
    wanted = Config(
        enabled=body.enabled,
        seed=body.seed,
        acceptRate=body.acceptRate,
        responseDelaySeconds=(low, high),
        bidSpread=body.bidSpread,
        takeInterviews=body.takeInterviews,
        replyToMessages=body.replyToMessages,
        submitMilestones=body.submitMilestones,
    )
    await repo.save_settings(
        uow.conn, enabled=wanted.enabled, seed=wanted.seed, settings=wanted.stored(), now=uow.now()
    )
    return {"simulation": wanted.view()}


async def run_due(uow: Uow, limit: int) -> int:
    """For the worker: schedules responses to new causes, then gives up to `limit` due ones;
    returns how many it gave (done or skipped). Nothing happens unless the sandbox's
    simulation is enabled."""
    if not uow.settings.sandbox:
        return 0
    row = await repo.state(uow.conn, lock=True)
    if row is None or not row.enabled:
        return 0
    settings = Config.of(True, int(row.seed), dict(row.settings or {}))
    progress = Progress(
        row.invite_cursor, row.message_cursor, int(row.event_cursor), dict(row.counters or {})
    )
    await planning.plan(uow, settings, progress)
    await repo.save_progress(uow.conn, {**progress.values(), "updated_at": uow.now()})
    given = 0
    for action in await repo.due(uow.conn, uow.now(), limit):
        status, result = await acting.perform(uow, settings, action)
        if await repo.finish(uow.conn, action.id, status, result, uow.now()):
            given += 1
    return given


async def responses(uow: Uow) -> list[dict[str, Any]]:
    """Every scheduled response (kind, ordinal, due time, plan, outcome), for tests and the
    operator's curiosity."""
    return [
        {
            "kind": row.kind,
            "ordinal": row.ordinal,
            "dueAt": iso(row.due_at),
            "plan": dict(row.plan or {}),
            "status": row.status,
            "result": row.result,
        }
        for row in await repo.actions(uow.conn)
    ]
