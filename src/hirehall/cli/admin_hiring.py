"""`hirehall admin approvals|act|credits|top-ups|proposals ...`: the operator's part of the loop
(admin-api.md "The hiring loop"), calling the same services as /api/admin/v1 and the pages.
Imports happen when a command runs (see admin.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from hirehall.cli.admin import DATA, app, sandbox_only
from hirehall.cli.common import parse_body, run_admin

if TYPE_CHECKING:
    from hirehall.db.uow import Uow

approvals_app = typer.Typer(help="Approvals, as the organization's human (sandbox only).")
act_app = typer.Typer(help="Acting as a contract's trainer.")
credits_app = typer.Typer(help="Credits.")
top_ups_app = typer.Typer(help="Credit top-ups (sandbox only).")
app.add_typer(approvals_app, name="approvals")
app.add_typer(act_app, name="act")
app.add_typer(credits_app, name="credits")
app.add_typer(top_ups_app, name="top-ups")


@approvals_app.command("confirm")
def approvals_confirm(approval_id: str, data: str | None = DATA) -> None:
    """Confirm: --data '{"paymentSource": "credits"|"card"}' (optional)."""
    from hirehall.approvals import confirming
    from hirehall.approvals import service as approvals
    from hirehall.approvals.schemas import ConfirmBody

    sandbox_only()
    body = parse_body(ConfirmBody, data)

    async def use_case(uow: Uow) -> Any:
        row = await confirming.confirm(uow, approval_id, payment_source=body.paymentSource)
        return {"approval": approvals.view(uow, row)}

    run_admin(use_case)


@approvals_app.command("decline")
def approvals_decline(approval_id: str) -> None:
    """Decline."""
    from hirehall.approvals import service as approvals

    sandbox_only()

    async def use_case(uow: Uow) -> Any:
        return {"approval": approvals.view(uow, await approvals.decline(uow, approval_id))}

    run_admin(use_case)


@act_app.command("submit")
def act_submit(milestone_id: str, data: str | None = DATA) -> None:
    """Submit a funded milestone's work: --data '{"note": "..."}' (optional)."""
    from hirehall.contracts import service as contracts
    from hirehall.contracts.schemas import SubmitBody

    body = parse_body(SubmitBody, data)
    run_admin(
        lambda uow: contracts.submit(
            uow, milestone_id=milestone_id, trainer_id=None, note=body.note
        )
    )


@act_app.command("usage")
def act_usage(contract_id: str, data: str | None = DATA) -> None:
    """Report usage: --data '{"hours": 2.5}' or '{"labels": 400}'."""
    from hirehall.contracts import service as contracts
    from hirehall.contracts.schemas import UsageBody

    body = parse_body(UsageBody, data)
    run_admin(
        lambda uow: contracts.report_usage(
            uow, contract_id=contract_id, trainer_id=None, hours=body.hours, labels=body.labels
        )
    )


@credits_app.command("adjust")
def credits_adjust(account_id: str, data: str | None = DATA) -> None:
    """Give or take credits: --data '{"amountCents": 50000, "note": "..."}'."""
    from hirehall.admin import service
    from hirehall.ledger.schemas import CreditAdjustment

    body = parse_body(CreditAdjustment, data)
    run_admin(lambda uow: service.adjust_credits(uow, account_id, body))


@top_ups_app.command("complete")
def top_ups_complete(top_up_id: str, data: str | None = DATA) -> None:
    """Pay a pending top-up with a test card: --data '{"card": "4242424242424242"}'."""
    from hirehall.admin.money import TopUpCompletion
    from hirehall.payments import top_ups

    sandbox_only()
    body = parse_body(TopUpCompletion, data)
    run_admin(lambda uow: top_ups.operator_complete(uow, top_up_id, body.card))


proposals_app = typer.Typer(help="Proposals, as the employer's humans.")
app.add_typer(proposals_app, name="proposals")


@act_app.command("accept")
def act_accept(proposal_id: str, data: str | None = DATA) -> None:
    """Accept an invite with a bid: --data '{"bid": {"amountUsd": 20}, "coverLetter": "..."}'."""
    from hirehall.proposals import lifecycle
    from hirehall.proposals.schemas import SubmissionBody

    body = parse_body(SubmissionBody, data)
    submission = lifecycle.Submission.of(body)
    run_admin(
        lambda uow: lifecycle.accept_invite(
            uow, proposal_id=proposal_id, trainer_id=None, submission=submission
        )
    )


@act_app.command("decline")
def act_decline(proposal_id: str) -> None:
    """Decline an invite, as its trainer."""
    from hirehall.proposals import lifecycle

    run_admin(lambda uow: lifecycle.decline_invite(uow, proposal_id=proposal_id, trainer_id=None))


@act_app.command("withdraw")
def act_withdraw(proposal_id: str) -> None:
    """Withdraw a submitted proposal, as its trainer."""
    from hirehall.proposals import lifecycle

    run_admin(lambda uow: lifecycle.withdraw(uow, proposal_id=proposal_id, trainer_id=None))


@act_app.command("apply")
def act_apply(job_id: str, data: str | None = DATA) -> None:
    """Apply to an open job: --data '{"freelancerId": "...", "bid": {"amountUsd": 20}}'."""
    from hirehall.proposals import lifecycle
    from hirehall.proposals.schemas import ApplyBody

    body = parse_body(ApplyBody, data)

    async def use_case(uow: Uow) -> Any:
        result, _created = await lifecycle.apply_to_job(
            uow,
            job_id=job_id,
            trainer_id=body.freelancerId,
            submission=lifecycle.Submission.of(body),
        )
        return result

    run_admin(use_case)


@act_app.command("message")
def act_message(data: str | None = DATA) -> None:
    """Send a message as a trainer: --data '{"userId", "conversationId", "content"}'."""
    from hirehall.messaging import service as messaging
    from hirehall.messaging.schemas import ActMessageBody

    body = parse_body(ActMessageBody, data)

    async def use_case(uow: Uow) -> Any:
        sent = await messaging.trainer_send(uow, body.userId, body.conversationId, body.content)
        return {"ok": True, "message": sent}

    run_admin(use_case)


@proposals_app.command("status")
def proposals_status(proposal_id: str, data: str | None = DATA) -> None:
    """Move a proposal: --data '{"status": "SHORTLISTED"}'."""
    from hirehall.proposals import lifecycle
    from hirehall.proposals.schemas import StatusBody

    body = parse_body(StatusBody, data)
    run_admin(lambda uow: lifecycle.set_status(uow, proposal_id=proposal_id, status=body.status))
