"""The pages behind the URLs the API hands out (D26): `jobUrl` and the job's `url`
(`/jobs/{id}`, `/jobs/{slug}-{id}`), `applyUrl` (`/api/out?job=...`), the trainer's
`profilePath` (`/profile/{slug}`, masked) and `draftUrl`/`reviewUrl` (`/job-post?jobId=...`,
for the account's own signed-in humans)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from hirehall.api.deps import UowDep
from hirehall.api.pages import HumanDep, OptionalHumanDep, not_found, page, redirect
from hirehall.board import service as board
from hirehall.board.service import Unlisted
from hirehall.core.errors import ApiError
from hirehall.freelancers import service as trainers
from hirehall.jobs import drafts

router = APIRouter(include_in_schema=False)

ID_LENGTH = 26


def job_id_of(ref: str) -> str:
    """`{id}` or `{slug}-{id}` (the job object's `url`)."""
    if len(ref) > ID_LENGTH and ref[-ID_LENGTH - 1] == "-":
        return ref[-ID_LENGTH:]
    return ref


@router.get("/jobs/{ref}")
async def job_page(request: Request, uow: UowDep, human: OptionalHumanDep, ref: str) -> Response:
    """A job of the board, with "Apply" for a signed-in trainer."""
    job_id = job_id_of(ref)
    try:
        job = await board.get(uow, job_id)
    except (ApiError, Unlisted):
        raise not_found(human) from None
    apply_path = f"/trainer/jobs/{job['id']}/apply"
    return page(request, "job.html", human=human, job=job, apply_path=apply_path)


@router.get("/api/out")
async def apply_link(
    request: Request, human: OptionalHumanDep, job: Annotated[str | None, Query()] = None
) -> Response:
    """`applyUrl`: goes on to the job's page, where a trainer applies."""
    if not job or len(job) > 64 or not job.isalnum():
        raise not_found(human)
    return redirect(f"/jobs/{job}")


@router.get("/profile/{slug}")
async def profile_page(
    request: Request, uow: UowDep, human: OptionalHumanDep, slug: str
) -> Response:
    """A trainer's public profile: first name and last initial only, never more."""
    try:
        profile = await trainers.masked_profile(uow, slug)
    except ApiError:
        raise not_found(human) from None
    return page(request, "profile.html", human=human, profile=profile)


@router.get("/job-post")
async def draft_page(
    request: Request,
    uow: UowDep,
    human: HumanDep,
    jobId: Annotated[str | None, Query()] = None,
) -> Response:
    """`draftUrl`/`reviewUrl`: the account's human reviews a draft and what it lacks."""
    try:
        draft = await drafts.review(uow, human.organization_id, jobId or "")
    except ApiError:
        raise not_found(human) from None
    return page(request, "draft_review.html", human=human, draft=draft)
