"""schema.org ``JobPosting`` JSON-LD (https://schema.org/JobPosting) -> draft fields."""

from __future__ import annotations

from typing import Any

from hirehall.drafting import issues as zi
from hirehall.drafting import vocab
from hirehall.drafting.importers import fill_from_description, strip_html
from hirehall.drafting.issues import DraftInputError
from hirehall.drafting.names import normalize_country
from hirehall.drafting.result import DraftParse

# schema.org's unitText for salaries; only an hourly rate maps onto a draft price.
_HOURLY_UNITS = {"HOUR", "HOURLY", "PER_HOUR"}
_TIME_BY_EMPLOYMENT = {"FULL_TIME": "full-time", "PART_TIME": "part-time"}
_IGNORED = {"@context", "@type", "@id"}


def _find_posting(doc: object) -> dict[str, Any]:
    candidates = doc if isinstance(doc, list) else [doc]
    for item in candidates:
        if isinstance(item, dict) and "@graph" in item:
            return _find_posting(item["@graph"])
        if isinstance(item, dict) and item.get("@type") == "JobPosting":
            return item
    if not isinstance(doc, dict | list):
        raise DraftInputError([zi.invalid_type(["jsonLd"], "object", doc)])
    raise DraftInputError([zi.custom(["jsonLd", "@type"], "No schema.org JobPosting found")])


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return strip_html(value)
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("value"))
    return None


def _country_of(item: object) -> str | None:
    # Place -> PostalAddress -> addressCountry (Text or Country), or a bare Country / Text
    if isinstance(item, str):
        return normalize_country(item)
    if isinstance(item, dict):
        address = item.get("address")
        if isinstance(address, dict):
            return _country_of(address.get("addressCountry"))
        return _country_of(item.get("addressCountry") or item.get("name"))
    return None


def _countries(value: object) -> list[str]:
    codes: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        code = _country_of(item)
        if code and code not in codes:
            codes.append(code)
    return codes


def _salary(result: DraftParse, value: object) -> bool:
    if not isinstance(value, dict):
        return False
    currency = str(value.get("currency") or "USD").upper()
    quantity = value.get("value")
    if isinstance(quantity, int | float):
        quantity = {"value": quantity}
    if not isinstance(quantity, dict):
        return False
    amount = quantity.get("value", quantity.get("minValue"))
    unit = str(quantity.get("unitText", "")).upper()
    if not isinstance(amount, int | float) or isinstance(amount, bool) or unit not in _HOURLY_UNITS:
        return False
    result.set("paymentType", "PAY_PER_HOUR")
    result.set("pricePerHour", amount, confident=currency == "USD")
    if "maxValue" in quantity and "value" not in quantity:
        result.warn(
            f"pricePerHour: salary range {amount}-{quantity['maxValue']}; lower bound used."
        )
    if currency != "USD":
        result.warn(f"pricePerHour: the amount is in {currency}, not USD; confirm or convert it.")
    return True


def _experience(value: object) -> str | None:
    if isinstance(value, dict):
        months = value.get("monthsOfExperience")
        if isinstance(months, int | float):
            return "EXPERT" if months >= 36 else "INTERMEDIATE" if months >= 12 else "ENTRY_LEVEL"
        value = value.get("description")
    if isinstance(value, str):
        for level, pattern in vocab.EXPERIENCE_PATTERNS:
            if pattern.search(value):
                return level
    return None


def _apply(result: DraftParse, key: str, value: Any) -> bool:
    if key == "title":
        result.set("jobTitle", _text(value))
    elif key == "description":
        result.set("jobDescription", _text(value))
    elif key in ("jobLocation", "applicantLocationRequirements"):
        merged = list(result.normalized_fields.get("countries", []))
        merged += [c for c in _countries(value) if c not in merged]
        result.set("countries", merged)
    elif key in ("baseSalary", "estimatedSalary"):
        return _salary(result, value)
    elif key in ("experienceRequirements", "experienceInPlaceOfEducation"):
        level = _experience(value)
        result.set("experienceLevel", level)
        return level is not None
    elif key == "totalJobOpenings" and isinstance(value, int) and value > 0:
        result.set("headcount", value)
    elif key == "employmentType" and isinstance(value, str) and value in _TIME_BY_EMPLOYMENT:
        result.set("timeRequirement", _TIME_BY_EMPLOYMENT[value])
    else:
        return False
    return True


def import_json_ld(doc: object) -> DraftParse:
    """``format: "schema_org_job_posting"``: the ``jsonLd`` object (or a list / @graph)."""
    posting = _find_posting(doc)
    result = DraftParse()
    for key, value in posting.items():
        if key not in _IGNORED and not _apply(result, key, value):
            result.unmapped(f"jsonLd.{key}", "no_matching_draft_field", value)
    return fill_from_description(result)
