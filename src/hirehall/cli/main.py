"""`hirehall`: serve (the default), db, admin, ledger, demo."""

from __future__ import annotations

import contextlib
import logging.config
import os
import signal
from typing import TYPE_CHECKING

import typer

from hirehall.cli import admin, db, ledger
from hirehall.cli import admin_hiring as _admin_hiring  # noqa: F401 - registers its commands
from hirehall.cli import admin_worker as _admin_worker  # noqa: F401 - registers its commands
from hirehall.cli.common import in_unit_of_work, secret_key_or_exit, settings_or_exit

if TYPE_CHECKING:
    from hirehall.settings import Settings

# Heavy modules (uvicorn, Alembic, the app's services) are imported inside the commands that
# use them: importing the CLI took 4.0 s on a loaded machine, 0.1 s now (python -X importtime).

app = typer.Typer(
    help="hirehall: a wire-compatible OpenTrain API server.",
    no_args_is_help=False,
    add_completion=False,
)
app.add_typer(db.app, name="db")
app.add_typer(admin.app, name="admin")
app.add_typer(ledger.app, name="ledger")


# Seconds a worker process may take to answer uvicorn's health ping (see serve).
WORKER_HEALTHCHECK_SECONDS = 60


def _load_demo(settings: Settings) -> None:
    from hirehall.demo.world import banner, load

    world = in_unit_of_work(settings, load)
    typer.echo(banner(world, settings.public_url, settings.admin_token))


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, help="port to listen on"),
    workers: int = typer.Option(1, min=1, help="app processes"),
    no_migrate: bool = typer.Option(False, "--no-migrate", help="do not apply migrations"),
    demo: bool = typer.Option(False, "--demo", help="load the demo world and print a token"),
    no_worker: bool = typer.Option(
        False, "--no-worker", help="do not run the worker in the app processes"
    ),
) -> None:
    """Run the server (the default command); applies pending migrations first. Each app
    process also runs the worker (deliveries, emails, expiries) unless --no-worker."""
    import uvicorn

    from hirehall.db import migrate
    from hirehall.logs import log_config

    if no_worker:
        os.environ["HIREHALL_WORKER"] = "0"  # read by every app process
    settings = _with_public_url(settings_or_exit(), host, port)
    # Made here, before any worker starts: workers that each made it raced (different keys,
    # random 401s, once an empty key).
    secret_key_or_exit(settings)
    if not no_migrate:
        migrate.upgrade(settings.database_url)
    if demo:
        _load_demo(settings)
    uvicorn.run(
        "hirehall.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level,
        log_config=log_config(settings.log_level),
        access_log=False,
        # uvicorn kills and restarts a worker that does not answer its supervisor's ping in
        # time (5 s by default); a worker still importing the app on a loaded machine missed
        # it, and so did its replacement, so a multi-worker server could restart workers for
        # a minute or more before it served anything.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
    )


def _with_public_url(settings: Settings, host: str, port: int) -> Settings:
    """Without HIREHALL_PUBLIC_URL, the URLs the API hands out (claim page, job URLs) point at
    the address this server listens on, not at a default port it may not use. Set in the
    environment so that every worker process reads the same value."""
    if "public_url" in settings.model_fields_set:
        return settings
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    os.environ["HIREHALL_PUBLIC_URL"] = f"http://{shown}:{port}"
    return settings_or_exit()


@app.command("worker")
def worker_command(
    once: bool = typer.Option(False, "--once", help="do what is due now, print it, and exit"),
) -> None:
    """Run the worker alone (webhook deliveries, emails, expiries, payouts, the simulation);
    several may run against one PostgreSQL database."""
    import asyncio
    import json

    from hirehall.logs import log_config
    from hirehall.runtime import Runtime
    from hirehall.worker.service import Worker

    settings = settings_or_exit()
    secret_key_or_exit(settings)
    logging.config.dictConfig(log_config(settings.log_level))

    async def run() -> None:
        current = asyncio.current_task()
        assert current is not None
        # SIGTERM stops it as SIGINT does: running attempts get a moment to finish.
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, current.cancel)
        runtime = Runtime(settings)
        worker = Worker(runtime)
        try:
            if once:
                typer.echo(json.dumps({"ran": await worker.run_due()}))
            else:
                await worker.serve_forever()
        finally:
            await worker.stop()
            await runtime.dispose()

    with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
        asyncio.run(run())


@app.command("demo")
def demo_command() -> None:
    """Load the demo world into the configured database and print how to try it."""
    from hirehall.db import migrate

    settings = settings_or_exit()
    migrate.upgrade(settings.database_url)
    _load_demo(settings)


@app.callback(invoke_without_command=True)
def default(ctx: typer.Context) -> None:
    """With no command, serve."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(
            serve,
            host="127.0.0.1",
            port=8000,
            workers=1,
            no_migrate=False,
            demo=False,
            no_worker=False,
        )


def main() -> None:
    app()
