"""`hirehall db upgrade|downgrade|current`."""

from __future__ import annotations

import typer

from hirehall.cli.common import settings_or_exit

app = typer.Typer(help="Database migrations (Alembic, shipped inside the package).")


@app.command()
def upgrade(revision: str = typer.Argument("heads")) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    from hirehall.db import migrate

    migrate.upgrade(settings_or_exit().database_url, revision)


@app.command()
def downgrade(revision: str = typer.Argument(..., help="e.g. -1 or base")) -> None:
    """Revert migrations down to REVISION."""
    from hirehall.db import migrate

    migrate.downgrade(settings_or_exit().database_url, revision)


@app.command()
def current() -> None:
    """Show the database's current revision."""
    from hirehall.db import migrate

    migrate.current(settings_or_exit().database_url)
