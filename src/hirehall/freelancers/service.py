"""Use cases about trainers: the public profile, and the operator's create and update."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, get_args

from sqlalchemy.exc import IntegrityError

from hirehall.core import cursors, ids
from hirehall.core.errors import Conflict, NotFound
from hirehall.core.money import to_cents
from hirehall.core.principal import Principal
from hirehall.db.uow import Uow
from hirehall.freelancers import repository as trainers
from hirehall.freelancers.rules import is_slug, last_initial, profile_view
from hirehall.freelancers.schemas import AccountStatus, Availability, TrainerFields
from hirehall.humans import service as humans

_USER_FIELDS = {"first_name", "last_name", "status", "email"}
_HIDDEN_STATUSES = {"SUSPENDED", "DEACTIVATED"}
# Columns that cannot be cleared: a null in a patch body leaves them as they are.
_REQUIRED = {"first_name", "last_name", "status", "availability", "talent_type"}
_REQUIRED |= {"identity_verified", "member_since", "profile_slug"}


async def public_profile(uow: Uow, principal: Principal, id_or_slug: str) -> dict[str, Any]:
    return {"freelancer": await masked_profile(uow, id_or_slug)}


async def masked_profile(uow: Uow, id_or_slug: str) -> dict[str, Any]:
    """The public, masked profile (API and the `profilePath` page). A suspended or
    deactivated trainer's profile is hidden: 404 like a missing one. A value that is neither
    one of our ids nor a possible slug names nobody and is not looked for."""
    known = ids.looks_like_id(id_or_slug) or is_slug(id_or_slug)
    row = await trainers.get(uow.conn, id_or_slug) if known else None
    if row is None or row.status in _HIDDEN_STATUSES:
        raise NotFound("Freelancer not found.")
    return profile_view(row, uow.settings.public_url)


async def admin_view(uow: Uow, user_id: str) -> dict[str, Any]:
    row = await trainers.get(uow.conn, user_id)
    if row is None or row.user_id != user_id:
        raise NotFound("Freelancer not found.", {"freelancerId": user_id})
    view = profile_view(row, uow.settings.public_url)
    # The email is read apart from the profile row, so no public view can ever carry it.
    email = await trainers.email_of(uow.conn, user_id)
    return {**view, "lastName": row.last_name, "status": row.status, "email": email}


def _slug_base(first_name: str, last_name: str) -> str:
    text = f"{first_name} {last_initial(last_name) or ''}"
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "trainer"


async def _free_slug(uow: Uow, base: str) -> str:
    taken = await trainers.slugs_like(uow.conn, base)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _columns(fields: TrainerFields) -> tuple[dict[str, Any], dict[str, Any]]:
    """Splits a body into user columns and profile columns."""
    data = fields.model_dump(exclude_unset=True)
    user = {k: data.pop(k) for k in list(data) if k in _USER_FIELDS}
    if user.get("email"):
        user["email"] = user["email"].strip().lower()
    if "hourly_rate_usd" in data:
        data["hourly_rate_cents"] = to_cents(data.pop("hourly_rate_usd"))
    for key in ("skills", "stats"):
        if data.get(key) is not None:
            data[key] = getattr(fields, key).model_dump()
    if data.get("languages") is not None:
        data["languages"] = [lang.model_dump() for lang in fields.languages or []]
    return user, data


async def create(uow: Uow, fields: TrainerFields) -> dict[str, Any]:
    now = uow.now()
    user, profile = _columns(fields)
    user_id = ids.new_id(now)
    user = {"status": "ACTIVE", **user, "id": user_id, "user_type": "FREELANCER", "created_at": now}
    explicit = profile.get("profile_slug")
    for _attempt in range(5):
        slug = explicit or await _free_slug(uow, _slug_base(user["first_name"], user["last_name"]))
        values = {
            "availability": "FULL_TIME",
            "member_since": now,
            **{k: v for k, v in profile.items() if v is not None},
            "profile_slug": slug,
            "user_id": user_id,
            "updated_at": now,
        }
        try:
            async with uow.conn.begin_nested():
                await trainers.insert_trainer(uow.conn, user, values)
            return await admin_view(uow, user_id)
        except IntegrityError:
            if user.get("email") and await trainers.email_used(uow.conn, user["email"], None):
                raise _email_taken() from None
            if explicit:
                raise Conflict("That profile slug is taken.", reason="slug_taken") from None
    raise Conflict("Could not find a free profile slug.", reason="slug_taken")


def _email_taken() -> Conflict:
    return Conflict("Another user already has this email.", reason="email_taken")


async def update(uow: Uow, user_id: str, fields: TrainerFields) -> dict[str, Any]:
    await admin_view(uow, user_id)
    user, profile = _columns(fields)
    user = {k: v for k, v in user.items() if v is not None or k not in _REQUIRED}
    profile = {k: v for k, v in profile.items() if v is not None or k not in _REQUIRED}
    profile["updated_at"] = uow.now()
    try:
        async with uow.conn.begin_nested():
            await trainers.update_trainer(uow.conn, user_id, user, profile)
    except IntegrityError:
        if user.get("email") and await trainers.email_used(uow.conn, user["email"], user_id):
            raise _email_taken() from None
        raise Conflict("That profile slug is taken.", reason="slug_taken") from None
    if "email" in user:
        # Whoever was signed in with the old address is signed out.
        await humans.end_all_sessions(uow, user_id)
    return await admin_view(uow, user_id)


async def admin_list(
    uow: Uow,
    *,
    status: str | None,
    availability: str | None,
    limit: str | None,
    cursor: str | None,
) -> dict[str, Any]:
    """The operator's list, newest first, by status and availability (admin-api.md)."""
    size, before = cursors.page_size(limit, 25), cursors.before_id(cursor)
    wanted_status = cursors.one_of("status", status, get_args(AccountStatus), "supportedStatuses")
    wanted_availability = cursors.one_of(
        "availability", availability, get_args(Availability), "supportedValues"
    )
    rows = await trainers.page(
        uow.conn,
        status=wanted_status,
        availability=wanted_availability,
        before=before,
        limit=size + 1,
    )
    public_url = uow.settings.public_url
    return {
        "freelancers": [
            {
                **profile_view(row, public_url),
                "lastName": row.last_name,
                "status": row.status,
                "email": row.email,
            }
            for row in rows[:size]
        ],
        "nextCursor": cursors.next_id_cursor(rows, size),
    }
