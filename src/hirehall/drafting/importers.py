"""Structured draft imports: ``opentrain_canonical`` and schema.org ``JobPosting`` JSON-LD,
plus the dispatcher over every import format of spec 2.3.1 (XML formats: ``xml_import``).

Structured values win; fields the structure lacks are then taken from the description
text by the plain-text parser and listed in ``lowConfidenceFields``.  Source keys with no
draft field go to ``unmappedFields``; input of the wrong shape raises ``DraftInputError``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from hirehall.drafting import issues as zi
from hirehall.drafting.fields import ENUMS, PRICE_FIELD_FOR
from hirehall.drafting.issues import DraftInputError
from hirehall.drafting.names import normalize_country, normalize_language
from hirehall.drafting.result import DraftParse
from hirehall.drafting.text_parser import parse_text

IMPORT_FORMATS = ("text", "opentrain_canonical", "schema_org_job_posting", "indeed_xml", "hr_xml")
_PAYMENT_ALIASES = {
    "HOURLY": "PAY_PER_HOUR",
    "PER_HOUR": "PAY_PER_HOUR",
    "PER_LABEL": "PAY_PER_LABEL",
    "FIXED": "FIXED_PRICE",
    "PAY_PER_TASK": "PAY_PER_LABEL",
}


def strip_html(text: str) -> str:
    """Job boards ship HTML descriptions; drafts hold plain text."""
    text = re.sub(r"(?i)<br\s*/?>|</p>|</li>|</h\d>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    lines = (" ".join(line.split()) for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)


def fill_from_description(result: DraftParse) -> DraftParse:
    """Add what the description states and the structure did not, marked as unsure."""
    description = result.normalized_fields.get("jobDescription")
    if not isinstance(description, str):
        return result
    parsed = parse_text(description)
    for name, value in parsed.normalized_fields.items():
        if name not in result.normalized_fields:
            result.set(name, value, confident=False)
    for warning in parsed.warnings:
        result.warn(warning)
    return result


def _expect(path: zi.Path, value: object, kind: type | tuple[type, ...], expected: str) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool):
        raise DraftInputError([zi.invalid_type(path, expected, value)])
    return value


def _enum(path: zi.Path, name: str, value: object, aliases: dict[str, str]) -> str:
    raw = str(_expect(path, value, str, "string")).strip().upper().replace("-", "_")
    raw = aliases.get(raw, raw)
    if raw not in ENUMS[name]:
        raise DraftInputError([zi.invalid_enum(path, value, ENUMS[name])])
    return raw


def _names(
    result: DraftParse, path: zi.Path, value: object, norm: Callable[[str], str | None]
) -> list[str]:
    found: list[str] = []
    for index, item in enumerate(_expect(path, value, list, "array")):
        item_path = [*path, index]
        normalised = norm(_expect(item_path, item, str, "string"))
        if normalised is None:
            result.unmapped(".".join(map(str, item_path)), "unknown_value", item)
        elif normalised not in found:
            found.append(normalised)
    return found


def _canonical_field(result: DraftParse, job: dict[str, Any], key: str, value: Any) -> bool:
    path: zi.Path = ["job", key]
    if key in ("title", "description"):
        text = strip_html(_expect(path, value, str, "string"))
        result.set("jobTitle" if key == "title" else "jobDescription", text)
    elif key == "paymentType":
        result.set("paymentType", _enum(path, "paymentType", value, _PAYMENT_ALIASES))
    elif key == "rateAmount":
        amount = _expect(path, value, (int, float), "number")
        if amount <= 0:
            raise DraftInputError([zi.too_small(path, "number", 0, inclusive=False)])
        payment = result.normalized_fields.get("paymentType") or job.get("paymentType")
        price = PRICE_FIELD_FOR.get(str(payment).upper())
        if price is None:
            result.unmapped("job.rateAmount", "no_payment_type", value)
        else:
            result.set(price, amount)
    elif key == "languages":
        result.set("languages", _names(result, path, value, normalize_language))
    elif key == "countries":
        result.set("countries", _names(result, path, value, normalize_country))
    elif key == "labelTypes":
        labels = _names(result, path, value, lambda s: s.strip().upper().replace(" ", "_"))
        result.set("labelTypes", labels)
    elif key == "tools":
        result.set("labelingSoftware", ", ".join(_names(result, path, value, str.strip)))
    elif key == "experienceLevel":
        result.set("experienceLevel", _enum(path, "experienceLevel", value, {}))
    else:
        return False
    return True


def import_canonical(job: object) -> DraftParse:
    """``format: "opentrain_canonical"`` -- the ``job`` object of spec 2.3.1."""
    if not isinstance(job, dict):
        raise DraftInputError([zi.invalid_type(["job"], "object", job)])
    result = DraftParse()
    # paymentType first, so rateAmount knows which price it is
    for key in sorted(job, key=lambda k: k != "paymentType"):
        if not _canonical_field(result, job, key, job[key]):
            result.unmapped(f"job.{key}", "unknown_field", job[key])
    return fill_from_description(result)


def import_draft(payload: dict[str, Any]) -> DraftParse:
    """Parse a ``POST /job-drafts`` body (any of the three shapes of 2.3.1)."""
    from hirehall.drafting.jsonld import import_json_ld
    from hirehall.drafting.xml_import import import_hr_xml, import_indeed_xml

    source = payload.get("source")
    if isinstance(source, dict):
        fmt, data = source.get("type"), source
    else:
        fmt, data = payload.get("format", "text"), payload
    if "rawJobDescription" in payload:
        fmt, data = "text", {"text": payload["rawJobDescription"]}
    if fmt not in IMPORT_FORMATS:
        raise DraftInputError([zi.invalid_enum(["format"], fmt, IMPORT_FORMATS)])
    if fmt == "text":
        text = _expect(["text"], data.get("text"), str, "string")
        if not text.strip():
            raise DraftInputError([zi.too_small(["text"], "string", 1)])
        if len(text) > 60000:
            raise DraftInputError([zi.too_big(["text"], "string", 60000)])
        return parse_text(text)
    if fmt == "opentrain_canonical":
        return import_canonical(data.get("job"))
    if fmt == "schema_org_job_posting":
        return import_json_ld(data.get("jsonLd"))
    xml = _expect(["xml"], data.get("xml"), str, "string")
    return import_indeed_xml(xml) if fmt == "indeed_xml" else import_hr_xml(xml)
