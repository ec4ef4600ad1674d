"""`hirehall admin webhooks|simulation|list-*|interview ...`: the webhook log, the trainer
simulation, the listings and the interview as a trainer (admin-api.md), calling the same
services as /api/admin/v1. (`POST /worker/run` is `hirehall worker --once`.)"""

from __future__ import annotations

import typer

from hirehall.cli.admin import DATA, app, sandbox_only
from hirehall.cli.common import parse_body, run_admin

webhooks_app = typer.Typer(help="Webhook subscriptions and their deliveries.")
simulation_app = typer.Typer(help="The trainer simulation (sandbox only).")
app.add_typer(webhooks_app, name="webhooks")
app.add_typer(simulation_app, name="simulation")


@webhooks_app.command("list")
def webhooks_list(account_id: str | None = typer.Option(None, "--account")) -> None:
    """Every subscription (of one account with --account), newest first."""
    from hirehall.webhooks import admin

    run_admin(lambda uow: admin.list_all(uow, account_id))


@webhooks_app.command("deliveries")
def webhooks_deliveries(
    webhook_id: str, limit: int = typer.Option(100, "--limit", min=1, max=1000)
) -> None:
    """A subscription's deliveries with their attempts, newest first."""
    from hirehall.webhooks import admin

    run_admin(lambda uow: admin.deliveries(uow, webhook_id, limit))


@webhooks_app.command("redeliver")
def webhooks_redeliver(delivery_id: str) -> None:
    """One more attempt now, with the same delivery id."""
    from hirehall.webhooks import admin

    run_admin(lambda uow: admin.redeliver(uow, delivery_id))


@webhooks_app.command("enable")
def webhooks_enable(webhook_id: str) -> None:
    """Re-enable a DISABLED subscription."""
    from hirehall.webhooks import admin

    run_admin(lambda uow: admin.enable(uow, webhook_id))


@simulation_app.command("get")
def simulation_get() -> None:
    """The simulation's settings."""
    from hirehall.simulation import service

    sandbox_only()
    run_admin(service.read)


@simulation_app.command("put")
def simulation_put(data: str | None = DATA) -> None:
    """Turn it on or off: --data '{"enabled": true, "seed": 42}' (the rest takes defaults)."""
    from hirehall.simulation import service
    from hirehall.simulation.schemas import SimulationBody

    sandbox_only()
    body = parse_body(SimulationBody, data)
    run_admin(lambda uow: service.put(uow, body))


# Listings (admin-api.md: newest first, `--limit` and `--cursor` as the HTTP API takes them).
LIMIT = typer.Option(None, "--limit")
CURSOR = typer.Option(None, "--cursor")
STATUS = typer.Option(None, "--status")


@app.command("list-accounts")
def list_accounts(limit: str | None = LIMIT, cursor: str | None = CURSOR) -> None:
    """Every account, newest first."""
    from hirehall.accounts import service as accounts

    run_admin(lambda uow: accounts.list_page(uow, limit=limit, cursor=cursor))


@app.command("list-freelancers")
def list_freelancers(
    status: str | None = STATUS,
    availability: str | None = typer.Option(None, "--availability"),
    limit: str | None = LIMIT,
    cursor: str | None = CURSOR,
) -> None:
    """Every AI trainer, newest first, by status and availability."""
    from hirehall.freelancers import service as trainers

    run_admin(
        lambda uow: trainers.admin_list(
            uow, status=status, availability=availability, limit=limit, cursor=cursor
        )
    )


@app.command("list-jobs")
def list_jobs(
    account_id: str | None = typer.Option(None, "--account"),
    status: str | None = STATUS,
    limit: str | None = LIMIT,
    cursor: str | None = CURSOR,
) -> None:
    """Every account's jobs, newest first, by account and status."""
    from hirehall.jobs import service as jobs

    run_admin(
        lambda uow: jobs.admin_list(
            uow, account_id=account_id, status=status, limit=limit, cursor=cursor
        )
    )


@app.command("interview")
def interview(proposal_id: str, data: str | None = DATA) -> None:
    """Without --data: the questions; with --data '{"answers": [...]}': take it as the trainer."""
    from hirehall.interviews import service
    from hirehall.interviews.schemas import InterviewAnswers

    if data is None:
        run_admin(lambda uow: service.questions(uow, proposal_id))
        return
    body = parse_body(InterviewAnswers, data)
    run_admin(lambda uow: service.take(uow, proposal_id, body.answers))
