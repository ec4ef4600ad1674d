"""`hirehall ledger verify`: recompute every balance from the postings (decision D37)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from hirehall.cli.common import in_unit_of_work, print_json, settings_or_exit

if TYPE_CHECKING:
    from hirehall.db.uow import Uow

app = typer.Typer(help="The books: verify the ledger.", no_args_is_help=True)


@app.command("verify")
def verify() -> None:
    """Check that every transaction sums to zero, every stored balance equals the sum of its
    postings and no credit balance is below zero. Prints the report; exit code 1 on problems."""
    from hirehall.ledger import service

    async def use_case(uow: Uow) -> Any:
        return await service.verify(uow)

    report = in_unit_of_work(settings_or_exit(), use_case)
    print_json(report)
    if not report["ok"]:
        raise typer.Exit(1)
