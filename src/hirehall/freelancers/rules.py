"""Masking of trainers' identities (section 1.15): first name and last initial, never a last
name or an email. Pure functions over a joined user + profile row."""

from __future__ import annotations

import re
from typing import Any

from hirehall.core.countries import country_name
from hirehall.core.money import to_usd
from hirehall.core.timefmt import iso

AVAILABILITIES = ("FULL_TIME", "PART_TIME", "AS_NEEDED", "NOT_AVAILABLE")
ACCOUNT_STATUSES = ("ACTIVE", "SUSPENDED", "DEACTIVATED")
EXPERTISE_LEVELS = ("ENTRY_LEVEL", "INTERMEDIATE", "EXPERT")
ENGLISH_LEVELS = ("BASIC", "CONVERSATIONAL", "FLUENT", "NATIVE")
TALENT_TYPES = ("Individual", "Agency")
FALLBACK_NAME = "Freelancer"


def last_initial(last_name: str | None) -> str | None:
    letters = [c for c in (last_name or "") if c.isalpha()]
    return letters[0].upper() if letters else None


def display_name(first_name: str | None, last_name: str | None) -> str:
    first = (first_name or "").strip()
    initial = last_initial(last_name)
    if not first:
        return FALLBACK_NAME
    return f"{first} {initial}." if initial else first


def photo_url(public_url: str, path: str | None) -> str | None:
    return f"{public_url}/{path.lstrip('/')}" if path else None


def skills_view(skills: dict[str, Any] | None) -> dict[str, list[str]]:
    skills = skills or {}
    keys = ("subjectMatter", "tags", "software", "dataTypes", "labelTypes")
    return {key: list(skills.get(key) or []) for key in keys}


def stats_view(stats: dict[str, Any] | None, reviews: list[dict[str, Any]]) -> dict[str, Any]:
    stats = stats or {}
    ratings = [r["rating"] for r in reviews if isinstance(r.get("rating"), int | float)]
    return {
        "totalEarnedUsd": stats.get("totalEarnedUsd", 0),
        "billedHours": stats.get("billedHours", 0),
        "jobSuccessScore": stats.get("jobSuccessScore"),
        "reviewCount": len(reviews),
        "averageRating": round(sum(ratings) / len(ratings), 1) if ratings else None,
    }


def profile_view(row: Any, public_url: str) -> dict[str, Any]:
    """`GET /freelancers/{idOrSlug}`: the public profile."""
    reviews = list(row.reviews or [])
    return {
        "id": row.user_id,
        "profileSlug": row.profile_slug,
        "profilePath": f"/profile/{row.profile_slug}",
        "displayName": display_name(row.first_name, row.last_name),
        "firstName": row.first_name or FALLBACK_NAME,
        "lastNameInitial": last_initial(row.last_name),
        "talentType": row.talent_type,
        "title": row.title,
        "bio": row.bio,
        "city": row.city,
        "countryCode": row.country_code,
        "country": country_name(row.country_code),
        "profilePhotoUrl": photo_url(public_url, row.profile_photo_path),
        "hourlyRateUsd": to_usd(row.hourly_rate_cents),
        "availability": row.availability,
        "expertiseLevel": row.expertise_level,
        "englishLevel": row.english_level,
        "memberSince": iso(row.member_since),
        "identityVerified": bool(row.identity_verified),
        "skills": skills_view(row.skills),
        "languages": list(row.languages or []),
        "stats": stats_view(row.stats, reviews),
        "agency": row.agency,
        "labelExperience": list(row.label_experience or []),
        "workExperience": list(row.work_experience or []),
        "education": list(row.education or []),
        "reviews": reviews,
    }


def candidate_view(row: Any, public_url: str) -> dict[str, Any]:
    """The masked trainer inside a proposal (talentType as proposals show it, decision D12)."""
    stats = row.stats or {}
    return {
        "id": row.user_id,
        "profileSlug": row.profile_slug,
        "displayName": display_name(row.first_name, row.last_name),
        "firstName": row.first_name or FALLBACK_NAME,
        "lastNameInitial": last_initial(row.last_name),
        "profileTitle": row.title,
        "profilePhotoUrl": photo_url(public_url, row.profile_photo_path),
        "countryCode": row.country_code,
        "country": country_name(row.country_code),
        "talentType": "AGENCY" if row.talent_type == "Agency" else "FREELANCER",
        "highestEarningsUsd": stats.get("totalEarnedUsd", 0),
        "reviewCount": len(row.reviews or []),
    }


SLUG_MAX = 80  # the profile_slug column
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_slug(value: str) -> bool:
    """Whether `value` could be a profile slug (the shape `freelancers/schemas.py` accepts)."""
    return len(value) <= SLUG_MAX and _SLUG.fullmatch(value) is not None
