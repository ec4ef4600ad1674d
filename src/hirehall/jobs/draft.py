"""A job row seen as a draft (a dict keyed by the PATCH keys of spec 2.3.2) and back, plus
what the board derives from a draft. Pure functions: no database, no web."""

from __future__ import annotations

from typing import Any

from hirehall.jobs.rules import category_of, slugify

# The three draft fields that live in their own columns (lists and filters read them).
_COLUMN_OF = {"jobTitle": "title", "jobDescription": "description", "paymentType": "payment_type"}
TITLE_MAX = 300


def draft_of(row: Any) -> dict[str, Any]:
    """The draft fields a job holds, keyed by PATCH name, without empty values."""
    draft: dict[str, Any] = {k: v for k, v in dict(row.fields or {}).items() if v is not None}
    for key, column in _COLUMN_OF.items():
        value = getattr(row, column)
        if value:
            draft[key] = value
    return draft


def merge(draft: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A PATCH applied to a draft: a value replaces, null clears (docs/decisions.md)."""
    merged = {**draft, **changes}
    return {k: v for k, v in merged.items() if v is not None and v != "" and v != []}


def columns_for(draft: dict[str, Any]) -> dict[str, Any]:
    """The job columns that hold a draft. The title column is NOT NULL, so a draft without
    a title stores an empty one (and `jobTitle` stays missing for the publish gate)."""
    title = str(draft.get("jobTitle") or "")[:TITLE_MAX]
    return {
        "title": title,
        "slug": slugify(title),
        "description": draft.get("jobDescription"),
        "payment_type": draft.get("paymentType"),
        "fields": {k: v for k, v in draft.items() if k not in _COLUMN_OF},
    }


def text_fields(draft: dict[str, Any]) -> dict[str, str]:
    """Every free-text value of a draft: moderation reads all of them, not only the title
    and description, because contact details can hide in any of them."""
    texts = {k: v for k, v in draft.items() if isinstance(v, str)}
    for key in ("labelTypes", "languages"):
        if isinstance(draft.get(key), list):
            texts[key] = " ".join(str(v) for v in draft[key])
    return texts


def facets_of(payment_type: str | None, fields: dict[str, Any]) -> list[tuple[str, str]]:
    """The (facet, value) pairs an OPEN job is counted and filtered under."""
    pairs = [("language", str(v)) for v in fields.get("languages") or []]
    pairs += [("country", str(v)) for v in fields.get("countries") or []]
    if payment_type:
        pairs.append(("payType", payment_type))
    category = category_of(fields)
    if category:
        pairs.append(("category", category))
    return list(dict.fromkeys((facet, value[:120]) for facet, value in pairs))
