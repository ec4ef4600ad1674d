"""`hirehall admin ...`: the operator API's operations, calling the same services (the hiring
loop's are in `admin_hiring.py`).

Each command imports the services it calls when it runs: `hirehall --help` and the other
commands do not pay for importing the whole application (seconds on a loaded machine)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from hirehall.cli.common import parse_body, run_admin, settings_or_exit

if TYPE_CHECKING:
    from hirehall.db.uow import Uow

app = typer.Typer(help="Operator commands (the same operations as /api/admin/v1).")
accounts_app = typer.Typer(help="Employer accounts.")
tokens_app = typer.Typer(help="API tokens.")
freelancers_app = typer.Typer(help="AI trainers.")
jobs_app = typer.Typer(help="Jobs.")
app.add_typer(accounts_app, name="accounts")
app.add_typer(tokens_app, name="tokens")
app.add_typer(freelancers_app, name="freelancers")
app.add_typer(jobs_app, name="jobs")

DATA = typer.Option(None, "--data", "-d", help="JSON body as the HTTP API takes it (@file, -)")


@accounts_app.command("create")
def accounts_create(data: str | None = DATA) -> None:
    """Create an account: --data '{"name": "Acme"}'."""
    from hirehall.admin import service
    from hirehall.admin.schemas import AccountCreate

    body = parse_body(AccountCreate, data)

    async def use_case(uow: Uow) -> Any:
        account = await service.create_account(uow, body)
        return {"account": account}

    run_admin(use_case)


@accounts_app.command("get")
def accounts_get(account_id: str) -> None:
    """Read an account."""
    from hirehall.accounts import service as accounts

    run_admin(lambda uow: wrap("account", accounts.get(uow, account_id)))


@accounts_app.command("update")
def accounts_update(account_id: str, data: str | None = DATA) -> None:
    """Change name, claimed, features (replaces the set), ownerEmail, approvalPolicy or
    paymentMethod."""
    from hirehall.accounts import service as accounts
    from hirehall.admin import service
    from hirehall.admin.schemas import AccountPatch

    body = parse_body(AccountPatch, data)
    changes = service.account_changes(body)
    run_admin(lambda uow: wrap("account", accounts.update(uow, account_id, changes)))


@tokens_app.command("create")
def tokens_create(account_id: str, data: str | None = DATA) -> None:
    """Mint a token (default: every scope)."""
    from hirehall.admin import service
    from hirehall.admin.schemas import TokenCreate

    body = parse_body(TokenCreate, data)
    run_admin(
        lambda uow: service.mint_token(
            uow,
            account_id,
            scopes=body.scopes,
            name=body.name,
            expires_at=body.expiresAt,
            user_id=body.userId,
        )
    )


@freelancers_app.command("create")
def freelancers_create(data: str | None = DATA) -> None:
    """Create a trainer: --data '{"firstName": "Maria", "lastName": "Garcia"}'."""
    from hirehall.freelancers import service as trainers
    from hirehall.freelancers.schemas import TrainerCreate

    body = parse_body(TrainerCreate, data)
    run_admin(lambda uow: wrap("freelancer", trainers.create(uow, body)))


@freelancers_app.command("get")
def freelancers_get(freelancer_id: str) -> None:
    """Read a trainer (with last name and status)."""
    from hirehall.freelancers import service as trainers

    run_admin(lambda uow: wrap("freelancer", trainers.admin_view(uow, freelancer_id)))


@freelancers_app.command("update")
def freelancers_update(freelancer_id: str, data: str | None = DATA) -> None:
    """Change a trainer."""
    from hirehall.freelancers import service as trainers
    from hirehall.freelancers.schemas import TrainerFields

    body = parse_body(TrainerFields, data)
    run_admin(lambda uow: wrap("freelancer", trainers.update(uow, freelancer_id, body)))


@jobs_app.command("create")
def jobs_create(data: str | None = DATA) -> None:
    """Create a job: --data '{"accountId": "...", "title": "..."}'."""
    from hirehall.jobs import service as jobs
    from hirehall.jobs.schemas import AdminJobCreate

    body = parse_body(AdminJobCreate, data)
    run_admin(lambda uow: wrap("job", jobs.admin_create(uow, body)))


@app.command("outbox")
def outbox(
    to: str | None = typer.Option(None, help="email or user id"),
    kind: str | None = typer.Option(None),
) -> None:
    """What the platform sent, newest first."""
    from hirehall.outbox.service import list_messages

    run_admin(lambda uow: list_messages(uow, to=to, kind=kind))


def sandbox_only() -> None:
    # The same rule as the operator API: these exist only in a sandbox.
    if not settings_or_exit().sandbox:
        typer.echo("hirehall: this command needs HIREHALL_SANDBOX=1", err=True)
        raise typer.Exit(1)


@app.command("reset")
def reset() -> None:
    """Delete every row of every table (the schema stays; sandbox only)."""
    from hirehall.sandbox import service as sandbox

    sandbox_only()
    run_admin(sandbox.reset)


@app.command("clock")
def clock(
    advance: int | None = typer.Option(None, "--advance", help="seconds to move forward"),
    now: str | None = typer.Option(None, "--now", help="ISO time to move to"),
) -> None:
    """Read the clock, or move it forward (sandbox only)."""
    from hirehall.admin.schemas import ClockMove
    from hirehall.sandbox import service as sandbox

    sandbox_only()
    if advance is None and now is None:
        run_admin(sandbox.read_clock)
        return
    payload: dict[str, Any] = {"advanceSeconds": advance} if advance is not None else {"now": now}
    body = parse_body(ClockMove, None, payload)
    run_admin(
        lambda uow: sandbox.move_clock(uow, advance_seconds=body.advanceSeconds, now=body.now)
    )


async def wrap(key: str, pending: Any) -> dict[str, Any]:
    return {key: await pending}
