"""Job statuses and the public job object, as pure functions of a job row."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from typing import Any

from hirehall.core.timefmt import iso

JOB_STATUSES = ("DRAFT", "OPEN", "ONGOING", "COMPLETED", "ARCHIVED", "PENDING_APPROVAL")
PUBLISHED = "OPEN"  # decision D9
CLOSED = "ARCHIVED"
PAYMENT_TYPES = ("PAY_PER_LABEL", "PAY_PER_HOUR", "FIXED_PRICE")
EXPERIENCE_LABELS = {
    "EXPERT": "Expert",
    "ENTRY_LEVEL": "Entry level",
    "INTERMEDIATE": "Intermediate",
    "ANY_EXPERIENCE_LEVEL": "Any experience level",
}
# A posting stays listed this long after publishing (the contract's example: 56 days).
VALID_FOR = timedelta(days=56)


def slugify(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80] or "job"


def category_of(fields: dict[str, Any]) -> str | None:
    """The board's category: the operator's explicit one, else derived from the data type
    ("AUDIO" -> "Audio Annotation"), so agent-made jobs get a category too."""
    explicit = fields.get("category")
    if isinstance(explicit, str) and explicit:
        return explicit
    data_type = fields.get("dataType")
    if isinstance(data_type, str) and data_type:
        return f"{data_type.replace('_', ' ').strip().title()} Annotation"
    return None


def _html(text: str) -> str:
    from html import escape

    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def pay_view(payment_type: str | None, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "paymentType": payment_type,
        "currency": "USD",
        "hourlyRate": fields.get("pricePerHour") if payment_type == "PAY_PER_HOUR" else None,
        "hourlyMin": None,
        "hourlyMax": None,
        "fixedPrice": fields.get("fixedPrice") if payment_type == "FIXED_PRICE" else None,
        "perLabelRate": fields.get("pricePerLabel") if payment_type == "PAY_PER_LABEL" else None,
    }


def job_url(public_url: str, job_id: str) -> str:
    return f"{public_url}/jobs/{job_id}"


def draft_url(public_url: str, job_id: str) -> str:
    """D13: the page where a human reviews a draft."""
    return f"{public_url}/job-post?jobId={job_id}"


def job_view(row: Any, company_name: str, public_url: str) -> dict[str, Any]:
    """The contract's public job object (section 2.4)."""
    fields = dict(row.fields or {})
    description = row.description or ""
    label_types = list(fields.get("labelTypes") or [])
    posted = row.published_at
    return {
        "id": row.id,
        "slug": row.slug,
        "title": row.title,
        "companyName": company_name,
        "descriptionText": description,
        "descriptionHtml": _html(description),
        "seoTitle": None,
        "summary": None,
        "status": row.status,
        "datePosted": iso(posted),
        "validThrough": iso(posted + VALID_FOR) if posted else None,
        "updatedAt": iso(row.updated_at),
        "employmentTypes": ["CONTRACTOR"],
        "countries": list(fields.get("countries") or []),
        "languages": list(fields.get("languages") or []),
        "category": category_of(fields),
        "dataType": fields.get("dataType"),
        "labelTypes": label_types,
        "labelingSoftware": fields.get("labelingSoftware"),
        "experienceLevel": EXPERIENCE_LABELS.get(fields.get("experienceLevel") or ""),
        "skills": label_types,
        "pay": pay_view(row.payment_type, fields),
        "url": f"{public_url}/jobs/{row.slug}-{row.id}",
        "applyUrl": f"{public_url}/api/out?job={row.id}&src=api",
    }
