"""Loads the demo world through the same services the operator API calls."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from hirehall.accounts import service as accounts
from hirehall.auth.rules import TOKEN_PREFIX
from hirehall.auth.service import mint
from hirehall.core.hashing import keyed_hash
from hirehall.core.scopes import ALL_SCOPES, PRE_CLAIM_SCOPES
from hirehall.db.models import Job, Organization, Proposal, User
from hirehall.db.uow import Uow
from hirehall.demo.trainers import demo_trainers
from hirehall.freelancers import service as trainers
from hirehall.freelancers.schemas import TrainerCreate
from hirehall.jobs import service as jobs
from hirehall.jobs.schemas import AdminJobCreate

DEMO_ACCOUNT = "Acme Research (demo)"
UNCLAIMED_ACCOUNT = "Unclaimed Agent Org (demo)"

_JOBS: list[dict[str, Any]] = [
    {
        "title": "Spanish Audio Annotation",
        "status": "OPEN",
        "jobDescription": "Transcribe and annotate Spanish call-center audio, "
        "marking speaker turns and sentiment.",
        "paymentType": "PAY_PER_HOUR",
        "pricePerHour": 12,
        "languages": ["Spanish"],
        "dataType": "Audio",
        "labelTypes": ["Transcription"],
        "category": "Audio Annotation",
        "experienceLevel": "INTERMEDIATE",
        "headcount": 5,
    },
    {
        "title": "RLHF ranking for coding assistants",
        "status": "OPEN",
        "jobDescription": "Rank pairs of model answers to programming questions.",
        "paymentType": "PAY_PER_LABEL",
        "pricePerLabel": 0.6,
        "languages": ["English"],
        "dataType": "Text",
        "labelTypes": ["Ranking"],
        "category": "RLHF",
        "experienceLevel": "EXPERT",
        "headcount": 10,
    },
    {
        "title": "Retail shelf bounding boxes (draft)",
        "status": "DRAFT",
        "jobDescription": "Draw boxes around products on shelf photos.",
    },
    {
        "title": "Sentiment labels for product reviews (closed)",
        "status": "ARCHIVED",
        "jobDescription": "Label review sentiment as positive, neutral or negative.",
        "paymentType": "FIXED_PRICE",
        "fixedPrice": 500,
    },
]


@dataclass
class DemoWorld:
    token: str
    account_id: str
    unclaimed_token: str
    unclaimed_account_id: str
    open_job_id: str
    trainer_id: str | None
    trainer_slug: str | None


def demo_token(secret_key: bytes, label: str) -> str:
    """The demo tokens are derived from the server key: the same on every start, so `make run`
    can print a working token although only its hash is stored."""
    digest = keyed_hash(secret_key, f"hirehall-demo:{label}")
    return f"{TOKEN_PREFIX}{digest[:8]}_{digest[8:40]}"


DEMO_OWNER_EMAIL = "mira.chen@demo.example"


def demo_trainer_email(first_name: str, last_name: str) -> str:
    text = f"{first_name}.{last_name}"
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9.]+", "", ascii_text.lower()) + "@demo.example"


async def _org_id(uow: Uow, name: str) -> str | None:
    stmt = select(Organization.id).where(Organization.name == name).limit(1)
    return (await uow.conn.execute(stmt)).scalar()


async def _create(uow: Uow) -> None:
    main = await accounts.create(
        uow, name=DEMO_ACCOUNT, owner_name="Mira Chen", owner_email=DEMO_OWNER_EMAIL
    )
    await mint(
        uow,
        organization_id=main["id"],
        user_id=main["ownerUserId"],
        scopes=ALL_SCOPES,
        name="demo (every scope)",
        secret=demo_token(uow.secret_key, "main"),
    )
    unclaimed = await accounts.create(
        uow, name=UNCLAIMED_ACCOUNT, owner_name="Agent Owner", claimed=False
    )
    await mint(
        uow,
        organization_id=unclaimed["id"],
        user_id=unclaimed["ownerUserId"],
        scopes=PRE_CLAIM_SCOPES,
        name="demo pre-claim",
        pre_claim=True,
        secret=demo_token(uow.secret_key, "unclaimed"),
    )
    for body in _JOBS:
        await jobs.admin_create(uow, AdminJobCreate(accountId=main["id"], **body))
    await jobs.admin_create(
        uow,
        AdminJobCreate(accountId=unclaimed["id"], title="Unclaimed agent's job", status="OPEN"),
    )
    for trainer in demo_trainers():
        # Each demo trainer can sign in to the trainer pages with an address like this one.
        email = demo_trainer_email(trainer["firstName"], trainer["lastName"])
        await trainers.create(uow, TrainerCreate.model_validate({**trainer, "email": email}))


async def _uninvited_trainer(uow: Uow, job_id: str) -> tuple[str | None, str | None]:
    """An available trainer not yet invited to the job, so the printed curl answers 201."""
    from hirehall.db.models import FreelancerProfile

    invited = select(Proposal.freelancer_user_id).where(Proposal.job_id == job_id)
    stmt = (
        select(User.id, FreelancerProfile.profile_slug)
        .join(FreelancerProfile, FreelancerProfile.user_id == User.id)
        .where(
            User.status == "ACTIVE",
            FreelancerProfile.availability != "NOT_AVAILABLE",
            User.id.not_in(invited),
        )
        .order_by(User.id)
        .limit(1)
    )
    row = (await uow.conn.execute(stmt)).first()
    return (row.id, row.profile_slug) if row else (None, None)


async def load(uow: Uow) -> DemoWorld:
    """Creates the demo world unless it is there already; either way describes it."""
    if await _org_id(uow, DEMO_ACCOUNT) is None:
        await _create(uow)
    main_id = await _org_id(uow, DEMO_ACCOUNT)
    unclaimed_id = await _org_id(uow, UNCLAIMED_ACCOUNT)
    assert main_id is not None
    assert unclaimed_id is not None
    job_stmt = (
        select(Job.id)
        .where(Job.organization_id == main_id, Job.status == "OPEN")
        .order_by(Job.id)
        .limit(1)
    )
    job_id = (await uow.conn.execute(job_stmt)).scalar_one()
    trainer_id, slug = await _uninvited_trainer(uow, job_id)
    return DemoWorld(
        token=demo_token(uow.secret_key, "main"),
        account_id=main_id,
        unclaimed_token=demo_token(uow.secret_key, "unclaimed"),
        unclaimed_account_id=unclaimed_id,
        open_job_id=job_id,
        trainer_id=trainer_id,
        trainer_slug=slug,
    )


def banner(world: DemoWorld, base_url: str, admin_token: str | None) -> str:
    api = f"{base_url}/api/public/v1"
    lines = [
        "",
        "hirehall demo world is ready.",
        f"  base URL        {api}",
        f"  token           {world.token}",
        f"  job (OPEN)      {world.open_job_id}",
        f"  trainer         {world.trainer_id}  (profile {world.trainer_slug})",
        f"  sign in         {base_url}/signin as {DEMO_OWNER_EMAIL} (owner) or a trainer's"
        " email (admin: GET /api/admin/v1/freelancers/<id>); codes are in the outbox",
        f"  unclaimed token {world.unclaimed_token}",
    ]
    if admin_token:
        lines.append(f"  admin token     {admin_token}  (operator API at {base_url}/api/admin/v1)")
    if world.trainer_id:
        lines += [
            "",
            "Invite the trainer (201 the first time, 200 after):",
            f"  curl -s -X POST {api}/jobs/{world.open_job_id}/invites \\",
            f"    -H 'Authorization: Bearer {world.token}' \\",
            "    -H 'Content-Type: application/json' \\",
            f'    -d \'{{"freelancerId": "{world.trainer_id}"}}\'',
        ]
    lines.append("")
    return "\n".join(lines)
